"""Dependencies shared by the routes: the service, the principals, bounded worker threads.

Routes stay a few lines: they validate input with a schema, call :class:`MatchService` through
:func:`run_bounded` (a recruiter's work: parsing and encoding never block the event loop, and
at most ``max_concurrent_parses`` run at once) or :func:`run_queued` (work anyone may send, in
its own bounded queue, stopped when the client disconnects), and return an output schema.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.service import MatchService
from api.settings import Settings
from api.workqueue import WorkQueue
from matcher.cancellation import Cancellation
from matcher.errors import AuthError, ForbiddenError

__all__ = [
    "BearerToken",
    "CurrentRecruiter",
    "Recruiter",
    "ServiceDep",
    "SettingsDep",
    "WorkQueues",
    "get_service",
    "recruiter_from_token",
    "run_bounded",
    "run_queued",
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


@dataclass(frozen=True, slots=True)
class WorkQueues:
    """The queues of work anyone may send (``app.state.queues``)."""

    anonymous: WorkQueue
    applications: WorkQueue

    def close(self) -> None:
        """Drop the jobs not started (at shutdown)."""
        self.anonymous.close()
        self.applications.close()


#: How often a queued job's connection is checked for a client that went away.
_DISCONNECT_POLL_S = 0.25


async def _cancel_on_disconnect(request: Request, cancellation: Cancellation) -> None:
    # Only called once the request body has been read: before that, receiving would eat it.
    while not cancellation.cancelled:
        if await request.is_disconnected():
            cancellation.cancel()
            return
        await anyio.sleep(_DISCONNECT_POLL_S)


async def run_queued(request: Request, queue: Literal["anonymous", "applications"],
                     func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run work anyone may send in its bounded queue; stop it if the client disconnects.

    The body must have been read already. The work checks the cancellation between its steps
    (``matcher.cancellation``) and a parsing child is killed at once.

    Raises:
        BusyError: The queue is full (503 with ``Retry-After``).
        CancelledWorkError: The client went away.
    """
    work_queue: WorkQueue = getattr(request.app.state.queues, queue)
    cancellation = Cancellation()
    # A plain task, not an anyio task group: a group would wrap the work's MatcherError in an
    # ExceptionGroup, which the one error handler would not recognise.
    watcher = asyncio.ensure_future(_cancel_on_disconnect(request, cancellation))
    try:
        return await work_queue.run(cancellation, functools.partial(func, *args, **kwargs))
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
