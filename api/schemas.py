"""Pydantic schemas at the HTTP edge: separate families for input and public output.

Output schemas list exactly the fields a caller may see, so a response cannot leak a field the
service happens to carry (docs/reliability.md item 14).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from matcher.pool import PoolStatus

__all__ = [
    "AdviceOut",
    "ApplicationCreated",
    "ApplicationOut",
    "CheckOut",
    "DuplicateOut",
    "EducationOut",
    "ErrorBody",
    "ErrorOut",
    "EvidenceOut",
    "ExperienceOut",
    "HealthOut",
    "LanguageRequirementOut",
    "MatchOut",
    "PoolIntakeOut",
    "PoolJobOut",
    "PoolMemberOut",
    "PoolRankedResultOut",
    "RankedResultOut",
    "RankingOut",
    "RequirementsOut",
    "SkippedOut",
    "SubstituteOut",
    "VacancyOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorBody(_Out):
    reason: str = Field(description="machine-readable code, e.g. unsupported_type, too_large")
    message: str


class ErrorOut(_Out):
    error: ErrorBody


class HealthOut(_Out):
    status: Literal["ok", "degraded"]
    model: str
    revision: str
    vacancies: int
    candidates: int
    index_sizes: dict[str, int]
    #: The vector index and store backends in use ("faiss" / "qdrant", "sqlite" / "postgresql").
    index: str
    store: str
    config_hash: str
    consistent: dict[str, bool]


class SubstituteOut(_Out):
    level: Literal["bachelor", "master", "doctorate"]
    extra_years: int | None = Field(
        description="years on top of experience.min_years; null: 'additional years', no number"
    )


class EducationOut(_Out):
    min_level: Literal["bachelor", "master", "doctorate"] | None
    fields: list[str]
    substitute: SubstituteOut | None
    evidence: str = Field("", description="the ToR sentence the requirement was read from")


class ExperienceOut(_Out):
    min_years: int | None
    fields: list[str]
    evidence: str = Field("", description="the ToR sentence the requirement was read from")


class LanguageRequirementOut(_Out):
    language: str = Field(description='"French", or a one-of rule: "French or Spanish"')
    any_of: list[str] = Field([], description="the alternatives of a one-of rule; [] if single")
    required: bool
    level: str | None
    evidence: str = Field("", description="the ToR sentence the rule was read from")


class RequirementsOut(_Out):
    education: EducationOut | None
    experience: ExperienceOut | None
    languages: list[LanguageRequirementOut]
    nationalities: list[str]
    nationality_rule: Literal["dac", "unlisted"] | None = Field(
        None,
        description="dac: nationals of the OECD-DAC list of ODA recipients (and of "
        "nationalities); unlisted: restricted to a list the ToR does not give",
    )
    nationality_evidence: str = ""
    skills: list[str]


class VacancyOut(_Out):
    id: str
    source: str
    title: str | None
    reference: str | None
    organization: str | None
    duty_stations: list[str]
    duration_months: int | None
    duties: list[str]
    learning_elements: list[str]
    requirements: RequirementsOut


class CheckOut(_Out):
    requirement: str
    status: Literal["met", "unmet", "unknown"]
    detail: str


class EvidenceOut(_Out):
    unit: str
    chunk: str
    similarity: float
    kind: Literal["duty", "learning"] = "duty"
    coverage: Literal["strong", "partial", "none"] = "none"


class AdviceOut(_Out):
    requirement: str
    message: str
    opens: int = Field(description="open vacancies this change alone makes you eligible for")


class RankedResultOut(_Out):
    rank: int
    id: str
    source: str
    title: str | None
    score: float
    eligible: bool | None
    subscores: dict[str, float]
    checks: list[CheckOut]
    evidence: list[EvidenceOut]
    flags: list[str] = []
    coverage: dict[str, list[int]] = Field(
        default={}, description='per kind, [units shown, units]: {"duties": [11, 15], ...}')
    advice: list[AdviceOut] = Field(
        default=[], description="candidate rankings: what would change each unmet check")


class MatchOut(_Out):
    results: list[RankedResultOut]


class PoolRankedResultOut(RankedResultOut):
    """A ranking row of a pool: the ranking contract's row with the review fields."""

    label: str = Field(description='"Candidate N", stable within the vacancy')
    status: PoolStatus
    note: str


class RankingOut(_Out):
    vacancy_id: str
    blind: bool = Field(False, description="texts masked for blind review; source is the label")
    results: list[PoolRankedResultOut]


class DuplicateOut(_Out):
    source: str
    same_as: str = Field(description="the file already in the pool that this one repeats")
    kind: Literal["identical", "near_copy"]


class SkippedOut(_Out):
    source: str
    reason: str = Field(description="reason code, then a message")


class PoolIntakeOut(_Out):
    added: int
    duplicates: list[DuplicateOut]
    skipped: list[SkippedOut]


class PoolJobOut(_Out):
    job_id: str
    vacancy_id: str
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    phase: str = Field(description="reading, then storing")
    done: int
    total: int
    result: PoolIntakeOut | None = None
    error: ErrorBody | None = None


class PoolMemberOut(_Out):
    candidate_id: str
    label: str
    status: PoolStatus
    note: str
    updated: str


class ApplicationCreated(_Out):
    application_id: str
    candidate_token: str = Field(description="keep it: the only way to read or erase the CV")


class ApplicationOut(_Out):
    application_id: str
    vacancy_id: str
    created: str
    source: str
    candidate: dict[str, Any]
