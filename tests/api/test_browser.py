"""The web pages in a real browser: headless Debian chromium driven by Playwright.

A real uvicorn server on loopback serves the app under a strict Content-Security-Policy (no
inline script, handler or style may run, as the hardened server sends it); the tests upload a
CV on the candidate page and read the ranking from the page, then sign in as a recruiter, read
the pool table, upload a zip of CVs with its progress bar, set statuses and notes, filter,
switch to blind review and export. Any CSP violation or script error fails the test.
``JPO_MATCHER_SCREENSHOTS=DIR`` saves the screenshots linked from the README.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import Request, Response

from api.app import create_app
from api.service import MatchService
from api.settings import Settings
from matcher.ports import Encoder
from matcher.vocab import fold
from tests.api.conftest import CV_A, CV_B, seed_texts
from tests.api.pool_cvs import PEOPLE, pool_zip

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.timeout(300)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: What the hardened server sends; the pages must work under it unchanged.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(tmp_path: Path, real_encoder: Encoder) -> Iterator[tuple[str, str, str]]:
    service = MatchService.open(tmp_path / "data", encoder=real_encoder)
    token = service.create_recruiter("Browser Recruiter")
    recruiter = service.recruiter_for(token)
    seeds = seed_texts()
    owned = service.add_vacancy(seeds[0].read_bytes(), seeds[0].name, owner=recruiter)
    for seed in seeds[1:]:
        service.add_vacancy(seed.read_bytes(), seed.name)
    service.apply(owned.id, CV_A.encode(), "amina_diallo.txt")
    service.apply(owned.id, CV_B.encode(), "lukas_berg.txt")
    port = free_port()
    app = create_app(Settings(data_dir=tmp_path / "data"), service=service)

    @app.middleware("http")
    async def strict_csp(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = STRICT_CSP
        return response

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", token, owned.id
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        service.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make browser installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900},
                                    accept_downloads=True)
            problems: list[str] = []
            # A CSP violation is a console error ("Refused to execute inline script ...");
            # error statuses the tests provoke (422) are console errors too, and allowed.
            page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                    and ("Refused to" in m.text or "Content Security Policy" in m.text) else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            yield page
            assert problems == [], problems
        finally:
            browser.close()


def screenshot(page: object, name: str, *, full_page: bool = True) -> None:
    target = os.environ.get("JPO_MATCHER_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), full_page=full_page)  # type: ignore[attr-defined]


def test_candidate_page_ranks_uploaded_cv(
    live_server: tuple[str, str, str], page: object, tmp_path: Path
) -> None:
    base, _, _ = live_server
    cv = tmp_path / "amina_diallo.txt"
    cv.write_text(CV_A, encoding="utf-8")
    page.goto(base + "/")  # type: ignore[attr-defined]
    page.set_input_files("#cv-file", str(cv))  # type: ignore[attr-defined]
    page.click("#match-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#results li.result")  # type: ignore[attr-defined]
    items = page.locator("#results li.result")  # type: ignore[attr-defined]
    assert items.count() == 5
    scores = [float(items.nth(i).get_attribute("data-score")) for i in range(items.count())]
    badges = [items.nth(i).locator(".badge").get_attribute("data-eligible") for i in range(5)]
    # Eligible and needs-review results come before ineligible ones; by score within a group.
    groups = [0 if b in ("true", "null") else 1 for b in badges]
    assert groups == sorted(groups)
    for group in (0, 1):
        within = [s for s, g in zip(scores, groups, strict=True) if g == group]
        assert within == sorted(within, reverse=True)
    # The Kuwait-only call is open to this Kuwaiti profile: its nationality check reads "met".
    kuwait = page.locator("#results li.result[data-source^='000_']")  # type: ignore[attr-defined]
    assert kuwait.locator("li.check.met", has_text="Nationality").count() == 1
    assert kuwait.locator(".badge").get_attribute("data-eligible") != "false"
    assert items.first.locator("li.check").count() >= 1
    page.locator("#results li.result details").first.click()  # type: ignore[attr-defined]
    first_evidence = page.locator("#results li.result").first.locator(".evidence li .chunk")  # type: ignore[attr-defined]
    assert first_evidence.first.is_visible()
    # Evidence quotes the uploaded CV, never text from elsewhere.
    # (Bullet markers at line starts are not part of a chunk; " - " inside a line is.)
    assert first_evidence.first.inner_text().strip("“”") in re.sub(r"(?m)^- ", "", CV_A)
    # Coverage replaces raw similarities: "Your CV shows 3 of 9 duties", per result.
    assert "estimated chance" in page.locator("#score-meaning").inner_text()  # type: ignore[attr-defined]
    for i in range(items.count()):
        coverage = items.nth(i).locator(".coverage")
        shown, total = (int(n) for n in coverage.get_attribute("data-duties").split("/"))
        assert 0 <= shown <= total and total > 0
        assert re.search(rf"shows\s+{shown} of {total} duties", coverage.inner_text())
    assert page.locator("#results .evidence .sim").count() == 0  # type: ignore[attr-defined]
    # Words of the duty are marked in its quote.
    assert page.locator("#results li.result").first.locator(".evidence mark").count() >= 1  # type: ignore[attr-defined]
    screenshot(page, "candidate-page.png")


def test_candidate_page_gives_advice_counted_over_open_positions(
    live_server: tuple[str, str, str], page: object, tmp_path: Path
) -> None:
    base, _, _ = live_server
    cv = tmp_path / "lukas_berg.txt"
    cv.write_text(CV_B, encoding="utf-8")
    page.goto(base + "/")  # type: ignore[attr-defined]
    page.set_input_files("#cv-file", str(cv))  # type: ignore[attr-defined]
    page.click("#match-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#advice li")  # type: ignore[attr-defined]
    # A German national and the Kuwait-only call: the advice says which calls are open to him
    # and never asks him to change nationality.
    nationality = page.locator("#advice li[data-requirement='nationality']")  # type: ignore[attr-defined]
    assert nationality.count() == 1
    text = nationality.inner_text()
    assert "4 of the 5 open calls are open to yours" in text
    assert "would make you eligible" not in text
    assert nationality.get_attribute("data-opens") == "4"
    kuwait = page.locator("#results li.result[data-source^='000_']")  # type: ignore[attr-defined]
    assert kuwait.locator(".result-advice li[data-requirement='nationality']").count() == 1
    screenshot(page, "candidate-advice.png")


def test_candidate_page_explains_unreadable_file(
    live_server: tuple[str, str, str], page: object, tmp_path: Path
) -> None:
    base, _, _ = live_server
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    page.goto(base + "/")  # type: ignore[attr-defined]
    page.set_input_files("#cv-file", str(bad))  # type: ignore[attr-defined]
    page.click("#match-button")  # type: ignore[attr-defined]
    error = page.wait_for_selector("#upload-error")  # type: ignore[attr-defined]
    assert error.get_attribute("data-reason") == "unsupported_type"
    assert "not supported" in error.inner_text()


def test_recruiter_page_shows_ranked_pool(live_server: tuple[str, str, str], page: object) -> None:
    base, token, vacancy_id = live_server
    page.goto(base + "/recruiter")  # type: ignore[attr-defined]
    page.fill("#token", token)  # type: ignore[attr-defined]
    page.click("#signin-button")  # type: ignore[attr-defined]
    page.click(f"a[href='/recruiter/vacancies/{vacancy_id}']")  # type: ignore[attr-defined]
    page.wait_for_selector("#ranking tr.row")  # type: ignore[attr-defined]
    rows = page.locator("#ranking tr.row")  # type: ignore[attr-defined]
    assert rows.count() == 2
    # Amina (Kuwaiti, political affairs) ranks above Lukas (German water engineer) on 000.
    assert "amina" in rows.first.inner_text().lower()
    # The table shows coverage, not raw similarities.
    for i in range(rows.count()):
        cell = rows.nth(i).locator("td.coverage")
        shown, total = (int(n) for n in cell.get_attribute("data-duties").split("/"))
        assert f"{shown} of {total} duties shown" in cell.inner_text()
    assert page.locator("#ranking .sim").count() == 0  # type: ignore[attr-defined]
    # Lukas (German) is ineligible for the Kuwait-only call and stays listed with the reason.
    lukas = rows.nth(1)
    assert lukas.locator(".badge").get_attribute("data-eligible") == "false"
    assert "not among KW" in lukas.locator(".reason").inner_text()
    page.locator("#ranking tr.detail > td > details").first.click()  # type: ignore[attr-defined]
    # One folded line per duty: the quote shows only when its line is opened.
    lines = page.locator("#ranking tr.detail").first.locator("details.unit-evidence")  # type: ignore[attr-defined]
    assert lines.count() >= 5
    assert lines.first.locator("summary .cov").inner_text() in ("strong", "partial", "not shown")
    assert not lines.first.locator(".chunk").is_visible()
    lines.first.locator("summary").click()
    assert lines.first.locator(".chunk").is_visible()
    screenshot(page, "recruiter-ranking.png")


def names_in(text: str, words: list[str]) -> list[str]:
    """The words found in ``text`` as whole words (case and accents ignored)."""
    folded = fold(text)
    return [w for w in words if re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded)]


def _sign_in(page: Any, base: str, token: str, vacancy_id: str) -> None:
    page.goto(base + "/recruiter")
    page.fill("#token", token)
    page.click("#signin-button")
    page.click(f"a[href='/recruiter/vacancies/{vacancy_id}']")
    page.wait_for_selector("#ranking")


def test_recruiter_pool_workflow(
    live_server: tuple[str, str, str], page: Any, tmp_path: Path
) -> None:
    base, token, vacancy_id = live_server
    archive = tmp_path / "applications.zip"
    archive.write_bytes(pool_zip()[0])
    _sign_in(page, base, token, vacancy_id)

    # Upload the zip: the progress bar shows, then the report; nothing reloads the page.
    page.set_input_files("#pool-file", str(archive))
    page.click("#pool-upload-button")
    page.wait_for_selector("#pool-progress:not([hidden])")
    page.wait_for_selector("#intake-added", timeout=240_000)
    assert page.inner_text("#intake-added") == "16 CV(s) added."
    assert page.locator("#intake-duplicates li").count() == 2
    assert "dtd" in page.inner_text("#intake-skipped")
    assert "nested_archive" in page.inner_text("#intake-skipped")
    progress = page.locator("#pool-progress")
    assert progress.evaluate("bar => bar.value === bar.max")
    page.click("#intake-refresh")
    page.wait_for_selector("#ranking tr.row")
    rows = page.locator("#ranking tr.row")
    assert rows.count() == 18  # the two applicants and the 16 CVs of the zip

    # Short-list the first two with notes; not selecting without a note is refused.
    for index, note in enumerate(["Led county dialogues in Jonglei.", "Strong analysis."]):
        form = page.locator("#ranking tr.detail form.status-form").nth(index)
        form.locator("textarea").fill(note)
        form.locator("button[value='shortlisted']").click()
        form.locator(".status-message", has_text="Saved.").wait_for()
        assert rows.nth(index).locator(".status-badge").inner_text() == "Short list"
        assert form.locator(".note-text").inner_text() == note
    third = page.locator("#ranking tr.detail form.status-form").nth(2)
    third.locator("textarea").fill("")
    third.locator("button[value='not_selected']").click()
    third.locator(".status-message.error").wait_for()
    assert "needs a note" in third.locator(".status-message").inner_text()
    assert rows.nth(2).locator(".status-badge").inner_text() == "New"
    page.reload()
    assert page.locator("#status-filter a[data-status='shortlisted']").inner_text() == (
        "Short list (2)")
    page.locator("#ranking tr.detail details").first.click()
    screenshot(page, "recruiter-page.png", full_page=False)

    # The status filter keeps the short list; blind review masks every person.
    page.click("#status-filter a[data-status='shortlisted']")
    page.wait_for_selector("#ranking tr.row")
    assert page.locator("#ranking tr.row").count() == 2
    page.click("#blind-toggle")
    page.wait_for_selector("#blind-toggle.on")
    assert page.locator("#ranking tr.row").count() == 2
    page.click("#status-filter a[data-status='all']")
    page.wait_for_selector("#blind-toggle.on")
    html = page.content()
    assert names_in(html, [w for p in PEOPLE for w in [*p.name_words, p.email]]) == []
    assert names_in(html, ["Amina", "Diallo", "Lukas", "Berg"]) == []
    assert page.locator("#ranking tr.row .label").first.inner_text().startswith("Candidate ")
    page.locator("#ranking tr.detail details").first.click()
    screenshot(page, "recruiter-page-blind.png", full_page=False)

    # Export the blind short list as the page shows it.
    page.click("#status-filter a[data-status='shortlisted']")
    page.wait_for_selector("#blind-toggle.on")
    with page.expect_download() as download:
        page.click("#export-csv")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.endswith("-blind.csv")
    text = saved.read_text(encoding="utf-8-sig")
    assert len(text.strip().splitlines()) == 3  # the header and the two short-listed
    assert names_in(text, [w for p in PEOPLE for w in [*p.name_words, p.email]]) == []
