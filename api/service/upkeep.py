"""Retention and health: expired CVs are erased; the health report says whether all agrees."""

from __future__ import annotations

from dataclasses import dataclass

from api.service.applications import StoredCandidates
from api.service.context import ServiceContext
from api.service.vacancies import OpenVacancies
from api.service.views import EncoderInfo, HealthReport

__all__ = ["Upkeep"]


@dataclass(frozen=True, slots=True)
class Upkeep:
    """Retention of the stored ``candidates`` and the health of the whole service."""

    ctx: ServiceContext
    candidates: StoredCandidates
    vacancies: OpenVacancies

    def purge_expired(self, now: float | None = None) -> int:
        """Erase every candidate whose retention period is over; return how many."""
        expired = self.ctx.store.expired_candidates(now)
        for cid in expired:
            self.candidates.erase(cid)
        return len(expired)

    def health(self) -> HealthReport:
        """Counts, encoder, index sizes and whether store and indexes agree."""
        ctx = self.ctx
        consistent = ctx.catalog.check_consistency()
        encoder = ctx.unit_encoder
        return HealthReport(
            status="ok" if all(consistent.values()) else "degraded",
            model=encoder.model_name,
            revision=encoder.revision,
            vacancies=len(self.vacancies),
            candidates=len(self.candidates),
            index_sizes={f"{kind}s": n for kind, n in ctx.catalog.index_sizes().items()},
            index=ctx.index_backend,
            store=ctx.store.backend,
            encoder=EncoderInfo(model=encoder.model_name, revision=encoder.revision,
                                dim=encoder.dim),
            config_hash=ctx.config_hash,
            consistent=consistent,
            reconcile=dict(ctx.catalog.reconcile_report),
        )
