"""The HTTP server configuration of ``jpo-matcher serve``: uvicorn with read timeouts and limits.

uvicorn drops an idle keep-alive connection after ``timeout_keep_alive`` but has no timeout for
a request's line and headers: 350 connections sending a byte every 10 s were all held by the
server an outside review tested (docs/reliability.md item 28). :class:`GuardedH11Protocol` adds
one: a connection that has not sent a whole request head ``header_timeout`` seconds after it
opened (or after its previous response) is closed. Bodies are bounded by the app itself
(``api.limits``); ``limit_concurrency`` answers 503 at once when ``max_connections`` are open,
instead of queueing without end; ``h11_max_incomplete_event_size`` caps the request head.

Forwarded headers are handled by the app, from ``Settings.trusted_proxies`` only: uvicorn's
own ``proxy_headers`` (which trusts 127.0.0.1 by default) is off.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.logs import server_log_config
from api.settings import Settings

__all__ = ["GuardedH11Protocol", "server_config"]


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the bytes no request handler is waiting for.

    While no request of the connection is being answered, its bytes must make a whole request
    head within ``header_timeout`` seconds: from the moment the connection opens, and from the
    first byte after a keep-alive pause (a body the app never read counts the same). The
    deadline is not pushed back by further bytes, so a byte every few seconds does not help.
    Once a head is complete the request's body has its own timeouts (``api.limits``).
    """

    header_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        # Between requests uvicorn's keep-alive timer applies; ours restarts with the next byte.
        self._stop()
        super().on_response_complete()

    def _unanswered(self) -> bool:
        """No request is being answered, and the client is sending (or about to send) one."""
        answering = self.cycle is not None and not self.cycle.response_complete
        return not answering and self.conn.their_state in (h11.IDLE, h11.SEND_BODY)

    def _watch(self) -> None:
        if not self._unanswered() or self.transport.is_closing():
            self._stop()
        elif self._deadline is None:
            self._deadline = self.loop.call_later(self.header_timeout, self._timed_out)

    def _stop(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self._unanswered() and not self.transport.is_closing():
            self.logger.info("closed a connection that sent no whole request head in %g s",
                             self.header_timeout)
            self.transport.close()


def server_config(app: Any, settings: Settings, *, host: str, port: int,
                  log_config: dict[str, Any] | None = None) -> uvicorn.Config:
    """The uvicorn configuration for ``app`` with the settings' timeouts and limits.

    Args:
        app: The ASGI app (``api.app.create_app``).
        settings: Where the timeouts and limits come from.
        host: Interface to bind.
        port: Port to bind (0: any free port).
        log_config: A ``dictConfig``; default :func:`api.logs.server_log_config`.
    """
    protocol = type("ConfiguredGuardedH11Protocol", (GuardedH11Protocol,),
                    {"header_timeout": settings.header_timeout_s})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        # One worker process: the FAISS indexes and SQLite writer live in this process.
        workers=1,
        timeout_keep_alive=settings.keep_alive_timeout_s,
        limit_concurrency=settings.max_connections,
        h11_max_incomplete_event_size=settings.max_header_bytes,
        proxy_headers=False,
        server_header=False,
        log_config=server_log_config() if log_config is None else log_config,
    )
