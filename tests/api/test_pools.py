"""Issue 17's acceptance test: a recruiter's pool end to end, over HTTP.

A zip of 20 CVs (16 people, two duplicates, one hostile file, one nested zip) goes into a pool;
the pool is ranked, three candidates are short-listed with notes, the ranking is exported as
CSV and XLSX (read back with openpyxl), and blind review is checked to leak no name, e-mail or
phone number of any CV anywhere in its JSON, its HTML page or its exports (docs/reliability.md
item 35).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pages import SESSION_COOKIE
from api.service import MatchService
from api.settings import Settings
from index.fakes import HashEncoder
from matcher.vocab import fold
from tests.api.conftest import seed_texts
from tests.api.pool_cvs import PEOPLE, pool_zip

pytestmark = pytest.mark.timeout(600)


@dataclass
class Pool:
    client: TestClient
    service: MatchService
    vacancy_id: str
    headers: dict[str, str]
    token: str


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[Pool]:
    service = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    token = service.create_recruiter("Pool Recruiter")
    seed = seed_texts()[2]  # Civil Affairs: open to every nationality
    vacancy = service.add_vacancy(seed.read_bytes(), seed.name,
                                  owner=service.recruiter_for(token))
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"), service=service)) as client:
        yield Pool(client, service, vacancy.id, {"Authorization": f"Bearer {token}"}, token)
    service.close()


def leaks(text: str) -> list[str]:
    """Every name word, e-mail address and phone number of the 16 CVs found in ``text``."""
    folded = fold(text)
    found = []
    for person in PEOPLE:
        for word in [*person.name_words, person.email, person.email.split("@")[0]]:
            if re.search(rf"(?<![\w]){re.escape(fold(word))}(?![\w])", folded):
                found.append(word)
        if person.phone in text or person.phone.replace(" ", "") in text.replace(" ", ""):
            found.append(person.phone)
    return found


def xlsx_text(data: bytes) -> tuple[list[tuple[object, ...]], list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True)), [c for r in sheet.iter_rows() for c in r]


def test_pool_of_twenty_cvs_end_to_end(pool: Pool) -> None:
    client, vid, headers = pool.client, pool.vacancy_id, pool.headers
    data, texts = pool_zip()
    seed_text = seed_texts()[2].read_text(encoding="utf-8")
    assert leaks(seed_text) == []  # the vacancy itself names none of these people

    # --- bulk intake: 16 added, two duplicates reported, the hostile file and the nested zip
    response = client.post(f"/vacancies/{vid}/pool", headers=headers,
                           files={"file": ("applications.zip", data, "application/zip")})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["added"] == 16
    assert report["duplicates"] == [
        {"source": "applications/cv17_kwabena_again.txt",
         "same_as": "applications/cv02_kwabena_osei-nyarko.txt", "kind": "identical"},
        {"source": "applications/cv18_ximena_v2.txt",
         "same_as": "applications/cv04_ximena_quispe.txt", "kind": "near_copy"},
    ]
    skipped = {s["source"]: s["reason"].split(":")[0] for s in report["skipped"]}
    assert skipped == {"applications/cv19_form.docx": "dtd",
                       "applications/cv20_more.zip": "nested_archive"}

    # --- the ranking: every stored CV once, with a stable label and the status "new"
    ranking = client.get(f"/vacancies/{vid}/ranking", headers=headers).json()
    rows = ranking["results"]
    # Stored under its file name (clean_file_name drops the zip's folders); the intake report
    # above names each member by its path in the zip, where the recruiter finds it.
    by_name = {member.rsplit("/", 1)[-1]: text for member, text in texts.items()}
    assert sorted(r["source"] for r in rows) == sorted(by_name)
    assert [r["rank"] for r in rows] == list(range(1, 17))
    assert {r["label"] for r in rows} == {f"Candidate {n}" for n in range(1, 17)}
    assert {r["status"] for r in rows} == {"new"}
    by_source = {r["source"]: r for r in rows}

    # --- short-list the top three with notes; not selecting needs a note
    top = rows[:3]
    first_person = next(p for p in PEOPLE if p.email in by_name[top[0]["source"]])
    notes = [
        f"Strong field record; {first_person.first} led the county dialogues.",
        '=HYPERLINK("http://evil.example","references")',
        f"+ call {PEOPLE[2].phone} for references",
    ]
    for row, note in zip(top, notes, strict=True):
        put = client.put(f"/vacancies/{vid}/pool/{row['id']}", headers=headers,
                         json={"status": "shortlisted", "note": note})
        assert put.status_code == 200, put.text
        assert put.json()["status"] == "shortlisted" and put.json()["label"] == row["label"]
    refused = client.put(f"/vacancies/{vid}/pool/{rows[-1]['id']}", headers=headers,
                         json={"status": "not_selected"})
    assert refused.status_code == 422
    assert refused.json()["error"]["reason"] == "note_required"
    assert client.put(f"/vacancies/{vid}/pool/{rows[-1]['id']}", headers=headers,
                      json={"status": "not_selected", "note": "No field experience."}
                      ).status_code == 200

    again = client.get(f"/vacancies/{vid}/ranking", headers=headers).json()["results"]
    assert [(r["id"], r["label"]) for r in again] == [(r["id"], r["label"]) for r in rows]
    assert [(r["status"], r["note"]) for r in again[:3]] == [("shortlisted", n) for n in notes]
    shortlist = client.get(f"/vacancies/{vid}/ranking?status=shortlisted", headers=headers)
    assert [r["rank"] for r in shortlist.json()["results"]] == [1, 2, 3]

    # --- exports: CSV and XLSX, one row per candidate, formulas neutralised
    csv_response = client.get(f"/vacancies/{vid}/ranking?format=csv", headers=headers)
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="pool-[A-Za-z0-9._-]+\.csv"',
                        csv_response.headers["content-disposition"])
    table = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"),
                                            newline="")))
    assert [int(r["rank"]) for r in table] == list(range(1, 17))
    assert [r["status"] for r in table[:3]] == ["shortlisted"] * 3
    assert table[1]["note"] == "'" + notes[1] and table[2]["note"] == "'" + notes[2]
    assert "=HYPERLINK(cv05).txt" in by_source
    assert {r["label"] for r in table} == {
        "'" + s if s.startswith("=") else s for s in by_name}
    for line in table:
        for value in line.values():
            assert value[:1] not in {"=", "+", "-", "@", "\t", "\r"}, value
        assert line["education status"] in {"met", "unmet", "unknown"}
        assert line["evidence 1: CV"]

    xlsx_response = client.get(f"/vacancies/{vid}/ranking?format=xlsx", headers=headers)
    assert xlsx_response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    values, cells = xlsx_text(xlsx_response.content)
    header = values[0]
    assert len(values) == 17
    assert [values[i][header.index("status")] for i in (1, 2, 3)] == ["shortlisted"] * 3
    assert values[2][header.index("note")] == "'" + notes[1]
    assert all(c.data_type in ("s", "n") for c in cells)  # no formula cell anywhere

    # --- blind review: no name, e-mail or phone of any CV in JSON, HTML or exports
    blind = client.get(f"/vacancies/{vid}/ranking?blind=true", headers=headers)
    assert blind.json()["blind"] is True
    assert [r["source"] for r in blind.json()["results"]] == [r["label"] for r in rows]
    assert leaks(json.dumps(blind.json(), ensure_ascii=False)) == []
    assert leaks(blind.text) == []
    assert "[name]" in blind.json()["results"][0]["note"]
    client.cookies.set(SESSION_COOKIE, pool.service.sign_in(pool.token, 3600.0).session_id)
    page = client.get(f"/recruiter/vacancies/{vid}?blind=true")
    assert page.status_code == 200 and "Candidate 1" in page.text
    assert leaks(page.text) == []
    for source in texts:
        assert source not in page.text
    blind_csv = client.get(f"/vacancies/{vid}/ranking?format=csv&blind=true", headers=headers)
    assert blind_csv.headers["content-disposition"].endswith('-blind.csv"')
    assert leaks(blind_csv.content.decode("utf-8-sig")) == []
    blind_values, _ = xlsx_text(
        client.get(f"/vacancies/{vid}/ranking?format=xlsx&blind=true", headers=headers).content)
    assert leaks(json.dumps(blind_values, ensure_ascii=False, default=str)) == []
    page_csv = client.get(f"/recruiter/vacancies/{vid}?blind=true&status=shortlisted&format=csv")
    assert len(list(csv.DictReader(io.StringIO(page_csv.content.decode("utf-8-sig"))))) == 3
    assert leaks(page_csv.content.decode("utf-8-sig")) == []
    # Unmasked, the evidence itself names people: the checks above are not vacuous.
    assert leaks(json.dumps([r["evidence"] for r in again], ensure_ascii=False))
    assert any("[name]" in e["chunk"] for r in blind.json()["results"] for e in r["evidence"])

    # --- the audit: who added each CV, every status change, every export
    audit = pool.service.audit_log()
    recruiter = pool.service.recruiter_for(pool.token)
    added = [r for r in audit if r["event"] == "pool_add"]
    assert len(added) == 16 and {r["detail"]["by"] for r in added} == {recruiter}
    changes = [r["detail"] for r in audit if r["event"] == "pool_status"]
    assert [(c["from"], c["to"], c["recruiter"]) for c in changes] == [
        ("new", "shortlisted", recruiter)] * 3 + [("new", "not_selected", recruiter)]
    exported = [(r["detail"]["format"], r["detail"]["blind"]) for r in audit
                if r["event"] == "pool_export"]
    assert exported == [("csv", False), ("xlsx", False), ("csv", True), ("xlsx", True),
                        ("csv", True)]
    for row in audit:
        assert leaks(json.dumps(row, ensure_ascii=False)) == [], row["event"]
