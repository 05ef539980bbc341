"""Server-rendered web pages (Jinja2, no build step) for candidates and recruiters.

The pages call the same service and helpers as the JSON routes. The recruiter's token is held
in an HttpOnly, SameSite=Strict cookie after sign-in, so it never appears in a URL. The pool
page (ranking, uploads, statuses, exports) is in :mod:`api.pool_pages`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import ServiceDep, SettingsDep, recruiter_from_token, run_bounded
from api.inputs import TokenForm, UploadDep, read_upload
from api.presenters import ranked
from matcher.errors import AuthError, ForbiddenError, InputError

__all__ = ["COOKIE", "UPLOAD_MESSAGES", "router", "templates"]

COOKIE = "jpo_recruiter"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)

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
}


def _missing_duties(row: dict[str, Any], count: int = 2) -> list[str]:
    duties = [e for e in row["evidence"] if e.get("kind", "duty") == "duty"]
    return [e["unit"] for e in sorted(duties, key=lambda e: e["similarity"])[:count]]


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
        results = await run_bounded(
            request, service.match, data, name, limit=settings.match_top_k
        )
    except InputError as exc:
        context["error"] = UPLOAD_MESSAGES.get(exc.reason, exc.message)
        context["error_reason"] = exc.reason
        return templates.TemplateResponse(request, "candidate.html", context, status_code=422)
    rows = [r.model_dump() for r in ranked(service, results[: settings.match_top_k], by="vacancy")]
    for row in rows:
        row["missing"] = _missing_duties(row)
    context.update(results=rows, file_name=name)
    return templates.TemplateResponse(request, "candidate.html", context)


@router.get("/recruiter", response_class=HTMLResponse)
def recruiter_page(
    request: Request,
    service: ServiceDep,
    token: Annotated[str | None, Cookie(alias=COOKIE)] = None,
) -> Response:
    if not token:
        return templates.TemplateResponse(request, "signin.html", {})
    try:
        recruiter = recruiter_from_token(service, token)
    except (AuthError, ForbiddenError):
        return templates.TemplateResponse(
            request, "signin.html", {"error": "That token is not a recruiter token."}, 401
        )
    vacancies = service.owned_vacancies(recruiter.id)
    return templates.TemplateResponse(
        request, "recruiter.html", {"vacancies": vacancies, "recruiter": recruiter.id}
    )


@router.post("/recruiter/sign-in")
def recruiter_sign_in(
    request: Request, service: ServiceDep, token: TokenForm
) -> Response:
    try:
        recruiter_from_token(service, token.strip())
    except (AuthError, ForbiddenError):
        return templates.TemplateResponse(
            request, "signin.html", {"error": "That token is not a recruiter token."}, 401
        )
    response = RedirectResponse("/recruiter", status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict", path="/")
    return response


@router.post("/recruiter/sign-out")
def recruiter_sign_out() -> Response:
    response = RedirectResponse("/recruiter", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
