"""``jpo-matcher bench-load``: the audit's mixed load against a real server on loopback.

Eight clients for a minute (by default) against the server configuration ``serve`` uses: two
send 200 KB text CVs to ``/match``, two match ordinary CVs, three apply with CVs of their own
and erase them again, and one recruiter ranks the pool of 13 applicants again and again. Each
client has its own address (``X-Forwarded-For`` from a trusted loopback proxy), so the
per-address rate limits apply to it as to a real client: answers 429 are part of the result,
and so is 503 with ``Retry-After`` (the anonymous queue is full); any other 5xx is a failure.
Clients wait as those answers tell them. The recruiter's ranking is timed alone first (idle)
and then under the load; the report gives both p95 and their ratio (docs/reliability.md items
26-28: the ratio must stay under 2), every status code seen, and whether store and indexes
agree at the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["register"]

_ROOT = Path(__file__).resolve().parents[2]
_CVS = _ROOT / "eval" / "data" / "cvs"
_SEEDS = _ROOT / "examples" / "vacancies"
_IDLE_SAMPLES = 30


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench-load", help="mixed load on a loopback server: recruiter p95 idle vs under load"
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="load duration (default 60)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--encoder", choices=("default", "hash"), default="default",
                        help="the real default encoder, or the hash encoder (a smoke run)")
    parser.set_defaults(func=run)


def long_cv(kilobytes: int = 200) -> str:
    """A text CV of about ``kilobytes`` KB whose lines are all different (no duplicate drops)."""
    lines = ["Curriculum vitae", "Experience"]
    i = 0
    while sum(len(line) + 1 for line in lines) < kilobytes * 1024:
        lines.append(f"- Coordinated programme review {i} with district {i % 97} partners, "
                     f"budget line {i * 7 % 1013} and quarterly report {i // 4}.")
        i += 1
    return "\n".join(lines)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"n": len(ordered), "p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * p95}


class _Clients:
    """The HTTP clients of the run and what they saw."""

    def __init__(self, url: str, vacancy_id: str, recruiter_token: str) -> None:
        self.url, self.vacancy_id, self.token = url, vacancy_id, recruiter_token
        self.statuses: Counter[str] = Counter()
        self.rankings: list[float] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def client(self, address: str) -> Any:
        import httpx

        return httpx.Client(base_url=self.url, timeout=300.0,
                            headers={"X-Forwarded-For": address})

    def _count(self, kind: str, status: int) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1

    def _send(self, client: Any, kind: str, method: str, path: str, **kwargs: Any) -> Any:
        """One request; its status counted (a client-side timeout counts as ``timeout``)."""
        import httpx

        try:
            response = client.request(method, path, **kwargs)
        except httpx.HTTPError:
            with self.lock:
                self.statuses[f"{kind} timeout"] += 1
            return None
        self._count(kind, response.status_code)
        return response

    def _back_off(self, response: Any) -> None:
        # A polite client waits as told on 429 (rate limit) and 503 (queue full).
        if response is not None and response.status_code in (429, 503):
            self.stop.wait(float(response.headers.get("retry-after", "1")))

    def rank_once(self, client: Any) -> float:
        start = time.perf_counter()
        response = client.get(f"/vacancies/{self.vacancy_id}/ranking",
                              headers={"Authorization": f"Bearer {self.token}"})
        elapsed = time.perf_counter() - start
        self._count("rank", response.status_code)
        return elapsed

    def recruiter(self, n: int) -> None:
        with self.client(f"10.0.1.{n}") as client:
            while not self.stop.is_set():
                elapsed = self.rank_once(client)
                with self.lock:
                    self.rankings.append(elapsed)

    def anonymous(self, n: int, text: str) -> None:
        with self.client(f"10.0.2.{n}") as client:
            while not self.stop.is_set():
                response = self._send(client, "match", "POST", "/match",
                                      files={"file": ("cv.txt", text.encode())})
                self._back_off(response)

    def applicant(self, n: int, texts: list[str]) -> None:
        with self.client(f"10.0.3.{n}") as client:
            i = 0
            while not self.stop.is_set():
                text = f"{texts[i % len(texts)]}\nReference: applicant {n}, application {i}."
                i += 1
                response = self._send(client, "apply", "POST",
                                      f"/vacancies/{self.vacancy_id}/applications",
                                      files={"file": ("cv.txt", text.encode())},
                                      data={"consent": "true"})
                if response is not None and response.status_code == 201:
                    body = response.json()
                    self._send(client, "erase", "DELETE",
                               f"/applications/{body['application_id']}",
                               headers={"Authorization": f"Bearer {body['candidate_token']}"})
                else:
                    self._back_off(response)


def _threads(clients: _Clients, cvs: list[str]) -> list[threading.Thread]:
    big = long_cv()
    jobs: list[Callable[[], None]] = [
        lambda: clients.anonymous(1, big),
        lambda: clients.anonymous(2, big),
        lambda: clients.anonymous(3, cvs[0]),
        lambda: clients.anonymous(4, cvs[1]),
        lambda: clients.applicant(1, cvs[2:4]),
        lambda: clients.applicant(2, cvs[4:6]),
        lambda: clients.applicant(3, cvs[6:8]),
        lambda: clients.recruiter(1),
    ]
    return [threading.Thread(target=job, daemon=True) for job in jobs]


def measure(seconds: float, encoder: str) -> dict[str, Any]:
    """Run the idle and the loaded phase; the report as a dict."""
    import uvicorn

    from api.app import create_app
    from api.server import server_config
    from api.service import MatchService
    from api.settings import Settings

    cvs = [p.read_text(encoding="utf-8") for p in sorted(_CVS.glob("*.txt"))[:20]]
    with tempfile.TemporaryDirectory(prefix="jpo-load-") as tmp:
        data_dir = Path(tmp) / "data"
        fake = None
        if encoder == "hash":
            from index.fakes import HashEncoder

            fake = HashEncoder()
        service = MatchService.open(data_dir, encoder=fake)
        try:
            recruiter = service.create_recruiter("Load")
            rid = service.recruiter_for(recruiter)
            seeds = sorted(_SEEDS.glob("*.txt"))
            vacancies = [service.add_vacancy(p.read_bytes(), p.name, owner=rid) for p in seeds]
            vacancy = vacancies[0]
            for i, text in enumerate(cvs[8:]):
                service.apply(vacancy.id, text.encode(), f"pool{i}.txt")
            settings = Settings(data_dir=data_dir, trusted_proxies=("127.0.0.1",))
            app = create_app(settings, service=service)
            server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=0,
                                                  log_config={"version": 1}))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.05)
            port = server.servers[0].sockets[0].getsockname()[1]
            clients = _Clients(f"http://127.0.0.1:{port}", vacancy.id, recruiter)
            with clients.client("10.0.0.1") as client:
                clients.rank_once(client)  # warm caches before timing
                idle = [clients.rank_once(client) for _ in range(_IDLE_SAMPLES)]
            workers = _threads(clients, cvs)
            for worker in workers:
                worker.start()
            time.sleep(seconds)
            clients.stop.set()
            for worker in workers:
                worker.join(timeout=600)
            with clients.client("10.0.0.1") as client:
                health = client.get("/health").json()
            server.should_exit = True
            thread.join(timeout=60)
        finally:
            service.close()
    idle_block, loaded_block = _percentiles(idle), _percentiles(clients.rankings)
    # 503 with Retry-After is the bounded queue refusing more work (item 26), not a failure.
    errors = sum(n for key, n in clients.statuses.items()
                 if key.split()[1].startswith("5") and key.split()[1] != "503")
    busy = sum(n for key, n in clients.statuses.items() if key.split()[1] == "503")
    return {
        "seconds": seconds,
        "encoder": encoder,
        "clients": 8,
        "ranking_idle": idle_block,
        "ranking_loaded": loaded_block,
        "p95_ratio": loaded_block["p95_ms"] / idle_block["p95_ms"],
        "statuses": dict(sorted(clients.statuses.items())),
        "server_errors": errors,
        "busy_503": busy,
        "consistent": all(health.get("consistent", {}).values()),
        "target": "p95_ratio < 2, server_errors == 0 (5xx other than 503 busy), consistent",
    }


def run(args: argparse.Namespace) -> int:
    report = measure(args.seconds, args.encoder)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return 0
    sys.stdout.write(
        f"recruiter ranking p95: idle {report['ranking_idle']['p95_ms']:.0f} ms, under load "
        f"{report['ranking_loaded']['p95_ms']:.0f} ms (ratio {report['p95_ratio']:.2f}); "
        f"5xx: {report['server_errors']} (503 busy with Retry-After: {report['busy_503']}); "
        f"store and indexes agree: {report['consistent']}\n"
        f"statuses: {report['statuses']}\n"
    )
    return 0
