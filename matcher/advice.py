"""Advice for a candidate: what would change each unmet or unknown check, across open calls.

For every requirement a candidate does not (visibly) meet in some open vacancy, one
:class:`Advice` says what would change it and ``opens``: for how many open vacancies that change
alone would make the candidate eligible (every other check of the vacancy already met). The
counts come from re-evaluating the checks (:func:`matcher.checks.evaluate_checks_many`) for a
copy of the candidate with that one fact changed, so the advice follows the same rules as the
checks, degree substitution and "one of these languages" rules included.

What a candidate cannot change is never advised: for nationality the advice says which calls
are open to them (or, when the CV states none, that stating it settles the restricted calls).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from matcher.checks import evaluate_checks_many
from matcher.models import (
    CEFR_LEVELS,
    DEGREE_LEVELS,
    Advice,
    Candidate,
    Degree,
    DegreeLevel,
    LanguageSkill,
    MatchResult,
    Vacancy,
)

__all__ = ["Advice", "advice_for_result", "advise", "with_advice"]

_DEGREE_NAMES: dict[str, str] = {
    "bachelor": "A Bachelor's degree",
    "master": "A Master's degree",
    "doctorate": "A Doctorate",
}


def _positions(n: int) -> str:
    return f"{n} more position" + ("" if n == 1 else "s")


def _calls(n: int) -> str:
    return f"{n} call" + ("" if n == 1 else "s")


class _Board:
    """The candidate's checks in every open vacancy, and what-if re-evaluations.

    Which vacancies lack a requirement, and which of those lack nothing else, are worked out
    once per requirement: each advice asks again for every what-if (a language at six levels,
    a degree at three), and a scan of every check of every open call each time made the advice
    cost fifteen times the ranking it explains at 3,500 open calls (``make bench``, advice).
    """

    def __init__(self, candidate: Candidate, vacancies: Sequence[Vacancy]) -> None:
        self.candidate = candidate
        self.vacancies = list(vacancies)
        self.checks = evaluate_checks_many(self.vacancies, candidate)
        self._lacking: dict[str, list[int]] = {}
        for k, checks in enumerate(self.checks):
            for requirement in {c.requirement for c in checks if c.status != "met"}:
                self._lacking.setdefault(requirement, []).append(k)
        self._todo: dict[str, list[int]] = {}
        self._options: dict[str, list[str]] | None = None

    def lacking(self, requirement: str) -> list[int]:
        """Vacancies where the check ``requirement`` is unmet or unknown."""
        return self._lacking.get(requirement, [])

    def others_met(self, k: int, requirement: str) -> bool:
        return all(c.status == "met" for c in self.checks[k] if c.requirement != requirement)

    def opens(self, requirement: str, changed: Candidate) -> int:
        """Vacancies that this changed candidate would be eligible for, and is not now."""
        todo = self._todo.get(requirement)
        if todo is None:
            todo = [k for k in self.lacking(requirement) if self.others_met(k, requirement)]
            self._todo[requirement] = todo
        if not todo:
            return 0
        after = evaluate_checks_many([self.vacancies[k] for k in todo], changed)
        return sum(
            any(c.requirement == requirement and c.status == "met" for c in checks)
            for checks in after
        )

    def statuses(self, requirement: str) -> set[str]:
        return {c.status for checks in self.checks for c in checks
                if c.requirement == requirement}

    def language_options(self, name: str) -> list[str]:
        """The languages that can meet the check ``name`` (several for "French or Spanish")."""
        if self._options is None:
            self._options = {}
            for vacancy in self.vacancies:
                for lang in vacancy.requirements.languages:
                    options = self._options.setdefault(f"language:{lang.language}", [])
                    for member in lang.alternatives:
                        if member not in options:
                            options.append(member)
        return self._options.get(name) or [name.removeprefix("language:")]


def advise(candidate: Candidate, vacancies: Sequence[Vacancy]) -> dict[str, Advice]:
    """One advice per requirement the candidate lacks in at least one open vacancy.

    Args:
        candidate: The parsed CV.
        vacancies: Every open vacancy (the counts are over all of them, not only those shown).

    Returns:
        ``{requirement: Advice}``, keyed like :attr:`matcher.models.Check.requirement`.
    """
    board = _Board(candidate, vacancies)
    names = sorted({c.requirement for checks in board.checks for c in checks
                    if c.status != "met"})
    out: dict[str, Advice] = {}
    for name in names:
        make = _ADVISERS.get(name, _language_advice if name.startswith("language:") else None)
        if make is not None:
            out[name] = make(board, name)
    return out


def advice_for_result(result: MatchResult, advice: dict[str, Advice]) -> tuple[Advice, ...]:
    """The advice for the checks of one result that are not met, in check order."""
    return tuple(advice[c.requirement] for c in result.checks
                 if c.status != "met" and c.requirement in advice)


def with_advice(
    results: Sequence[MatchResult], candidate: Candidate, vacancies: Sequence[Vacancy]
) -> list[MatchResult]:
    """``results`` (one candidate's) with their advice, counted over all ``vacancies``."""
    advice = advise(candidate, vacancies)
    return [dataclasses.replace(r, advice=advice_for_result(r, advice)) for r in results]


# --------------------------------------------------------------------------- nationality


def _nationality_advice(board: _Board, name: str) -> Advice:
    restricted = [k for k, checks in enumerate(board.checks)
                  if any(c.requirement == name for c in checks)]
    total = len(board.vacancies)
    open_to = sum(all(c.status != "unmet" for c in checks if c.requirement == name)
                  for checks in board.checks)
    if not board.candidate.nationalities:
        return Advice(name, (
            f"Your CV does not state your nationality: {_calls(len(restricted))} "
            f"{'is' if len(restricted) == 1 else 'are'} open only to certain nationalities, and "
            "stating it settles them."), len(restricted))
    closed = sum(any(c.requirement == name and c.status == "unmet" for c in checks)
                 for checks in board.checks)
    unsettled = sum(any(c.requirement == name and c.status == "unknown" for c in checks)
                    for checks in board.checks)
    parts = []
    if closed:
        parts.append(f"{_calls(closed).capitalize()} {'is' if closed == 1 else 'are'} "
                     "restricted to other nationalities")
    if unsettled:
        parts.append(f"{_calls(unsettled)} {'names' if unsettled == 1 else 'name'} no list of "
                     "countries, so a person will check yours")
    return Advice(name, (
        "; ".join(parts)[0].upper() + "; ".join(parts)[1:]
        + f"; {open_to} of the {total} open calls are open to yours."), open_to)


# --------------------------------------------------------------------------- education


def _education_advice(board: _Board, name: str) -> Advice:
    statuses = board.statuses(name)
    best: tuple[int, DegreeLevel] | None = None
    for level in DEGREE_LEVELS:
        degree = Degree(level=level, field=None, year=None, text="")
        changed = dataclasses.replace(board.candidate,
                                      degrees=(*board.candidate.degrees, degree))
        n = board.opens(name, changed)
        if n and (best is None or n > best[0]):
            best = (n, level)
    if "unmet" in statuses and best is not None:
        return Advice(name, f"{_DEGREE_NAMES[best[1]]} would make you eligible for "
                            f"{_positions(best[0])}.", best[0])
    if "unknown" in statuses:
        n = best[0] if best is not None else 0
        return Advice(name, (
            "Your degree level could not be read: write the degree (e.g. \"Master of Arts in "
            f"Political Science, 2021\"); it decides {_calls(len(board.lacking(name)))}."), n)
    return Advice(name, "Your degree is below what these calls require.", 0)


# --------------------------------------------------------------------------- experience


def _experience_advice(board: _Board, name: str) -> Advice:
    candidate = board.candidate
    lacking = board.lacking(name)
    if candidate.total_years is None or "unknown" in board.statuses(name) and (
            candidate.has_undated_experience):
        return Advice(name, (
            "Your years of experience after your first degree are not dated: add month and "
            f"year to each position; this decides {_calls(len(lacking))}."),
            sum(board.others_met(k, name) for k in lacking))
    current = candidate.total_years
    best: tuple[int, float] | None = None
    for years in sorted({float(current) + step for step in range(1, 11)}):
        n = board.opens(name, dataclasses.replace(candidate, total_years=years))
        if n and (best is None or n > best[0]):
            best = (n, years)
    if best is None:
        return Advice(name, "More experience after your first degree is required.", 0)
    missing = best[1] - current
    return Advice(name, (
        f"{missing:g} more year{'' if missing == 1 else 's'} of experience after your first "
        f"degree would make you eligible for {_positions(best[0])}."), best[0])


# --------------------------------------------------------------------------- languages


def _with_language(candidate: Candidate, language: str, level: str) -> Candidate:
    kept = tuple(s for s in candidate.languages if s.language.casefold() != language.casefold())
    return dataclasses.replace(candidate, languages=(*kept, LanguageSkill(language, level)))


def _language_advice(board: _Board, name: str) -> Advice:
    best: tuple[int, str, str] | None = None
    for language in board.language_options(name):
        for level in CEFR_LEVELS:
            n = board.opens(name, _with_language(board.candidate, language, level))
            # The lowest level that opens the most positions (CEFR_LEVELS ascends).
            if n and (best is None or n > best[0]):
                best = (n, language, level)
    label = name.removeprefix("language:")
    if best is None:
        return Advice(name, f"{label} is required by {_calls(len(board.lacking(name)))}.", 0)
    n, language, level = best
    stated = [s for s in board.candidate.languages if s.language.casefold() == language.casefold()]
    if stated and all(s.level is None for s in stated):
        message = (f"Your CV lists {language} without a level: {language} at {level} or above "
                   f"would make you eligible for {_positions(n)}.")
    else:
        message = f"{language} at {level} or above would make you eligible for {_positions(n)}."
    return Advice(name, message, n)


_ADVISERS: dict[str, Callable[[_Board, str], Advice]] = {
    "nationality": _nationality_advice,
    "education": _education_advice,
    "experience": _experience_advice,
}

