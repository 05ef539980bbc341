"""eval.measure_cv_parsing: the coverage shares, on resumes made up here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from eval.measure_cv_parsing import measure_coverage, read_resumes

RESUMES = [
    ("1", "A\n\nEducation\nBA in Law, 2015\n\nExperience\nClerk, Court X, 2016 - 2019\n"
          "\nLanguages\nEnglish (native)\n\nNationality: Irish\n"),
    ("2", "B\n\nExperience\nCashier, Shop Y\n"),
    ("3", "   "),
]


def test_shares_count_each_kind_of_fact_over_resumes_with_text() -> None:
    coverage = measure_coverage(iter(RESUMES))
    assert (coverage.resumes, coverage.empty) == (2, 1)
    assert coverage.with_degree == 0.5
    assert coverage.with_dated_job == 0.5
    assert coverage.with_language == 0.5
    assert coverage.with_total_years == 0.5
    assert coverage.with_nationality == 0.5


def test_read_resumes_reads_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "resumes.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for rid, text in RESUMES:
            handle.write(json.dumps({"id": rid, "category": "X", "text": text}) + "\n")
    assert [rid for rid, _ in read_resumes(path)] == ["1", "2", "3"]
