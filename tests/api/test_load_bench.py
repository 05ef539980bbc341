"""``jpo-matcher bench-load`` (items 26-28 measured in ``make bench``): its pieces, and one short
run with the hash encoder. Nothing here asserts on time: the bench reports latencies."""

from __future__ import annotations

import pytest

from api.commands.load import long_cv, measure


def test_the_long_cv_is_200_kb_of_distinct_lines() -> None:
    text = long_cv()
    lines = text.splitlines()
    assert len(text.encode()) >= 200 * 1024
    assert len(set(lines)) == len(lines)  # nothing the chunker would drop as a duplicate


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_short_mixed_run_has_no_server_error_and_stays_consistent() -> None:
    report = measure(3.0, "hash")
    statuses = report["statuses"]
    assert report["server_errors"] == 0, sorted(statuses.items())
    assert report["consistent"] is True
    assert statuses.get("rank 200", 0) >= 1 and report["ranking_loaded"]["n"] >= 1
    assert any(key.startswith("match ") for key in statuses)
    assert any(key.startswith("apply ") for key in statuses)
    assert report["ranking_idle"]["n"] == 30
