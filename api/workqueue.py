"""Bounded queues for the work anyone may send: anonymous matches and applications.

An outside review held both parse slots with two anonymous uploads and a recruiter's ranking
waited 31.7 s instead of 0.08 s (docs/reliability.md item 26). Work that any client can start
now runs in its own :class:`WorkQueue`, apart from the recruiters' work:

- its own worker threads (``workers``), so it never takes a slot a recruiter needs;
- a bounded number of requests waiting (``max_waiting``): one more is refused at once with
  :class:`~matcher.errors.BusyError` (503 with ``Retry-After``) instead of piling up;
- its threads run at a lower CPU priority (``nice``, Linux): on a box with two cores the
  recruiter's ranking gets the CPU first. The encoder's OpenMP threads are started by the
  thread that calls it and inherit its priority;
- every job runs under a :class:`~matcher.cancellation.Cancellation` that the caller cancels
  when its client disconnects, and a job still waiting when it is cancelled never starts.

The queue counts jobs on the event loop's thread only, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from matcher.cancellation import Cancellation, cancellable
from matcher.errors import BusyError

__all__ = ["WorkQueue"]

T = TypeVar("T")

log = logging.getLogger(__name__)


def _lower_priority(nice: int) -> None:
    """Raise this worker thread's nice value (Linux applies it per thread)."""
    if nice <= 0:
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, current + nice))
    except (OSError, AttributeError):  # not Linux, or not allowed: same priority as the rest
        log.debug("could not lower the priority of a worker thread")


def _run(cancellation: Cancellation, func: Callable[[], T]) -> T:
    with cancellable(cancellation):
        cancellation.check()  # cancelled while waiting: do not start
        return func()


class WorkQueue:
    """A named pool of ``workers`` threads with at most ``max_waiting`` jobs waiting.

    Args:
        name: For thread names and messages ("anonymous matches").
        workers: Jobs that run at once.
        max_waiting: Jobs that may wait for a worker; more are refused.
        nice: How much lower than the server's the workers' CPU priority is (0: the same).
        retry_after: Seconds a refused client is told to wait.
    """

    def __init__(self, name: str, *, workers: int, max_waiting: int, nice: int = 10,
                 retry_after: int = 10) -> None:
        self.name = name
        self.capacity = workers + max_waiting
        self.retry_after = retry_after
        self._in_flight = 0
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix=f"jpo-{name.replace(' ', '-')}",
            initializer=_lower_priority, initargs=(nice,))

    @property
    def in_flight(self) -> int:
        """Jobs running or waiting now."""
        return self._in_flight

    async def run(self, cancellation: Cancellation, func: Callable[[], T]) -> T:
        """Run ``func()`` on a worker under ``cancellation``; wait for its result.

        Raises:
            BusyError: ``workers + max_waiting`` jobs are in the queue already.
            CancelledWorkError: ``cancellation`` was cancelled before or while it ran.
        """
        if self._in_flight >= self.capacity:
            raise BusyError(f"too many {self.name} are waiting; retry in {self.retry_after} s",
                            retry_after=self.retry_after)
        self._in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._executor, functools.partial(_run, cancellation,
                                                                            func))
            try:
                return await future
            except asyncio.CancelledError:
                cancellation.cancel()  # the request itself was cancelled (server shutdown)
                raise
        finally:
            self._in_flight -= 1

    def close(self) -> None:
        """Stop accepting jobs; jobs not started are dropped, running ones finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)
