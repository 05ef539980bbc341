"""The pool routes beyond the acceptance test: statuses, jobs, refusals, pages, erasure, CLI."""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from pathlib import Path

import pytest

from api.cli import main
from api.pages import SESSION_COOKIE
from tests.api.conftest import CV_A, CV_B, World, csrf_token, seed_texts

CV_C = """Nadia Kowalczyk-Obi
nadia.kowalczyk@mailbox.example | +48 601 999 000

EXPERIENCE
Civil affairs officer, MONUSCO Bunia, 2019 - 2024
- Nadia facilitated local peace committees and mapped conflict drivers in Ituri.
- Organised community alert networks with civil society and local authorities.

EDUCATION
MA International Relations, University of Warsaw, 2018

LANGUAGES
English (C1), French (C1)
"""


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def zip_of(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def upload(world: World, data: bytes, name: str = "cvs.zip", query: str = "") -> dict:  # type: ignore[type-arg]
    response = world.client.post(f"/vacancies/{world.vacancy_x}/pool{query}",
                                 headers=auth(world.recruiter_x),
                                 files={"file": (name, data, "application/zip")})
    assert response.status_code in (200, 202), response.text
    return response.json()  # type: ignore[no-any-return]


def ranking(world: World, query: str = "") -> list[dict]:  # type: ignore[type-arg]
    response = world.client.get(f"/vacancies/{world.vacancy_x}/ranking{query}",
                                headers=auth(world.recruiter_x))
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def test_applicants_and_brought_in_candidates_share_one_pool(world: World) -> None:
    assert upload(world, CV_C.encode(), "nadia.txt") == {"added": 1, "duplicates": [],
                                                          "skipped": []}
    rows = ranking(world)
    assert sorted(r["source"] for r in rows) == ["amina.txt", "lukas.txt", "nadia.txt"]
    assert {r["label"] for r in rows} == {"Candidate 1", "Candidate 2", "Candidate 3"}
    # An application already in the pool is a duplicate of a new upload of the same CV.
    again = upload(world, zip_of({"amina_again.txt": CV_A}))
    assert again["duplicates"] == [{"source": "amina_again.txt", "same_as": "amina.txt",
                                    "kind": "identical"}]


def test_status_changes_are_validated_and_audited(world: World) -> None:
    cid = world.service.candidate_id_of(world.application_b)
    url = f"/vacancies/{world.vacancy_x}/pool/{cid}"
    headers = auth(world.recruiter_x)
    bad = world.client.put(url, headers=headers, json={"status": "hired"})
    assert bad.status_code == 422 and "status" in bad.json()["error"]["message"]
    extra = world.client.put(url, headers=headers, json={"status": "new", "rank": 1})
    assert extra.status_code == 422
    assert world.client.put(url, headers=headers, json={"status": "longlisted",
                                                         "note": "water, not politics"}
                            ).json()["note"] == "water, not politics"
    kept = world.client.put(url, headers=headers, json={"status": "shortlisted"}).json()
    assert (kept["status"], kept["note"]) == ("shortlisted", "water, not politics")
    missing = world.client.put(f"/vacancies/{world.vacancy_x}/pool/c0000", headers=headers,
                               json={"status": "new"})
    assert missing.status_code == 404
    changes = [r for r in world.service.audit_log() if r["event"] == "pool_status"]
    assert [(c["detail"]["from"], c["detail"]["to"], c["detail"]["note_changed"])
            for c in changes] == [("new", "longlisted", True), ("longlisted", "shortlisted",
                                                                False)]
    assert all(c["at"] > 0 and c["candidate_hash"] for c in changes)
    assert "water" not in json.dumps(changes)  # the audit keeps no note text
    rows = {r["id"]: r for r in ranking(world, "?status=shortlisted&status=longlisted")}
    assert list(rows) == [cid]


def test_a_candidate_of_another_pool_cannot_be_set(world: World) -> None:
    vy = world.vacancy_y
    other = world.client.post(f"/vacancies/{vy}/pool", headers=auth(world.recruiter_y),
                              files={"file": ("c.txt", CV_C.encode(), "text/plain")})
    assert other.status_code == 200
    [row] = world.client.get(f"/vacancies/{vy}/ranking",
                             headers=auth(world.recruiter_y)).json()["results"]
    response = world.client.put(f"/vacancies/{world.vacancy_x}/pool/{row['id']}",
                                headers=auth(world.recruiter_x), json={"status": "new"})
    assert response.status_code == 404


def test_background_intake_is_polled_to_its_report(world: World) -> None:
    response = world.client.post(f"/vacancies/{world.vacancy_x}/pool?background=true",
                                 headers=auth(world.recruiter_x),
                                 files={"file": ("cvs.zip", zip_of({"c.txt": CV_C,
                                                                    "x.png": b"\x89PNG\r\n"}),
                                                 "application/zip")})
    assert response.status_code == 202
    job = response.json()
    assert response.headers["location"] == (
        f"/vacancies/{world.vacancy_x}/pool/jobs/{job['job_id']}")
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = world.client.get(response.headers["location"],
                               headers=auth(world.recruiter_x)).json()
    assert job["state"] == "done" and (job["done"], job["total"]) == (1, 1)
    assert job["result"]["added"] == 1
    assert [s["source"] for s in job["result"]["skipped"]] == ["x.png"]
    unknown = world.client.get(f"/vacancies/{world.vacancy_x}/pool/jobs/j0",
                               headers=auth(world.recruiter_x))
    assert unknown.status_code == 404
    elsewhere = world.client.get(f"/vacancies/{world.vacancy_y}/pool/jobs/{job['job_id']}",
                                 headers=auth(world.recruiter_y))
    assert elsewhere.status_code == 404


def test_untrustworthy_zips_are_refused_whole(world: World) -> None:
    headers = auth(world.recruiter_x)
    url = f"/vacancies/{world.vacancy_x}/pool"
    many = zip_of({f"cv{i:03}.txt": CV_C for i in range(501)})
    response = world.client.post(url, headers=headers, files={"file": ("m.zip", many, "x")})
    assert (response.status_code, response.json()["error"]["reason"]) == (
        422, "too_many_members")
    # The world's upload cap is 1 MiB: 3 MiB of members inside a small zip is over it.
    words = random.Random(7).choices(CV_C.split(), k=300_000)
    big = zip_of({f"cv{i}.txt": " ".join(words[i::3]) for i in range(3)})
    assert len(big) < 1024 * 1024 < sum(len(w) + 1 for w in words)
    response = world.client.post(url, headers=headers, files={"file": ("b.zip", big, "x")})
    assert (response.status_code, response.json()["error"]["reason"]) == (413, "too_large")
    assert len(ranking(world)) == 2


def test_page_forms_work_without_javascript(world: World) -> None:
    client = world.client
    client.cookies.set(SESSION_COOKIE, world.service.sign_in(world.recruiter_x, 3600.0).session_id)
    csrf = {"csrf_token": csrf_token(client)}
    base = f"/recruiter/vacancies/{world.vacancy_x}"
    page = client.post(f"{base}/pool", data=csrf,
                       files={"file": ("cvs.zip", zip_of({"nadia.txt": CV_C}), "x")})
    assert page.status_code == 200 and 'id="intake-added"' in page.text
    cid = world.service.candidate_id_of(world.application_a)
    refused = client.post(f"{base}/pool/{cid}", follow_redirects=False,
                          data={**csrf, "status": "not_selected", "note": " "})
    assert refused.status_code == 422 and "needs a note" in refused.text
    saved = client.post(f"{base}/pool/{cid}", follow_redirects=False,
                        data={**csrf, "status": "shortlisted", "note": "Amina: strong",
                              "blind": "true", "filter": ["shortlisted", "bogus"]})
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{base}?blind=true&status=shortlisted"
    blind = client.get(saved.headers["location"])
    assert "[name]: strong" in blind.text and "Amina" not in blind.text
    # In blind review an empty note box keeps the note on record.
    client.post(f"{base}/pool/{cid}",
                data={**csrf, "status": "longlisted", "note": "", "blind": "true"})
    [row] = [r for r in ranking(world) if r["id"] == cid]
    assert (row["status"], row["note"]) == ("longlisted", "Amina: strong")
    scripted = client.post(f"{base}/pool/{cid}", headers={"Accept": "application/json"},
                           data={**csrf, "status": "shortlisted", "blind": "true"})
    assert scripted.json()["note"] == "[name]: strong"


def test_restricted_nationality_stays_visible_in_blind_review(world: World) -> None:
    # X's vacancy is the Kuwait-only call: nationality is a requirement the recruiter must see.
    cid = world.service.candidate_id_of(world.application_a)
    plain = {r["id"]: r for r in ranking(world)}[cid]
    blind = {r["id"]: r for r in ranking(world, "?blind=true")}[cid]
    nationality = [c for c in plain["checks"] if c["requirement"] == "nationality"]
    assert nationality and nationality[0]["status"] == "met"
    assert [c for c in blind["checks"] if c["requirement"] == "nationality"] == nationality
    assert blind["source"] == blind["label"]
    assert "Amina" not in json.dumps(blind) and "Diallo" not in json.dumps(blind)


def test_erasure_takes_the_pool_row_and_note(world: World) -> None:
    upload(world, CV_C.encode(), "nadia.txt")
    nadia = next(r for r in ranking(world) if r["source"] == "nadia.txt")
    world.client.put(f"/vacancies/{world.vacancy_x}/pool/{nadia['id']}",
                     headers=auth(world.recruiter_x),
                     json={"status": "longlisted", "note": "zebrafinch7193 community work"})
    world.service.erase_candidate(nadia["id"])
    assert sorted(r["source"] for r in ranking(world)) == ["amina.txt", "lukas.txt"]
    assert world.service.store.read("SELECT COUNT(*) FROM pool_members WHERE candidate_id = ?",
                                    (nadia["id"],)) == [(0,)]
    world.service.store.checkpoint()
    assert b"zebrafinch7193" not in (world.data_dir / "store.sqlite").read_bytes()
    # Retention erases pool members by the same path.
    upload(world, CV_C.encode(), "nadia.txt")
    assert world.service.purge_expired(now=time.time() + 400 * 86400) == 3
    assert ranking(world) == []


@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "directory"])
def test_cli_pool_add(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch, as_zip: bool) -> None:
    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")
    data_dir = str(tmp_path / "data")
    assert main(["--data-dir", data_dir, "vacancies", "add", str(seed_texts()[2])]) == 0
    vacancy_id = capsys.readouterr().out.split("\t")[0]
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "nadia.txt").write_text(CV_C, encoding="utf-8")
    (folder / "lukas.txt").write_text(CV_B, encoding="utf-8")
    (folder / "lukas_again.txt").write_text(CV_B, encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    target = folder
    if as_zip:
        target = tmp_path / "cvs.zip"
        target.write_bytes(zip_of({p.name: p.read_bytes() for p in sorted(folder.iterdir())}))
    code = main(["--data-dir", data_dir, "pool", "add", vacancy_id, str(target), "--json"])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert code == 1  # photo.png was skipped
    assert out["added"] == 2
    assert out["duplicates"] == [{"source": "lukas_again.txt", "same_as": "lukas.txt",
                                  "kind": "identical"}]
    assert [s["source"] for s in out["skipped"]] == ["photo.png"]
    assert "pool reading" in captured.err  # the progress bar
    assert main(["--data-dir", data_dir, "pool", "add", "nope", str(target)]) == 1
