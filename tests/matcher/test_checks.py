"""Truth tables for the hard-requirement checks of the ranking contract (docs/architecture.md)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import matcher.checks as checks_module
from matcher.checks import check_key, eligibility, evaluate_checks, evaluate_checks_many
from matcher.models import (
    Candidate,
    Check,
    Degree,
    DegreeLevel,
    EducationRequirement,
    ExperienceEntry,
    ExperienceRequirement,
    LanguageRequirement,
    LanguageSkill,
    Requirements,
    Substitute,
    Vacancy,
    YearMonth,
)


def vacancy(**req: Any) -> Vacancy:
    return Vacancy(
        id="v1",
        source="v1.txt",
        title="JPO",
        reference=None,
        organization=None,
        duty_stations=(),
        duration_months=None,
        duties=("Draft reports",),
        learning_elements=(),
        requirements=Requirements(**req),
    )


def candidate(**fields: Any) -> Candidate:
    base: dict[str, Any] = {
        "id": "c1",
        "source": "c1.txt",
        "degrees": (),
        "experience": (),
        "total_years": None,
        "languages": (),
        "nationalities": (),
        "chunks": (),
    }
    base.update(fields)
    return Candidate(**base)


def degree(level: DegreeLevel | None, *, in_progress: bool = False, year: int = 2020) -> Degree:
    return Degree(level=level, field="Political Science", year=year, in_progress=in_progress)


DATED = ExperienceEntry("Analyst", "NGO", YearMonth(2020, 1), YearMonth(2023, 1))
UNDATED = ExperienceEntry("Volunteer", "Red Cross", None, None)


def only(check_list: tuple[Check, ...], requirement: str) -> Check:
    found = [c for c in check_list if c.requirement == requirement]
    assert len(found) == 1, check_list
    return found[0]


def test_all_is_sorted_public_names() -> None:
    assert checks_module.__all__ == sorted(checks_module.__all__)


# --------------------------------------------------------------------------- nationality


@pytest.mark.parametrize(
    ("stated", "status"),
    [
        ((), "unknown"),
        (("KW",), "met"),
        (("FR",), "unmet"),
        (("FR", "KW"), "met"),
        (("kw",), "met"),
    ],
)
def test_nationality(stated: tuple[str, ...], status: str) -> None:
    checks = evaluate_checks(vacancy(nationalities=("KW",)), candidate(nationalities=stated))
    assert only(checks, "nationality").status == status


def test_no_nationality_check_when_call_is_open() -> None:
    checks = evaluate_checks(vacancy(), candidate(nationalities=("FR",)))
    assert [c.requirement for c in checks] == []


# --------------------------------------------------------------------------- education

MASTER = EducationRequirement(min_level="master")
MASTER_SUB = EducationRequirement(min_level="master", substitute=Substitute("bachelor", 2))
EXP2 = ExperienceRequirement(min_years=2)


@pytest.mark.parametrize(
    ("degrees", "status"),
    [
        ((degree("master"),), "met"),
        ((degree("doctorate"),), "met"),
        ((degree("bachelor"), degree("master")), "met"),
        ((degree("bachelor"),), "unmet"),
        ((), "unknown"),
        ((degree("master", in_progress=True),), "unmet"),
        ((degree("bachelor"), degree("master", in_progress=True)), "unmet"),
        ((degree(None),), "unknown"),
        ((degree("bachelor"), degree(None)), "unknown"),
    ],
)
def test_education_without_substitution(degrees: tuple[Degree, ...], status: str) -> None:
    checks = evaluate_checks(
        vacancy(education=MASTER, experience=EXP2), candidate(degrees=degrees, total_years=10.0)
    )
    assert only(checks, "education").status == status


@pytest.mark.parametrize(
    ("degrees", "years", "experience", "status"),
    [
        # Bachelor + 4 years >= 2 + 2: met through substitution.
        ((degree("bachelor"),), 4.0, (DATED,), "met"),
        ((degree("bachelor"),), 5.5, (DATED,), "met"),
        # Bachelor + 3 years < 4: unmet (all experience dated).
        ((degree("bachelor"),), 3.0, (DATED,), "unmet"),
        # Bachelor + 3 dated years + undated entries: unknown, a person must look.
        ((degree("bachelor"),), 3.0, (DATED, UNDATED), "unknown"),
        # Years unknown: unknown.
        ((degree("bachelor"),), None, (UNDATED,), "unknown"),
        # The master's itself needs no extra years.
        ((degree("master"),), 0.0, (), "met"),
        # An in-progress master's does not count, the bachelor's substitution does.
        ((degree("bachelor"), degree("master", in_progress=True)), 4.0, (DATED,), "met"),
    ],
)
def test_education_with_substitution(
    degrees: tuple[Degree, ...],
    years: float | None,
    experience: tuple[ExperienceEntry, ...],
    status: str,
) -> None:
    checks = evaluate_checks(
        vacancy(education=MASTER_SUB, experience=EXP2),
        candidate(degrees=degrees, total_years=years, experience=experience),
    )
    assert only(checks, "education").status == status


def test_substitution_without_experience_requirement_uses_extra_years_only() -> None:
    checks = evaluate_checks(
        vacancy(education=MASTER_SUB),
        candidate(degrees=(degree("bachelor"),), total_years=2.0, experience=(DATED,)),
    )
    assert only(checks, "education").status == "met"
    assert "2 required" in only(checks, "education").detail


def test_substitution_detail_names_the_years() -> None:
    check = only(
        evaluate_checks(
            vacancy(education=MASTER_SUB, experience=EXP2),
            candidate(degrees=(degree("bachelor"),), total_years=3.0, experience=(DATED,)),
        ),
        "education",
    )
    assert "4" in check.detail and "3 years" in check.detail


def test_education_detail_cites_the_degree() -> None:
    held = Degree(level="master", field="Political Science", year=2021, text="MA Political Science")
    checks = evaluate_checks(vacancy(education=MASTER), candidate(degrees=(held,)))
    check = only(checks, "education")
    assert check.detail == "MA Political Science (2021)"


def test_no_education_check_without_min_level() -> None:
    edu = EducationRequirement(min_level=None, fields=("law",))
    assert evaluate_checks(vacancy(education=edu), candidate()) == ()


# --------------------------------------------------------------------------- experience


@pytest.mark.parametrize(
    ("years", "experience", "status"),
    [
        (3.5, (DATED,), "met"),
        (2.0, (DATED,), "met"),
        (1.5, (DATED,), "unmet"),
        (1.5, (DATED, UNDATED), "unknown"),
        (3.5, (DATED, UNDATED), "met"),  # the dated part already meets it
        (None, (), "unknown"),
        (None, (UNDATED,), "unknown"),
        (0.0, (), "unmet"),
    ],
)
def test_experience(
    years: float | None, experience: tuple[ExperienceEntry, ...], status: str
) -> None:
    checks = evaluate_checks(
        vacancy(experience=EXP2), candidate(total_years=years, experience=experience)
    )
    assert only(checks, "experience").status == status


def test_experience_detail() -> None:
    check = only(
        evaluate_checks(vacancy(experience=EXP2), candidate(total_years=3.5, experience=(DATED,))),
        "experience",
    )
    assert check.detail == "3.5 years after first degree; 2 required"


def test_experience_check_ignores_substitution_extra_years() -> None:
    # The education check carries the substitution; experience asks for min_years only.
    checks = evaluate_checks(
        vacancy(education=MASTER_SUB, experience=EXP2),
        candidate(degrees=(degree("bachelor"),), total_years=3.0, experience=(DATED,)),
    )
    assert only(checks, "experience").status == "met"
    assert only(checks, "education").status == "unmet"


def test_no_experience_check_without_min_years() -> None:
    assert evaluate_checks(vacancy(experience=ExperienceRequirement(None)), candidate()) == ()


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("required_level", "skills", "status"),
    [
        (None, (), "unknown"),
        ("C1", (), "unknown"),
        (None, (LanguageSkill("English", "C2"),), "unmet"),
        (None, (LanguageSkill("French", None),), "met"),
        (None, (LanguageSkill("French", "A2"),), "met"),
        ("C1", (LanguageSkill("French", "C1"),), "met"),
        ("C1", (LanguageSkill("French", "C2"),), "met"),
        ("C1", (LanguageSkill("French", "B2"),), "unmet"),
        ("C1", (LanguageSkill("French", None),), "unknown"),
        ("B2", (LanguageSkill("french", "B2"),), "met"),
        ("C1", (LanguageSkill("French", "B1"), LanguageSkill("French", "C1")), "met"),
    ],
)
def test_required_language(
    required_level: str | None, skills: tuple[LanguageSkill, ...], status: str
) -> None:
    req = (LanguageRequirement("French", required=True, level=required_level),)
    checks = evaluate_checks(vacancy(languages=req), candidate(languages=skills))
    assert only(checks, "language:French").status == status


def test_language_details() -> None:
    req = (LanguageRequirement("French", required=True, level="C1"),)
    french = (LanguageSkill("French", "C1"),)
    met = evaluate_checks(vacancy(languages=req), candidate(languages=french))
    assert met[0].detail == "French C1 ≥ C1 required"
    missing = evaluate_checks(vacancy(languages=req), candidate())
    assert missing[0].detail == "not stated in CV"


def test_desirable_language_produces_no_check() -> None:
    req = (
        LanguageRequirement("English", required=True),
        LanguageRequirement("French", required=False),
    )
    checks = evaluate_checks(vacancy(languages=req), candidate())
    assert [c.requirement for c in checks] == ["language:English"]


def test_one_check_per_required_language_in_order() -> None:
    req = (
        LanguageRequirement("English", required=True),
        LanguageRequirement("Arabic", required=True, level="B2"),
        LanguageRequirement("English", required=True),
    )
    checks = evaluate_checks(vacancy(languages=req), candidate())
    assert [c.requirement for c in checks] == ["language:English", "language:Arabic"]


def test_only_stated_requirements_produce_checks_in_fixed_order() -> None:
    v = vacancy(
        nationalities=("KW",),
        education=MASTER,
        experience=EXP2,
        languages=(LanguageRequirement("English", required=True),),
    )
    assert [c.requirement for c in evaluate_checks(v, candidate())] == [
        "nationality",
        "education",
        "experience",
        "language:English",
    ]
    assert evaluate_checks(vacancy(), candidate()) == ()


def test_missing_information_never_excludes() -> None:
    v = vacancy(
        nationalities=("KW",),
        education=MASTER_SUB,
        experience=EXP2,
        languages=(LanguageRequirement("French", required=True, level="C1"),),
    )
    checks = evaluate_checks(v, candidate())
    assert {c.status for c in checks} == {"unknown"}
    assert eligibility(checks) is None


# --------------------------------------------------------------------------- eligibility


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), True),
        (("met",), True),
        (("met", "met"), True),
        (("met", "unknown"), None),
        (("unknown",), None),
        (("met", "unmet"), False),
        (("unknown", "unmet"), False),
        (("unmet",), False),
    ],
)
def test_eligibility_tristate(statuses: tuple[str, ...], expected: bool | None) -> None:
    checks = [Check(f"r{i}", s, "") for i, s in enumerate(statuses)]  # type: ignore[arg-type]
    assert eligibility(checks) is expected


def test_checks_are_deterministic() -> None:
    v = vacancy(education=MASTER_SUB, experience=EXP2, nationalities=("KW", "FR"))
    c = candidate(degrees=(degree("bachelor"),), total_years=4.0, nationalities=("FR",))
    assert evaluate_checks(v, c) == evaluate_checks(v, c)


# --------------------------------------------------------------------------- many vacancies

_REQUIREMENT_VARIANTS = [
    Requirements(),
    Requirements(nationalities=("KW",)),
    Requirements(nationalities=("KW", "FR"), skills=("Excel",)),
    Requirements(education=EducationRequirement("master"), experience=ExperienceRequirement(2)),
    Requirements(education=EducationRequirement("master", fields=("law",)),
                 experience=ExperienceRequirement(2, fields=("human rights",))),
    Requirements(education=MASTER_SUB, experience=EXP2),
    Requirements(education=MASTER_SUB, experience=ExperienceRequirement(5)),
    Requirements(education=MASTER_SUB),
    Requirements(languages=(LanguageRequirement("English", True, "C1"),
                            LanguageRequirement("french", False, "B2"))),
    Requirements(languages=(LanguageRequirement("English", True, "C1"),
                            LanguageRequirement("French", True, None),
                            LanguageRequirement("english", True, "C2"))),
    Requirements(languages=(LanguageRequirement("French", True, "C1"),)),
]
_CANDIDATE_VARIANTS = [
    candidate(),
    candidate(degrees=(degree("bachelor"),), total_years=4.0, nationalities=("FR",),
              languages=(LanguageSkill("English", "C2"), LanguageSkill("French", "B1"))),
    candidate(degrees=(degree("master"),), total_years=1.5, experience=(DATED, UNDATED),
              nationalities=("KW",), languages=(LanguageSkill("French", None),)),
    candidate(degrees=(degree(None),), total_years=None, experience=(UNDATED,)),
]


def test_evaluate_checks_many_equals_one_by_one() -> None:
    vacancies = [dataclasses.replace(vacancy(), id=f"v{i}", requirements=r)
                 for i, r in enumerate(_REQUIREMENT_VARIANTS * 2)]
    statuses: set[str] = set()
    for cand in _CANDIDATE_VARIANTS:
        many = evaluate_checks_many(vacancies, cand)
        assert many == [evaluate_checks(v, cand) for v in vacancies]
        statuses |= {c.status for checks in many for c in checks}
    assert statuses == {"met", "unmet", "unknown"}


def test_equal_check_keys_mean_identical_checks() -> None:
    # Fields and skills differ without changing any check: the key ignores them.
    assert check_key(_REQUIREMENT_VARIANTS[3]) == check_key(_REQUIREMENT_VARIANTS[4])
    assert check_key(_REQUIREMENT_VARIANTS[1]) != check_key(_REQUIREMENT_VARIANTS[2])
    assert check_key(_REQUIREMENT_VARIANTS[5]) != check_key(_REQUIREMENT_VARIANTS[6])
    # A desirable language is not part of the key.
    assert check_key(_REQUIREMENT_VARIANTS[8]) == check_key(
        Requirements(languages=(LanguageRequirement("English", True, "C1"),)))
    for left in _REQUIREMENT_VARIANTS:
        for right in _REQUIREMENT_VARIANTS:
            if check_key(left) != check_key(right):
                continue
            for cand in _CANDIDATE_VARIANTS:
                assert evaluate_checks(vacancy(**_fields(left)), cand) == evaluate_checks(
                    vacancy(**_fields(right)), cand)


def _fields(req: Requirements) -> dict[str, Any]:
    return {f.name: getattr(req, f.name) for f in dataclasses.fields(req)}


# --------------------------------------------------------------------------- one-of languages

FRENCH_OR_SPANISH = LanguageRequirement(
    "French or Spanish", True, "B2", any_of=("French", "Spanish"),
    evidence="Working knowledge of either French or Spanish is required.",
)


@pytest.mark.parametrize(
    ("skills", "status", "detail"),
    [
        ((LanguageSkill("Spanish", "C1"),), "met", "Spanish C1 ≥ B2 required"),
        ((LanguageSkill("French", "A2"), LanguageSkill("Spanish", "C2")), "met", "Spanish C2"),
        ((LanguageSkill("French", None),), "unknown", "French listed without level"),
        ((LanguageSkill("French", "A2"), LanguageSkill("English", "C2")), "unmet", "none of"),
        ((LanguageSkill("English", "C2"),), "unmet", "CV lists English"),
        ((), "unknown", "not stated in CV"),
    ],
)
def test_any_of_is_one_check_met_by_any_alternative(
    skills: tuple[LanguageSkill, ...], status: str, detail: str
) -> None:
    checks = evaluate_checks(vacancy(languages=(FRENCH_OR_SPANISH,)), candidate(languages=skills))
    check = only(checks, "language:French or Spanish")
    assert check.status == status
    assert detail in check.detail
    assert [c.requirement for c in checks] == ["language:French or Spanish"]


def test_desirable_any_of_makes_no_check() -> None:
    rule = dataclasses.replace(FRENCH_OR_SPANISH, required=False)
    assert evaluate_checks(vacancy(languages=(rule,)), candidate()) == ()


# --------------------------------------------------------------------------- nationality rules


@pytest.mark.parametrize(
    ("stated", "status"),
    [(("KE",), "met"), (("NL",), "unmet"), (("NL", "IN"), "met"), ((), "unknown"),
     (("FI",), "met")],
)
def test_dac_rule_checks_against_the_oda_recipient_list(
    stated: tuple[str, ...], status: str
) -> None:
    # "Open to nationals of developing countries and of Finland".
    v = vacancy(nationalities=("FI",), nationality_rule="dac")
    assert only(evaluate_checks(v, candidate(nationalities=stated)), "nationality").status == status


@pytest.mark.parametrize(
    ("stated", "status"), [(("TT",), "met"), (("NL",), "unknown"), ((), "unknown")]
)
def test_unlisted_rule_is_never_unmet(stated: tuple[str, ...], status: str) -> None:
    v = vacancy(nationalities=("TT",), nationality_rule="unlisted")
    check = only(evaluate_checks(v, candidate(nationalities=stated)), "nationality")
    assert check.status == status


def test_unlisted_rule_without_countries_still_checks() -> None:
    v = vacancy(nationality_rule="unlisted")
    check = only(evaluate_checks(v, candidate(nationalities=("FR",))), "nationality")
    assert check.status == "unknown" and "please verify" in check.detail


# --------------------------------------------------------------------------- substitution


def test_substitute_without_a_number_of_years_is_unknown_for_that_route() -> None:
    edu = EducationRequirement("master", substitute=Substitute("bachelor", None))
    v = vacancy(education=edu, experience=ExperienceRequirement(2))
    bachelor = candidate(degrees=(degree("bachelor"),), total_years=9.0)
    master = candidate(degrees=(degree("master"),), total_years=0.0)
    assert only(evaluate_checks(v, bachelor), "education").status == "unknown"
    assert only(evaluate_checks(v, master), "education").status == "met"


def test_check_key_tells_rules_and_one_of_groups_apart() -> None:
    french = Requirements(languages=(LanguageRequirement("French", True, "B2"),))
    one_of = Requirements(languages=(FRENCH_OR_SPANISH,))
    assert check_key(french) != check_key(one_of)
    assert check_key(Requirements(nationalities=("FI",))) != check_key(
        Requirements(nationalities=("FI",), nationality_rule="dac"))
    assert check_key(Requirements(nationality_rule="dac")) != check_key(
        Requirements(nationality_rule="unlisted"))
    # Evidence is shown to recruiters but changes no check.
    assert check_key(one_of) == check_key(Requirements(languages=(
        dataclasses.replace(FRENCH_OR_SPANISH, evidence="another sentence"),)))
