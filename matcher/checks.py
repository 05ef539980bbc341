"""Hard requirements evaluated for one candidate: nationality, education, experience, languages.

Implements the ranking contract of docs/architecture.md. Each requirement the vacancy states
becomes one :class:`~matcher.models.Check` with status ``met``, ``unmet`` or ``unknown``. The
guiding rule is that *missing information never excludes a candidate*: a CV that says nothing
about a field leaves the check ``unknown`` (a person must look); only information the CV does
state can make a check ``unmet``.

Design choice on degree substitution: the education check carries the whole substitution rule
("a first-level degree plus two additional years"), so it asks for
``experience.min_years + substitute.extra_years`` when the candidate relies on the lower degree.
The experience check always asks for ``experience.min_years`` only. Counting the extra years in
both checks would report one shortfall twice; the education detail names the years it used.
A substitution "with additional years" that gives no number leaves that route ``unknown``.

A one-of language rule ("English and either French or Spanish") is one check,
``language:French or Spanish``: met when any alternative is met, unmet only when every
alternative is unmet, otherwise unknown. A nationality rule without a full list is checked
against the OECD-DAC list (``dac``, :mod:`matcher.dac`) or cannot be decided beyond the countries
the call names (``unlisted``: a stated nationality elsewhere is ``unknown``, never ``unmet``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial

from matcher.dac import DAC_LIST_SOURCE, DAC_RECIPIENTS
from matcher.models import (
    CEFR_LEVELS,
    DEGREE_LEVELS,
    Candidate,
    Check,
    Degree,
    DegreeLevel,
    EducationRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    NationalityRule,
    Requirements,
    Vacancy,
)

__all__ = ["check_key", "eligibility", "evaluate_checks", "evaluate_checks_many"]

_DEGREE_NAMES: dict[str, str] = {
    "bachelor": "Bachelor's",
    "master": "Master's",
    "doctorate": "Doctorate",
}
#: A degree's own wording is shown when it is short enough to read as a label.
_MAX_DEGREE_TEXT = 80


def evaluate_checks(vacancy: Vacancy, candidate: Candidate) -> tuple[Check, ...]:
    """Evaluate every hard requirement the vacancy states for one candidate.

    Args:
        vacancy: The parsed ToR; only requirements it states produce checks.
        candidate: The parsed CV.

    Returns:
        Checks in a fixed order: nationality, education, experience, then one per required
        language in the vacancy's order. Desirable languages produce no check.
    """
    return _evaluate(vacancy.requirements, candidate, {})


def evaluate_checks_many(
    vacancies: Sequence[Vacancy], candidate: Candidate
) -> list[tuple[Check, ...]]:
    """:func:`evaluate_checks` for many vacancies and one candidate.

    Vacancies repeat the same few requirement parts (a master's with two years, English C1):
    each distinct part is evaluated once and its (immutable) check shared.

    Args:
        vacancies: The parsed ToRs.
        candidate: The parsed CV.

    Returns:
        One tuple of checks per vacancy, in input order.
    """
    memo: dict[Hashable, Check] = {}
    return [_evaluate(v.requirements, candidate, memo) for v in vacancies]


def _evaluate(
    req: Requirements, candidate: Candidate, memo: dict[Hashable, Check]
) -> tuple[Check, ...]:
    def once(key: Hashable, make: Callable[[], Check]) -> Check:
        # Vacancies share requirement parts: each distinct part is evaluated once per memo.
        check = memo.get(key)
        if check is None:
            check = memo[key] = make()
        return check

    checks: list[Check] = []
    if req.nationalities or req.nationality_rule is not None:
        checks.append(once(
            ("nationality", req.nationalities, req.nationality_rule),
            partial(_nationality_check, req.nationalities, req.nationality_rule, candidate),
        ))
    edu, exp = req.education, req.experience
    if edu is not None and edu.min_level is not None:
        key = ("education", edu.min_level, edu.substitute, None if exp is None else exp.min_years)
        checks.append(once(key, partial(_education_check, edu, exp, candidate)))
    if exp is not None and exp.min_years is not None:
        checks.append(once(("experience", exp.min_years),
                           partial(_experience_check, exp.min_years, candidate)))
    seen: set[str] = set()
    for lang in req.languages:
        folded = lang.language.casefold()
        if lang.required and folded not in seen:
            seen.add(folded)
            checks.append(once(("language", lang.language, lang.any_of, lang.level),
                               partial(_language_rule_check, lang, candidate)))
    return tuple(checks)


def check_key(requirements: Requirements) -> Hashable:
    """Everything :func:`evaluate_checks` reads from a vacancy's requirements.

    Vacancies with equal keys get identical checks for every candidate, so a ranking over
    thousands of vacancies evaluates each distinct key once. Fields, skills and desirable
    wording vary from call to call without changing a check; they are left out.

    Args:
        requirements: A vacancy's requirements.

    Returns:
        A hashable key.
    """
    edu = requirements.education
    exp = requirements.experience
    return (
        requirements.nationalities,
        requirements.nationality_rule,
        None if edu is None else (edu.min_level, edu.substitute),
        None if exp is None else exp.min_years,
        tuple(
            (lang.language, lang.any_of, lang.level)
            for lang in requirements.languages
            if lang.required
        ),
    )


def eligibility(checks: Sequence[Check]) -> bool | None:
    """Tri-state eligibility from checks.

    Args:
        checks: The checks of one candidate for one vacancy.

    Returns:
        ``False`` when any check is unmet, ``True`` when all are met (also when there are none),
        ``None`` when none is unmet but some are unknown (needs review).
    """
    statuses = {c.status for c in checks}
    if "unmet" in statuses:
        return False
    if "unknown" in statuses:
        return None
    return True


# --------------------------------------------------------------------------- nationality


def _nationality_check(
    allowed: Sequence[str], rule: NationalityRule | None, candidate: Candidate
) -> Check:
    allowed_set = {code.upper() for code in allowed}
    stated = [code.upper() for code in candidate.nationalities]
    if not stated:
        return Check("nationality", "unknown", "nationality not stated in CV")
    shown = ", ".join(sorted(set(stated)))
    matching = sorted(code for code in stated if code in allowed_set)
    if matching:
        return Check("nationality", "met", f"{', '.join(matching)} is on the call's list")
    if rule == "dac":
        on_list = sorted(code for code in stated if code in DAC_RECIPIENTS)
        if on_list:
            return Check(
                "nationality", "met", f"{', '.join(on_list)} is on the {DAC_LIST_SOURCE}"
            )
        return Check("nationality", "unmet", f"stated nationality {shown} not on the "
                     f"{DAC_LIST_SOURCE}")
    if rule == "unlisted":
        # The call's list is published elsewhere: a nationality it does not name may be on it.
        return Check("nationality", "unknown",
                     f"stated nationality {shown}; the call's list of countries is not in the "
                     "ToR, please verify")
    listed = ", ".join(sorted(allowed_set))
    return Check("nationality", "unmet", f"stated nationality {shown} not among {listed}")


# --------------------------------------------------------------------------- education


def _level_rank(level: DegreeLevel) -> int:
    return DEGREE_LEVELS.index(level)


def _describe_degree(degree: Degree) -> str:
    text = " ".join(degree.text.split())
    if 0 < len(text) <= _MAX_DEGREE_TEXT:
        label = text
    else:
        name = _DEGREE_NAMES.get(degree.level or "", "Degree")
        label = f"{name} {degree.field}" if degree.field else name
    if degree.year is not None and str(degree.year) not in label:
        label = f"{label} ({degree.year})"
    if degree.in_progress:
        label = f"{label}, in progress"
    return label


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


def _education_check(
    edu: EducationRequirement, exp: ExperienceRequirement | None, candidate: Candidate
) -> Check:
    min_level = edu.min_level
    if min_level is None:  # callers filter this out; kept so the function is total
        return Check("education", "met", "no degree level required")
    held = [d for d in candidate.degrees if not d.in_progress]
    leveled = [d for d in held if d.level is not None]
    best = max(leveled, key=lambda d: _level_rank(d.level or "bachelor"), default=None)
    required_name = _DEGREE_NAMES[min_level]
    if best is not None and best.level is not None:
        if _level_rank(best.level) >= _level_rank(min_level):
            return Check("education", "met", _describe_degree(best))
        sub = edu.substitute
        if sub is not None and _level_rank(best.level) >= _level_rank(sub.level):
            if sub.extra_years is None:
                return Check(
                    "education", "unknown",
                    f"{_describe_degree(best)} in lieu of {required_name} needs additional "
                    "years of experience (number not stated); please verify",
                )
            return _substitution_check(best, sub.extra_years, exp, candidate, required_name)
    if any(d.level is None for d in held):
        # A held degree whose level the parser could not read may well be the required one.
        return Check("education", "unknown", "degree level not recognised; please verify")
    if best is not None:
        return Check(
            "education",
            "unmet",
            f"{_describe_degree(best)}; {required_name} required",
        )
    if candidate.degrees:
        # Only degrees in progress: the CV states its education, and nothing is held yet.
        shown = "; ".join(_describe_degree(d) for d in candidate.degrees)
        return Check("education", "unmet", f"{shown} (not yet held); {required_name} required")
    return Check("education", "unknown", "no degree found in CV")


def _substitution_check(
    best: Degree,
    extra_years: int,
    exp: ExperienceRequirement | None,
    candidate: Candidate,
    required_name: str,
) -> Check:
    base = exp.min_years if exp is not None and exp.min_years is not None else 0
    needed = base + extra_years
    label = f"{_describe_degree(best)} in lieu of {required_name}"
    years = candidate.total_years
    if years is not None and years >= needed:
        return Check("education", "met", f"{label}: {_years(years)} ≥ {needed} required")
    if years is None:
        return Check("education", "unknown", f"{label} needs {needed} years; years unknown")
    if candidate.has_undated_experience:
        return Check(
            "education",
            "unknown",
            f"{label} needs {needed} years; {_years(years)} dated plus undated experience",
        )
    return Check("education", "unmet", f"{label} needs {needed} years; {_years(years)} found")


# --------------------------------------------------------------------------- experience


def _experience_check(min_years: int, candidate: Candidate) -> Check:
    years = candidate.total_years
    if years is None:
        if candidate.experience:
            return Check("experience", "unknown", f"experience undated; {min_years} required")
        return Check("experience", "unknown", f"no dated experience found; {min_years} required")
    detail = f"{_years(years)} after first degree; {min_years} required"
    if years >= min_years:
        return Check("experience", "met", detail)
    if candidate.has_undated_experience:
        return Check("experience", "unknown", f"{detail}; undated experience not counted")
    return Check("experience", "unmet", detail)


# --------------------------------------------------------------------------- languages


def _cefr_rank(level: str | None) -> int | None:
    if level is None:
        return None
    norm = level.strip().upper()
    return CEFR_LEVELS.index(norm) if norm in CEFR_LEVELS else None


def _language_rule_check(req: LanguageRequirement, candidate: Candidate) -> Check:
    """One check per rule: a one-of rule is met by any alternative, unmet only by none."""
    if not req.any_of:
        return _language_check(req, candidate)
    name = f"language:{req.language}"
    if not candidate.languages:
        return Check(name, "unknown", "not stated in CV")
    alternatives = [
        _language_check(LanguageRequirement(lang, True, req.level), candidate)
        for lang in req.any_of
    ]
    met = [c for c in alternatives if c.status == "met"]
    if met:
        return Check(name, "met", met[0].detail)
    unknown = [c for c in alternatives if c.status == "unknown"]
    if unknown:
        return Check(name, "unknown", "; ".join(c.detail for c in unknown))
    listed = ", ".join(sorted({s.language for s in candidate.languages}))
    return Check(name, "unmet", f"none of {', '.join(req.any_of)} at the level required "
                 f"(CV lists {listed})")


def _language_check(req: LanguageRequirement, candidate: Candidate) -> Check:
    name = f"language:{req.language}"
    if not candidate.languages:
        return Check(name, "unknown", "not stated in CV")
    entries = [s for s in candidate.languages if s.language.casefold() == req.language.casefold()]
    if not entries:
        listed = ", ".join(sorted({s.language for s in candidate.languages}))
        return Check(name, "unmet", f"{req.language} not listed (CV lists {listed})")
    required_rank = _cefr_rank(req.level)
    if req.level is None or required_rank is None:
        shown = next((s.level for s in entries if s.level), None)
        detail = f"{req.language} {shown}" if shown else f"{req.language} listed"
        return Check(name, "met", detail)
    ranks = [(r, s.level) for s in entries if (r := _cefr_rank(s.level)) is not None]
    best = max(ranks, default=None)
    if best is not None and best[0] >= required_rank:
        return Check(name, "met", f"{req.language} {best[1]} ≥ {req.level} required")
    if len(ranks) < len(entries):
        return Check(name, "unknown", f"{req.language} listed without level; {req.level} required")
    shown_level = best[1] if best is not None else "?"
    return Check(name, "unmet", f"{req.language} {shown_level} < {req.level} required")
