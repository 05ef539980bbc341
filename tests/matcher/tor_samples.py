"""Shared helpers of the ToR parser tests: parse a page and read its education facts."""

from __future__ import annotations

from matcher.models import Vacancy
from matcher.tor import parse_vacancy


def parse(text: str) -> Vacancy:
    return parse_vacancy(text, "page.txt")


def education(text: str) -> tuple[str | None, tuple[str, int | None] | None, int | None]:
    """(minimum degree level, (substitute level, extra years), minimum years) of a page."""
    req = parse(text).requirements
    edu, exp = req.education, req.experience
    sub = edu.substitute if edu else None
    return (
        edu.min_level if edu else None,
        (sub.level, sub.extra_years) if sub else None,
        exp.min_years if exp else None,
    )


def page(*requirement_lines: str, heading: str = "Qualifications") -> str:
    """A short vacancy: a title, two duties, then ``heading`` over ``requirement_lines``."""
    return "\n".join((
        "Programme Officer, Juba, South Sudan",
        "Duties and responsibilities",
        "- Prepare monthly programme reports.",
        "- Coordinate field monitoring missions.",
        heading,
        *requirement_lines,
    )) + "\n"
