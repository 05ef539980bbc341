"""docs/reliability.md items 26 and 28, against the real server configuration on loopback.

The app runs in uvicorn with :func:`api.server.server_config` (the settings ``jpo-matcher serve``
uses) in a thread of the test process, with short timeouts. Every socket count is small and
fixed, every wait has a deadline far above the timeout it checks (and pytest-timeout on top);
nothing asserts on elapsed time.

- 28: a request head sent a byte at a time, a body sent too slowly, and a next request dribbled
  on a keep-alive connection are all dropped; ``/health`` answers while such clients are held;
  over ``max_connections`` a request is answered 503 at once instead of waiting.
- 26: a long text CV is answered with at most ``MAX_CHUNKS`` chunks encoded; anonymous matches
  run in their own bounded queue, so a recruiter's ranking is answered while they are stuck,
  and one too many is refused 503 with ``Retry-After``; a client that disconnects stops the
  encoding between batches and gets its parsing child killed.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.server import server_config
from api.service import MatchService
from api.settings import Settings
from api.workqueue import WorkQueue
from index.fakes import HashEncoder
from index.readers import DocumentReader, ReaderLimits
from matcher.cancellation import current_cancellation
from matcher.cv import MAX_CHUNKS
from matcher.ports import FloatMatrix
from tests import hostile
from tests.api.conftest import CV_A, NO_RATE_LIMITS, seed_texts
from tests.matcher.test_chunk_budget import long_cv

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

QUIET_LOGS: dict[str, Any] = {"version": 1, "disable_existing_loggers": False}
#: Far above every timeout configured below: a wait that reaches it is a failure.
DEADLINE_S = 30.0


class GateEncoder(HashEncoder):
    """The fake encoder; once ``armed``, a call waits until its request is cancelled or the
    gate opens, so a test can hold a job in the encoder for as long as it needs."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.saw_cancellation = threading.Event()
        self.armed_calls = 0

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        if self.armed:
            self.armed_calls += 1
            self.entered.set()
            cancellation = current_cancellation()
            deadline = time.monotonic() + DEADLINE_S
            while not self.gate.is_set() and time.monotonic() < deadline:
                if cancellation is not None and cancellation.cancelled:
                    self.saw_cancellation.set()
                    break
                time.sleep(0.02)
        return super().encode(texts, kind=kind)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Running(str):
    """The server's base URL, with its app (to look at its queues)."""

    app: FastAPI

    def queued(self, queue: str) -> int:
        work_queue: WorkQueue = getattr(self.app.state.queues, queue)
        return work_queue.in_flight

    def wait_queued(self, queue: str, count: int) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while self.queued(queue) != count:
            assert time.monotonic() < deadline, f"{queue}: {self.queued(queue)} != {count}"
            time.sleep(0.02)


@contextmanager
def running(service: MatchService, **overrides: Any) -> Iterator[Running]:
    settings = Settings(data_dir=service.data_dir, **{**NO_RATE_LIMITS, **overrides})
    port = free_port()
    app = create_app(settings, service=service)
    server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=port,
                                          log_config=QUIET_LOGS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + DEADLINE_S
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    url = Running(f"http://127.0.0.1:{port}")
    url.app = app
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=DEADLINE_S)


@pytest.fixture
def gate() -> GateEncoder:
    return GateEncoder()


@pytest.fixture
def service(tmp_path: Path, gate: GateEncoder) -> Iterator[MatchService]:
    limits = ReaderLimits(cpu_seconds=120, wall_seconds=120, pdf_max_content_bytes=10**9)
    svc = MatchService.open(tmp_path / "data", encoder=gate, reader=DocumentReader(limits))
    rid = svc.recruiter_for(svc.create_recruiter("R"))
    seeds = seed_texts()
    vacancy = svc.add_vacancy(seeds[0].read_bytes(), seeds[0].name, owner=rid)
    svc.apply(vacancy.id, CV_A.encode(), "a.txt")
    try:
        yield svc
    finally:
        svc.close()


def dropped(sock: socket.socket, dribble: bytes, every_s: float = 0.2) -> bool:
    """Send ``dribble`` one byte at a time; True as soon as the server closes the socket."""
    for byte in dribble:
        readable, _, _ = select.select([sock], [], [], every_s)
        if readable:
            try:
                if sock.recv(4096) == b"":
                    return True
            except ConnectionError:
                return True
            continue  # an answer (408): the close follows
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionError):
            return True
    return False


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=DEADLINE_S)


# --------------------------------------------------------------------------- item 28

#: A header line long enough that dribbling it outlasts every timeout below many times.
SLOW_HEADER = b"X-Slow: " + b"z" * 400 + b"\r\n"


def test_slow_request_heads_are_dropped_and_health_stays_fast(service: MatchService) -> None:
    with running(service, header_timeout_s=1.0, max_connections=16) as url:
        socks = [connect(url) for _ in range(4)]
        for sock in socks:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        # While they are held, the server answers others.
        assert httpx.get(f"{url}/health", timeout=10.0).status_code == 200
        results = []
        for sock in socks:
            results.append(dropped(sock, SLOW_HEADER))
            sock.close()
        assert results == [True] * 4
        assert httpx.get(f"{url}/health", timeout=10.0).status_code == 200


def test_a_connection_that_sends_nothing_is_dropped(service: MatchService) -> None:
    with running(service, header_timeout_s=1.0) as url:
        with connect(url) as sock:
            readable, _, _ = select.select([sock], [], [], DEADLINE_S)
            assert readable and sock.recv(10) == b""


def test_a_slow_next_request_on_a_kept_alive_connection_is_dropped(
    service: MatchService,
) -> None:
    with running(service, header_timeout_s=1.0, keep_alive_timeout_s=30) as url:
        with connect(url) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            assert dropped(sock, b"GET /health HTTP/1.1\r\nHost: x\r\n" + SLOW_HEADER)


def test_a_slow_body_is_answered_408_and_dropped(service: MatchService) -> None:
    with running(service, body_idle_timeout_s=1.0, body_timeout_s=2.0) as url:
        with connect(url) as sock:
            head = (b"POST /match HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                    b"Content-Type: multipart/form-data; boundary=B\r\n\r\n")
            sock.sendall(head + b'--B\r\nContent-Disposition: form-data; name="file"; '
                         b'filename="cv.txt"\r\n\r\n')
            # A byte every 0.5 s: each piece is in time, the whole body never is.
            for _ in range(int(DEADLINE_S / 0.5)):
                readable, _, _ = select.select([sock], [], [], 0.5)
                if readable:
                    break
                sock.sendall(b"x")
            answer = b""
            while chunk := sock.recv(65536):  # to the end: the server closes the connection
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b"body_timeout" in answer


def test_over_the_connection_limit_requests_are_refused_at_once(service: MatchService) -> None:
    with running(service, header_timeout_s=2.0, max_connections=4) as url:
        idle = [connect(url) for _ in range(4)]
        try:
            response = httpx.get(f"{url}/health", timeout=10.0)
            assert response.status_code == 503
        finally:
            for sock in idle:
                sock.close()
        # Once they are gone the server answers again.
        deadline = time.monotonic() + DEADLINE_S
        while httpx.get(f"{url}/health", timeout=10.0).status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)


# --------------------------------------------------------------------------- item 26


def upload(url: str, path: str, text: bytes, name: str = "cv.txt",
           timeout: float = DEADLINE_S, **data: str) -> httpx.Response:
    return httpx.post(f"{url}{path}", files={"file": (name, text, "text/plain")}, data=data,
                      timeout=timeout)


def test_a_200_kb_text_cv_encodes_at_most_the_cap(service: MatchService, gate: GateEncoder
                                                  ) -> None:
    with running(service) as url:
        before = gate.texts_encoded
        response = upload(url, "/match", long_cv().encode())
        assert response.status_code == 200 and response.json()["results"]
        assert gate.texts_encoded - before <= MAX_CHUNKS


def background(func: Any, *args: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(func(*args))
        except Exception as exc:  # noqa: BLE001 - read by the test
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def test_stuck_anonymous_matches_never_starve_a_recruiter(service: MatchService,
                                                          gate: GateEncoder) -> None:
    vacancy = service.list_vacancies()[0].id
    owner_token = service.create_recruiter("Owner")
    service.assign_vacancies(service.recruiter_for(owner_token), [vacancy])
    with running(service, anonymous_workers=1, anonymous_queue=1,
                 max_concurrent_parses=2) as url:
        gate.armed = True
        # As many stuck matches as the recruiters' slots, plus the queue: before the queues,
        # two of them held both parse slots and the ranking waited behind them.
        first = background(upload, url, "/match", CV_A.encode())
        assert gate.entered.wait(DEADLINE_S)
        second = background(upload, url, "/match", CV_A.encode())
        url.wait_queued("anonymous", 2)  # one running (stuck), one waiting: the queue is full
        refused = upload(url, "/match", CV_A.encode())
        assert refused.status_code == 503
        assert refused.json()["error"]["reason"] == "busy"
        assert int(refused.headers["Retry-After"]) >= 1
        ranking = httpx.get(f"{url}/vacancies/{vacancy}/ranking", timeout=DEADLINE_S,
                            headers={"Authorization": f"Bearer {owner_token}"})
        assert ranking.status_code == 200 and len(ranking.json()["results"]) == 1
        assert not gate.gate.is_set() and first[0].is_alive()  # still stuck meanwhile
        gate.gate.set()
        for thread, out in (first, second):
            thread.join(DEADLINE_S)
            assert out and out[0].status_code == 200


def disconnect_during(url: str, body: bytes, boundary: str, started: threading.Event) -> None:
    """Send a whole upload, wait until its work has started, then hang up."""
    with connect(url) as sock:
        head = (f"POST /match HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode()
        sock.sendall(head + body)
        assert started.wait(DEADLINE_S)


def multipart(name: str, data: bytes, boundary: str = "B0UNDARY") -> bytes:
    return (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
            f"\r\nContent-Type: application/octet-stream\r\n\r\n").encode() + data + (
            f"\r\n--{boundary}--\r\n").encode()


def test_a_client_that_disconnects_stops_the_encoding(service: MatchService, gate: GateEncoder
                                                      ) -> None:
    with running(service) as url:
        gate.armed = True
        disconnect_during(url, multipart("long.txt", long_cv().encode()), "B0UNDARY",
                          gate.entered)
        # The encoder's first batch notices the cancellation; no further batch is encoded.
        assert gate.saw_cancellation.wait(DEADLINE_S)
        url.wait_queued("anonymous", 0)  # the job ended
        assert gate.armed_calls == 1
        gate.armed = False
        assert upload(url, "/match", CV_A.encode()).status_code == 200


def parse_children() -> list[int]:
    """Pids of this process's children running the document-parsing child."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"child_main" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_a_client_that_disconnects_gets_its_parsing_child_killed(
    service: MatchService,
) -> None:
    # 120 s of CPU allowed to the child: only the cancellation can stop it this soon.
    pdf = hostile.pdf_shared_huge_stream(pages=40, stream_mb=2)
    spawned = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline and not parse_children():
            time.sleep(0.05)
        if parse_children():
            spawned.set()

    with running(service) as url:
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        disconnect_during(url, multipart("cv.pdf", pdf), "B0UNDARY", spawned)
        deadline = time.monotonic() + DEADLINE_S
        while parse_children():
            assert time.monotonic() < deadline, "the parsing child outlived its client"
            time.sleep(0.1)
        assert upload(url, "/match", CV_A.encode()).status_code == 200
