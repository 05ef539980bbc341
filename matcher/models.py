"""Core values of jpo-matcher: frozen dataclasses, no behaviour beyond (de)serialisation.

Vocabulary (docs/architecture.md): a *vacancy* is one ToR, a *unit* one duty or learning element
of it; a *candidate* is one CV, a *chunk* one sentence or bullet of it; a *requirement* is a hard
condition of a vacancy, a *check* that requirement evaluated for one candidate.

``to_dict`` methods produce exactly the JSON contracts of docs/architecture.md (field names are
checked by other tools: do not rename them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from matcher.text import is_open_ended_task

__all__ = [
    "Advice",
    "DEGREE_LEVELS",
    "CEFR_LEVELS",
    "Candidate",
    "Check",
    "CheckStatus",
    "CoverageLevel",
    "Degree",
    "DegreeLevel",
    "EducationRequirement",
    "Evidence",
    "ExperienceEntry",
    "ExperienceRequirement",
    "LanguageRequirement",
    "LanguageSkill",
    "MatchResult",
    "NationalityRule",
    "Requirements",
    "Substitute",
    "UnitKind",
    "Vacancy",
    "YearMonth",
]

DegreeLevel = Literal["bachelor", "master", "doctorate"]
CheckStatus = Literal["met", "unmet", "unknown"]
UnitKind = Literal["duty", "learning"]
CoverageLevel = Literal["strong", "partial", "none"]

#: Degree levels in increasing order (index = rank).
DEGREE_LEVELS: tuple[DegreeLevel, ...] = ("bachelor", "master", "doctorate")
#: CEFR levels in increasing order (index = rank).
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")


# --------------------------------------------------------------------------- vacancy side


@dataclass(frozen=True, slots=True)
class Substitute:
    """A lower degree accepted in lieu of ``EducationRequirement.min_level``.

    ``extra_years`` counts years of experience required on top of
    ``ExperienceRequirement.min_years`` when the lower degree is used; None when the ToR asks
    for "additional years" without a number (the check of that route is then ``unknown``).
    """

    level: DegreeLevel
    extra_years: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "extra_years": self.extra_years}


@dataclass(frozen=True, slots=True)
class EducationRequirement:
    """The degree a call requires. ``evidence`` is the ToR sentence it was read from."""

    min_level: DegreeLevel | None
    fields: tuple[str, ...] = ()
    substitute: Substitute | None = None
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_level": self.min_level,
            "fields": list(self.fields),
            "substitute": self.substitute.to_dict() if self.substitute else None,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class ExperienceRequirement:
    """Years of experience a call requires. ``evidence`` is the ToR sentence they come from."""

    min_years: int | None
    fields: tuple[str, ...] = ()
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"min_years": self.min_years, "fields": list(self.fields), "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class LanguageRequirement:
    """One language rule of a call.

    ``language`` is the English name ("French"), or for a one-of rule the alternatives joined
    ("French or Spanish") with ``any_of`` holding them (("French", "Spanish")); ``any_of`` is
    empty for a single language. ``level`` is a CEFR level or None; ``evidence`` the ToR
    sentence the rule was read from.
    """

    language: str
    required: bool
    level: str | None = None
    any_of: tuple[str, ...] = ()
    evidence: str = ""

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The languages any one of which meets the rule (just ``language`` when single)."""
        return self.any_of or (self.language,)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "any_of": list(self.any_of),
            "required": self.required,
            "level": self.level,
            "evidence": self.evidence,
        }


#: How a call restricts nationality when it names no complete list: "dac" (nationals of the
#: OECD-DAC list of ODA recipients, :mod:`matcher.dac`) or "unlisted" (the list is elsewhere).
NationalityRule = Literal["dac", "unlisted"]


@dataclass(frozen=True, slots=True)
class Requirements:
    education: EducationRequirement | None = None
    experience: ExperienceRequirement | None = None
    languages: tuple[LanguageRequirement, ...] = ()
    #: ISO 3166 alpha-2 codes; empty when the call is open to all eligible nationals (and
    #: ``nationality_rule`` is None), else the countries the call names.
    nationalities: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    nationality_rule: NationalityRule | None = None
    #: The ToR sentence the nationality restriction was read from ("" when open).
    nationality_evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "education": self.education.to_dict() if self.education else None,
            "experience": self.experience.to_dict() if self.experience else None,
            "languages": [lang.to_dict() for lang in self.languages],
            "nationalities": list(self.nationalities),
            "nationality_rule": self.nationality_rule,
            "nationality_evidence": self.nationality_evidence,
            "skills": list(self.skills),
        }


@dataclass(frozen=True, slots=True)
class Vacancy:
    """One Terms of Reference, parsed. Anything the parser cannot find is None or empty."""

    id: str
    source: str
    title: str | None
    reference: str | None
    organization: str | None
    duty_stations: tuple[str, ...]
    duration_months: int | None
    duties: tuple[str, ...]
    learning_elements: tuple[str, ...]
    requirements: Requirements = field(default_factory=Requirements)
    #: ``(short, long)`` acronyms the ToR defines ("Security Sector Reform (SSR)").
    acronyms: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "reference": self.reference,
            "organization": self.organization,
            "duty_stations": list(self.duty_stations),
            "duration_months": self.duration_months,
            "duties": list(self.duties),
            "learning_elements": list(self.learning_elements),
            "requirements": self.requirements.to_dict(),
        }

    def units(self) -> tuple[tuple[UnitKind, str], ...]:
        """What a CV is matched against: duties first, then learning elements.

        The title counts as the first duty: it names the work in a few words ("Associate
        Protection Officer"), the way a recruiter reads a post first. Open-ended duties
        ("Perform other related duties as required") name no work and are left out; ``duties``
        keeps them as the ToR writes them.
        """
        duties = tuple(d for d in self.duties if not is_open_ended_task(d)) or self.duties
        if self.title and (duties or self.learning_elements):
            duties = (self.title, *duties)
        return tuple(("duty", d) for d in duties) + tuple(
            ("learning", le) for le in self.learning_elements
        )


# --------------------------------------------------------------------------- candidate side


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    """A CV date. ``month`` is None when the CV gives only the year."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def months(self, *, end_of_year: bool = False) -> int:
        """Months since year 0; a year-only date counts as January (or December if ``end``)."""
        month = self.month if self.month is not None else (12 if end_of_year else 1)
        return self.year * 12 + month - 1


@dataclass(frozen=True, slots=True)
class Degree:
    """A university degree. ``in_progress`` degrees ("expected 2026") are not held."""

    level: DegreeLevel | None
    field: str | None
    year: int | None
    institution: str | None = None
    in_progress: bool = False
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "field": self.field,
            "year": self.year,
            "institution": self.institution,
            "in_progress": self.in_progress,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ExperienceEntry:
    """One job. ``end`` is None and ``current`` True for "present"; both None if undated."""

    title: str | None
    organization: str | None
    start: YearMonth | None
    end: YearMonth | None
    current: bool = False
    text: str = ""

    @property
    def dated(self) -> bool:
        return self.start is not None and (self.end is not None or self.current)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organization": self.organization,
            "start": str(self.start) if self.start else None,
            "end": "present" if self.current else (str(self.end) if self.end else None),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    """``language`` is the English name; ``level`` a CEFR level (None: listed, no level)."""

    language: str
    level: str | None
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.language, "level": self.level, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One CV, parsed. Unknown stays unknown: None or empty, never invented."""

    id: str
    source: str
    degrees: tuple[Degree, ...]
    experience: tuple[ExperienceEntry, ...]
    #: Years of dated experience after the first university degree (None: cannot tell).
    total_years: float | None
    languages: tuple[LanguageSkill, ...]
    #: ISO 3166 alpha-2 codes of stated nationalities/citizenships.
    nationalities: tuple[str, ...]
    #: Sentences and bullets that get embedded, in document order.
    chunks: tuple[str, ...]
    #: Language of the CV text: "en", "fr", "es", "pt" (None: could not tell).
    text_language: str | None = None
    #: Normalised full text (kept for lexical scoring; erased with the candidate).
    text: str = ""

    @property
    def has_undated_experience(self) -> bool:
        return any(not e.dated for e in self.experience)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "degrees": [d.to_dict() for d in self.degrees],
            "experience": [e.to_dict() for e in self.experience],
            "total_years": self.total_years,
            "languages": [lang.to_dict() for lang in self.languages],
            "nationalities": list(self.nationalities),
            "text_language": self.text_language,
            "chunks": list(self.chunks),
        }


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Check:
    """``requirement`` is "education", "experience", "nationality" or "language:French"."""

    requirement: str
    status: CheckStatus
    detail: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """The CV chunk that best matches one unit of the vacancy."""

    unit: str
    chunk: str
    similarity: float
    kind: UnitKind = "duty"
    #: How well the chunk shows the unit: "strong", "partial" or "none" (thresholds on the unit
    #: score, ScoringConfig.coverage_partial / coverage_strong).
    coverage: CoverageLevel = "none"


@dataclass(frozen=True, slots=True)
class Advice:
    """What would change one unmet or unknown check, and for how many open vacancies.

    Attributes:
        requirement: The check's requirement ("language:French", "experience", ...).
        message: One sentence for the candidate.
        opens: Open vacancies where this change alone makes the candidate eligible (for
            nationality: the open vacancies the candidate's stated nationality can apply to).
    """

    requirement: str
    message: str
    opens: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One (vacancy, candidate) pair, scored. Same pair → same result in both directions."""

    vacancy_id: str
    candidate_id: str
    score: float
    eligible: bool | None
    subscores: dict[str, float]
    checks: tuple[Check, ...]
    evidence: tuple[Evidence, ...]
    #: Warnings for a human ("hidden_text", "keyword_stuffing"…); never an automatic rejection.
    flags: tuple[str, ...] = ()
    #: Per kind ("duties", "learning"), (units shown at least partially, units).
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: For a candidate ranking vacancies: what would change its unmet or unknown checks.
    advice: tuple[Advice, ...] = ()
    #: The 0-1 match value the score is calibrated from (rounded to 9 decimals).
    match: float = 0.0
    #: The calibrated map's logit (rounded to 9 decimals); it breaks ties between equal
    #: scores, since the map saturates near 0 and 100.
    logit: float = 0.0
