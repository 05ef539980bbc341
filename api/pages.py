"""Server-rendered web pages (Jinja2, no build step) for candidates and recruiters.

The pages call the same service and helpers as the JSON routes. A recruiter signs in with their
token once; the page then holds a server-side session (``index.sessions``) in an ``HttpOnly``,
``SameSite=Strict`` cookie, ``Secure`` over https, that is never the token itself and ends on
the server at sign-out or expiry (docs/reliability.md item 29). Every form POST carries the
browser's CSRF token (``api.security.verify_csrf``, a dependency of this router; item 30).
Templates hold no inline script or style (the Content Security Policy allows neither). The
pool page (ranking, uploads, statuses, exports) is in :mod:`api.pool_pages`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import (
    Recruiter,
    ServiceDep,
    SettingsDep,
    recruiter_from_token,
    run_queued,
)
from api.highlight import highlight_matches
from api.inputs import TokenForm, UploadDep, read_upload
from api.presenters import ranked
from api.security import is_https, verify_csrf
from matcher.errors import AuthError, ForbiddenError, InputError, RetryLaterError

__all__ = [
    "LEGACY_COOKIE",
    "SESSION_COOKIE",
    "UPLOAD_MESSAGES",
    "SessionCookie",
    "router",
    "sign_in_page",
    "signed_in",
    "templates",
]

SESSION_COOKIE = "jpo_session"
#: The cookie that held the API token itself before sessions; cleared wherever it is seen.
LEGACY_COOKIE = "jpo_recruiter"


def _csrf_context(request: Request) -> dict[str, Any]:
    return {"csrf_token": getattr(request.state, "csrf_token", "")}


templates = Jinja2Templates(directory=Path(__file__).parent / "templates",
                            context_processors=[_csrf_context])
templates.env.filters["highlight"] = highlight_matches
#: One sentence for what the score means (README.md says the same).
SCORE_MEANING = (
    "The score is the estimated chance, in percent, that a UN recruiter would grade the CV's "
    "work relevant to the post (2 or 3 on a 0-3 scale); the requirements are checked "
    "separately, beside it.")
templates.env.globals["score_meaning"] = SCORE_MEANING
router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE)]

#: Plain-language messages for upload errors, keyed by the error's reason code.
UPLOAD_MESSAGES = {
    "unsupported_type": "This file type is not supported. Upload a PDF, a Word (.docx) or a "
    "plain-text file.",
    "too_large": "This file is too large. The limit is 10 MB.",
    "empty_text": "No text could be read from this file (is it a scan or an image?). Upload a "
    "PDF with selectable text, a .docx or a .txt file.",
    "encrypted": "This PDF is password-protected. Remove the password and upload it again.",
    "malicious": "This file looks malformed and was rejected for safety.",
    "unreadable": "This file could not be read. Save it again as PDF or .docx and retry.",
    "timeout": "Reading this file took too long. Save it again as a simpler PDF or .docx.",
    "duplicate_application": "This CV has already applied to this vacancy.",
}
#: Shown when the queue of anonymous matches is full or this address sent too many.
BUSY_MESSAGE = "Many CVs are being read right now. Please try again in {seconds} seconds."


def _missing_duties(row: dict[str, Any], count: int = 3) -> list[str]:
    """Duties the CV does not show (coverage "none"), weakest first."""
    duties = [e for e in row["evidence"]
              if e.get("kind", "duty") == "duty" and e.get("coverage") == "none"]
    return [e["unit"] for e in sorted(duties, key=lambda e: e["similarity"])[:count]]


def _advice_summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each advice once (it counts over all open positions), the most opening first."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        for tip in row["advice"]:
            seen.setdefault(tip["requirement"], tip)
    return sorted(seen.values(), key=lambda a: (-a["opens"], a["requirement"]))


@router.get("/", response_class=HTMLResponse)
def candidate_page(request: Request, service: ServiceDep) -> Response:
    return templates.TemplateResponse(
        request, "candidate.html", {"vacancies": service.list_vacancies(), "results": None}
    )


@router.post("/ui/match", response_class=HTMLResponse)
async def candidate_match(
    request: Request,
    file: UploadDep,
    service: ServiceDep,
    settings: SettingsDep,
) -> Response:
    context: dict[str, Any] = {"vacancies": service.list_vacancies(), "results": None}
    try:
        data, name = await read_upload(request, file, settings.max_upload_bytes)
        results = await run_queued(
            request, "anonymous", service.match, data, name, limit=settings.match_top_k
        )
    except InputError as exc:
        context["error"] = UPLOAD_MESSAGES.get(exc.reason, exc.message)
        context["error_reason"] = exc.reason
        return templates.TemplateResponse(request, "candidate.html", context, status_code=422)
    except RetryLaterError as exc:
        context["error"] = BUSY_MESSAGE.format(seconds=exc.retry_after)
        context["error_reason"] = exc.reason
        return templates.TemplateResponse(request, "candidate.html", context, status_code=503,
                                          headers={"Retry-After": str(exc.retry_after)})
    rows = [r.model_dump() for r in ranked(service, results[: settings.match_top_k], by="vacancy")]
    for row in rows:
        row["missing"] = _missing_duties(row)
    context.update(results=rows, file_name=name, advice=_advice_summary(rows))
    return templates.TemplateResponse(request, "candidate.html", context)


def signed_in(service: ServiceDep, session: str | None) -> Recruiter:
    """The recruiter of the page's session cookie.

    Raises:
        AuthError: No cookie, or a session that ended, expired or whose recruiter was revoked.
    """
    if not session:
        raise AuthError("not signed in", reason="signed_out")
    return Recruiter(id=service.recruiter_for_session(session))


def sign_in_page(request: Request, error: str | None, status: int) -> Response:
    response = templates.TemplateResponse(
        request, "signin.html", {"error": error} if error else {}, status_code=status)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(LEGACY_COOKIE, path="/")
    return response


@router.get("/recruiter", response_class=HTMLResponse)
def recruiter_page(request: Request, service: ServiceDep, session: SessionCookie = None
                   ) -> Response:
    try:
        recruiter = signed_in(service, session)
    except AuthError:
        if session:
            return sign_in_page(request, "Your session has ended. Sign in again.", 401)
        return sign_in_page(request, None, 200)
    vacancies = service.owned_vacancies(recruiter.id)
    return templates.TemplateResponse(
        request, "recruiter.html", {"vacancies": vacancies, "recruiter": recruiter.id}
    )


@router.post("/recruiter/sign-in")
def recruiter_sign_in(
    request: Request, service: ServiceDep, settings: SettingsDep, token: TokenForm
) -> Response:
    try:
        recruiter_from_token(service, token.strip())
        grant = service.sign_in(token.strip(), settings.session_hours * 3600.0)
    except (AuthError, ForbiddenError):
        return sign_in_page(request, "That token is not a recruiter token.", 401)
    response = RedirectResponse("/recruiter", status_code=303)
    response.set_cookie(
        SESSION_COOKIE, grant.session_id, max_age=int(settings.session_hours * 3600),
        path="/", secure=is_https(request.scope), httponly=True, samesite="strict",
    )
    response.delete_cookie(LEGACY_COOKIE, path="/")
    return response


@router.post("/recruiter/sign-out")
def recruiter_sign_out(service: ServiceDep, session: SessionCookie = None) -> Response:
    if session:
        service.sign_out(session)  # ended on the server, not only forgotten by the browser
    response = RedirectResponse("/recruiter", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(LEGACY_COOKIE, path="/")
    return response
