"""The recruiter's pool page: ranking, upload with progress, statuses and notes, status
filter, blind review and exports.

The page works without JavaScript (links for the filter, the blind toggle and the exports;
plain form posts for uploads and statuses); ``/static/pool.js`` enhances it: the upload goes
to a background job whose progress it polls, and a status change updates its row in place.
The scripts send the page's own credentials (the session cookie and the form's CSRF token, which
every POST needs as on the other pages) and ask for JSON
(``Accept: application/json``); without that header the actions answer with pages or
redirects. No inline script, event handler or style: the page runs under a strict
Content-Security-Policy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.deps import Recruiter, ServiceDep, SettingsDep, run_bounded
from api.inputs import PoolUploadDep, read_upload
from api.pages import UPLOAD_MESSAGES, SessionCookie, sign_in_page, signed_in, templates
from api.pool_routes import export_response
from api.presenters import intake_out, job_out, member_out, pool_row
from api.security import verify_csrf
from api.service import MatchService
from api.service.pools import IntakeReport, PoolRanking
from matcher.errors import AuthError, ForbiddenError, InputError, MatcherError, NotFoundError
from matcher.pool import POOL_STATUSES, PoolStatus

__all__ = ["STATUS_NAMES", "router"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

#: How the page names each review status.
STATUS_NAMES: dict[str, str] = {
    "new": "New",
    "longlisted": "Long list",
    "shortlisted": "Short list",
    "not_selected": "Not selected",
}
#: Pool-specific upload errors, beside the single-file ones of ``api.pages``.
_POOL_MESSAGES = {
    **UPLOAD_MESSAGES,
    "too_large": "This upload is too large: the zip and the CVs in it must stay under the "
    "upload limit. Split the CVs into several zips.",
    "too_many_members": "This zip holds more than 500 files. Split it into several zips.",
    "corrupt_zip": "This zip cannot be opened. Create it again and retry.",
}

StatusFilter = Annotated[list[PoolStatus] | None, Query(alias="status")]


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _page_url(vacancy_id: str, blind: bool, statuses: list[PoolStatus] | tuple[()],
              fmt: str | None = None) -> str:
    """The pool page's own URL with its view settings (never a URL taken from a request)."""
    params: list[tuple[str, str]] = [("blind", "true")] if blind else []
    params += [("status", s) for s in statuses]
    if fmt:
        params.append(("format", fmt))
    query = urlencode(params)
    return f"/recruiter/vacancies/{vacancy_id}" + (f"?{query}" if query else "")


def _denied(request: Request, exc: MatcherError) -> Response:
    if isinstance(exc, AuthError):
        # The cookie is no live session (ended, expired, revoked, or never one).
        return sign_in_page(request, "Your session has ended. Sign in again.", 401)
    status = 404 if isinstance(exc, NotFoundError) else 403
    return templates.TemplateResponse(
        request, "signin.html", {"error": "You do not have access to that vacancy."}, status
    )


def _render(
    request: Request, ranking: PoolRanking, statuses: list[PoolStatus], *,
    report: IntakeReport | None = None, error: str | None = None, status_code: int = 200,
) -> Response:
    rows = [pool_row(e).model_dump() for e in ranking.entries]
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in POOL_STATUSES}
    shown = [r for r in rows if not statuses or r["status"] in statuses]
    vid, blind = ranking.vacancy.id, ranking.blind
    context: dict[str, Any] = {
        "vacancy": ranking.vacancy, "rows": shown, "size": ranking.size, "blind": blind,
        "statuses": statuses, "all_statuses": POOL_STATUSES, "status_names": STATUS_NAMES,
        "counts": counts, "error": error,
        "report": intake_out(report).model_dump() if report is not None else None,
        "links": {
            "all": _page_url(vid, blind, []),
            "blind": _page_url(vid, not blind, statuses),
            "csv": _page_url(vid, blind, statuses, "csv"),
            "xlsx": _page_url(vid, blind, statuses, "xlsx"),
            **{s: _page_url(vid, blind, [s]) for s in POOL_STATUSES},
        },
    }
    return templates.TemplateResponse(request, "ranking.html", context, status_code=status_code)


async def _page(
    request: Request, service: MatchService, recruiter: Recruiter, vacancy_id: str,
    blind: bool, statuses: list[PoolStatus], **extra: Any,
) -> Response:
    ranking = await run_bounded(request, service.pool_ranking, vacancy_id, recruiter.id,
                                blind=blind)
    return _render(request, ranking, statuses, **extra)


@router.get("/recruiter/vacancies/{vacancy_id}")
async def recruiter_ranking(
    request: Request,
    vacancy_id: str,
    service: ServiceDep,
    session: SessionCookie = None,
    blind: bool = False,
    status: StatusFilter = None,
    fmt: Annotated[Literal["html", "csv", "xlsx"], Query(alias="format")] = "html",
) -> Response:
    """The pool page, or its export (``format=csv|xlsx``) with the page's view settings."""
    if not session:
        return RedirectResponse("/recruiter", status_code=303)
    statuses = list(dict.fromkeys(status or ()))
    try:
        recruiter = signed_in(service, session)
        if fmt != "html":
            ranking = await run_bounded(request, service.pool_ranking, vacancy_id,
                                        recruiter.id, blind=blind, statuses=tuple(statuses),
                                        export=fmt)
            return export_response(ranking, fmt)
        return await _page(request, service, recruiter, vacancy_id, blind, statuses)
    except (AuthError, ForbiddenError, NotFoundError) as exc:
        return _denied(request, exc)


@router.post("/recruiter/vacancies/{vacancy_id}/pool")
async def recruiter_pool_upload(
    request: Request,
    vacancy_id: str,
    file: PoolUploadDep,
    service: ServiceDep,
    settings: SettingsDep,
    session: SessionCookie = None,
    background: Annotated[bool, Form()] = False,
) -> Response:
    """The page's upload: a background job for the script, the whole intake for a form."""
    if background:
        # The script's call: errors answer as JSON through the app's one handler.
        recruiter = signed_in(service, session)
        data, name = await read_upload(request, file, settings.max_upload_bytes)
        job = await run_bounded(request, service.start_pool_intake, vacancy_id, recruiter.id,
                                data, name, max_bytes=settings.max_upload_bytes)
        return JSONResponse(job_out(job).model_dump(mode="json"), status_code=202)
    if not session:
        return RedirectResponse("/recruiter", status_code=303)
    try:
        recruiter = signed_in(service, session)
        data, name = await read_upload(request, file, settings.max_upload_bytes)
        report = await run_bounded(request, service.add_to_pool, vacancy_id, recruiter.id,
                                   data, name, max_bytes=settings.max_upload_bytes)
    except (AuthError, ForbiddenError, NotFoundError) as exc:
        return _denied(request, exc)
    except InputError as exc:
        return await _page(request, service, recruiter, vacancy_id, False, [],
                           error=_POOL_MESSAGES.get(exc.reason, exc.message), status_code=422)
    return await _page(request, service, recruiter, vacancy_id, False, [], report=report)


@router.get("/recruiter/vacancies/{vacancy_id}/pool/jobs/{job_id}")
def recruiter_pool_job(
    vacancy_id: str, job_id: str, service: ServiceDep, session: SessionCookie = None
) -> Response:
    """The progress of the page's upload job (JSON for the script)."""
    recruiter = signed_in(service, session)
    job = service.pool_intake_job(vacancy_id, recruiter.id, job_id)
    return JSONResponse(job_out(job).model_dump(mode="json"))


@router.post("/recruiter/vacancies/{vacancy_id}/pool/{candidate_id}")
async def recruiter_pool_status(
    request: Request,
    vacancy_id: str,
    candidate_id: str,
    service: ServiceDep,
    status: Annotated[str, Form(max_length=40)],
    session: SessionCookie = None,
    note: Annotated[str, Form(max_length=4000)] = "",
    blind: Annotated[bool, Form()] = False,
    view: Annotated[list[str] | None, Form(alias="filter")] = None,
) -> Response:
    """A status button of the page: JSON for the script, a redirect back for a form.

    In blind review the note box starts empty (the note shown is masked), so an empty note
    keeps the one on record instead of clearing it.
    """
    statuses = [s for s in POOL_STATUSES if s in (view or ())]
    kept_note = None if blind and not note.strip() else note
    if _wants_json(request):
        recruiter = signed_in(service, session)
        updated = await run_bounded(request, service.set_pool_status, vacancy_id,
                                    recruiter.id, candidate_id, status, kept_note, blind=blind)
        return JSONResponse(member_out(updated).model_dump(mode="json"))
    if not session:
        return RedirectResponse("/recruiter", status_code=303)
    try:
        recruiter = signed_in(service, session)
        await run_bounded(request, service.set_pool_status, vacancy_id, recruiter.id,
                          candidate_id, status, kept_note, blind=blind)
    except (AuthError, ForbiddenError, NotFoundError) as exc:
        return _denied(request, exc)
    except InputError as exc:
        return await _page(request, service, recruiter, vacancy_id, blind, statuses,
                           error=exc.message, status_code=422)
    return RedirectResponse(_page_url(vacancy_id, blind, statuses), status_code=303)
