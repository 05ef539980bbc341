"""Fixtures for the service tests: a service on a temp data dir with the fake encoder.

Every principal of the authorization matrix exists: recruiters X and Y (X owns the first seed
vacancy, Y the second), candidates A and B (each applied to X's vacancy).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import CSRF_COOKIE
from api.service import MatchService
from api.settings import Settings
from eval.locations import EXAMPLE_VACANCIES
from index.fakes import HashEncoder

SEEDS = EXAMPLE_VACANCIES

#: Rate limits out of the way for tests that send many requests from one address on purpose;
#: the flood tests (test_reliability_floods.py) set their own.
NO_RATE_LIMITS = {"match_per_minute": 6000.0, "match_burst": 1000,
                  "apply_per_minute": 6000.0, "apply_burst": 1000}

CV_A = """Amina Diallo
Nationality: Kuwaiti

EDUCATION
MA in International Relations, Sciences Po, 2019

EXPERIENCE
Political Affairs Officer, Ministry of Foreign Affairs, Jan 2020 - present
- Drafted policy briefs and talking points on Security Council resolutions.
- Monitored peace and security developments and prepared analytical reports.

LANGUAGES
English (fluent), Arabic (native), French (working knowledge)
"""

CV_B = """Lukas Berg
Nationality: German

EDUCATION
MSc Environmental Engineering, TU Munich, 2018

EXPERIENCE
Water engineer, Berlin Water Works, 2018 - 2024
- Designed water treatment plants and supervised construction contractors.

LANGUAGES
German (native), English (C1)
"""


@dataclass
class World:
    client: TestClient
    service: MatchService
    data_dir: Path
    recruiter_x: str
    recruiter_y: str
    vacancy_x: str
    vacancy_y: str
    application_a: str
    token_a: str
    application_b: str
    token_b: str


def csrf_token(client: TestClient) -> str:
    """The browser's CSRF token, as a page's forms carry it (a GET sets the cookie first)."""
    if CSRF_COOKIE not in client.cookies:
        assert client.get("/").status_code == 200
    token: str = client.cookies[CSRF_COOKIE]
    return token


def seed_texts() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    service = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    seeds = seed_texts()
    token_x = service.create_recruiter("Recruiter X")
    token_y = service.create_recruiter("Recruiter Y")
    vx = service.add_vacancy(
        seeds[0].read_bytes(), seeds[0].name, owner=service.recruiter_for(token_x)
    )
    vy = service.add_vacancy(
        seeds[1].read_bytes(), seeds[1].name, owner=service.recruiter_for(token_y)
    )
    for extra in seeds[2:]:
        service.add_vacancy(extra.read_bytes(), extra.name)
    app_a, tok_a = service.apply(vx.id, CV_A.encode(), "amina.txt")
    app_b, tok_b = service.apply(vx.id, CV_B.encode(), "lukas.txt")
    settings = Settings(data_dir=tmp_path / "data", max_upload_bytes=1024 * 1024,
                        **NO_RATE_LIMITS)  # type: ignore[arg-type]
    with TestClient(create_app(settings, service=service)) as client:
        yield World(
            client,
            service,
            tmp_path / "data",
            token_x,
            token_y,
            vx.id,
            vy.id,
            app_a,
            tok_a,
            app_b,
            tok_b,
        )
    service.close()
