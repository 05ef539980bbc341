"""docs/reliability.md items 29 (recruiter sessions), 30 (CSRF) and 32 (security headers).

- Signing in on the page makes a server-side session: a random cookie that is not the token,
  stored hashed, ``HttpOnly``, ``SameSite=Strict``, ``Secure`` over https (the scheme from a
  trusted proxy only), with an expiry; signing out ends it on the server; the CLI rotates and
  revokes tokens, which ends the sessions too; bearer tokens keep working for the API.
- Every form POST of the pages needs the browser's CSRF token; a cross-site form is 403.
- Pages and JSON carry CSP, ``X-Frame-Options``, ``nosniff``, ``Referrer-Policy`` and
  ``Cache-Control: no-store``; the templates hold no inline script or style.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from api.app import create_app
from api.cli import main
from api.pages import LEGACY_COOKIE, SESSION_COOKIE
from api.pages import router as pages_router
from api.security import CSRF_COOKIE, PAGE_POLICY
from api.settings import Settings
from index.sessions import RecruiterSessions
from index.store import hash_token
from tests.api.conftest import NO_RATE_LIMITS, World, csrf_token

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "templates"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(client: TestClient, token: str, **headers: str) -> httpx.Response:
    return client.post("/recruiter/sign-in", data={"token": token,
                                                   "csrf_token": csrf_token(client)},
                       headers=headers, follow_redirects=False)


def set_cookie_header(response: httpx.Response, name: str) -> str:
    [header] = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    return header


# --------------------------------------------------------------------------- item 29


def test_sign_in_makes_a_server_side_session_that_is_not_the_token(world: World) -> None:
    response = sign_in(world.client, world.recruiter_x)
    assert response.status_code == 303
    header = set_cookie_header(response, SESSION_COOKIE)
    session = response.cookies[SESSION_COOKIE]
    assert session != world.recruiter_x and world.recruiter_x not in str(response.headers)
    assert "HttpOnly" in header and "SameSite=strict" in header.replace("Strict", "strict")
    assert "Max-Age=" in header and "Secure" not in header  # plain http here
    # Stored as a hash only: the id itself is nowhere in the store.
    rows = world.service.store.read("SELECT id_hash FROM recruiter_sessions")
    assert (hash_token(session),) in rows
    assert session.encode() not in (world.data_dir / "store.sqlite").read_bytes()
    # The page works with the session; the API does not take the session as a token.
    world.client.cookies.set(SESSION_COOKIE, session)
    page = world.client.get("/recruiter")
    assert page.status_code == 200 and 'id="my-vacancies"' in page.text
    api = world.client.get(f"/vacancies/{world.vacancy_x}/ranking", headers=auth(session))
    assert api.status_code == 401
    # Bearer tokens keep working for the API.
    assert world.client.get(f"/vacancies/{world.vacancy_x}/ranking",
                            headers=auth(world.recruiter_x)).status_code == 200


def test_sign_out_ends_the_session_on_the_server(world: World) -> None:
    session = sign_in(world.client, world.recruiter_x).cookies[SESSION_COOKIE]
    world.client.cookies.set(SESSION_COOKIE, session)
    out = world.client.post("/recruiter/sign-out", data={"csrf_token": csrf_token(world.client)},
                            follow_redirects=False)
    assert out.status_code == 303
    assert world.service.store.read("SELECT COUNT(*) FROM recruiter_sessions") == [(0,)]
    # A copy of the cookie kept by an attacker is worth nothing now.
    world.client.cookies.set(SESSION_COOKIE, session)
    again = world.client.get("/recruiter")
    assert again.status_code == 401 and 'id="signin-form"' in again.text


def test_sessions_expire(world: World) -> None:
    sessions = RecruiterSessions(world.service.store)
    rid = world.service.recruiter_for(world.recruiter_x)
    grant = sessions.start(rid, ttl_seconds=60.0, now=1_000.0)
    assert sessions.recruiter_of(grant.session_id, now=1_059.0) == rid
    assert sessions.recruiter_of(grant.session_id, now=1_060.0) is None


def test_sessions_per_recruiter_are_bounded(world: World) -> None:
    sessions = RecruiterSessions(world.service.store)
    rid = world.service.recruiter_for(world.recruiter_x)
    for i in range(40):
        sessions.start(rid, ttl_seconds=3600.0, now=2_000_000_000.0 + i)
    assert sessions.count(rid) == 16


def test_secure_cookies_over_https(world: World) -> None:
    with TestClient(world.client.app, base_url="https://testserver") as client:  # type: ignore[arg-type]
        assert "Secure" in set_cookie_header(client.get("/"), CSRF_COOKIE)
        header = set_cookie_header(sign_in(client, world.recruiter_x), SESSION_COOKIE)
        assert "Secure" in header
        assert client.get("/").headers["strict-transport-security"].startswith("max-age=")


def test_forwarded_https_counts_only_from_a_trusted_proxy(world: World) -> None:
    # An untrusted peer saying "https" is not believed: the cookie would be lost over http.
    untrusted = sign_in(world.client, world.recruiter_x, **{"X-Forwarded-Proto": "https"})
    assert "Secure" not in set_cookie_header(untrusted, SESSION_COOKIE)
    settings = Settings(data_dir=world.data_dir, trusted_proxies=("10.0.0.2",), **NO_RATE_LIMITS)  # type: ignore[arg-type]
    app = create_app(settings, service=world.service)
    with TestClient(app, client=("10.0.0.2", 40000)) as client:
        trusted = sign_in(client, world.recruiter_x, **{"X-Forwarded-Proto": "https"})
        assert "Secure" in set_cookie_header(trusted, SESSION_COOKIE)


def test_the_old_token_cookie_is_not_accepted(world: World) -> None:
    world.client.cookies.set(LEGACY_COOKIE, world.recruiter_x)
    page = world.client.get("/recruiter")
    assert 'id="signin-form"' in page.text and 'id="my-vacancies"' not in page.text


@pytest.fixture
def hash_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")


@pytest.mark.usefixtures("hash_cli")
def test_rotate_token_from_the_cli(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    rid = world.service.recruiter_for(world.recruiter_x)
    session = sign_in(world.client, world.recruiter_x).cookies[SESSION_COOKIE]
    capsys.readouterr()
    assert main(["--data-dir", str(world.data_dir), "admin", "rotate-token", rid, "--json"]) == 0
    new_token = re.search(r'"token": "([^"]+)"', capsys.readouterr().out).group(1)  # type: ignore[union-attr]
    ranking = f"/vacancies/{world.vacancy_x}/ranking"
    assert world.client.get(ranking, headers=auth(world.recruiter_x)).status_code == 401
    assert world.client.get(ranking, headers=auth(new_token)).status_code == 200
    world.client.cookies.set(SESSION_COOKIE, session)
    assert world.client.get("/recruiter").status_code == 401  # the session ended too


@pytest.mark.usefixtures("hash_cli")
def test_revoke_recruiter_from_the_cli(world: World) -> None:
    rid = world.service.recruiter_for(world.recruiter_x)
    session = sign_in(world.client, world.recruiter_x).cookies[SESSION_COOKIE]
    assert main(["--data-dir", str(world.data_dir), "admin", "revoke-recruiter", rid]) == 0
    ranking = f"/vacancies/{world.vacancy_x}/ranking"
    response = world.client.get(ranking, headers=auth(world.recruiter_x))
    assert response.status_code == 401 and response.json()["error"]["reason"] == "revoked"
    world.client.cookies.set(SESSION_COOKIE, session)
    assert world.client.get("/recruiter").status_code == 401
    assert sign_in(world.client, world.recruiter_x).status_code == 401
    # Revocation is final; an unknown recruiter is a clear error.
    assert main(["--data-dir", str(world.data_dir), "admin", "rotate-token", rid]) == 2
    assert main(["--data-dir", str(world.data_dir), "admin", "revoke-recruiter", "nobody"]) == 1
    # The other recruiter is untouched.
    assert world.client.get(f"/vacancies/{world.vacancy_y}/ranking",
                            headers=auth(world.recruiter_y)).status_code == 200


# --------------------------------------------------------------------------- item 30


def page_posts() -> list[str]:
    return sorted(route.path for route in pages_router.routes
                  if isinstance(route, Route) and "POST" in (route.methods or ()))


def test_every_page_form_post_is_checked(world: World) -> None:
    assert page_posts()  # sign-in, sign-out, /ui/match and whatever pages are added later
    for path in page_posts():
        concrete = path.replace("{vacancy_id}", world.vacancy_x)
        response = world.client.post(concrete, data={"token": world.recruiter_x},
                                     headers={"Origin": "https://attacker.example"})
        assert response.status_code == 403, path
        assert response.json()["error"]["reason"] == "csrf"


def test_cross_site_sign_in_is_refused_and_signs_nobody_in(world: World) -> None:
    world.client.cookies.clear()
    # What a cross-site form sends: no CSRF cookie (SameSite=Strict), a foreign Origin.
    forged = world.client.post("/recruiter/sign-in", data={"token": world.recruiter_y},
                               headers={"Origin": "https://attacker.example"},
                               follow_redirects=False)
    assert forged.status_code == 403 and SESSION_COOKIE not in forged.cookies
    assert world.service.store.read("SELECT COUNT(*) FROM recruiter_sessions") == [(0,)]


@pytest.mark.parametrize(
    ("headers", "with_token", "status"),
    [
        ({}, True, 303),
        ({"Origin": "null"}, True, 303),  # what no-referrer pages send on their own forms
        ({"Origin": "http://testserver"}, True, 303),
        ({"Sec-Fetch-Site": "same-origin"}, True, 303),
        ({}, False, 403),
        ({"Origin": "http://testserver"}, False, 403),
        ({"Origin": "https://attacker.example"}, True, 403),
        ({"Sec-Fetch-Site": "cross-site"}, True, 403),
        ({"Sec-Fetch-Site": "same-site"}, True, 403),
    ],
)
def test_csrf_rules(world: World, headers: dict[str, str], with_token: bool, status: int) -> None:
    real = csrf_token(world.client)  # the browser has its cookie either way
    token = real if with_token else "f" * 43
    response = world.client.post("/recruiter/sign-in",
                                 data={"token": world.recruiter_x, "csrf_token": token},
                                 headers=headers, follow_redirects=False)
    assert response.status_code == status


def test_cross_site_sign_out_leaves_the_session(world: World) -> None:
    session = sign_in(world.client, world.recruiter_x).cookies[SESSION_COOKIE]
    world.client.cookies.set(SESSION_COOKIE, session)
    forged = world.client.post("/recruiter/sign-out", headers={"Sec-Fetch-Site": "cross-site"},
                               follow_redirects=False)
    assert forged.status_code == 403
    assert world.client.get("/recruiter").status_code == 200


def test_scripts_may_send_the_token_as_a_header(world: World) -> None:
    response = world.client.post("/recruiter/sign-in", data={"token": world.recruiter_x},
                                 headers={"X-CSRF-Token": csrf_token(world.client)},
                                 follow_redirects=False)
    assert response.status_code == 303


# --------------------------------------------------------------------------- item 32

HEADERS = {
    "content-security-policy": PAGE_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def assert_headers(response: httpx.Response, expected: dict[str, str] = HEADERS) -> None:
    for name, value in expected.items():
        assert response.headers.get(name) == value, (name, response.request.url)


def test_pages_and_json_with_personal_data_carry_the_headers(world: World) -> None:
    client = world.client
    cv = {"file": ("cv.txt", b"EXPERIENCE\n- Drafted policy briefs on peace operations.\n",
                   "text/plain")}
    responses = [
        client.get("/"),
        client.post("/ui/match", files=cv, data={"csrf_token": csrf_token(client)}),
        client.post("/match", files=cv),
        client.get(f"/applications/{world.application_a}", headers=auth(world.token_a)),
        client.get(f"/vacancies/{world.vacancy_x}/ranking", headers=auth(world.recruiter_x)),
        client.get("/applications/nope", headers=auth(world.token_a)),  # errors too
        client.get("/health"),
        client.get("/openapi.json"),
    ]
    client.cookies.set(SESSION_COOKIE, sign_in(client, world.recruiter_x).cookies[SESSION_COOKIE])
    responses += [client.get("/recruiter"), client.get(f"/recruiter/vacancies/{world.vacancy_x}")]
    for response in responses:
        assert response.status_code < 500
        assert_headers(response)


def test_static_files_keep_their_cache_headers(world: World) -> None:
    response = world.client.get("/static/style.css")
    assert response.status_code == 200 and response.headers.get("cache-control") != "no-store"
    assert_headers(response, {k: v for k, v in HEADERS.items() if k != "cache-control"})


def test_the_docs_page_gets_its_own_policy_with_the_hash_of_its_script(world: World) -> None:
    response = world.client.get("/docs")
    policy = response.headers["content-security-policy"]
    [script] = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_templates_hold_no_inline_script_or_style() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert "<style" not in text and not re.search(r"\sstyle\s*=", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
