"""Request-body limits enforced before any route runs (docs/reliability.md items 9, 10, 28).

FastAPI and Starlette set no body limit: without this middleware a client can stream gigabytes
into the multipart parser's temp files. A declared ``Content-Length`` over the cap is refused
with 413 before a byte of the body is read; a chunked body is counted as it streams and cut off
at the cap.

Nor do they bound how long a body may take: a client sending a byte every 10 s held its
connection and its request for as long as it liked. Each piece of a body must now arrive within
``idle_timeout`` seconds of the previous one and the whole body within ``total_timeout``;
otherwise the request is answered 408 and the connection closed. (Headers are bounded by the
server, ``api.server``.)
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.responses import error_response

__all__ = ["BodyLimitMiddleware", "MULTIPART_OVERHEAD_BYTES"]

#: Room for multipart boundaries, part headers and small form fields around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class _BodyTooLarge(Exception):
    pass


class _BodyTooSlow(Exception):
    pass


class _Body:
    """One request's body as it is received: size and time so far."""

    def __init__(self, receive: Receive, limit: int, idle: float, total: float) -> None:
        self._receive = receive
        self.limit = limit
        self._idle = idle
        self._deadline = anyio.current_time() + total
        self.received = 0
        self.done = False
        self.too_large = False
        self.too_slow = False

    async def receive(self) -> Message:
        if self.done:  # later calls only wait for a disconnect: no deadline then
            return await self._receive()
        wait = min(self._idle, self._deadline - anyio.current_time())
        message: Message | None = None
        with anyio.move_on_after(max(wait, 0.0)):
            message = await self._receive()
        if message is None:
            self.too_slow = True
            raise _BodyTooSlow
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            self.done = not message.get("more_body", False)
            if self.received > self.limit:
                self.too_large = True
                raise _BodyTooLarge
        else:
            self.done = True
        return message


class BodyLimitMiddleware:
    """Caps request bodies: ``max_upload_bytes`` for multipart uploads, ``max_json_bytes`` else,
    each piece within ``idle_timeout`` seconds and the whole within ``total_timeout``."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int, max_json_bytes: int,
                 idle_timeout: float = 15.0, total_timeout: float = 120.0) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.max_json_bytes = max_json_bytes
        self.idle_timeout = idle_timeout
        self.total_timeout = total_timeout

    def _limit_for(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        if content_type.startswith("multipart/form-data"):
            return self.max_upload_bytes + MULTIPART_OVERHEAD_BYTES
        return self.max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                declared_size = int(declared)
            except ValueError:
                declared_size = -1
            if declared_size < 0 or declared_size > limit:
                await self._refuse(scope, receive, send, 413, limit)
                return
        body = _Body(receive, limit, self.idle_timeout, self.total_timeout)
        response_started = replaced = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                response_started = True
                if body.too_large or body.too_slow:
                    # The framework turned the cut-off stream into its own 400 ("error parsing
                    # the body"); the client deserves the real reason.
                    replaced = True
                    await self._refuse(scope, receive, send, 413 if body.too_large else 408,
                                       limit)
                    return
            await send(message)

        try:
            await self.app(scope, body.receive, tracking_send)
        except (_BodyTooLarge, _BodyTooSlow):
            if not response_started:
                await self._refuse(scope, receive, send, 413 if body.too_large else 408, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int,
                      limit: int) -> None:
        if status == 413:
            reason = "too_large"
            message = f"request body is larger than the {limit // 1024} KiB limit"
        else:
            reason, message = "body_timeout", (
                f"the request body did not arrive in time (each part within "
                f"{self.idle_timeout:g} s, all of it within {self.total_timeout:g} s)")
        # Connection: close, so that the rest of an unread body is not read as a next request.
        response = error_response(status, reason, message, headers={"Connection": "close"})
        await response(scope, receive, send)
