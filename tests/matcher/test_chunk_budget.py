"""docs/reliability.md item 26: the work one CV can cost is bounded by a cap on its chunks.

Every chunk is encoded, so :data:`matcher.cv.MAX_CHUNKS` bounds the encoder's work per CV on
every path (the service, the CLI and the evaluation all parse with :func:`parse_cv`). The cap
must never cut a real CV: the longest real ones stay below it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from eval.locations import eval_data_root
from index.fakes import HashEncoder
from index.readers import read_path
from matcher.cv import MAX_CHUNKS, parse_cv
from matcher.pipeline import encode_chunks, parse_candidate
from matcher.ports import Document
from tests.conftest import needs_eval_data

REPO = Path(__file__).resolve().parents[2]

_VERBS = ("Coordinated", "Drafted", "Monitored", "Organised", "Reviewed", "Supported")
_THINGS = ("field missions", "policy briefs", "partner meetings", "budget reports",
           "training sessions", "donor proposals", "survey datasets", "press releases")


def long_cv(target_bytes: int = 200_000) -> str:
    """A CV of ``target_bytes`` whose bullet lines are all distinct (nothing to deduplicate)."""
    lines = ["Long Applicant", "", "EXPERIENCE",
             "Programme officer, Ministry of Planning, 2010 - 2024"]
    i = 0
    while sum(len(line) + 1 for line in lines) < target_bytes:
        verb, thing = _VERBS[i % len(_VERBS)], _THINGS[(i // len(_VERBS)) % len(_THINGS)]
        lines.append(f"- {verb} {thing} number {i} for the regional office in district {i * 7}.")
        i += 1
    return "\n".join(lines) + "\n"


def test_a_200_kb_cv_keeps_at_most_the_cap() -> None:
    text = long_cv()
    assert len(text.encode()) >= 200_000
    candidate = parse_cv(text, "long.txt")
    assert len(candidate.chunks) == MAX_CHUNKS
    # Document order: the first bullets are the ones kept.
    assert candidate.chunks[1].startswith("Coordinated field missions number 0")


def test_the_pipeline_encodes_at_most_the_cap() -> None:
    encoder = HashEncoder()
    candidate = parse_candidate(Document(text=long_cv(), media_type="text/plain"), "long.txt")
    [vectors] = encode_chunks(encoder, [candidate])
    assert len(vectors) == len(candidate.chunks) == MAX_CHUNKS
    assert encoder.texts_encoded <= MAX_CHUNKS


def test_duplicates_and_near_empty_lines_do_not_use_the_budget() -> None:
    repeated = "\n".join(["- Drafted policy briefs on peacekeeping."] * 5000 + ["- ok", "- a b"])
    unique = "\n".join(f"- Reviewed budget line {i} with the finance unit." for i in range(100))
    candidate = parse_cv(f"EXPERIENCE\n{repeated}\n{unique}\n", "dups.txt")
    assert len(candidate.chunks) == 101  # one copy of the repeated line, all 100 unique ones


def test_the_repository_cvs_stay_far_below_the_cap() -> None:
    counts = [len(parse_cv(read_path(p).text, p.name).chunks)
              for p in sorted((REPO / "eval" / "data" / "cvs").iterdir())]
    assert counts and max(counts) < MAX_CHUNKS // 3


@needs_eval_data("livecareer-resumes")
def test_the_longest_real_resumes_stay_below_the_cap() -> None:
    path = eval_data_root() / "livecareer-resumes" / "resumes.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    longest = sorted(texts, key=len, reverse=True)[:40]
    counts = [len(parse_cv(text, "r.txt").chunks) for text in longest]
    assert max(counts) < MAX_CHUNKS
