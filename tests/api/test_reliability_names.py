"""docs/reliability.md items 31 (control characters in file names) and 34 (tokens in URLs).

Names are cleaned on the way in, on every upload path (HTTP multipart, the CLI's files), and
escaped on the way out (logs, the CLI's terminal output, pages). A credential in a query string
is refused with 400 and the access log never writes query strings.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from api.cli import main
from api.logs import AccessFormatter, SafeFormatter
from tests.api.conftest import CV_B, World

#: A name that forges a log line, clears the terminal and turns text around on a page.
HOSTILE = "cv\n2030-01-01 INFO api: forged\x1b[2J\x1b]0;title\x07\u202egnp.txt"
STORED = "cv 2030-01-01 INFO api: forged [2J ]0;title gnp.txt"


def raw_upload(name: str, text: str) -> tuple[bytes, dict[str, str]]:
    """A multipart body written by hand: clients escape names, an attacker need not."""
    body = (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="consent"\r\n\r\ntrue\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="'
        + name.encode("utf-8") + b'"\r\nContent-Type: text/plain\r\n\r\n'
        + text.encode() + b"\r\n--BOUNDARY--\r\n"
    )
    return body, {"content-type": "multipart/form-data; boundary=BOUNDARY"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --------------------------------------------------------------------------- item 31


def test_an_uploaded_name_is_stored_printable_and_shown_so(world: World) -> None:
    body, headers = raw_upload(HOSTILE, CV_B.replace("Lukas", "Named"))
    created = world.client.post(f"/vacancies/{world.vacancy_x}/applications", content=body,
                                headers=headers)
    assert created.status_code == 201, created.text
    info = created.json()
    stored = world.client.get(f"/applications/{info['application_id']}",
                              headers=auth(info["candidate_token"])).json()
    assert stored["source"] == STORED
    sources = [c["source"] for c in world.service.list_candidates()]
    assert STORED in sources and not any("\n" in s or "\x1b" in s for s in sources)
    ranking = world.client.get(f"/vacancies/{world.vacancy_x}/ranking",
                               headers=auth(world.recruiter_x)).json()["results"]
    assert STORED in {row["source"] for row in ranking}
    assert not any("\u202e" in row["source"] for row in ranking)


def test_an_anonymous_match_shows_the_cleaned_name(world: World) -> None:
    body, headers = raw_upload(HOSTILE, CV_B)
    response = world.client.post("/match", content=body, headers=headers)
    assert response.status_code == 200
    assert "\u202e" not in response.text and "\\u001b" not in response.text


def test_log_lines_cannot_be_forged() -> None:
    record = logging.LogRecord("index.readers", logging.WARNING, __file__, 1,
                               "%s: extracted text truncated", (HOSTILE,), None)
    line = SafeFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert "\\x0a2030-01-01 INFO api: forged\\x1b[2J" in line


def test_names_on_disk_reach_the_terminal_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    # Linux file names may hold any byte but "/" and NUL.
    (cvs / "evil\n\x1b[31mred\u202e.txt").write_text(CV_B)
    (cvs / "plain.txt").write_text(CV_B.replace("Lukas", "Plain"))
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "candidates", "add", str(cvs)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "candidates", "list"]) == 0
    table = capsys.readouterr().out
    assert table.count("\n") == 2 and "\x1b" not in table and "\u202e" not in table
    assert "evil [31mred.txt" in table  # stored cleaned
    assert main(["--data-dir", str(data), "candidates", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed and "\u202e" not in listed
    assert {c["source"] for c in json.loads(listed)["candidates"]} == {"evil [31mred.txt",
                                                                      "plain.txt"}


def test_a_missing_file_with_controls_in_its_name_is_reported_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone\n\x1b[2Jfile.txt"
    assert main(["--data-dir", str(tmp_path / "d"), "parse", "cv", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err


# --------------------------------------------------------------------------- item 34

TOKENISH = "Q" * 43


@pytest.mark.parametrize(
    "query",
    [
        "token=abc",
        "access_token=abc",
        "api_key=abc",
        "Authorization=Bearer%20abc",
        "session=abc",
        f"x={TOKENISH}",
        TOKENISH,
    ],
)
def test_credentials_in_query_strings_are_refused(world: World, query: str) -> None:
    for path in ("/health", f"/vacancies/{world.vacancy_x}/ranking", "/recruiter"):
        response = world.client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.json()["error"]["reason"] == "credentials_in_query"


def test_ordinary_query_strings_still_work(world: World) -> None:
    assert world.client.get("/health?verbose=1").status_code == 200
    assert world.client.get("/vacancies?page=2&sort=title").status_code == 200


def test_the_access_log_drops_query_strings() -> None:
    # The record uvicorn's h11 protocol writes for each request.
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/health?token={TOKENISH}", "1.1", 400), None)
    line = AccessFormatter("%(message)s").format(record)
    assert line == '127.0.0.1:5000 - "GET /health HTTP/1.1" 400'
