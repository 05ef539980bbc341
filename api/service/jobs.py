"""Background pool intakes: one worker thread, a job id, progress polled by the page.

Reading a zip of CVs takes a sandboxed child process per PDF or Word file (0.2–1 s each on this
machine), so a pool of hundreds of CVs takes minutes: longer than a request should stay open.
The page sends the upload, gets a job id back at once and polls it; the job reads, dedups and
stores the CVs in the background. One worker runs the jobs one after another, so an intake
never takes more than one of the machine's cores from the requests being served.

Jobs live in memory: after a restart a job id is unknown (404), while the CVs it had stored stay
stored (each one is committed with its pool row). Finished jobs are forgotten after
:data:`KEEP_FINISHED_SECONDS`, or beyond the :data:`MAX_JOBS` most recent.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from matcher.errors import MatcherError

__all__ = ["JobState", "JobView", "Jobs", "Progress"]

log = logging.getLogger(__name__)

JobState = Literal["queued", "running", "done", "failed", "cancelled"]
R = TypeVar("R")

#: How long a finished job can still be polled.
KEEP_FINISHED_SECONDS = 3600.0
#: Most jobs remembered at once (the oldest finished ones go first).
MAX_JOBS = 200

#: Reports progress: (phase, done, total).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class JobView(Generic[R]):
    """A job as its owner may see it.

    Attributes:
        job_id: The id to poll.
        scope: What the job works on (a vacancy id); only its owner polls it.
        owner: Who started it.
        state: ``queued``, ``running``, ``done``, ``failed`` or ``cancelled``.
        phase: What it is doing ("reading", "storing").
        done: Items of the phase done so far.
        total: Items of the phase.
        result: The outcome once ``done``.
        error: (reason, message) once ``failed``.
        finished: When it stopped (None while it runs).
    """

    job_id: str
    scope: str
    owner: str
    state: JobState
    phase: str
    done: int
    total: int
    result: R | None = None
    error: tuple[str, str] | None = None
    finished: float | None = None


class Jobs(Generic[R]):
    """Runs jobs one at a time on a worker thread and keeps their progress for polling."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, JobView[R]] = {}
        self._stop = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool-intake")

    def submit(
        self, scope: str, owner: str, total: int,
        work: Callable[[Progress, threading.Event], R],
    ) -> JobView[R]:
        """Queue ``work(progress, stop)``; it should return early once ``stop`` is set."""
        job: JobView[R] = JobView(f"j{secrets.token_hex(8)}", scope, owner, "queued", "queued",
                                  0, total)
        with self._lock:
            self._forget_old()
            self._jobs[job.job_id] = job
        self._executor.submit(self._run, job.job_id, work)
        return job

    def get(self, job_id: str) -> JobView[R] | None:
        """The job's current view, or None when unknown (or forgotten)."""
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Stop the running job at its next item and wait for it; drop queued ones."""
        self._stop.set()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = dataclasses.replace(job, **changes)  # type: ignore[arg-type]

    def _run(self, job_id: str, work: Callable[[Progress, threading.Event], R]) -> None:
        def progress(phase: str, done: int, total: int) -> None:
            self._update(job_id, state="running", phase=phase, done=done, total=total)

        self._update(job_id, state="running", phase="starting")
        try:
            result = work(progress, self._stop)
        except MatcherError as exc:
            self._update(job_id, state="failed", error=(exc.reason, exc.message),
                         finished=time.time())
        except Exception:
            # A bug must not kill the worker thread or leave the page polling forever.
            log.exception("pool intake job %s failed", job_id)
            self._update(job_id, state="failed", finished=time.time(),
                         error=("internal_error", "the intake failed; see the server log"))
        else:
            state: JobState = "cancelled" if self._stop.is_set() else "done"
            self._update(job_id, state=state, phase="done", result=result, finished=time.time())

    def _forget_old(self) -> None:
        now = time.time()
        finished = sorted(
            (j for j in self._jobs.values() if j.finished is not None), key=lambda j: j.finished
            or 0.0,
        )
        for job in finished:
            if (job.finished or now) < now - KEEP_FINISHED_SECONDS or len(self._jobs) >= MAX_JOBS:
                del self._jobs[job.job_id]
