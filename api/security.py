"""Browser-facing defences: security headers, CSRF, and no credentials in URLs.

- :class:`SecurityHeadersMiddleware` (docs/reliability.md item 32) puts a Content Security
  Policy, ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer`` and ``Cache-Control: no-store`` on every response (static files keep their
  cache headers: they hold no personal data). The pages allow scripts and styles from the app's
  own origin only; the OpenAPI page ``/docs`` needs Swagger UI from its CDN and one inline
  script, so it gets a policy of its own that allows exactly those (:func:`docs_policy`).
- CSRF (item 30): every form POST of the web pages must carry the token of the browser's
  ``jpo_csrf`` cookie (a hidden ``csrf_token`` field, or an ``X-CSRF-Token`` header from
  scripts). The cookie is ``SameSite=Strict``, so a cross-site form never sends it. A token is
  needed, not only an ``Origin`` check: with ``Referrer-Policy: no-referrer`` browsers send
  ``Origin: null`` and no ``Referer`` on the app's own form posts, so those headers cannot tell
  a same-site form from a cross-site one. When ``Origin`` or ``Sec-Fetch-Site`` do say
  something, they must agree too.
- :class:`QueryCredentialsMiddleware` (item 34) refuses a request whose query string carries a
  credential (a parameter named like one, or a value shaped like a token) with 400 before any
  route or log sees it; the access log drops query strings anyway (:mod:`api.logs`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlsplit

from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.responses import error_response
from matcher.errors import ForbiddenError

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "CsrfCookieMiddleware",
    "PAGE_POLICY",
    "QueryCredentialsMiddleware",
    "SecurityHeadersMiddleware",
    "docs_policy",
    "is_https",
    "verify_csrf",
]

#: The Content Security Policy of every page and response except ``/docs``.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_SWAGGER_CDN = "https://cdn.jsdelivr.net"
_FASTAPI_FAVICON = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(openapi_url: str, title: str) -> str:
    """The policy of the Swagger UI page: its CDN, the hash of its one inline script, nothing
    else. The page holds no personal data; requests it sends go to this origin only."""
    html = bytes(get_swagger_ui_html(openapi_url=openapi_url, title=title).body).decode()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {_SWAGGER_CDN} {hashes}; "
        f"style-src {_SWAGGER_CDN}; img-src 'self' data: {_FASTAPI_FAVICON}; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


def is_https(scope: Scope) -> bool:
    """Whether the request came over https (``X-Forwarded-Proto`` counts only from a trusted
    proxy: the proxy-headers middleware has rewritten the scheme by then)."""
    return scope.get("scheme") == "https"


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, docs_paths: frozenset[str], docs_csp: str) -> None:
        self.app = app
        self.docs_paths = docs_paths
        self.docs_csp = docs_csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        policy = self.docs_csp if path in self.docs_paths else PAGE_POLICY
        static = path.startswith("/static/")
        https = is_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if not static:
                    headers["Cache-Control"] = "no-store"
                if https:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --------------------------------------------------------------------------- credentials in URLs

_CREDENTIAL_NAME = re.compile(
    r"token|auth|key|secret|passw|session|csrf|bearer|credential|cookie", re.IGNORECASE
)
#: Recruiter, candidate and session tokens are ``secrets.token_urlsafe(32)``: 43 characters.
_TOKEN_SHAPED = re.compile(r"[A-Za-z0-9_\-]{32,}")


def _query_carries_credentials(query: str) -> bool:
    pairs = parse_qsl(query, keep_blank_values=True) or [(query, "")]
    # A bare "?<token>" parses as a name without a value: names are checked for the shape too.
    return any(_CREDENTIAL_NAME.search(name) or _TOKEN_SHAPED.search(name)
               or _TOKEN_SHAPED.search(value) for name, value in pairs)


class QueryCredentialsMiddleware:
    """Answers 400 to a request with a credential in its query string (item 34)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = bytes(scope.get("query_string") or b"").decode("latin-1")
            if query and _query_carries_credentials(query):
                response = error_response(
                    400, "credentials_in_query",
                    "tokens must not be sent in the URL (it is logged and kept in histories); "
                    "use the Authorization header")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# --------------------------------------------------------------------------- CSRF

CSRF_COOKIE = "jpo_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{43}")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed Cookie header counts as none
                continue
            if name in jar:
                return jar[name].value
    return None


class CsrfCookieMiddleware:
    """Gives every browser a CSRF token: read from its cookie, or made and set on the HTML
    response. Routes find it in ``request.state.csrf_token`` (the templates put it in forms)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        existing = _cookie(scope, CSRF_COOKIE)
        fresh = existing is None or not _TOKEN.fullmatch(existing)
        token = secrets.token_urlsafe(32) if fresh or existing is None else existing
        scope.setdefault("state", {})["csrf_token"] = token
        if not fresh:
            await self.app(scope, receive, send)
            return
        secure = "; Secure" if is_https(scope) else ""
        cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _refuse(why: str) -> ForbiddenError:
    return ForbiddenError(f"cross-site form refused: {why}", reason="csrf")


async def verify_csrf(request: Request) -> None:
    """The CSRF check of the web pages' form POSTs (a router dependency of ``api.pages``).

    Raises:
        ForbiddenError: ``csrf`` (403): a cross-site ``Sec-Fetch-Site`` or ``Origin``, or no
            token matching the browser's CSRF cookie.
    """
    if request.method in _SAFE_METHODS:
        return
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise _refuse(f"the browser says the form came from a {fetch_site} page")
    own = _origin_of(str(request.base_url))
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.lower() != own:
        raise _refuse("the form came from another origin")
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise _refuse("the form does not carry this browser's CSRF token; reload the page")
