"""A real ``jpo-matcher serve`` process on loopback (docs/reliability.md items 18, 19, 20).

The server runs in a subprocess with the fake encoder (``JPO_MATCHER_ENCODER=hash``); it is
killed with SIGKILL or with the ``JPO_MATCHER_CRASH_AT`` fault hook (``os._exit``) during and
after uploads and erasures, then restarted on the same data directory. After every restart
``GET /health`` must report store = index, every acknowledged upload must still be there and
no erased CV may come back. CLI-level drills of each crash point are in
``test_crash_consistency.py``; this file drives the HTTP server itself.

Every wait is bounded (deadlines and pytest-timeout); nothing asserts on elapsed time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.service import MatchService
from index.fakes import HashEncoder
from tests.api.conftest import CV_A, CV_B, NO_RATE_LIMITS, seed_texts

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 90.0
NO_RATE_LIMITS_ENV = {f"JPO_MATCHER_{key.upper()}": str(value)
                      for key, value in NO_RATE_LIMITS.items()}


def cv_text(marker: str) -> str:
    return f"""Applicant {marker}
EDUCATION
MA International Relations ({marker}), University of Geneva, 2018
EXPERIENCE
Policy officer {marker}, Ministry of Foreign Affairs, 2019 - 2024
- Drafted policy briefs {marker} on peacekeeping and protection of civilians.
- Coordinated partner meetings {marker} on humanitarian access.
LANGUAGES
English (fluent), French (C1)
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def data_dir_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


@dataclass
class Setup:
    data_dir: Path
    recruiter: str
    vacancy: str
    acked: dict[str, tuple[str, str]] = field(default_factory=dict)  # marker -> (app, token)


def prepare(data_dir: Path) -> Setup:
    """Recruiter, vacancies and one application, written in-process before the server starts."""
    svc = MatchService.open(data_dir, encoder=HashEncoder())
    try:
        token = svc.create_recruiter("Recruiter")
        rid = svc.recruiter_for(token)
        seeds = seed_texts()
        vacancy = svc.add_vacancy(seeds[0].read_bytes(), seeds[0].name, owner=rid)
        for extra in seeds[1:3]:
            svc.add_vacancy(extra.read_bytes(), extra.name)
        setup = Setup(data_dir, token, vacancy.id)
        setup.acked["seedmarker"] = svc.apply(vacancy.id, cv_text("seedmarker").encode(), "s.txt")
    finally:
        svc.close()
    return setup


class Server:
    """One ``jpo-matcher serve`` subprocess on a loopback port."""

    def __init__(self, data_dir: Path, log: Path, crash_at: str | None = None) -> None:
        # Rate limits out of the way: these drills send many requests from one address.
        env = {**os.environ, "JPO_MATCHER_ENCODER": "hash", **NO_RATE_LIMITS_ENV}
        env.pop("JPO_MATCHER_CRASH_AT", None)
        if crash_at:
            env["JPO_MATCHER_CRASH_AT"] = crash_at
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli",
                "--data-dir",
                str(data_dir),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.client = httpx.Client(base_url=self.url, timeout=60.0)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode} at start")
            try:
                if self.client.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.kill()
        raise AssertionError("server did not answer /health in time")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.client.close()
        self._log.close()

    def stop(self) -> None:
        """Graceful stop (SIGINT: uvicorn's lifespan closes the service)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self.client.close()
        self._log.close()

    def wait_dead(self) -> int:
        """The exit code of a server expected to die (crash hook): bounded wait."""
        code = self.proc.wait(timeout=30)
        self.client.close()
        self._log.close()
        return code


@contextmanager
def serving(data_dir: Path, log: Path, crash_at: str | None = None) -> Iterator[Server]:
    server = Server(data_dir, log, crash_at)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.kill()


def apply(server: Server, setup: Setup, text: str, name: str = "cv.txt") -> httpx.Response:
    return server.client.post(
        f"/vacancies/{setup.vacancy}/applications",
        files={"file": (name, text.encode(), "text/plain")},
        data={"consent": "true"},
    )


def check_after_restart(server: Server, setup: Setup, erased: dict[str, tuple[str, str]]) -> None:
    """store = index, every acknowledged upload readable, nothing erased back."""
    health = server.client.get("/health").json()
    assert health["consistent"] == {"unit": True, "chunk": True}, health
    assert health["status"] == "ok"
    for marker, (app, token) in setup.acked.items():
        got = server.client.get(
            f"/applications/{app}", headers={"Authorization": f"Bearer {token}"}
        )
        assert got.status_code == 200, (marker, got.text)
    for marker, (app, token) in erased.items():
        got = server.client.get(
            f"/applications/{app}", headers={"Authorization": f"Bearer {token}"}
        )
        assert got.status_code == 404, marker
        assert marker.encode() not in data_dir_bytes(setup.data_dir), marker
    ranking = server.client.get(
        f"/vacancies/{setup.vacancy}/ranking",
        headers={"Authorization": f"Bearer {setup.recruiter}"},
    )
    assert ranking.status_code == 200
    sources = [r["source"] for r in ranking.json()["results"]]
    assert len(sources) == health["candidates"]


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return prepare(tmp_path / "data")


# --------------------------------------------------------------------------- item 18


@pytest.mark.timeout(240)
def test_sigkill_during_and_after_uploads_and_erasure(setup: Setup, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    erased: dict[str, tuple[str, str]] = {}
    with serving(setup.data_dir, log) as server:
        for marker in ("ackmarker1", "ackmarker2", "erasemarker3"):
            response = apply(server, setup, cv_text(marker))
            assert response.status_code == 201, response.text
            body = response.json()
            setup.acked[marker] = (body["application_id"], body["candidate_token"])
        app, token = setup.acked.pop("erasemarker3")
        deleted = server.client.delete(
            f"/applications/{app}", headers={"Authorization": f"Bearer {token}"}
        )
        assert deleted.status_code == 204
        erased["erasemarker3"] = (app, token)
        # One more upload in flight when the process is killed: it may or may not survive,
        # but only an acknowledged one must.
        outcome: dict[str, Any] = {}

        def late_upload() -> None:
            try:
                outcome["response"] = apply(server, setup, cv_text("inflightmarker4"))
            except httpx.TransportError as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=late_upload)
        thread.start()
        time.sleep(0.05)
        server.proc.send_signal(signal.SIGKILL)
        thread.join(timeout=60)
        assert not thread.is_alive()
        server.kill()
        late = outcome.get("response")
        if late is not None and late.status_code == 201:
            body = late.json()
            setup.acked["inflightmarker4"] = (body["application_id"], body["candidate_token"])

    with serving(setup.data_dir, log) as server:
        check_after_restart(server, setup, erased)
        health = server.client.get("/health").json()
        assert health["candidates"] in (len(setup.acked), len(setup.acked) + 1)
        server.stop()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("point", ["after_store_commit", "after_index_add", "after_index_save"])
def test_crash_hook_during_http_upload(setup: Setup, tmp_path: Path, point: str) -> None:
    log = tmp_path / "server.log"
    with serving(setup.data_dir, log, crash_at=point) as server:
        with pytest.raises(httpx.TransportError):
            apply(server, setup, cv_text("crashupload5"))
        assert server.wait_dead() == 137
    with serving(setup.data_dir, log) as server:
        check_after_restart(server, setup, {})
        health = server.client.get("/health").json()
        # The store committed before each crash point: the unacknowledged CV is there, once.
        assert health["candidates"] == len(setup.acked) + 1
        # The server keeps accepting uploads after the restart.
        assert apply(server, setup, cv_text("afterrestart6")).status_code == 201
        assert server.client.get("/health").json()["consistent"] == {"unit": True, "chunk": True}
        server.stop()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("point", ["after_erase_commit", "after_erase_index"])
def test_crash_hook_during_http_erasure(setup: Setup, tmp_path: Path, point: str) -> None:
    log = tmp_path / "server.log"
    with serving(setup.data_dir, log, crash_at=point) as server:
        response = apply(server, setup, cv_text("erasecrash7"))
        assert response.status_code == 201
        body = response.json()
        app, token = body["application_id"], body["candidate_token"]
        with pytest.raises(httpx.TransportError):
            server.client.delete(
                f"/applications/{app}", headers={"Authorization": f"Bearer {token}"}
            )
        assert server.wait_dead() == 137
    with serving(setup.data_dir, log) as server:
        check_after_restart(server, setup, {"erasecrash7": (app, token)})
        assert server.client.get("/health").json()["candidates"] == len(setup.acked)
        server.stop()
    # After the restart nothing searches its way back to the erased CV either.
    svc = MatchService.open(setup.data_dir, encoder=HashEncoder())
    try:
        assert all(
            "erasecrash7" not in svc.candidate_source(c)
            for c in svc.nearest_candidates(cv_text("erasecrash7"), k=20)
        )
        assert svc.catalog.check_consistency() == {"unit": True, "chunk": True}
        assert len(svc.nearest_candidates(cv_text("erasecrash7"), k=20)) == len(setup.acked)
    finally:
        svc.close()


# --------------------------------------------------------------------------- item 19


@pytest.mark.timeout(240)
@pytest.mark.parametrize("files", [("chunks.faiss",), ("units.faiss", "chunks.faiss")])
def test_truncated_index_at_start_is_rebuilt_with_the_same_results(
    setup: Setup, tmp_path: Path, files: tuple[str, ...]
) -> None:
    log = tmp_path / "server.log"
    recruiter = {"Authorization": f"Bearer {setup.recruiter}"}
    with serving(setup.data_dir, log) as server:
        for text, name in ((CV_A, "a.txt"), (CV_B, "b.txt")):
            assert apply(server, setup, text, name).status_code == 201
        before = server.client.get(f"/vacancies/{setup.vacancy}/ranking", headers=recruiter)
        matched = server.client.post("/match", files={"file": ("q.txt", CV_A.encode())})
        assert before.status_code == 200 and matched.status_code == 200
        server.stop()
    for name in files:
        path = setup.data_dir / name
        size = path.stat().st_size
        assert size > 64
        with path.open("r+b") as handle:
            handle.truncate(size // 2)
    with serving(setup.data_dir, log) as server:
        health = server.client.get("/health").json()
        assert health["consistent"] == {"unit": True, "chunk": True}
        # /health's schema has no reconcile report; the rebuild is logged at WARNING.
        logged = log.read_text(encoding="utf-8", errors="replace")
        for name in files:
            kind = "chunk" if name.startswith("chunks") else "unit"
            assert f"rebuilding {kind} index from the store" in logged, logged[-2000:]
        after = server.client.get(f"/vacancies/{setup.vacancy}/ranking", headers=recruiter)
        rematched = server.client.post("/match", files={"file": ("q.txt", CV_A.encode())})
        assert after.json() == before.json()
        assert rematched.json() == matched.json()
        server.stop()


# --------------------------------------------------------------------------- item 20


@pytest.mark.timeout(300)
def test_concurrent_uploads_matches_rankings_and_erasures(setup: Setup, tmp_path: Path) -> None:
    threads_n, ops_n = 3, 10
    statuses: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    recruiter = {"Authorization": f"Bearer {setup.recruiter}"}

    def worker(server: Server, number: int) -> None:
        mine: list[tuple[str, str]] = []
        kept = 0
        with httpx.Client(base_url=server.url, timeout=120.0) as client:
            for op in range(ops_n):
                kind = ("apply", "match", "rank", "delete")[op % 4]
                try:
                    if kind == "apply":
                        r = client.post(
                            f"/vacancies/{setup.vacancy}/applications",
                            files={"file": ("cv.txt", cv_text(f"t{number}op{op}").encode())},
                            data={"consent": "true"},
                        )
                        if r.status_code == 201:
                            body = r.json()
                            mine.append((body["application_id"], body["candidate_token"]))
                    elif kind == "match":
                        r = client.post("/match", files={"file": ("q.txt", CV_A.encode())})
                    elif kind == "rank":
                        r = client.get(f"/vacancies/{setup.vacancy}/ranking", headers=recruiter)
                    else:
                        app, token = mine.pop(0)
                        r = client.delete(
                            f"/applications/{app}", headers={"Authorization": f"Bearer {token}"}
                        )
                except BaseException as exc:  # noqa: BLE001 - reported below
                    with lock:
                        errors.append(exc)
                    return
                with lock:
                    statuses.append((kind, r.status_code))
            kept = len(mine)
        with lock:
            statuses.append(("kept", kept))

    log = tmp_path / "server.log"
    with serving(setup.data_dir, log) as server:
        before = server.client.get("/health").json()
        workers = [threading.Thread(target=worker, args=(server, n)) for n in range(threads_n)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(timeout=240)
        assert not any(t.is_alive() for t in workers)
        assert errors == []
        ops = [(k, s) for k, s in statuses if k != "kept"]
        assert len(ops) == threads_n * ops_n
        expected = {"apply": 201, "match": 200, "rank": 200, "delete": 204}
        assert [(k, s) for k, s in ops if s != expected[k]] == []
        kept = sum(s for k, s in statuses if k == "kept")
        health = server.client.get("/health").json()
        assert health["consistent"] == {"unit": True, "chunk": True}
        assert health["candidates"] == before["candidates"] + kept
        ranking = server.client.get(f"/vacancies/{setup.vacancy}/ranking", headers=recruiter)
        assert len(ranking.json()["results"]) == health["candidates"]
        server.stop()
    # The same holds after a clean restart.
    with serving(setup.data_dir, log) as server:
        health = server.client.get("/health").json()
        assert health["consistent"] == {"unit": True, "chunk": True}
        assert health["candidates"] == before["candidates"] + kept
        assert "rebuilding" not in log.read_text(encoding="utf-8", errors="replace")
        server.stop()


# --------------------------------------------------------------------------- item 34


@pytest.mark.timeout(180)
def test_tokens_in_query_strings_never_reach_the_log(setup: Setup, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    secret = "S3cr3tT0ken" * 4
    with serving(setup.data_dir, log) as server:
        refused = server.client.get(f"/vacancies/{setup.vacancy}/ranking?token={secret}")
        assert refused.status_code == 400
        assert refused.json()["error"]["reason"] == "credentials_in_query"
        assert server.client.get("/health?probe=kept-out-of-the-log").status_code == 200
        server.stop()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert '"GET /health HTTP/1.1" 200' in text  # the access log is on
    assert secret not in text and "kept-out-of-the-log" not in text
