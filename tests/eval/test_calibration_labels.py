"""eval.calibration.label_structure: the split of the Spearman gap (fake results, no model)."""

from __future__ import annotations

from types import SimpleNamespace

from eval.calibration import label_structure
from matcher.models import MatchResult
from matcher.scoring import DEFAULT_CONFIG


def _result(cv: str, vac: str, match: float, eligible: bool | None) -> MatchResult:
    return MatchResult(vacancy_id=vac, candidate_id=cv, score=100 * match, eligible=eligible,
                       subscores={"duties": match, "learning": match}, checks=(), evidence=())


def test_label_structure_counts_agreement_and_orders_by_match() -> None:
    thematic = {"a": {"v1": 3, "v2": 0}, "b": {"v1": 2, "v2": 1}}
    eligible: dict[str, dict[str, bool | None]] = {"a": {"v1": True, "v2": True},
                                                    "b": {"v1": False, "v2": None}}
    cap = {True: 3, None: 2, False: 1}
    relevance = {cv: {v: min(t, cap[eligible[cv][v]]) for v, t in row.items()}
                 for cv, row in thematic.items()}
    data = SimpleNamespace(relevance=relevance, thematic=thematic, eligible=eligible)
    # The matcher gets b/v2's eligibility wrong (True instead of None).
    results = {"a": {"v1": _result("a", "v1", 0.9, True), "v2": _result("a", "v2", 0.1, True)},
               "b": {"v1": _result("b", "v1", 0.6, False), "v2": _result("b", "v2", 0.3, True)}}
    out = label_structure(results, data, ["a", "b"], DEFAULT_CONFIG)
    assert out["pairs"] == 4
    assert out["eligibility_agrees_with_label"] == 3
    # The match value orders the thematic grades exactly (0.1 < 0.3 < 0.6 < 0.9).
    assert out["spearman_match_thematic"] == 1.0
    assert out["oracle_spearman_thematic_grade"] < 1.0
