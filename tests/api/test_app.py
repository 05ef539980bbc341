"""HTTP routes through TestClient: contracts, limits, bad input, erasure."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import CV_A, CV_B, NO_RATE_LIMITS, World, seed_texts

RESULT_FIELDS = {
    "rank",
    "id",
    "source",
    "title",
    "score",
    "eligible",
    "subscores",
    "checks",
    "evidence",
    "flags",
    "coverage",
    "advice",
}


def files_of(text: str | bytes, name: str = "cv.txt") -> dict[str, tuple[str, bytes, str]]:
    data = text.encode() if isinstance(text, str) else text
    return {"file": (name, data, "application/octet-stream")}


def data_dir_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def test_health_reports_model_and_index_sizes(world: World) -> None:
    body = world.client.get("/health").json()
    assert body["status"] == "ok"
    assert body["model"] == "fake-hash"
    assert body["vacancies"] == 5
    assert body["candidates"] == 2
    assert body["index_sizes"]["units"] > 0 and body["index_sizes"]["chunks"] > 0


def test_vacancies_public_and_unknown_id_is_404(world: World) -> None:
    listed = world.client.get("/vacancies").json()
    assert len(listed) == 5
    one = world.client.get(f"/vacancies/{world.vacancy_x}").json()
    assert one["id"] == world.vacancy_x and one["duties"]
    missing = world.client.get("/vacancies/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["reason"] == "not_found"


def test_match_ranks_every_vacancy_and_stores_nothing(world: World) -> None:
    before = world.client.get("/health").json()
    marker = "Zyxwvut unique marker sentence about refugee camp logistics."
    response = world.client.post("/match", files=files_of(CV_A + "\n" + marker + "\n"))
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 5
    assert set(results[0]) == RESULT_FIELDS
    assert [r["rank"] for r in results] == [1, 2, 3, 4, 5]
    for r in results:
        assert set(r["coverage"]) == {"duties", "learning"}
        shown, total = r["coverage"]["duties"]
        assert 0 <= shown <= total == sum(e["kind"] == "duty" for e in r["evidence"])
        assert all(e["coverage"] in ("strong", "partial", "none") for e in r["evidence"])
        not_met = {c["requirement"] for c in r["checks"] if c["status"] != "met"}
        assert {a["requirement"] for a in r["advice"]} <= not_met
    assert all(0 <= r["score"] <= 100 for r in results)
    after = world.client.get("/health").json()
    assert after == before
    assert marker.encode() not in data_dir_bytes(world.data_dir)


def test_apply_requires_consent(world: World) -> None:
    response = world.client.post(
        f"/vacancies/{world.vacancy_x}/applications",
        files=files_of(CV_A),
        data={"consent": "false"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["reason"] == "consent_required"
    assert world.client.get("/health").json()["candidates"] == 2


def test_apply_then_read_own_application(world: World) -> None:
    response = world.client.get(
        f"/applications/{world.application_a}",
        headers={"Authorization": f"Bearer {world.token_a}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["application_id"] == world.application_a
    assert body["vacancy_id"] == world.vacancy_x


def test_upload_over_cap_is_413_before_the_handler(world: World) -> None:
    calls: list[str] = []
    original = world.service.match

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("match")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    world.service.match = spy  # type: ignore[method-assign]
    big = b"a" * (1024 * 1024 + 200 * 1024)  # cap is 1 MiB in the fixture
    response = world.client.post("/match", files=files_of(big))
    assert response.status_code == 413
    assert response.json()["error"]["reason"] == "too_large"
    assert calls == []
    # A streamed body without Content-Length is cut off at the cap as well.
    boundary = "xyzzy"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="cv.txt"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()

    def stream() -> object:
        yield head
        for _ in range(40):
            yield b"b" * 65536

    streamed = world.client.post(
        "/match",
        content=stream(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert streamed.status_code == 413
    assert calls == []
    assert world.client.get("/health").status_code == 200


def test_json_body_cap(world: World) -> None:
    response = world.client.post(
        "/recruiter/sign-in",
        content=b"token=" + b"x" * 200_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_bad_files_get_reasons_and_nothing_is_stored(world: World) -> None:
    cases = {
        "garbage.pdf": (b"this is not a pdf at all \x00\x01\x02" * 10, 415, "binary_text"),
        "words.pdf": (b"plain words pretending to be a PDF", 415, "type_mismatch"),
        "cv.docx": (b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", 415, "type_mismatch"),
        "empty.txt": (b"   \n\n  ", 422, "empty_text"),
        "image.pdf": (b"\x89PNG\r\n\x1a\n" + bytes(300), 415, "unsupported_type"),
    }
    for name, (data, status, reason) in cases.items():
        for url in ("/match", f"/vacancies/{world.vacancy_x}/applications"):
            response = world.client.post(url, files=files_of(data, name), data={"consent": "true"})
            assert response.status_code == status, (name, url, response.text)
            assert response.json()["error"]["reason"] == reason
    health = world.client.get("/health").json()
    assert health["candidates"] == 2


def test_delete_erases_text_vectors_and_pool_entry(world: World) -> None:
    auth = {"Authorization": f"Bearer {world.token_a}"}
    before = world.client.get("/health").json()["index_sizes"]["chunks"]
    assert b"Drafted policy briefs" in data_dir_bytes(world.data_dir)
    assert (
        world.client.delete(f"/applications/{world.application_a}", headers=auth).status_code == 204
    )
    after = world.client.get("/health").json()
    assert after["index_sizes"]["chunks"] < before
    assert after["candidates"] == 1
    assert world.client.get(f"/applications/{world.application_a}", headers=auth).status_code == 404
    ranking = world.client.get(
        f"/vacancies/{world.vacancy_x}/ranking",
        headers={"Authorization": f"Bearer {world.recruiter_x}"},
    ).json()
    assert [r["source"] for r in ranking["results"]] == ["lukas.txt"]
    # Searching the chunk index with A's own text never returns A.
    assert world.service.nearest_candidates(CV_A) == [
        world.service.candidate_id_of(world.application_b)
    ]
    assert b"Drafted policy briefs" not in data_dir_bytes(world.data_dir)


def test_recruiter_ranking_has_checks_and_evidence(world: World) -> None:
    response = world.client.get(
        f"/vacancies/{world.vacancy_x}/ranking",
        headers={"Authorization": f"Bearer {world.recruiter_x}"},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 2
    for row in results:
        assert row["checks"], "the Kuwait-only call has hard requirements to check"
        assert row["evidence"]
    # The German applicant stays visible with the reason (RELIABILITY item 25).
    lukas = next(r for r in results if r["source"] == "lukas.txt")
    nationality = next(c for c in lukas["checks"] if c["requirement"] == "nationality")
    assert nationality["status"] == "unmet"
    assert lukas["eligible"] is False


def test_denied_pool_read_is_audited(world: World) -> None:
    response = world.client.get(
        f"/vacancies/{world.vacancy_x}/ranking",
        headers={"Authorization": f"Bearer {world.recruiter_y}"},
    )
    assert response.status_code == 403
    assert any(row["event"] == "denied" for row in world.service.audit_log())


def test_ranking_rows_carry_the_candidate_ids(world: World) -> None:
    response = world.client.get(
        f"/vacancies/{world.vacancy_x}/ranking",
        headers={"Authorization": f"Bearer {world.recruiter_x}"},
    )
    assert response.status_code == 200
    by_source = {row["source"]: row["id"] for row in response.json()["results"]}
    assert by_source == {
        "amina.txt": world.service.candidate_id_of(world.application_a),
        "lukas.txt": world.service.candidate_id_of(world.application_b),
    }
    assert world.vacancy_x not in by_source.values()


def test_retention_period_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")
    settings = Settings(data_dir=tmp_path / "data", retention_days=2,
                        **NO_RATE_LIMITS)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        service = client.app.state.service  # type: ignore[attr-defined]
        vacancy = service.add_vacancy(seed_texts()[1].read_bytes(), seed_texts()[1].name)
        application, _token = service.apply(vacancy.id, CV_B.encode(), "lukas.txt")
        candidate = service.candidate_id_of(application)
        assert service.purge_expired(now=time.time() + 1 * 86400) == 0
        assert service.purge_expired(now=time.time() + 3 * 86400) == 1
        assert candidate not in {c["id"] for c in service.list_candidates()}
