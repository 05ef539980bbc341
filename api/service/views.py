"""What the service returns besides core values: typed rows for the routes' presenters."""

from __future__ import annotations

from typing import Any, TypedDict

from index.store import AuditRow

__all__ = ["ApplicationView", "AuditLogRow", "CandidateSummary", "EncoderInfo", "HealthReport"]


class ApplicationView(TypedDict):
    """A stored application, as its candidate may read it (``candidate`` is the parse JSON)."""

    application_id: str
    vacancy_id: str
    vacancy_title: str | None
    source: str
    created: str
    candidate: dict[str, Any]
    flags: list[str]


class CandidateSummary(TypedDict):
    """A stored candidate without its CV text."""

    id: str
    source: str
    chunks: int
    flags: list[str]


class EncoderInfo(TypedDict):
    """The encoder in use."""

    model: str
    revision: str
    dim: int


class HealthReport(TypedDict):
    """Counts, encoder, index sizes and whether the store and indexes agree."""

    status: str
    model: str
    revision: str
    vacancies: int
    candidates: int
    index_sizes: dict[str, int]
    index: str
    store: str
    encoder: EncoderInfo
    config_hash: str
    consistent: dict[str, bool]
    reconcile: dict[str, str]


class AuditLogRow(AuditRow):
    """One audit row with its detail's ``event`` lifted to the top level."""

    event: str | None
