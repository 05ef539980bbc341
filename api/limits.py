"""Request-body limits enforced before any route runs (docs/reliability.md items 9 and 10).

FastAPI and Starlette set no body limit: without this middleware a client can stream gigabytes
into the multipart parser's temp files. A declared ``Content-Length`` over the cap is refused
with 413 before a byte of the body is read; a chunked body is counted as it streams and cut off
at the cap.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "MULTIPART_OVERHEAD_BYTES"]

#: Room for multipart boundaries, part headers and small form fields around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class _BodyTooLarge(Exception):
    pass


def _too_large_body(limit: int) -> bytes:
    payload: dict[str, Any] = {
        "error": {
            "reason": "too_large",
            "message": f"request body is larger than the {limit // 1024} KiB limit",
        }
    }
    return json.dumps(payload).encode()


class BodyLimitMiddleware:
    """Caps request bodies: ``max_upload_bytes`` for multipart uploads, ``max_json_bytes`` else."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int, max_json_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.max_json_bytes = max_json_bytes

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
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                declared_size = int(declared)
            except ValueError:
                declared_size = -1
            if declared_size < 0 or declared_size > limit:
                await self._send_413(send, limit)
                return

        received = 0
        response_started = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                response_started = True
                if received > limit:
                    # The framework turned the cut-off stream into its own 400 ("error parsing
                    # the body"); the client deserves the real reason.
                    replaced = True
                    await self._send_413(send, limit)
                    return
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await self._send_413(send, limit)

    @staticmethod
    async def _send_413(send: Send, limit: int) -> None:
        body = _too_large_body(limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
