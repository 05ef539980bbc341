"""Stopping work whose requester went away (docs/reliability.md item 26).

A client that sends a long CV and disconnects must not keep the server busy. The HTTP side
creates a :class:`Cancellation` per request, watches the connection, and calls
:meth:`Cancellation.cancel` when the client is gone; the work runs with that cancellation as
the *current* one (:func:`cancellable`) and checks it between steps (:func:`check_cancelled`),
and a parsing child process registered with it (:meth:`Cancellation.watch`) is killed at once.
Outside a request (the CLI, the evaluation) there is no current cancellation and the checks cost
nothing.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from matcher.errors import CancelledWorkError

__all__ = ["Cancellation", "Killable", "cancellable", "check_cancelled", "current_cancellation"]


class Killable(Protocol):
    """A child process, as far as cancelling it goes (``subprocess.Popen`` is one)."""

    def kill(self) -> None:
        """Stop it now."""


class Cancellation:
    """A one-way flag, set from any thread, that kills the processes watched under it."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._watched: list[Killable] = []

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()

    def cancel(self) -> None:
        """Mark the work cancelled and kill every watched process (idempotent)."""
        with self._lock:
            self._event.set()
            watched, self._watched = self._watched, []
        for process in watched:
            try:
                process.kill()
            except OSError:  # it ended on its own meanwhile
                pass

    def check(self) -> None:
        """Raise if cancelled.

        Raises:
            CancelledWorkError: :meth:`cancel` was called.
        """
        if self._event.is_set():
            raise CancelledWorkError("the client disconnected; the work was stopped")

    @contextmanager
    def watch(self, process: Killable) -> Iterator[None]:
        """Kill ``process`` if the work is cancelled while the block runs (or was already)."""
        with self._lock:
            already = self._event.is_set()
            if not already:
                self._watched.append(process)
        if already:
            process.kill()
        try:
            yield
        finally:
            with self._lock:
                if process in self._watched:
                    self._watched.remove(process)


_CURRENT: contextvars.ContextVar[Cancellation | None] = contextvars.ContextVar(
    "jpo_matcher_cancellation", default=None
)


def current_cancellation() -> Cancellation | None:
    """The cancellation of the work running in this context, if any."""
    return _CURRENT.get()


@contextmanager
def cancellable(cancellation: Cancellation) -> Iterator[Cancellation]:
    """Make ``cancellation`` the current one for the block (in this thread's context)."""
    token = _CURRENT.set(cancellation)
    try:
        yield cancellation
    finally:
        _CURRENT.reset(token)


def check_cancelled() -> None:
    """Raise if the current work was cancelled; nothing when there is no current cancellation.

    Raises:
        CancelledWorkError: The client went away.
    """
    cancellation = _CURRENT.get()
    if cancellation is not None:
        cancellation.check()
