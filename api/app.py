"""The FastAPI application: JSON API, web pages, limits and the single error handler.

``create_app()`` builds an app around a :class:`~api.service.MatchService`; the service is
opened at start-up from ``Settings.data_dir`` unless a test passes one in.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.limits import BodyLimitMiddleware
from api.pages import router as pages_router
from api.pool_pages import router as pool_pages_router
from api.pool_routes import router as pool_router
from api.routes import router as api_router
from api.service import MatchService, open_service
from api.settings import Settings
from matcher.errors import (
    AuthError,
    FileTooLargeError,
    ForbiddenError,
    IndexNotReadyError,
    InputError,
    MatcherError,
    NotFoundError,
    UnsupportedFileError,
)

__all__ = ["create_app", "status_for"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"


#: The one mapping of the error hierarchy to HTTP statuses; the first matching class wins, so
#: the two InputError subclasses come before InputError itself.
_STATUSES: tuple[tuple[type[MatcherError], int], ...] = (
    (FileTooLargeError, 413),
    (UnsupportedFileError, 415),
    (InputError, 422),
    (NotFoundError, 404),
    (AuthError, 401),
    (ForbiddenError, 403),
    (IndexNotReadyError, 503),
)


def status_for(exc: MatcherError) -> int:
    """The HTTP status of an error of the hierarchy (500 for anything not listed)."""
    return next((code for cls, code in _STATUSES if isinstance(exc, cls)), 500)


def _error_response(status: int, reason: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"reason": reason, "message": message}}, status_code=status, headers=headers
    )


def create_app(settings: Settings | None = None, *, service: MatchService | None = None) -> FastAPI:
    """Build the app. Pass ``service`` to reuse one (tests); otherwise it is opened at start-up."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = service is None
        app.state.service = service or open_service(settings)
        try:
            yield
        finally:
            if owned:
                app.state.service.close()

    app = FastAPI(
        title="jpo-matcher",
        summary="Semantic matching of UN JPO Terms of Reference and CVs, in both directions.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.parse_limiter = anyio.CapacityLimiter(settings.max_concurrent_parses)
    if service is not None:
        app.state.service = service

    app.add_middleware(
        BodyLimitMiddleware,
        max_upload_bytes=settings.max_upload_bytes,
        max_json_bytes=settings.max_json_bytes,
    )

    @app.exception_handler(MatcherError)
    async def matcher_error(request: Request, exc: MatcherError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc.reason)
        else:
            # Reasons only: messages may quote a file name, never CV text, but keep logs lean.
            log.info("%s %s -> %d %s", request.method, request.url.path, status, exc.reason)
        return _error_response(status, exc.reason, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request"
        return _error_response(422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error_response(exc.status_code, reason, str(exc.detail))

    app.include_router(api_router)
    app.include_router(pool_router)
    app.include_router(pages_router)
    app.include_router(pool_pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
