"""docs/reliability.md item 27 (floods) and the re-uploaded ToR: what one sender can pile up.

- ``/match`` and applications are limited per client address (429 with ``Retry-After``);
- an identical CV applying twice to one vacancy is refused (409 with a reason), however it is
  named, and nothing is stored for the repeat;
- a ranking view writes one audit row, however large the pool;
- a ToR uploaded again by another recruiter answers 409 instead of the first owner's vacancy.

Request counts are small and fixed; the token buckets run on a fake clock where time matters.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.ratelimit import RateLimiter, TokenBucketRule
from api.settings import Settings
from tests.api.conftest import CV_A, CV_B, World, csrf_token, seed_texts


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def apply(client: TestClient, vacancy: str, text: str, name: str = "cv.txt") -> httpx.Response:
    return client.post(f"/vacancies/{vacancy}/applications",
                       files={"file": (name, text.encode(), "text/plain")},
                       data={"consent": "true"})


# --------------------------------------------------------------------------- duplicates


def test_the_same_cv_applying_twice_to_one_vacancy_is_refused(world: World) -> None:
    before = (world.service.store.count("candidates"), world.service.catalog.index_size("chunk"))
    # CV_A applied to X's vacancy in the fixture; another file name changes nothing.
    repeat = apply(world.client, world.vacancy_x, CV_A, "renamed.txt")
    assert repeat.status_code == 409
    assert repeat.json()["error"]["reason"] == "duplicate_application"
    after = (world.service.store.count("candidates"), world.service.catalog.index_size("chunk"))
    assert after == before
    # The same CV may apply to another vacancy, and another CV to this one.
    assert apply(world.client, world.vacancy_y, CV_A).status_code == 201
    other = CV_B.replace("Lukas Berg", "Lena Berg")
    assert apply(world.client, world.vacancy_x, other).status_code == 201


def test_after_erasure_the_cv_may_apply_again(world: World) -> None:
    gone = world.client.delete(f"/applications/{world.application_a}", headers=auth(world.token_a))
    assert gone.status_code == 204
    assert apply(world.client, world.vacancy_x, CV_A).status_code == 201


# --------------------------------------------------------------------------- audit rows


def test_a_ranking_view_writes_one_audit_row(world: World) -> None:
    for i in range(6):
        text = CV_B.replace("Lukas Berg", f"Applicant Number{i}")
        assert apply(world.client, world.vacancy_x, text).status_code == 201
    before = world.service.store.count("audit")
    ranking = world.client.get(f"/vacancies/{world.vacancy_x}/ranking",
                               headers=auth(world.recruiter_x))
    assert ranking.status_code == 200 and len(ranking.json()["results"]) == 8
    assert world.service.store.count("audit") == before + 1
    row = world.service.store.audit_rows()[-1]
    assert row["detail"]["event"] == "rank_pool"
    assert [r["rank"] for r in row["detail"]["results"]] == list(range(1, 9))
    assert "Applicant" not in str(row)


# --------------------------------------------------------------------------- ToR owners


def test_a_tor_uploaded_again_by_another_recruiter_is_a_conflict(world: World) -> None:
    seed = seed_texts()[0].read_bytes()  # X's vacancy
    files = {"file": ("same.txt", seed, "text/plain")}
    theirs = world.client.post("/vacancies", files=files, headers=auth(world.recruiter_y))
    assert theirs.status_code == 409
    assert theirs.json()["error"]["reason"] == "duplicate_vacancy"
    assert world.vacancy_x not in theirs.text
    assert world.service.vacancy_owner(world.vacancy_x) == world.service.recruiter_for(
        world.recruiter_x)
    mine = world.client.post("/vacancies", files=files, headers=auth(world.recruiter_x))
    assert mine.status_code == 201 and mine.json()["id"] == world.vacancy_x


def test_a_tor_open_without_owner_is_not_handed_to_a_recruiter(world: World) -> None:
    unowned = seed_texts()[2].read_bytes()  # loaded without owner by the fixture
    response = world.client.post("/vacancies", files={"file": ("u.txt", unowned, "text/plain")},
                                 headers=auth(world.recruiter_y))
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "duplicate_vacancy"


# --------------------------------------------------------------------------- rate limits


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_refills_at_its_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter([TokenBucketRule("match", per_minute=6, burst=2)], clock=clock,
                          max_clients=100)
    assert limiter.take("match", "10.0.0.1") is None
    assert limiter.take("match", "10.0.0.1") is None
    assert limiter.take("match", "10.0.0.1") == 10  # one token every 10 s
    assert limiter.take("match", "10.0.0.2") is None  # another address has its own bucket
    clock.now += 10.0
    assert limiter.take("match", "10.0.0.1") is None
    assert limiter.take("match", "10.0.0.1") == 10


def test_the_bucket_table_is_bounded() -> None:
    clock = FakeClock()
    limiter = RateLimiter([TokenBucketRule("apply", per_minute=1, burst=1)], clock=clock,
                          max_clients=50)
    for i in range(500):
        limiter.take("apply", f"10.0.{i // 256}.{i % 256}")
    assert limiter.tracked() <= 50


def flood_app(tmp_path: Path, world: World, **limits: int) -> TestClient:
    settings = Settings(data_dir=world.data_dir, **limits)  # type: ignore[arg-type]
    return TestClient(create_app(settings, service=world.service))


@pytest.mark.parametrize("path", ["/match", "/ui/match"])
def test_match_is_limited_per_client_address(tmp_path: Path, world: World, path: str) -> None:
    with flood_app(tmp_path, world, match_per_minute=2, match_burst=3) as client:
        form = {"csrf_token": csrf_token(client)} if path.startswith("/ui") else {}
        statuses = []
        for _ in range(5):
            response = client.post(path, files={"file": ("cv.txt", CV_A.encode(), "text/plain")},
                                   data=form)
            statuses.append(response.status_code)
        assert statuses[:3] == [200, 200, 200]
        assert statuses[3:] == [429, 429]
        assert int(response.headers["Retry-After"]) >= 1
        assert response.json()["error"]["reason"] == "rate_limited"
        # Other routes are not limited by it.
        assert client.get("/health").status_code == 200


def test_applications_are_limited_per_client_address(tmp_path: Path, world: World) -> None:
    before = world.service.store.count("applications")
    with flood_app(tmp_path, world, apply_per_minute=1, apply_burst=2) as client:
        statuses = [
            apply(client, world.vacancy_x, CV_B.replace("Lukas", f"Person{i}")).status_code
            for i in range(4)
        ]
    assert statuses == [201, 201, 429, 429]
    assert world.service.store.count("applications") == before + 2


def test_the_limit_is_keyed_by_the_peer_not_by_forwarded_headers(
    tmp_path: Path, world: World
) -> None:
    # No trusted proxy configured: X-Forwarded-For is the client's word and counts for nothing.
    with flood_app(tmp_path, world, match_per_minute=1, match_burst=1) as client:
        files = {"file": ("cv.txt", CV_A.encode(), "text/plain")}
        assert client.post("/match", files=files).status_code == 200
        spoofed = client.post("/match", files=files, headers={"X-Forwarded-For": "203.0.113.9"})
        assert spoofed.status_code == 429
