"""Where the data the project reads lives: its own examples, and third-party evaluation data.

The repository carries what ``make run`` and the tests need: the five example ToRs
(``examples/vacancies``, with ``expected.json``) and the labelled ``jpo`` set (``eval/data``).
Third-party evaluation data has no licence to be redistributed, so it stays outside: it is found
through ``$JPO_MATCHER_EVAL_DATA`` and, failing that, ``../shared/eval-data`` next to the
repository. ``eval/DATASETS.md`` says where each set comes from and its checksum.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "EVAL_DATA_ENV",
    "EXAMPLE_VACANCIES",
    "REPO_ROOT",
    "THIRD_PARTY_DATASETS",
    "eval_data_root",
    "missing_data_hint",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The five seed ToRs of the UN JPO programme and the facts a careful reader takes from them.
EXAMPLE_VACANCIES = REPO_ROOT / "examples" / "vacancies"
EVAL_DATA_ENV = "JPO_MATCHER_EVAL_DATA"

#: Folder (under the evaluation data root) of each third-party set, by the name users know.
THIRD_PARTY_DATASETS: dict[str, str] = {
    "vanetik": "vanetik-vacancy-resume",
    "ferr": "ferr-hr-labels",
    "livecareer": "livecareer-resumes",
    "unjobs": "unjobs-io-vacancies",
}


def eval_data_root() -> Path:
    """``$JPO_MATCHER_EVAL_DATA``, else ``../shared/eval-data`` next to the repository."""
    env = os.environ.get(EVAL_DATA_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return REPO_ROOT.parent / "shared" / "eval-data"


def missing_data_hint(folder: str, root: Path | None = None) -> str:
    """One line telling where a missing third-party folder must go."""
    base = root if root is not None else eval_data_root()
    return (
        f"{folder} not found in {base}: put it there or set {EVAL_DATA_ENV} to the folder "
        "holding it (sources and checksums: eval/DATASETS.md)"
    )
