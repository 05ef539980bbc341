"""The pool tables: each vacancy's candidates with their blind label, status and note.

One row per (vacancy, candidate) for every candidate of a pool: the ones a recruiter brought in
(``added_by`` names who) and the ones who applied (a row is made for them when their pool is
first ranked, ``added_by`` NULL). The rows live in the same SQLite file as :mod:`index.store`
and use its connection and transactions, so a pool member's row commits with its candidate's
row and vectors, and erasing the candidate deletes the row with it (``ON DELETE CASCADE``, with
``secure_delete`` zeroing the note).

``label`` is the N of "Candidate N" in blind review: unique within a vacancy and never given
twice (``pool_labels`` keeps the last one given, erasure or not), so a label in an old export
or note always meant the same person.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from index.backends import StoreBackend
from matcher.errors import StoreError
from matcher.pool import PoolStatus

__all__ = ["PoolMemberRow", "PoolStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pool_members (
    vacancy_id TEXT NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    label INTEGER NOT NULL,
    added_by TEXT,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'longlisted', 'shortlisted', 'not_selected')),
    note TEXT NOT NULL DEFAULT '',
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (vacancy_id, candidate_id),
    UNIQUE (vacancy_id, label)
);
CREATE INDEX IF NOT EXISTS pool_members_candidate ON pool_members(candidate_id);
CREATE TABLE IF NOT EXISTS pool_labels (
    vacancy_id TEXT PRIMARY KEY REFERENCES vacancies(id) ON DELETE CASCADE,
    last INTEGER NOT NULL
);
"""

_COLUMNS = "vacancy_id, candidate_id, label, added_by, status, note, created, updated"


@dataclass(frozen=True, slots=True)
class PoolMemberRow:
    """One candidate of one pool."""

    vacancy_id: str
    candidate_id: str
    label: int
    added_by: str | None
    status: PoolStatus
    note: str
    created: float
    updated: float


def _row(r: tuple[Any, ...]) -> PoolMemberRow:
    return PoolMemberRow(
        vacancy_id=str(r[0]), candidate_id=str(r[1]), label=int(r[2]),
        added_by=None if r[3] is None else str(r[3]), status=cast(PoolStatus, str(r[4])),
        note=str(r[5]), created=float(r[6]), updated=float(r[7]),
    )


class PoolStore:
    """Pool rows over an open store, SQLite or PostgreSQL (its tables are created here).

    The SQL is the part both engines accept (``?`` placeholders, ``ON CONFLICT``, ``DOUBLE
    PRECISION``), run on the store's own connection and transactions.

    Args:
        store: The store whose connection and transactions the pool rows share.
    """

    def __init__(self, store: StoreBackend) -> None:
        self._store = store
        store.ensure_schema(_SCHEMA)

    def add_members(
        self, vacancy_id: str, candidate_ids: Sequence[str], added_by: str | None
    ) -> None:
        """Put candidates into a pool with the next free labels, in the order given.

        Runs in the caller's transaction when there is one (a member's row commits with its
        candidate's). Candidates already in the pool keep their row.
        """
        now = time.time()
        with self._store.transaction() as conn:
            try:
                # The last label given survives erasure (pool_labels), so none is given twice.
                last, top = conn.execute(
                    "SELECT COALESCE((SELECT last FROM pool_labels WHERE vacancy_id = ?), 0),"
                    " COALESCE((SELECT MAX(label) FROM pool_members WHERE vacancy_id = ?), 0)",
                    (vacancy_id, vacancy_id),
                ).fetchone()
                label = max(int(last), int(top))
                for cid in candidate_ids:
                    # Ignored (rowcount 0) when the candidate is in the pool already.
                    label += conn.execute(
                        "INSERT INTO pool_members (vacancy_id, candidate_id, label,"
                        " added_by, status, note, created, updated)"
                        " VALUES (?, ?, ?, ?, 'new', '', ?, ?) ON CONFLICT DO NOTHING",
                        (vacancy_id, cid, label + 1, added_by, now, now),
                    ).rowcount
                conn.execute(
                    "INSERT INTO pool_labels (vacancy_id, last) VALUES (?, ?)"
                    " ON CONFLICT(vacancy_id) DO UPDATE SET last = excluded.last",
                    (vacancy_id, label),
                )
            except sqlite3.Error as exc:
                raise StoreError(f"store write failed: {exc}") from exc

    def members(self, vacancy_id: str) -> list[PoolMemberRow]:
        """Every row of one pool, by label."""
        rows = self._store.read(
            f"SELECT {_COLUMNS} FROM pool_members WHERE vacancy_id = ? ORDER BY label",
            (vacancy_id,),
        )
        return [_row(r) for r in rows]

    def member(self, vacancy_id: str, candidate_id: str) -> PoolMemberRow | None:
        """One candidate's row in one pool, or None."""
        rows = self._store.read(
            f"SELECT {_COLUMNS} FROM pool_members WHERE vacancy_id = ? AND candidate_id = ?",
            (vacancy_id, candidate_id),
        )
        return _row(rows[0]) if rows else None

    def set_status(
        self, vacancy_id: str, candidate_id: str, status: PoolStatus, note: str | None
    ) -> tuple[PoolMemberRow, PoolMemberRow] | None:
        """Set a member's status (and note, unless None); return (before, after) or None.

        Runs in the caller's transaction when there is one, so that the audit row of the
        change commits with it.
        """
        with self._store.transaction() as conn:
            before = self.member(vacancy_id, candidate_id)
            if before is None:
                return None
            after = PoolMemberRow(
                before.vacancy_id, before.candidate_id, before.label, before.added_by, status,
                before.note if note is None else note, before.created, time.time(),
            )
            try:
                conn.execute(
                    "UPDATE pool_members SET status = ?, note = ?, updated = ?"
                    " WHERE vacancy_id = ? AND candidate_id = ?",
                    (after.status, after.note, after.updated, vacancy_id, candidate_id),
                )
            except sqlite3.Error as exc:
                raise StoreError(f"store write failed: {exc}") from exc
        return before, after
