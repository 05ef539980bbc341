"""The error responses of the app: one JSON shape and one status per error class.

``{"error": {"reason": "...", "message": "..."}}`` is what every refusal looks like, whether it
comes from a route (through the app's one exception handler) or from a middleware that answers
before any route runs (body limits, rate limits, query-string tokens, CSRF).
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import JSONResponse

from matcher.errors import (
    AuthError,
    BusyError,
    CancelledWorkError,
    ConflictError,
    FileTooLargeError,
    ForbiddenError,
    IndexNotReadyError,
    InputError,
    MatcherError,
    NotFoundError,
    RateLimitedError,
    RetryLaterError,
    UnsupportedFileError,
)

__all__ = ["CLIENT_CLOSED_REQUEST", "error_response", "response_for", "status_for"]

#: nginx's status for "the client closed the connection before the answer": nobody reads it,
#: but the access log says what happened.
CLIENT_CLOSED_REQUEST = 499

#: The one mapping of the error hierarchy to HTTP statuses; the first matching class wins, so
#: the two InputError subclasses come before InputError itself.
_STATUSES: tuple[tuple[type[MatcherError], int], ...] = (
    (FileTooLargeError, 413),
    (UnsupportedFileError, 415),
    (InputError, 422),
    (NotFoundError, 404),
    (AuthError, 401),
    (ForbiddenError, 403),
    (ConflictError, 409),
    (RateLimitedError, 429),
    (BusyError, 503),
    (CancelledWorkError, CLIENT_CLOSED_REQUEST),
    (IndexNotReadyError, 503),
)


def status_for(exc: MatcherError) -> int:
    """The HTTP status of an error of the hierarchy (500 for anything not listed)."""
    return next((code for cls, code in _STATUSES if isinstance(exc, cls)), 500)


def error_response(
    status: int, reason: str, message: str, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error body with its status (and ``WWW-Authenticate`` on a 401)."""
    out = dict(headers or {})
    if status == 401:
        out.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(
        {"error": {"reason": reason, "message": message}}, status_code=status, headers=out
    )


def response_for(exc: MatcherError) -> JSONResponse:
    """The response for an error of the hierarchy; ``Retry-After`` when it is worth retrying."""
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RetryLaterError) else None
    return error_response(status_for(exc), exc.reason, exc.message, headers=headers)
