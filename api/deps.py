"""Dependencies shared by the routes: the service, the principals, bounded worker threads.

Routes stay a few lines: they validate input with a schema, call :class:`MatchService` through
:func:`run_bounded` (parsing and encoding never block the event loop, and at most
``max_concurrent_parses`` run at once), and return an output schema.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.service import MatchService
from api.settings import Settings
from matcher.errors import AuthError, ForbiddenError

__all__ = [
    "BearerToken",
    "CurrentRecruiter",
    "Recruiter",
    "ServiceDep",
    "SettingsDep",
    "get_service",
    "recruiter_from_token",
    "run_bounded",
]

T = TypeVar("T")

_bearer = HTTPBearer(auto_error=False, description="recruiter or candidate token")


def get_service(request: Request) -> MatchService:
    service: MatchService = request.app.state.service
    return service


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ServiceDep = Annotated[MatchService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    return credentials.credentials if credentials is not None else None


BearerToken = Annotated[str | None, Depends(bearer_token)]


@dataclass(frozen=True, slots=True)
class Recruiter:
    id: str


def recruiter_from_token(service: MatchService, token: str | None) -> Recruiter:
    """Resolve a recruiter token; a candidate's token is forbidden, anything else unauthenticated.

    Raises:
        AuthError: no token, or a token nobody holds (401).
        ForbiddenError: a valid candidate token on a recruiter route (403).
    """
    if not token:
        raise AuthError("a recruiter token is required (Authorization: Bearer <token>)")
    try:
        return Recruiter(id=service.recruiter_for(token))
    except AuthError:
        if service.is_candidate_token(token):
            raise ForbiddenError(
                "this route is for recruiters; a candidate token was sent"
            ) from None
        raise


def current_recruiter(service: ServiceDep, token: BearerToken) -> Recruiter:
    return recruiter_from_token(service, token)


CurrentRecruiter = Annotated[Recruiter, Depends(current_recruiter)]


async def run_bounded(request: Request, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking service work in a worker thread, at most N at once across the app."""
    limiter: anyio.CapacityLimiter = request.app.state.parse_limiter
    return await anyio.to_thread.run_sync(functools.partial(func, *args, **kwargs), limiter=limiter)
