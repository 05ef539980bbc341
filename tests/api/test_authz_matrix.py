"""docs/reliability.md items 11–13: the authorization matrix, as data.

Every route of the app must have a row; a new route without one fails ``test_every_route_listed``.
Roles send their credentials both as a bearer header (JSON API) and as the page cookie (web
pages), so a route cannot pass by ignoring one of the two: a recruiter's cookie is a session
made by signing in (item 29); a candidate's is their token, which is no session. Page form
POSTs carry the browser's CSRF token (item 30).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.routing import Mount, Route

from api.pages import SESSION_COOKIE
from tests.api.conftest import CV_A, CV_B, World, csrf_token

ROLES = ("anonymous", "candidate_a", "candidate_b", "recruiter_x", "recruiter_y")

PUBLIC_200 = dict.fromkeys(ROLES, 200)
RECRUITER_X_ONLY = {
    "anonymous": 401,
    "candidate_a": 403,
    "candidate_b": 403,
    "recruiter_x": 200,
    "recruiter_y": 403,
}
#: The pool page and its actions: a page cookie that is no session (a candidate's token) is
#: told to sign in again (401); without any cookie the page sends the browser to sign in.
POOL_PAGE = {**RECRUITER_X_ONLY, "anonymous": 303, "candidate_a": 401, "candidate_b": 401}
#: The page script's JSON calls: no session at all is 401 as on the API.
POOL_PAGE_JSON = {**RECRUITER_X_ONLY, "candidate_a": 401, "candidate_b": 401}
#: Routes a denied recruiter's attempt must leave an audit row for (item 12).
AUDITED_DENIALS = {
    ("GET", "/vacancies/{vacancy_id}/ranking"),
    ("POST", "/vacancies/{vacancy_id}/pool"),
    ("GET", "/vacancies/{vacancy_id}/pool/jobs/{job_id}"),
    ("PUT", "/vacancies/{vacancy_id}/pool/{candidate_id}"),
    ("GET", "/recruiter/vacancies/{vacancy_id}"),
    ("POST", "/recruiter/vacancies/{vacancy_id}/pool"),
    ("POST", "/recruiter/vacancies/{vacancy_id}/pool/{candidate_id}"),
    ("GET", "/recruiter/vacancies/{vacancy_id}/pool/jobs/{job_id}"),
}

#: (method, path template) -> expected status for each role. {vacancy_id}: X's vacancy;
#: {application_id}: A's application; {candidate_id}: A's candidate (in X's pool); {job_id}: an
#: intake job X started on that pool. 404 for other people's applications is deliberate: same
#: shape as a missing id.
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/health"): PUBLIC_200,
    ("GET", "/vacancies"): PUBLIC_200,
    ("GET", "/vacancies/{vacancy_id}"): PUBLIC_200,
    ("POST", "/vacancies"): {
        "anonymous": 401,
        "candidate_a": 403,
        "candidate_b": 403,
        "recruiter_x": 201,
        "recruiter_y": 201,
    },
    ("POST", "/match"): PUBLIC_200,
    ("POST", "/vacancies/{vacancy_id}/applications"): dict.fromkeys(ROLES, 201),
    ("GET", "/applications/{application_id}"): {
        "anonymous": 404,
        "candidate_a": 200,
        "candidate_b": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
    },
    ("DELETE", "/applications/{application_id}"): {
        "anonymous": 404,
        "candidate_a": 204,
        "candidate_b": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
    },
    ("GET", "/vacancies/{vacancy_id}/ranking"): RECRUITER_X_ONLY,
    # Pools (DESIGN.md "Pools"): the owning recruiter only; another recruiter is audited.
    ("POST", "/vacancies/{vacancy_id}/pool"): RECRUITER_X_ONLY,
    ("GET", "/vacancies/{vacancy_id}/pool/jobs/{job_id}"): RECRUITER_X_ONLY,
    ("PUT", "/vacancies/{vacancy_id}/pool/{candidate_id}"): RECRUITER_X_ONLY,
    # Web pages (cookie sign-in).
    ("GET", "/"): PUBLIC_200,
    ("POST", "/ui/match"): PUBLIC_200,
    ("GET", "/recruiter"): {
        "anonymous": 200,
        "candidate_a": 401,
        "candidate_b": 401,
        "recruiter_x": 200,
        "recruiter_y": 200,
    },
    ("POST", "/recruiter/sign-in"): {
        "anonymous": 401,
        "candidate_a": 401,
        "candidate_b": 401,
        "recruiter_x": 303,
        "recruiter_y": 303,
    },
    ("POST", "/recruiter/sign-out"): dict.fromkeys(ROLES, 303),
    ("GET", "/recruiter/vacancies/{vacancy_id}"): POOL_PAGE,
    # The pool page's actions: a form post answers with the page or a redirect back to it.
    ("POST", "/recruiter/vacancies/{vacancy_id}/pool"): POOL_PAGE,
    ("POST", "/recruiter/vacancies/{vacancy_id}/pool/{candidate_id}"): {**POOL_PAGE,
                                                                         "recruiter_x": 303},
    # The page script's progress poll answers JSON, so no session is 401 as on the API.
    ("GET", "/recruiter/vacancies/{vacancy_id}/pool/jobs/{job_id}"): POOL_PAGE_JSON,
    # FastAPI's own documentation routes.
    ("GET", "/openapi.json"): PUBLIC_200,
    ("GET", "/docs"): PUBLIC_200,
}


def walk_routes(routes: list[Any], prefix: str = "") -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            # FastAPI >= 0.160 wraps include_router() in a lazy router object.
            found |= walk_routes(included.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Mount):
            continue  # static files: no principal-specific data
        elif isinstance(route, Route):
            for method in route.methods or ():
                if method != "HEAD":
                    found.add((method, prefix + route.path))
    return found


def app_routes(world: World) -> set[tuple[str, str]]:
    return walk_routes(list(world.client.app.routes))  # type: ignore[attr-defined]


def test_every_route_listed(world: World) -> None:
    assert app_routes(world) == set(MATRIX)


def token_of(world: World, role: str) -> str | None:
    return {
        "anonymous": None,
        "candidate_a": world.token_a,
        "candidate_b": world.token_b,
        "recruiter_x": world.recruiter_x,
        "recruiter_y": world.recruiter_y,
    }[role]


def _path(world: World, template: str) -> str:
    values = {"{vacancy_id}": world.vacancy_x, "{application_id}": world.application_a,
              "{candidate_id}": world.service.candidate_id_of(world.application_a)}
    if "{job_id}" in template:
        values["{job_id}"] = world.service.start_pool_intake(
            world.vacancy_x, world.service.recruiter_for(world.recruiter_x), CV_B.encode() +
            b"\nFurther experience in water utilities.\n", "again.txt").job_id
    for key, value in values.items():
        template = template.replace(key, value)
    return template


def _body(method: str, template: str, token: str | None, role: str, csrf: str
          ) -> dict[str, Any]:
    """The request body each route needs (a CV, a ToR, a form or a status).

    Page forms (``/ui``, ``/recruiter``) carry the browser's CSRF token, as the pages' do.
    """
    page_form = {"csrf_token": csrf} if template.startswith(("/ui", "/recruiter")) else {}
    uploads = {("POST", "/vacancies"), ("POST", "/match"), ("POST", "/ui/match"),
               ("POST", "/vacancies/{vacancy_id}/applications"),
               ("POST", "/vacancies/{vacancy_id}/pool"),
               ("POST", "/recruiter/vacancies/{vacancy_id}/pool")}
    if (method, template) in uploads:
        body = SEED_VARIANT if template == "/vacancies" else CV_A
        data: dict[str, str] | None = page_form or None
        if template.endswith("applications"):
            # A CV of its own: CV_A itself applied to this vacancy already (a repeat is 409).
            body = CV_A.replace("Amina Diallo", f"Amina Diallo {role}")
            data = {"consent": "true"}
        files = {"file": ("doc.txt", body.encode(), "text/plain")}
        return {"files": files, "data": data}
    if template == "/recruiter/sign-in":
        return {"data": {**page_form, "token": token or "not-a-token"}}
    if template.endswith("/pool/{candidate_id}"):
        if method == "PUT":
            return {"json": {"status": "longlisted", "note": "good fit"}}
        return {"data": {**page_form, "status": "longlisted", "note": "good fit"}}
    return {"data": page_form} if page_form and method == "POST" else {}


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world: World, route: tuple[str, str], role: str) -> None:
    method, template = route
    path = _path(world, template)
    token = token_of(world, role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    world.client.cookies.clear()
    csrf = csrf_token(world.client)
    if token and role.startswith("recruiter"):
        session = world.service.sign_in(token, 3600.0).session_id
        world.client.cookies.set(SESSION_COOKIE, session)
    elif token:
        world.client.cookies.set(SESSION_COOKIE, token)
    denied_before = sum(1 for r in world.service.audit_log() if r["event"] == "denied")
    response = world.client.request(
        method, path, headers=headers, follow_redirects=False,
        **_body(method, template, token, role, csrf),
    )
    expected = MATRIX[route][role]
    assert response.status_code == expected, response.text[:300]
    if role == "recruiter_y" and route in AUDITED_DENIALS:
        denied = [r for r in world.service.audit_log() if r["event"] == "denied"]
        assert len(denied) == denied_before + 1
        assert denied[-1]["detail"]["recruiter"] == world.service.recruiter_for(world.recruiter_y)
    if expected == 404 and template.startswith("/applications"):
        # Another principal's id answers exactly like an id that does not exist.
        missing = world.client.request(
            method, template.replace("{application_id}", "does-not-exist"), headers=headers
        )
        assert missing.status_code == 404
        assert missing.json() == response.json()


SEED_VARIANT = """TERMS OF REFERENCE
Junior Professional Officer (JPO) in Data Analysis

Duties and responsibilities
- Analyse survey data and produce dashboards for programme managers.
- Support the design of monitoring and evaluation frameworks.

Qualifications and experience
Education: Master's degree in statistics or economics.
Work experience: At least two years of relevant experience.
Languages: Fluency in English is required.
"""
