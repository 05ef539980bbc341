"""JSON routes: validate, call the service in a bounded worker thread, return a schema.

Each route's return annotation is its response model (an output schema of :mod:`api.schemas`,
built by :mod:`api.presenters`), so FastAPI documents and filters exactly those fields.

Authorization is decided here (and in ``api/deps.py``); ``tests/api/test_authz_matrix.py`` lists,
per route and role, the status a caller gets, and fails when a route is missing from that table.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from api.deps import (
    BearerToken,
    CurrentRecruiter,
    ServiceDep,
    SettingsDep,
    run_bounded,
    run_queued,
)
from api.inputs import ConsentForm, UploadDep, read_upload
from api.presenters import application_out, health_out, ranked, vacancy_out
from api.schemas import (
    ApplicationCreated,
    ApplicationOut,
    ErrorOut,
    HealthOut,
    MatchOut,
    VacancyOut,
)
from matcher.errors import InputError, NotFoundError

__all__ = ["router"]

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut}
    for code in (400, 401, 403, 404, 408, 409, 413, 415, 422, 429, 503)
}


@router.get("/health", tags=["service"])
def health(service: ServiceDep) -> HealthOut:
    """Model in use and index sizes."""
    return health_out(service.health())


@router.get("/vacancies", tags=["vacancies"])
def list_vacancies(service: ServiceDep) -> list[VacancyOut]:
    """Every open vacancy (public)."""
    return [vacancy_out(v) for v in service.list_vacancies()]


@router.get("/vacancies/{vacancy_id}", responses=_ERRORS, tags=["vacancies"])
def get_vacancy(vacancy_id: str, service: ServiceDep) -> VacancyOut:
    """One open vacancy (public)."""
    return vacancy_out(service.get_vacancy(vacancy_id))


@router.post("/vacancies", status_code=status.HTTP_201_CREATED, responses=_ERRORS,
             tags=["recruiters"])
async def add_vacancy(
    request: Request,
    file: UploadDep,
    service: ServiceDep,
    settings: SettingsDep,
    recruiter: CurrentRecruiter,
) -> VacancyOut:
    """Add a ToR file as a vacancy owned by the calling recruiter."""
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    vacancy = await run_bounded(request, service.add_vacancy, data, name, owner=recruiter.id)
    return vacancy_out(vacancy)


@router.post("/match", responses=_ERRORS, tags=["candidates"])
async def match(
    request: Request, file: UploadDep, service: ServiceDep, settings: SettingsDep
) -> MatchOut:
    """Rank every open vacancy for an uploaded CV. Anonymous; stores nothing."""
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    results = await run_queued(
        request, "anonymous", service.match, data, name, limit=settings.match_top_k
    )
    return MatchOut(results=ranked(service, results, by="vacancy"))


@router.post("/vacancies/{vacancy_id}/applications", status_code=status.HTTP_201_CREATED,
             responses=_ERRORS, tags=["candidates"])
async def apply(
    request: Request,
    vacancy_id: str,
    file: UploadDep,
    consent: ConsentForm,
    service: ServiceDep,
    settings: SettingsDep,
) -> ApplicationCreated:
    """Apply to a vacancy: stores the CV (with consent) and returns the candidate's token."""
    if not consent:
        raise InputError("consent=true is required to store a CV", reason="consent_required")
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    application_id, token = await run_queued(
        request, "applications", service.apply, vacancy_id, data, name
    )
    return ApplicationCreated(application_id=application_id, candidate_token=token)


def _candidate_token(token: str | None) -> str:
    # A missing token answers exactly like a wrong one: 404, so ids cannot be probed.
    if not token:
        raise NotFoundError("no such application")
    return token


@router.get("/applications/{application_id}", responses=_ERRORS, tags=["candidates"])
def get_application(application_id: str, service: ServiceDep, token: BearerToken) -> ApplicationOut:
    """The caller's own application (candidate token)."""
    return application_out(service.get_application(application_id, _candidate_token(token)))


@router.delete(
    "/applications/{application_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=_ERRORS,
    tags=["candidates"],
)
async def delete_application(
    request: Request, application_id: str, service: ServiceDep, token: BearerToken
) -> Response:
    """Erase the caller's application: text, fields, vectors and files."""
    await run_bounded(request, service.delete_application, application_id, _candidate_token(token))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
