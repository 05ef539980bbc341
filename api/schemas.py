"""Pydantic schemas at the HTTP edge: separate families for input and public output.

Output schemas list exactly the fields a caller may see, so a response cannot leak a field the
service happens to carry (docs/reliability.md item 14).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApplicationCreated",
    "ApplicationOut",
    "CheckOut",
    "ErrorBody",
    "ErrorOut",
    "EvidenceOut",
    "HealthOut",
    "MatchOut",
    "RankedResultOut",
    "RankingOut",
    "RequirementsOut",
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


class RequirementsOut(_Out):
    education: dict[str, Any] | None
    experience: dict[str, Any] | None
    languages: list[dict[str, Any]]
    nationalities: list[str]
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


class MatchOut(_Out):
    results: list[RankedResultOut]


class RankingOut(_Out):
    vacancy_id: str
    results: list[RankedResultOut]


class ApplicationCreated(_Out):
    application_id: str
    candidate_token: str = Field(description="keep it: the only way to read or erase the CV")


class ApplicationOut(_Out):
    application_id: str
    vacancy_id: str
    created: str
    source: str
    candidate: dict[str, Any]
