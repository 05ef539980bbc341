"""Recruiter sign-in sessions, token rotation and revocation, over the store's connection.

A recruiter who signs in on the web pages gets a session: a random id (``secrets``, 256 bits)
kept in an ``HttpOnly`` cookie, stored here only as its sha256, with an expiry. The cookie is
never the API token, so a stolen cookie dies with its session and signing out ends it on the
server (docs/reliability.md item 29). An administrator can rotate a recruiter's token (the old
one stops working) or revoke the recruiter; both end every session of that recruiter.

The tables live in the store's database, SQLite or PostgreSQL (its connection and
transactions; SQL both engines accept); a session row goes with its recruiter
(``ON DELETE CASCADE``).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from index.backends import StoreBackend
from index.store import hash_token
from matcher.errors import NotFoundError

__all__ = ["MAX_SESSIONS_PER_RECRUITER", "RecruiterSessions", "SessionGrant"]

#: Sessions a recruiter may hold at once (browsers, devices); signing in again past it ends
#: the oldest, so a script signing in in a loop cannot grow the table without bound.
MAX_SESSIONS_PER_RECRUITER = 16

_SCHEMA = """
CREATE TABLE IF NOT EXISTS recruiter_sessions (
    id_hash TEXT PRIMARY KEY,
    recruiter_id TEXT NOT NULL REFERENCES recruiters(id) ON DELETE CASCADE,
    created DOUBLE PRECISION NOT NULL,
    expires DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS recruiter_sessions_recruiter ON recruiter_sessions(recruiter_id);
CREATE TABLE IF NOT EXISTS recruiter_revocations (
    recruiter_id TEXT PRIMARY KEY REFERENCES recruiters(id) ON DELETE CASCADE,
    revoked DOUBLE PRECISION NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class SessionGrant:
    """A new session: the id for the cookie (shown once) and when it ends (Unix time)."""

    session_id: str
    recruiter_id: str
    expires: float


class RecruiterSessions:
    """Sessions and credential changes of recruiters.

    Args:
        store: The open store; the session tables are created in its file if missing.
    """

    def __init__(self, store: StoreBackend) -> None:
        self._store = store
        store.ensure_schema(_SCHEMA)

    def start(self, recruiter_id: str, ttl_seconds: float, now: float | None = None
              ) -> SessionGrant:
        """Open a session for a recruiter (expired ones and those over the cap are dropped)."""
        moment = time.time() if now is None else now
        session_id = secrets.token_urlsafe(32)
        expires = moment + ttl_seconds
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM recruiter_sessions WHERE expires <= ?", (moment,))
            conn.execute(
                "INSERT INTO recruiter_sessions (id_hash, recruiter_id, created, expires)"
                " VALUES (?, ?, ?, ?)", (hash_token(session_id), recruiter_id, moment, expires))
            conn.execute(
                "DELETE FROM recruiter_sessions WHERE recruiter_id = ? AND id_hash NOT IN ("
                " SELECT id_hash FROM recruiter_sessions WHERE recruiter_id = ?"
                " ORDER BY created DESC LIMIT ?)",
                (recruiter_id, recruiter_id, MAX_SESSIONS_PER_RECRUITER))
        return SessionGrant(session_id, recruiter_id, expires)

    def recruiter_of(self, session_id: str, now: float | None = None) -> str | None:
        """The recruiter of a live session (not expired, recruiter not revoked), or None."""
        if not session_id:
            return None
        moment = time.time() if now is None else now
        rows = self._store.read(
            "SELECT s.recruiter_id FROM recruiter_sessions s"
            " LEFT JOIN recruiter_revocations r ON r.recruiter_id = s.recruiter_id"
            " WHERE s.id_hash = ? AND s.expires > ? AND r.recruiter_id IS NULL",
            (hash_token(session_id), moment))
        return str(rows[0][0]) if rows else None

    def end(self, session_id: str) -> None:
        """End one session (signing out); an unknown id is ignored."""
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM recruiter_sessions WHERE id_hash = ?",
                         (hash_token(session_id),))

    def count(self, recruiter_id: str) -> int:
        """Sessions a recruiter holds now, expired ones included until the next sign-in."""
        rows = self._store.read(
            "SELECT COUNT(*) FROM recruiter_sessions WHERE recruiter_id = ?", (recruiter_id,))
        return int(rows[0][0])

    def is_revoked(self, recruiter_id: str) -> bool:
        """Whether the recruiter was revoked."""
        return bool(self._store.read(
            "SELECT 1 FROM recruiter_revocations WHERE recruiter_id = ?", (recruiter_id,)))

    def revoke(self, recruiter_id: str) -> None:
        """Revoke a recruiter: the token stops working and every session ends.

        Raises:
            NotFoundError: No such recruiter.
        """
        self._require(recruiter_id)
        with self._store.transaction() as conn:
            conn.execute("INSERT INTO recruiter_revocations (recruiter_id, revoked)"
                         " VALUES (?, ?) ON CONFLICT DO NOTHING", (recruiter_id, time.time()))
            conn.execute("DELETE FROM recruiter_sessions WHERE recruiter_id = ?", (recruiter_id,))

    def rotate(self, recruiter_id: str, token_hash: str) -> None:
        """Give a recruiter a new token (its hash); the old token and every session end.

        Raises:
            NotFoundError: No such recruiter.
        """
        self._require(recruiter_id)
        with self._store.transaction() as conn:
            conn.execute("UPDATE recruiters SET token_hash = ? WHERE id = ?",
                         (token_hash, recruiter_id))
            conn.execute("DELETE FROM recruiter_sessions WHERE recruiter_id = ?", (recruiter_id,))

    def _require(self, recruiter_id: str) -> None:
        if not self._store.recruiter_exists(recruiter_id):
            raise NotFoundError(f"no recruiter {recruiter_id!r}")
