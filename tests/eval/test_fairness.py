"""Counterfactual fairness audit on two tiny CVs with the HashEncoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import fairness
from eval.datasets import EvalItem
from eval.fairness import (
    NAMES,
    counterfactuals,
    fairness_to_dict,
    find_name_line,
    run_fairness,
    write_fairness,
)
from index.fakes import HashEncoder

CV_A = """AMINA YUSUF
Nationality: Kenyan | Place of birth: Mombasa
She coordinated refugee protection workshops and drafted human rights reports.

EDUCATION
MA in International Relations, University of Nairobi, 2019

EXPERIENCE
Protection Assistant, UNHCR, Nairobi
January 2020 - present
- Monitored human rights violations and drafted reports with her team.
"""

CV_B = """Curriculum Vitae
Pedro Alves. He managed budgets and wrote donor reports for a health programme.
"""

TOR_OPEN = """Associate Protection Officer (JPO)

Duties and Responsibilities
- Monitor human rights violations and draft reports.
- Coordinate refugee protection workshops.
"""

TOR_RESTRICTED = (
    TOR_OPEN
    + """
Eligibility
This position is open to nationals of Norway only.
"""
)


def test_all_is_sorted() -> None:
    assert fairness.__all__ == sorted(fairness.__all__)


def test_find_name_line() -> None:
    assert find_name_line(CV_A) == (0, "AMINA YUSUF")
    assert find_name_line(CV_B) is None
    assert find_name_line("\n\nJean-Pierre N'Diaye\nParis") == (2, "Jean-Pierre N'Diaye")


def test_counterfactuals_change_one_attribute_each() -> None:
    copies = counterfactuals(CV_A)
    by_axis: dict[str, list[str]] = {}
    for c in copies:
        by_axis.setdefault(c.axis, []).append(c.value)
    assert len(by_axis["name"]) == len(NAMES)
    assert set(by_axis["pronoun"]) >= {"he", "they"}
    name_copy = next(c for c in copies if c.axis == "name" and c.value == "Wei Zhang")
    assert name_copy.text.splitlines()[0] == "WEI ZHANG"  # case style kept
    assert name_copy.text.splitlines()[1:] == CV_A.splitlines()[1:]
    they = next(c for c in copies if c.axis == "pronoun" and c.value == "they")
    assert "They coordinated" in they.text
    assert "with their team" in they.text
    berlin = next(c for c in copies if c.axis == "birthplace" and c.value == "Berlin")
    assert "Place of birth: Berlin" in berlin.text
    assert "Mombasa" not in berlin.text
    german = next(c for c in copies if c.axis == "nationality" and c.value == "German")
    assert "Nationality: German " in german.text
    assert "Kenyan" not in german.text


def test_counterfactuals_add_missing_lines() -> None:
    copies = counterfactuals(CV_B)
    name_copy = next(c for c in copies if c.axis == "name")
    assert name_copy.text.startswith(name_copy.value + "\n")
    nat = next(c for c in copies if c.axis == "nationality")
    assert f"Nationality: {nat.value}" in nat.text


@pytest.fixture(scope="module")
def audit() -> fairness.FairnessAudit:
    cvs = [EvalItem(id="a", text=CV_A, kind="cv"), EvalItem(id="b", text=CV_B, kind="cv")]
    vacancies = [
        EvalItem(id="open", text=TOR_OPEN, kind="vacancy"),
        EvalItem(id="restricted", text=TOR_RESTRICTED, kind="vacancy"),
    ]
    return run_fairness(encoder=HashEncoder(), cvs=cvs, vacancies=vacancies)


def test_run_fairness_scores_every_copy_against_every_vacancy(
    audit: fairness.FairnessAudit,
) -> None:
    pairs = {(d.cv_id, d.vacancy_id, d.axis, d.value) for d in audit.deltas}
    for name, _, _ in NAMES:
        assert ("a", "open", "name", name) in pairs
        assert ("b", "restricted", "name", name) in pairs
    assert any(d.axis == "nationality" and d.vacancy_id == "open" for d in audit.deltas)
    for d in audit.deltas:
        assert 1 <= d.rank <= 2
        assert 1 <= d.base_rank <= 2
        if d.delta == 0 and d.eligible == d.base_eligible:
            # An unchanged score keeps its rank: id tie-breaks are not counted as changes.
            assert d.rank == d.base_rank


def test_nationality_copies_skip_restricted_calls_when_parsed(
    audit: fairness.FairnessAudit,
) -> None:
    from matcher.tor import parse_vacancy

    restricted = parse_vacancy(TOR_RESTRICTED, "restricted")
    if not restricted.requirements.nationalities:
        pytest.skip("the ToR parser found no nationality requirement in the tiny ToR")
    assert not any(d.axis == "nationality" and d.vacancy_id == "restricted" for d in audit.deltas)


def test_summary_and_files(audit: fairness.FairnessAudit, tmp_path: Path) -> None:
    data = fairness_to_dict(audit)
    assert data["pairs"] == len(audit.deltas)
    assert set(data["per_vacancy"]) == {"open", "restricted"}
    assert data["max_abs_delta"] == max(abs(d.delta) for d in audit.deltas)
    assert all(abs(p["delta"]) > audit.threshold for p in data["over_threshold"])
    paths = write_fairness(audit, tmp_path)
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["pairs"] == data["pairs"]
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "Max |Δscore|" in md
    assert "| open | name |" in md


def test_pronoun_swaps_do_not_move_any_score(audit: fairness.FairnessAudit) -> None:
    # Both CVs are written in the third person; the encoder sees one neutral form.
    pronoun = [d for d in audit.deltas if d.axis == "pronoun"]
    assert {d.cv_id for d in pronoun} == {"a", "b"}
    assert all(d.score == d.base_score for d in pronoun)
