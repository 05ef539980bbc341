"""The seed check (``jpo-matcher check-seeds``, ``make seeds``) reads the repository's copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from api.cli import main
from eval.locations import EXAMPLE_VACANCIES
from eval.seeds import check_seeds
from matcher.errors import DocumentNotFoundError


def test_the_repository_carries_the_seeds() -> None:
    names = sorted(p.name for p in EXAMPLE_VACANCIES.glob("*.txt"))
    expected = json.loads((EXAMPLE_VACANCIES / "expected.json").read_text(encoding="utf-8"))
    assert len(names) == 5
    assert names == sorted(k for k in expected if not k.startswith("_"))


def test_every_seed_fact_is_parsed() -> None:
    misses, total = check_seeds()
    assert total == 55
    assert misses == []


def test_a_wrong_expectation_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in EXAMPLE_VACANCIES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    expected = json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))
    seed = sorted(k for k in expected if not k.startswith("_"))[0]
    expected[seed]["experience_min_years"] = 7
    (tmp_path / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    misses, total = check_seeds(tmp_path)
    assert total == 55
    assert [(m.seed, m.fact, m.want) for m in misses] == [(seed, "experience.min_years", 7)]
    assert main(["check-seeds", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.endswith("54/55 seed facts parsed correctly\n")
    assert f"{seed} experience.min_years" in out


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError, match="expected.json"):
        check_seeds(tmp_path)
    assert main(["check-seeds", str(tmp_path)]) == 2
