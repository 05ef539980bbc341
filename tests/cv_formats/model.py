"""What a format fixture is: a layout-free CV and the facts a careful reader takes from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eval.documents import CvDocument

__all__ = ["AS_OF", "Expected", "FormatFixture"]

AS_OF = date(2026, 3, 15)


@dataclass(frozen=True, slots=True)
class Expected:
    """The facts a careful reader takes from one CV.

    Attributes:
        degrees: (level, year) of each degree held or in progress, in CV order.
        jobs: (start, end, current) of each dated job, in CV order; dates as "YYYY-MM" or
            "YYYY", end None for a current job.
        total_years: Years of dated experience after the first university degree.
        languages: (language, CEFR level) in CV order.
        nationalities: ISO 3166 alpha-2 codes, in CV order.
    """

    degrees: tuple[tuple[str, int | None], ...]
    jobs: tuple[tuple[str, str | None, bool], ...]
    total_years: float | None
    languages: tuple[tuple[str, str | None], ...]
    nationalities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormatFixture:
    """One CV in one format, with its expected facts."""

    name: str
    format: str
    language: str
    cv: CvDocument
    expected: Expected
