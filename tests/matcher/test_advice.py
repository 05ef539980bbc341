"""Advice for candidates: what would change each unmet or unknown check, counted over open calls."""

from __future__ import annotations

import dataclasses
from typing import Any

import matcher.advice as advice_module
from matcher.advice import Advice, advice_for_result, advise
from matcher.checks import evaluate_checks
from matcher.models import (
    Candidate,
    Degree,
    EducationRequirement,
    ExperienceEntry,
    ExperienceRequirement,
    LanguageRequirement,
    LanguageSkill,
    MatchResult,
    Requirements,
    Vacancy,
    YearMonth,
)


def vacancy(vid: str, **req: Any) -> Vacancy:
    return Vacancy(
        id=vid, source=f"{vid}.txt", title="JPO", reference=None, organization=None,
        duty_stations=(), duration_months=None, duties=("Draft reports",), learning_elements=(),
        requirements=Requirements(**req),
    )


def candidate(**fields: Any) -> Candidate:
    base: dict[str, Any] = {
        "id": "c1", "source": "c1.txt",
        "degrees": (Degree(level="master", field="Law", year=2018),),
        "experience": (ExperienceEntry("Analyst", "NGO", YearMonth(2019, 1), YearMonth(2023, 1)),),
        "total_years": 4.0,
        "languages": (LanguageSkill("English", "C2"),),
        "nationalities": ("IT",),
        "chunks": (),
    }
    base.update(fields)
    return Candidate(**base)


ENGLISH = LanguageRequirement("English", True, "C1")


def french(level: str) -> LanguageRequirement:
    return LanguageRequirement("French", True, level)


def test_public_names_are_sorted() -> None:
    assert advice_module.__all__ == sorted(advice_module.__all__)


def test_language_advice_counts_the_positions_it_opens() -> None:
    vacancies = [
        vacancy("a", languages=(ENGLISH, french("B2"))),
        vacancy("b", languages=(ENGLISH, french("B2"))),
        # French C1 here: B2 does not open it, so the lowest level that opens most is B2.
        vacancy("c", languages=(ENGLISH, french("C1"))),
        vacancy("d", languages=(ENGLISH,)),
    ]
    out = advise(candidate(languages=(LanguageSkill("English", "C2"),
                                      LanguageSkill("French", "A2"))), vacancies)
    assert set(out) == {"language:French"}
    tip = out["language:French"]
    assert tip.opens == 3
    assert tip.message == "French at C1 or above would make you eligible for 3 more positions."


def test_language_advice_picks_the_lowest_level_when_it_opens_as_many() -> None:
    vacancies = [vacancy("a", languages=(french("B2"),)), vacancy("b", languages=(french("B1"),))]
    out = advise(candidate(languages=(LanguageSkill("English", "C2"),)), vacancies)
    assert out["language:French"] == Advice(
        "language:French", "French at B2 or above would make you eligible for 2 more positions.",
        2)


def test_a_position_blocked_by_another_check_is_not_counted() -> None:
    vacancies = [
        vacancy("a", languages=(french("B2"),)),
        vacancy("b", languages=(french("B2"),), nationalities=("KW",)),
    ]
    out = advise(candidate(languages=()), vacancies)
    assert out["language:French"].opens == 1
    assert "1 more position." in out["language:French"].message


def test_a_language_listed_without_level_says_so() -> None:
    vacancies = [vacancy("a", languages=(french("B2"),))]
    out = advise(candidate(languages=(LanguageSkill("French", None),)), vacancies)
    assert out["language:French"].message.startswith("Your CV lists French without a level")
    assert out["language:French"].opens == 1


def test_nationality_is_never_advised_to_change() -> None:
    vacancies = [vacancy("a", nationalities=("KW",)), vacancy("b", nationalities=("JP", "KW")),
                 vacancy("c"), vacancy("d", nationalities=("IT",))]
    tip = advise(candidate(), vacancies)["nationality"]
    assert tip.opens == 2  # the unrestricted call and the one open to Italians
    assert tip.message == ("2 calls are restricted to other nationalities; 2 of the 4 open "
                           "calls are open to yours.")
    assert "would make you eligible" not in tip.message


def test_unstated_nationality_asks_to_state_it() -> None:
    vacancies = [vacancy("a", nationalities=("KW",)), vacancy("b")]
    tip = advise(candidate(nationalities=()), vacancies)["nationality"]
    assert tip.opens == 1
    assert tip.message.startswith("Your CV does not state your nationality")


def test_undated_experience_asks_for_dates() -> None:
    vacancies = [vacancy("a", experience=ExperienceRequirement(2)),
                 vacancy("b", experience=ExperienceRequirement(5))]
    undated = candidate(total_years=None,
                        experience=(ExperienceEntry("Officer", "UN", None, None),))
    tip = advise(undated, vacancies)["experience"]
    assert "not dated: add month and year" in tip.message
    assert tip.opens == 2


def test_too_few_years_gives_the_years_missing() -> None:
    vacancies = [vacancy("a", experience=ExperienceRequirement(5)),
                 vacancy("b", experience=ExperienceRequirement(6))]
    tip = advise(candidate(total_years=4.0), vacancies)["experience"]
    assert tip == Advice("experience", "2 more years of experience after your first degree "
                         "would make you eligible for 2 more positions.", 2)


def test_a_missing_degree_level_counts_the_calls_it_opens() -> None:
    vacancies = [vacancy("a", education=EducationRequirement("master")),
                 vacancy("b", education=EducationRequirement("doctorate")),
                 vacancy("c", education=EducationRequirement("bachelor"))]
    bachelor = candidate(degrees=(Degree(level="bachelor", field="Law", year=2018),))
    tip = advise(bachelor, vacancies)["education"]
    # A doctorate meets both unmet calls; a master's only one: the advice names the doctorate.
    assert tip == Advice("education", "A Doctorate would make you eligible for 2 more positions.",
                         2)


def test_met_checks_get_no_advice_and_results_get_theirs_in_check_order() -> None:
    vacancies = [vacancy("a", languages=(ENGLISH, french("B2")), nationalities=("KW",))]
    person = candidate()
    out = advise(person, vacancies)
    checks = evaluate_checks(vacancies[0], person)
    result = MatchResult("a", "c1", 10.0, False, {}, checks, ())
    assert [a.requirement for a in advice_for_result(result, out)] == [
        "nationality", "language:French"]
    everything_met = dataclasses.replace(result, checks=tuple(
        dataclasses.replace(c, status="met") for c in checks))
    assert advice_for_result(everything_met, out) == ()


def test_a_one_of_language_rule_is_advised_with_either_language() -> None:
    either = LanguageRequirement("French or Spanish", True, "B2", any_of=("French", "Spanish"))
    vacancies = [vacancy("a", languages=(ENGLISH, either)), vacancy("b", languages=(ENGLISH,))]
    person = candidate(languages=(LanguageSkill("English", "C2"), LanguageSkill("Spanish", "A2")))
    tip = advise(person, vacancies)["language:French or Spanish"]
    assert tip.opens == 1
    # Either language meets the rule; the advice names the first that opens the position.
    assert tip.message == "French at B2 or above would make you eligible for 1 more position."


def test_the_dac_rule_says_which_calls_are_open_and_never_asks_to_change() -> None:
    vacancies = [vacancy("a", nationality_rule="dac"), vacancy("b"),
                 vacancy("c", nationality_rule="unlisted")]
    italian = advise(candidate(nationalities=("IT",)), vacancies)["nationality"]
    assert italian.opens == 2  # the open call, and the unlisted one a person will check
    assert italian.message == (
        "1 call is restricted to other nationalities; 1 call names no list of countries, so a "
        "person will check yours; 2 of the 3 open calls are open to yours.")
    kenyan = advise(candidate(nationalities=("KE",)), vacancies)
    assert kenyan["nationality"].opens == 3
