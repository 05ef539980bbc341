"""JSON routes: validate, call the service in a bounded worker thread, return a schema.

Authorization is decided here (and in ``api/deps.py``); ``tests/api/test_authz_matrix.py`` lists,
per route and role, the status a caller gets, and fails when a route is missing from that table.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status

from api.deps import BearerToken, CurrentRecruiter, ServiceDep, SettingsDep, run_bounded
from api.results import result_to_dict
from api.schemas import (
    ApplicationCreated,
    ApplicationOut,
    ErrorOut,
    HealthOut,
    MatchOut,
    RankedResultOut,
    RankingOut,
    VacancyOut,
)
from api.service import MatchService
from matcher.errors import FileTooLargeError, InputError, NotFoundError
from matcher.models import MatchResult

__all__ = ["ranked", "read_upload", "router"]

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 415, 422, 503)
}

UploadDep = Annotated[UploadFile, File(description="CV or ToR: .pdf, .docx or .txt, up to 10 MB")]


async def read_upload(request: Request, upload: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """Read the one uploaded file (the middleware already capped the body) and check it again.

    Raises:
        InputError: more than one file part was sent (``too_many_files``): silently keeping
            the first would store a document the sender may not have meant.
        FileTooLargeError: the file itself is over ``max_bytes``.
    """
    form = await request.form()  # already parsed by FastAPI; cached on the request
    if sum(1 for _, value in form.multi_items() if not isinstance(value, str)) > 1:
        raise InputError("send exactly one file per request", reason="too_many_files")
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLargeError(f"file is larger than the {max_bytes // (1024 * 1024)} MB limit")
    return data, upload.filename or "upload"


def ranked(
    service: MatchService, results: list[MatchResult], *, by: Literal["vacancy", "candidate"]
) -> list[RankedResultOut]:
    """Public result rows; ``by`` names the side being ranked ("vacancy" or "candidate")."""
    rows: list[RankedResultOut] = []
    for rank, result in enumerate(results, start=1):
        if by == "vacancy":
            vacancy = service.get_vacancy(result.vacancy_id)
            source, title = vacancy.source, vacancy.title
        else:
            source, title = service.candidate_label(result.candidate_id)
        rows.append(RankedResultOut.model_validate(
            result_to_dict(result, rank, source, title, ranked=by)
        ))
    return rows


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(service: ServiceDep) -> dict[str, Any]:
    """Model in use and index sizes."""
    return service.health()


@router.get("/vacancies", response_model=list[VacancyOut], tags=["vacancies"])
def list_vacancies(service: ServiceDep) -> list[dict[str, Any]]:
    """Every open vacancy (public)."""
    return [v.to_dict() for v in service.list_vacancies()]


@router.get(
    "/vacancies/{vacancy_id}", response_model=VacancyOut, responses=_ERRORS, tags=["vacancies"]
)
def get_vacancy(vacancy_id: str, service: ServiceDep) -> dict[str, Any]:
    """One open vacancy (public)."""
    return service.get_vacancy(vacancy_id).to_dict()


@router.post(
    "/vacancies",
    response_model=VacancyOut,
    status_code=status.HTTP_201_CREATED,
    responses=_ERRORS,
    tags=["recruiters"],
)
async def add_vacancy(
    request: Request,
    file: UploadDep,
    service: ServiceDep,
    settings: SettingsDep,
    recruiter: CurrentRecruiter,
) -> dict[str, Any]:
    """Add a ToR file as a vacancy owned by the calling recruiter."""
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    vacancy = await run_bounded(request, service.add_vacancy, data, name, owner=recruiter.id)
    return vacancy.to_dict()


@router.post("/match", response_model=MatchOut, responses=_ERRORS, tags=["candidates"])
async def match(
    request: Request, file: UploadDep, service: ServiceDep, settings: SettingsDep
) -> MatchOut:
    """Rank every open vacancy for an uploaded CV. Anonymous; stores nothing."""
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    results = await run_bounded(
        request, service.match, data, name, limit=settings.match_top_k
    )
    return MatchOut(results=ranked(service, results, by="vacancy"))


@router.post(
    "/vacancies/{vacancy_id}/applications",
    response_model=ApplicationCreated,
    status_code=status.HTTP_201_CREATED,
    responses=_ERRORS,
    tags=["candidates"],
)
async def apply(
    request: Request,
    vacancy_id: str,
    file: UploadDep,
    consent: Annotated[bool, Form(description="consent to store the CV for this vacancy")],
    service: ServiceDep,
    settings: SettingsDep,
) -> ApplicationCreated:
    """Apply to a vacancy: stores the CV (with consent) and returns the candidate's token."""
    if not consent:
        raise InputError("consent=true is required to store a CV", reason="consent_required")
    data, name = await read_upload(request, file, settings.max_upload_bytes)
    application_id, token = await run_bounded(request, service.apply, vacancy_id, data, name)
    return ApplicationCreated(application_id=application_id, candidate_token=token)


def _candidate_token(token: str | None) -> str:
    # A missing token answers exactly like a wrong one: 404, so ids cannot be probed.
    if not token:
        raise NotFoundError("no such application")
    return token


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    responses=_ERRORS,
    tags=["candidates"],
)
def get_application(application_id: str, service: ServiceDep, token: BearerToken) -> dict[str, Any]:
    """The caller's own application (candidate token)."""
    return service.get_application(application_id, _candidate_token(token))


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


@router.get(
    "/vacancies/{vacancy_id}/ranking",
    response_model=RankingOut,
    responses=_ERRORS,
    tags=["recruiters"],
)
async def ranking(
    request: Request, vacancy_id: str, service: ServiceDep, recruiter: CurrentRecruiter
) -> RankingOut:
    """The ranked pool of a vacancy the recruiter owns, with checks and evidence."""
    results = await run_bounded(request, service.rank_pool, vacancy_id, recruiter.id)
    return RankingOut(vacancy_id=vacancy_id, results=ranked(service, results, by="candidate"))

