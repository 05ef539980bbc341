"""Presenters: core values and service views turned into the public output schemas.

Each public shape is built in one place, here, from the typed values of the core and the
service: a ranking row (the ranking contract of docs/architecture.md) for the JSON routes, the
web pages and the CLI alike; a vacancy (the parsing contract); an application; the health
report. The output schemas (:mod:`api.schemas`) list exactly the fields a caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from api.schemas import (
    AdviceOut,
    ApplicationOut,
    CheckOut,
    DuplicateOut,
    ErrorBody,
    EvidenceOut,
    HealthOut,
    PoolIntakeOut,
    PoolJobOut,
    PoolMemberOut,
    PoolRankedResultOut,
    RankedResultOut,
    RankingOut,
    SkippedOut,
    VacancyOut,
)
from api.service import DirectoryRanking, MatchService
from api.service.jobs import JobView
from api.service.pools import IntakeReport, PoolEntry, PoolMemberView, PoolRanking
from api.service.views import ApplicationView, HealthReport
from matcher.models import MatchResult, Vacancy
from matcher.names import clean_file_name

__all__ = [
    "Ranked",
    "application_out",
    "directory_ranking_json",
    "health_out",
    "intake_out",
    "job_out",
    "member_out",
    "pool_ranking_out",
    "pool_row",
    "ranked",
    "ranking_row",
    "vacancy_out",
]

#: What a ranking ranks: vacancies for a CV, or the candidates of a pool.
Ranked = Literal["vacancy", "candidate"]


def ranking_row(
    result: MatchResult, rank: int, source: str, title: str | None, *, ranked: Ranked = "vacancy"
) -> RankedResultOut:
    """One ranked item as the ranking contract's row.

    ``evidence`` is ordered by similarity, highest first (the best-covered units lead; ties
    keep duties before learning elements); ``id`` is the id of the ranked item: the vacancy
    when ranking vacancies for a CV, the candidate when ranking a pool.

    Args:
        result: The scored pair.
        rank: 1-based position in the ranking.
        source: File name of the ranked item (cleaned again: it may predate the rule that
            stores names cleaned, docs/reliability.md item 31).
        title: Display title of the ranked item (vacancy title; None if unknown).
        ranked: What is being ranked; decides whether ``id`` is the vacancy or candidate id.
    """
    evidence = sorted(result.evidence, key=lambda e: (-e.similarity, e.kind != "duty", e.unit))
    return RankedResultOut(
        rank=rank,
        id=result.vacancy_id if ranked == "vacancy" else result.candidate_id,
        source=clean_file_name(source),
        title=title,
        score=round(float(result.score), 1),
        eligible=result.eligible,
        subscores={k: round(float(v), 4) for k, v in result.subscores.items()},
        checks=[CheckOut(requirement=c.requirement, status=c.status, detail=c.detail)
                for c in result.checks],
        evidence=[EvidenceOut(unit=e.unit, chunk=e.chunk, similarity=round(e.similarity, 4),
                              kind=e.kind, coverage=e.coverage) for e in evidence],
        flags=list(result.flags),
        coverage={kind: [shown, total] for kind, (shown, total) in result.coverage.items()},
        advice=[AdviceOut(requirement=a.requirement, message=a.message, opens=a.opens)
                for a in result.advice],
    )


def ranked(service: MatchService, results: Sequence[MatchResult], *, by: Ranked
           ) -> list[RankedResultOut]:
    """Ranking rows of a service's results; ``by`` names the side being ranked."""
    rows: list[RankedResultOut] = []
    for rank, result in enumerate(results, start=1):
        if by == "vacancy":
            vacancy = service.get_vacancy(result.vacancy_id)
            source, title = vacancy.source, vacancy.title
        else:
            source, title = service.candidate_label(result.candidate_id)
        rows.append(ranking_row(result, rank, source, title, ranked=by))
    return rows


def pool_row(entry: PoolEntry) -> PoolRankedResultOut:
    """One candidate of a pool ranking: the contract's row, then label, status and note."""
    row = ranking_row(entry.result, entry.rank, entry.source, None, ranked="candidate")
    return PoolRankedResultOut(**row.model_dump(), label=entry.label, status=entry.status,
                               note=entry.note)


def pool_ranking_out(ranking: PoolRanking) -> RankingOut:
    """A pool's ranking as ``GET /vacancies/{id}/ranking`` shows it (and its exports hold)."""
    return RankingOut(vacancy_id=ranking.vacancy.id, blind=ranking.blind,
                      results=[pool_row(e) for e in ranking.entries])


def intake_out(report: IntakeReport) -> PoolIntakeOut:
    """What an intake did: ``{"added": n, "duplicates": [...], "skipped": [...]}``."""
    return PoolIntakeOut(
        added=len(report.added),
        duplicates=[DuplicateOut(source=d.source, same_as=d.same_as, kind=d.kind)
                    for d in report.duplicates],
        skipped=[SkippedOut(source=s.source, reason=s.reason) for s in report.skipped],
    )


def job_out(job: JobView[IntakeReport]) -> PoolJobOut:
    """A background intake's progress, and its report once done."""
    return PoolJobOut(
        job_id=job.job_id, vacancy_id=job.scope, state=job.state, phase=job.phase,
        done=job.done, total=job.total,
        result=intake_out(job.result) if job.result is not None else None,
        error=ErrorBody(reason=job.error[0], message=job.error[1]) if job.error else None,
    )


def member_out(view: PoolMemberView) -> PoolMemberOut:
    """A pool candidate's row after a status change."""
    return PoolMemberOut(
        candidate_id=view.candidate_id, label=view.label, status=view.status, note=view.note,
        updated=datetime.fromtimestamp(view.updated, tz=UTC).isoformat(timespec="seconds"),
    )


def directory_ranking_json(ranking: DirectoryRanking, ranked: Ranked) -> dict[str, Any]:
    """The ranking contract's JSON of a CLI directory ranking (results and skipped files)."""
    return {
        "results": [
            ranking_row(item.result, i, item.source, item.title, ranked=ranked).model_dump(
                mode="json")
            for i, item in enumerate(ranking.results, start=1)
        ],
        "skipped": list(ranking.skipped),
    }


def vacancy_out(vacancy: Vacancy) -> VacancyOut:
    """A vacancy as the parsing contract shows it."""
    return VacancyOut.model_validate(vacancy.to_dict())


def application_out(view: ApplicationView) -> ApplicationOut:
    """A stored application as its candidate may read it."""
    return ApplicationOut.model_validate(view)


def health_out(report: HealthReport) -> HealthOut:
    """The health report's public fields."""
    return HealthOut.model_validate(report)
