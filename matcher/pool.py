"""A recruiter's pool: the review status of each candidate and the note kept with it.

A pool is the candidates of one vacancy (those who applied and those a recruiter brought in).
Each starts ``new``; the recruiter long-lists, short-lists, or does not select them, and the
UN asks for the reason on record when a candidate is not selected, so that status needs a note.
Nothing here rejects anyone: a status is the recruiter's decision, recorded, never the
matcher's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from matcher.errors import InputError

__all__ = [
    "MAX_NOTE_CHARS",
    "POOL_STATUSES",
    "PoolStatus",
    "StatusChange",
    "status_change",
]

PoolStatus = Literal["new", "longlisted", "shortlisted", "not_selected"]
#: The review statuses, in the order a pool moves through them.
POOL_STATUSES: tuple[PoolStatus, ...] = ("new", "longlisted", "shortlisted", "not_selected")
#: Longest note kept (a paragraph or two; the audit keeps only whether it changed).
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A validated request to set a candidate's status (``note`` None keeps the current one)."""

    status: PoolStatus
    note: str | None


def _clean_note(note: str) -> str:
    # Controls other than line breaks and tabs would forge lines in exports and logs.
    kept = "".join(
        c for c in note if c in "\n\t" or not unicodedata.category(c).startswith("C")
    )
    return kept.strip()


def status_change(status: str, note: str | None) -> StatusChange:
    """Validate a status change.

    Args:
        status: One of :data:`POOL_STATUSES`.
        note: The recruiter's note; None keeps the note already recorded, "" clears it.

    Returns:
        The change, with the note stripped of control characters and outer white space.

    Raises:
        InputError: An unknown status (``unknown_status``), a note over
            :data:`MAX_NOTE_CHARS` (``note_too_long``), or ``not_selected`` without a note
            (``note_required``).
    """
    if status not in POOL_STATUSES:
        raise InputError(
            f"status must be one of {', '.join(POOL_STATUSES)}", reason="unknown_status"
        )
    cleaned = None if note is None else _clean_note(note)
    if cleaned is not None and len(cleaned) > MAX_NOTE_CHARS:
        raise InputError(f"a note holds at most {MAX_NOTE_CHARS} characters",
                         reason="note_too_long")
    if status == "not_selected" and not cleaned:
        raise InputError(
            "a candidate who is not selected needs a note saying why", reason="note_required"
        )
    return StatusChange(status, cleaned)
