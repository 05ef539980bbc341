"""JSON routes of a recruiter's pool: bulk intake, intake jobs, review statuses, and the
ranking with its blind mode, status filter and exports (DESIGN.md "Pools").

Every route is for the recruiter who owns the vacancy (bearer token): anyone else gets 401
(no or unknown token), 403 (a candidate's token, or another recruiter, whose attempt is
audited) or 404 (no such vacancy, job or pool candidate). ``tests/api/test_authz_matrix.py``
lists each route's status per role.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from api.deps import CurrentRecruiter, ServiceDep, SettingsDep, run_bounded
from api.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, export_bytes, export_filename
from api.inputs import PoolStatusIn, PoolUploadDep, read_upload
from api.presenters import intake_out, job_out, member_out, pool_ranking_out
from api.schemas import ErrorOut, PoolIntakeOut, PoolJobOut, PoolMemberOut, RankingOut
from api.service.pools import PoolRanking
from matcher.pool import PoolStatus

__all__ = ["RankingFormat", "export_response", "router"]

router = APIRouter(tags=["pools"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 415, 422, 503)
}
_EXPORT_CONTENT = {
    "text/csv": {"schema": {"type": "string"}},
    XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
}

RankingFormat = Literal["json", "csv", "xlsx"]
BlindQuery = Annotated[bool, Query(description="mask names, contacts, gender words, nationality")]
StatusQuery = Annotated[
    list[PoolStatus] | None, Query(description="keep only candidates with these statuses")
]
FormatQuery = Annotated[RankingFormat, Query(alias="format", description="json, csv or xlsx")]


def export_response(ranking: PoolRanking, fmt: Literal["csv", "xlsx"]) -> Response:
    """A ranking as a CSV or XLSX download (the rows the JSON route shows)."""
    rows = pool_ranking_out(ranking).results
    title = ranking.vacancy.reference or ranking.vacancy.title or "pool"
    name = export_filename(ranking.vacancy, fmt, blind=ranking.blind)
    return Response(
        export_bytes(rows, fmt, title),
        media_type=CSV_MEDIA_TYPE if fmt == "csv" else XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/vacancies/{vacancy_id}/ranking", response_model=RankingOut,
            responses={**_ERRORS, 200: {"content": _EXPORT_CONTENT}})
async def ranking(
    request: Request,
    vacancy_id: str,
    service: ServiceDep,
    recruiter: CurrentRecruiter,
    blind: BlindQuery = False,
    fmt: FormatQuery = "json",
    status_filter: Annotated[StatusQuery, Query(alias="status")] = None,
) -> Any:
    """The ranked pool of a vacancy the recruiter owns, with checks, evidence, labels,
    statuses and notes; ``blind=true`` masks every text; ``format=csv|xlsx`` downloads it."""
    result: PoolRanking = await run_bounded(
        request, service.pool_ranking, vacancy_id, recruiter.id, blind=blind,
        statuses=tuple(status_filter or ()), export=None if fmt == "json" else fmt,
    )
    if fmt == "json":
        return pool_ranking_out(result)
    return export_response(result, fmt)


@router.post("/vacancies/{vacancy_id}/pool", response_model=PoolIntakeOut,
             responses={**_ERRORS, 202: {"model": PoolJobOut}})
async def add_to_pool(
    request: Request,
    vacancy_id: str,
    file: PoolUploadDep,
    service: ServiceDep,
    settings: SettingsDep,
    recruiter: CurrentRecruiter,
    background: Annotated[bool, Query(description="answer 202 with a job id to poll")] = False,
) -> Any:
    """Bring a zip of CVs (or one CV) into the pool; duplicates are reported, not stored."""
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    if background:
        job = await run_bounded(request, service.start_pool_intake, vacancy_id, recruiter.id,
                                data, name, max_bytes=settings.max_upload_bytes)
        return JSONResponse(
            job_out(job).model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED,
            headers={"Location": f"/vacancies/{vacancy_id}/pool/jobs/{job.job_id}"},
        )
    report = await run_bounded(request, service.add_to_pool, vacancy_id, recruiter.id, data, name,
                               max_bytes=settings.max_upload_bytes)
    return intake_out(report)


@router.get("/vacancies/{vacancy_id}/pool/jobs/{job_id}", responses=_ERRORS)
def intake_job(
    vacancy_id: str, job_id: str, service: ServiceDep, recruiter: CurrentRecruiter
) -> PoolJobOut:
    """Progress of a background intake, with its report once done."""
    return job_out(service.pool_intake_job(vacancy_id, recruiter.id, job_id))


@router.put("/vacancies/{vacancy_id}/pool/{candidate_id}", responses=_ERRORS)
def set_status(
    vacancy_id: str,
    candidate_id: str,
    change: PoolStatusIn,
    service: ServiceDep,
    recruiter: CurrentRecruiter,
) -> PoolMemberOut:
    """Set a pool candidate's review status and note (``not_selected`` needs a note)."""
    view = service.set_pool_status(vacancy_id, recruiter.id, candidate_id, change.status,
                                   change.note)
    return member_out(view)

