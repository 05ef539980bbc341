"""Per-client-address rate limits on the routes anyone may flood (docs/reliability.md item 27).

An outside review sent 131 applications in 20 s into one pool, each kept for a year, and
anonymous ``/match`` uploads that cost seconds of CPU each. Both kinds of request are now
limited per client address by an in-process token bucket: ``burst`` requests at once, then
``per_minute`` a minute; the request over the rate is answered 429 with ``Retry-After`` before
its body is read. The address is the TCP peer, or the one a trusted proxy forwards (see
``Settings.trusted_proxies``); an IPv6 client is counted by its /64, which one subscriber holds.

One process serves the app (the indexes live in it), so in-process buckets are exact; behind
several processes each would need its own share, or the proxy's limits (docs/reliability.md).
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from api.responses import error_response

__all__ = ["RateLimitMiddleware", "RateLimiter", "RoutePattern", "TokenBucketRule", "client_key"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TokenBucketRule:
    """A named limit: ``burst`` requests at once, refilled at ``per_minute`` a minute."""

    name: str
    per_minute: float
    burst: int


@dataclass(frozen=True, slots=True)
class RoutePattern:
    """Requests of ``method`` whose path matches ``path`` count against the rule ``rule``."""

    method: str
    path: re.Pattern[str]
    rule: str


def client_key(scope: Scope) -> str:
    """The address a request is counted by: the peer's IPv4 address, or its IPv6 /64."""
    client = scope.get("client")
    host = str(client[0]) if client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # "testclient", a Unix socket: one bucket each
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimiter:
    """Token buckets keyed by (rule, client address), bounded in number.

    Args:
        rules: The limits by name.
        clock: Seconds, monotonic (tests pass a fake one).
        max_clients: Buckets kept; the least recently used go first. A forgotten bucket starts
            full again, which only ever lets a client through.
    """

    def __init__(self, rules: Sequence[TokenBucketRule], *,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000) -> None:
        self._rules = {rule.name: rule for rule in rules}
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, rule_name: str, client: str) -> int | None:
        """Take one token for ``client``: None when allowed, else the seconds to wait."""
        rule = self._rules[rule_name]
        now = self._clock()
        key = (rule_name, client)
        with self._lock:
            tokens, at = self._buckets.pop(key, (float(rule.burst), now))
            tokens = min(float(rule.burst), tokens + (now - at) * rule.per_minute / 60.0)
            wait: int | None = None
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = max(1, math.ceil((1.0 - tokens) * 60.0 / rule.per_minute))
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        return wait

    def tracked(self) -> int:
        """How many buckets are kept."""
        return len(self._buckets)


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` to a request over its route's rate, before its body."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter,
                 routes: Sequence[RoutePattern]) -> None:
        self.app = app
        self.limiter = limiter
        self.routes = tuple(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            rule = next((r.rule for r in self.routes if r.method == scope["method"]
                         and r.path.fullmatch(scope["path"])), None)
            if rule is not None:
                wait = self.limiter.take(rule, client_key(scope))
                if wait is not None:
                    log.info("%s %s -> 429 rate_limited (%s)", scope["method"], scope["path"], rule)
                    response = error_response(
                        429, "rate_limited",
                        f"too many requests from this address; retry in {wait} s",
                        headers={"Retry-After": str(wait)})
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
