"""The FastAPI application: JSON API, web pages, limits and the single error handler.

``create_app()`` builds an app around a :class:`~api.service.MatchService`; the service is
opened at start-up from ``Settings.data_dir`` unless a test passes one in. Around the routes,
from the outside in: security headers (``api.security``), the trusted proxies' forwarded
address and scheme, the refusal of credentials in query strings, per-address rate limits
(``api.ratelimit``), body size and read-time limits (``api.limits``) and the CSRF cookie.
Anonymous matches and applications run in their own bounded queues (``api.workqueue``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.deps import WorkQueues
from api.limits import BodyLimitMiddleware
from api.pages import router as pages_router
from api.pool_pages import router as pool_pages_router
from api.pool_routes import router as pool_router
from api.ratelimit import RateLimiter, RateLimitMiddleware, RoutePattern, TokenBucketRule
from api.responses import error_response, response_for, status_for
from api.routes import router as api_router
from api.security import (
    CsrfCookieMiddleware,
    QueryCredentialsMiddleware,
    SecurityHeadersMiddleware,
    docs_policy,
)
from api.service import MatchService, open_service
from api.settings import Settings
from api.workqueue import WorkQueue
from matcher.errors import MatcherError

__all__ = ["create_app", "status_for"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, *, service: MatchService | None = None) -> FastAPI:
    """Build the app. Pass ``service`` to reuse one (tests); otherwise it is opened at start-up."""
    settings = settings or Settings()
    queues = WorkQueues(
        anonymous=WorkQueue("anonymous matches", workers=settings.anonymous_workers,
                            max_waiting=settings.anonymous_queue),
        applications=WorkQueue("applications", workers=settings.application_workers,
                               max_waiting=settings.application_queue),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = service is None
        app.state.service = service or open_service(settings)
        try:
            yield
        finally:
            queues.close()
            if owned:
                app.state.service.close()

    app = FastAPI(
        title="jpo-matcher",
        summary="Semantic matching of UN JPO Terms of Reference and CVs, in both directions.",
        version="0.1.0",
        lifespan=lifespan,
        # No OAuth and no second documentation page: fewer pages that need a relaxed CSP.
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.parse_limiter = anyio.CapacityLimiter(settings.max_concurrent_parses)
    app.state.queues = queues
    if service is not None:
        app.state.service = service
    _add_middlewares(app, settings)
    _add_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pool_router)
    app.include_router(pages_router)
    app.include_router(pool_pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


#: Routes any client may flood, and the rate-limit rule each one counts against (item 27).
_LIMITED_ROUTES = (
    RoutePattern("POST", re.compile(r"/match|/ui/match"), "match"),
    RoutePattern("POST", re.compile(r"/vacancies/[^/]+/applications"), "apply"),
)


def _add_middlewares(app: FastAPI, settings: Settings) -> None:
    """The ASGI middlewares, innermost first (Starlette runs the last one added first)."""
    app.add_middleware(CsrfCookieMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_upload_bytes=settings.max_upload_bytes,
        max_json_bytes=settings.max_json_bytes,
        idle_timeout=settings.body_idle_timeout_s,
        total_timeout=settings.body_timeout_s,
    )
    limiter = RateLimiter([
        TokenBucketRule("match", settings.match_per_minute, settings.match_burst),
        TokenBucketRule("apply", settings.apply_per_minute, settings.apply_burst),
    ])
    app.add_middleware(RateLimitMiddleware, limiter=limiter, routes=_LIMITED_ROUTES)
    app.add_middleware(QueryCredentialsMiddleware)
    if settings.trusted_proxies:
        # Client address and scheme from X-Forwarded-For/-Proto, from these peers only.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    docs_url = app.docs_url or "/docs"
    app.add_middleware(
        SecurityHeadersMiddleware, docs_paths=frozenset({docs_url}),
        docs_csp=docs_policy(app.openapi_url or "/openapi.json", f"{app.title} - Swagger UI"),
    )


def _add_error_handlers(app: FastAPI) -> None:
    """The one handler of the error hierarchy, and the framework's own errors in its shape."""

    @app.exception_handler(MatcherError)
    async def matcher_error(request: Request, exc: MatcherError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc.reason)
        else:
            # Reasons only: messages may quote a file name, never CV text, but keep logs lean.
            log.info("%s %s -> %d %s", request.method, request.url.path, status, exc.reason)
        return response_for(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request"
        return error_response(422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, reason, str(exc.detail))
