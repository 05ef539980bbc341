"""Hostile uploads through the HTTP API (docs/reliability.md items 1-10).

Every hostile file of ``tests/hostile.py`` is posted to ``POST /match`` and to
``POST /vacancies/{id}/applications``; each must end in its documented 4xx status and reason,
after which the service still answers ``/health``, nothing was stored (candidate count, store
rows and index sizes unchanged: no zero vector was added) and the next valid upload succeeds.
Reader-level checks of the same files live in ``tests/index/test_hostile_files.py``.

No wall-clock assertion: each test is bounded by ``pytest.mark.timeout`` only.
"""

from __future__ import annotations

import os
import resource
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.service import MatchService
from api.settings import Settings
from index.fakes import HashEncoder
from tests import hostile
from tests.api.conftest import CV_A, CV_B, NO_RATE_LIMITS, World, seed_texts

#: Rows of the store that an upload could leave behind.
_TABLES = ("candidates", "vectors", "applications")

#: A CV as a real PDF: the "next valid upload" goes through the same sandboxed PDF reader.
VALID_PDF_LINES = [
    "Maria Gonzalez",
    "EXPERIENCE",
    "Programme Officer, UNDP Country Office, 2019 - 2024",
    "Drafted policy briefs on governance and peace and security for the Resident Coordinator.",
    "Coordinated monitoring and evaluation of country programme outputs with partners.",
    "LANGUAGES",
    "English (fluent), Spanish (native)",
]


def valid_pdf() -> bytes:
    return hostile.pdf_with_text("\n".join(VALID_PDF_LINES))


# (id, builder, upload name, HTTP status, accepted reasons, checklist item, slow)
CASES: list[tuple[str, Callable[[], bytes], str, int, set[str], int, bool]] = [
    (
        "pdf inflate bomb",
        hostile.pdf_inflate_bomb,
        "cv.pdf",
        422,
        {"decompression_limit", "memory_limit"},
        1,
        True,
    ),
    (
        "pdf shared huge stream",
        hostile.pdf_shared_huge_stream,
        "cv.pdf",
        422,
        {"content_too_large", "cpu_limit", "timeout"},
        2,
        False,
    ),
    ("pdf too many pages", hostile.pdf_many_pages, "cv.pdf", 413, {"too_many_pages"}, 2, False),
    (
        "pdf page tree cycle",
        hostile.pdf_page_tree_cycle,
        "cv.pdf",
        422,
        {"unreadable", "empty_text"},
        3,
        False,
    ),
    ("pdf encrypted", hostile.pdf_encrypted, "cv.pdf", 422, {"encrypted"}, 4, False),
    (
        "pdf encrypted with password",
        lambda: hostile.pdf_encrypted("pw"),
        "cv.pdf",
        422,
        {"encrypted"},
        4,
        False,
    ),
    ("pdf image only", hostile.pdf_image_only, "cv.pdf", 422, {"empty_text"}, 5, False),
    ("png named pdf", hostile.png_image, "cv.pdf", 415, {"unsupported_type"}, 6, False),
    ("random bytes named pdf", hostile.random_bytes, "cv.pdf", 415, {"binary_text"}, 6, False),
    ("elf named pdf", hostile.elf_executable, "cv.pdf", 415, {"unsupported_type"}, 6, False),
    ("pdf named docx", valid_pdf, "cv.docx", 415, {"type_mismatch"}, 6, False),
    ("pdf named txt", valid_pdf, "cv.txt", 415, {"type_mismatch"}, 6, False),
    ("plain zip named docx", hostile.zip_plain, "cv.docx", 415, {"unsupported_type"}, 6, False),
    ("legacy doc", hostile.legacy_doc, "cv.doc", 415, {"legacy_doc"}, 6, False),
    (
        "docx huge declared part",
        hostile.docx_huge_declared_part,
        "cv.docx",
        422,
        {"declared_size"},
        7,
        False,
    ),
    ("docx zip bomb", hostile.zip_bomb_like, "cv.docx", 422, {"compression_ratio"}, 7, True),
    (
        "docx many members",
        hostile.docx_many_members,
        "cv.docx",
        422,
        {"too_many_members"},
        7,
        False,
    ),
    (
        "docx zip slip",
        hostile.docx_unsafe_member_name,
        "cv.docx",
        422,
        {"unsafe_member_name"},
        7,
        False,
    ),
    ("docx dtd in document", hostile.docx_with_dtd, "cv.docx", 422, {"dtd"}, 8, False),
    (
        "docx dtd in styles",
        lambda: hostile.docx_with_dtd(part="word/styles.xml"),
        "cv.docx",
        422,
        {"dtd"},
        8,
        False,
    ),
    ("empty file", hostile.empty, "cv.txt", 422, {"empty_file", "empty_text"}, 5, False),
    ("whitespace only", hostile.whitespace_only, "cv.txt", 422, {"empty_text"}, 5, False),
]


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The ``world`` of ``conftest.py``, built once for the tests that must store nothing.

    Each test compares a snapshot taken before and after its own requests, so sharing is safe
    (and spares rebuilding five vacancies per hostile file).
    """
    data = tmp_path_factory.mktemp("uploads") / "data"
    service = MatchService.open(data, encoder=HashEncoder())
    seeds = seed_texts()
    token_x = service.create_recruiter("Recruiter X")
    token_y = service.create_recruiter("Recruiter Y")
    vx = service.add_vacancy(
        seeds[0].read_bytes(), seeds[0].name, owner=service.recruiter_for(token_x)
    )
    vy = service.add_vacancy(
        seeds[1].read_bytes(), seeds[1].name, owner=service.recruiter_for(token_y)
    )
    app_a, tok_a = service.apply(vx.id, CV_A.encode(), "amina.txt")
    app_b, tok_b = service.apply(vx.id, CV_B.encode(), "lukas.txt")
    settings = Settings(data_dir=data, max_upload_bytes=1024 * 1024,
                        **NO_RATE_LIMITS)  # type: ignore[arg-type]
    with TestClient(create_app(settings, service=service)) as client:
        yield World(
            client, service, data, token_x, token_y, vx.id, vy.id, app_a, tok_a, app_b, tok_b
        )
    service.close()


def files_of(data: bytes, name: str) -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, data, "application/octet-stream")}


def snapshot(world: World) -> dict[str, Any]:
    """Everything an upload could change: health counts, index sizes, store rows."""
    health = world.client.get("/health")
    assert health.status_code == 200
    body = health.json()
    return {
        "status": body["status"],
        "candidates": body["candidates"],
        "vacancies": body["vacancies"],
        "index_sizes": body["index_sizes"],
        "consistent": body["consistent"],
        "rows": {t: world.service.store.count(t) for t in _TABLES},
    }


def assert_no_zero_vector(world: World) -> None:
    """Every chunk vector in memory and in the index has unit length (none is all zeros)."""
    catalog = world.service.catalog
    for owner in catalog.owner_ids("chunk"):
        owned = catalog.vectors_of("chunk", owner)
        assert owned is not None
        norms = np.linalg.norm(owned.matrix, axis=1)
        assert bool(np.all(norms > 0.5)), owner
    stored = world.service.store.count("vectors")
    assert stored == sum(world.client.get("/health").json()["index_sizes"].values())


def post_both(world: World, data: bytes, name: str) -> list[Any]:
    urls = ("/match", f"/vacancies/{world.vacancy_x}/applications")
    return [
        world.client.post(url, files=files_of(data, name), data={"consent": "true"}) for url in urls
    ]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("build", "name", "status", "reasons", "item"),
    [
        pytest.param(*case[1:6], id=case[0], marks=[pytest.mark.slow] if case[6] else [])
        for case in CASES
    ],
)
def test_hostile_upload_is_refused_and_nothing_is_stored(
    shared_world: World,
    build: Callable[[], bytes],
    name: str,
    status: int,
    reasons: set[str],
    item: int,
) -> None:
    world = shared_world
    before = snapshot(world)
    data = build()
    for response in post_both(world, data, name):
        assert response.status_code == status, (item, response.request.url, response.text)
        error = response.json()["error"]
        assert error["reason"] in reasons, (item, error)
        assert error["message"]
    # The server keeps serving; nothing partial was stored; no vector was added.
    assert snapshot(world) == before
    assert_no_zero_vector(world)
    # The next valid upload (a real PDF through the same sandboxed reader) succeeds.
    matched = world.client.post("/match", files=files_of(valid_pdf(), "next.pdf"))
    assert matched.status_code == 200, matched.text
    assert matched.json()["results"]


@pytest.mark.timeout(120)
def test_circular_xref_reaches_a_terminal_state(world: World) -> None:
    # Item 3: pypdf's loop guard reads the first section ("Circular": no CV sentence) or the
    # reader refuses it; either way a 4xx or a result, never a 5xx and never a hang.
    before = snapshot(world)
    for response in post_both(world, hostile.pdf_circular_xref(), "cv.pdf"):
        assert response.status_code in (200, 201, 413, 415, 422), response.text
    after = snapshot(world)
    assert after["status"] == "ok"
    assert after["candidates"] - before["candidates"] in (0, 1)
    assert world.client.post("/match", files=files_of(valid_pdf(), "n.pdf")).status_code == 200


@pytest.mark.timeout(120)
def test_after_shared_stream_the_next_application_is_indexed(world: World) -> None:
    # Item 2, second half: after the refused parse, a valid upload is stored and indexed.
    before = snapshot(world)
    refused = post_both(world, hostile.pdf_shared_huge_stream(), "cv.pdf")
    assert [r.status_code for r in refused] == [422, 422]
    response = world.client.post(
        f"/vacancies/{world.vacancy_x}/applications",
        files=files_of(valid_pdf(), "maria.pdf"),
        data={"consent": "true"},
    )
    assert response.status_code == 201, response.text
    after = snapshot(world)
    assert after["candidates"] == before["candidates"] + 1
    assert after["index_sizes"]["chunks"] > before["index_sizes"]["chunks"]
    assert after["consistent"] == {"unit": True, "chunk": True}
    assert_no_zero_vector(world)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_inflate_bomb_does_not_grow_the_server_process(world: World) -> None:
    # Item 1, "server RSS bounded": the bomb inflates to 100 MB, but only inside the sandboxed
    # child. ru_maxrss is the peak resident size (KiB) of this process; if the parse ran here
    # the peak would rise by tens of MB (pypdf inflates up to 75 MB before its own limit).
    data = hostile.pdf_inflate_bomb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for response in post_both(world, data, "cv.pdf"):
        assert response.status_code == 422
    growth_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert growth_mib < 48, f"server peak RSS grew by {growth_mib:.0f} MiB"


# --------------------------------------------------------------------------- item 9


@pytest.fixture
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point ``tempfile`` (Starlette's spooled upload files) at an empty directory."""
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    monkeypatch.setenv("TMPDIR", str(spool))
    yield spool


def open_files_under(directory: Path) -> list[str]:
    """Paths under ``directory`` this process still holds open (deleted temp files included)."""
    held: list[str] = []
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():  # pragma: no cover - Linux CI
        return held
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(directory)):
            held.append(target)
    return held


def _multipart_head(boundary: str, name: str = "cv.txt") -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()


def asgi_stream(
    app: Any, path: str, content_type: str, chunks: Iterator[bytes]
) -> tuple[int, bytes]:
    """POST a chunked body (no Content-Length) straight to the ASGI app, chunk by chunk.

    TestClient reads a streamed body whole into one ASGI message; a real server delivers it in
    pieces, which is what lets the multipart parser spool to disk before the cap is reached.
    """
    import anyio

    messages: list[dict[str, Any]] = []
    pending = list(chunks)

    async def receive() -> dict[str, Any]:
        if pending:
            return {"type": "http.request", "body": pending.pop(0), "more_body": True}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", content_type.encode())],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }

    async def call() -> None:
        await app(scope, receive, send)

    anyio.run(call)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return int(start["status"]), body


@pytest.mark.timeout(120)
def test_over_cap_upload_is_413_and_leaves_no_temp_file(
    world: World, private_tempdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(world)
    big = b"a" * (3 * 1024 * 1024)  # the fixture's cap is 1 MiB
    # Declared Content-Length over the cap: refused before a byte is read.
    for url in ("/match", f"/vacancies/{world.vacancy_x}/applications"):
        response = world.client.post(url, files=files_of(big, "cv.txt"), data={"consent": "true"})
        assert response.status_code == 413, response.text
        assert response.json()["error"]["reason"] == "too_large"

    # Streamed without Content-Length: Starlette spools past 1 MiB into a temp file before the
    # middleware cuts the stream at the cap; that file must not survive the request.
    rollovers: list[int] = []
    real_temporary_file = tempfile.TemporaryFile

    def counting_temporary_file(*args: Any, **kwargs: Any) -> Any:
        rollovers.append(1)
        return real_temporary_file(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", counting_temporary_file)
    boundary = "b0undary"

    def stream() -> Iterator[bytes]:
        yield _multipart_head(boundary)
        # Small chunks: the parser receives almost the whole cap, more than the 1 MiB spool.
        for _ in range(400):
            yield b"b" * 8192

    for url in ("/match", f"/vacancies/{world.vacancy_x}/applications"):
        status, body = asgi_stream(
            world.client.app, url, f"multipart/form-data; boundary={boundary}", stream()
        )
        assert status == 413, body
    # The spool did reach the disk (so the check below means something) ...
    assert rollovers, "the upload never spilled to a temp file"
    # ... and nothing of it is left: no file, no open descriptor.
    assert list(private_tempdir.iterdir()) == []
    assert open_files_under(private_tempdir) == []
    assert snapshot(world) == before
    # An upload just under the cap still works afterwards.
    assert world.client.post("/match", files=files_of(CV_A.encode(), "a.txt")).status_code == 200
    assert list(private_tempdir.iterdir()) == []


# --------------------------------------------------------------------------- item 10


def _part(
    boundary: str, name: str, value: bytes, filename: str | None = None, extra_header: bytes = b""
) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return (
        f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        + extra_header
        + b"\r\n"
        + value
        + b"\r\n"
    )


def _abusive_bodies(boundary: str) -> dict[str, bytes]:
    cv = CV_A.encode()
    end = f"--{boundary}--\r\n".encode()
    consent = _part(boundary, "consent", b"true")
    return {
        "2000 fields": b"".join(_part(boundary, f"f{i}", b"x") for i in range(2000))
        + consent
        + _part(boundary, "file", cv, "cv.txt")
        + end,
        "50 files": consent
        + b"".join(_part(boundary, "file", cv, f"cv{i}.txt") for i in range(50))
        + end,
        "1200 files": consent
        + b"".join(_part(boundary, "file", b"x", f"cv{i}.txt") for i in range(1200))
        + end,
        "100 KB part header": consent
        + _part(boundary, "file", cv, "cv.txt", b"X-Padding: " + b"a" * 100_000 + b"\r\n")
        + end,
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("abuse", ["2000 fields", "50 files", "1200 files", "100 KB part header"])
@pytest.mark.parametrize("route", ["match", "apply"])
def test_multipart_abuse_is_4xx_and_stores_nothing(
    shared_world: World, private_tempdir: Path, abuse: str, route: str
) -> None:
    world = shared_world
    boundary = "abuseboundary"
    body = _abusive_bodies(boundary)[abuse]
    url = "/match" if route == "match" else f"/vacancies/{world.vacancy_x}/applications"
    before = snapshot(world)
    response = world.client.post(
        url, content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert 400 <= response.status_code < 500, (abuse, route, response.status_code, response.text)
    assert "error" in response.json()
    assert snapshot(world) == before
    assert list(private_tempdir.iterdir()) == []
    assert world.client.get("/health").status_code == 200
