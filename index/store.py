"""SQLite store: the source of truth for vacancies, candidates, vectors, tokens and audit.

The FAISS index files are caches rebuilt from the ``vectors`` table (see ``index.catalog``),
so every write commits here first. Personal data has to leave the file when it is erased:
``PRAGMA secure_delete=ON`` zeroes freed pages and a ``wal_checkpoint(TRUNCATE)`` after each
deletion empties the write-ahead log, which would otherwise still hold the old page images.

Tokens (recruiter and candidate) are random (``secrets.token_urlsafe(32)``) and stored only as
sha256 hashes; lookups compare with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypedDict

import numpy as np

from index.permissions import private_file
from matcher.errors import StoreError
from matcher.models import (
    Candidate,
    Degree,
    EducationRequirement,
    ExperienceEntry,
    ExperienceRequirement,
    LanguageRequirement,
    LanguageSkill,
    Requirements,
    Substitute,
    Vacancy,
    YearMonth,
)
from matcher.ports import FloatMatrix, IdArray

__all__ = [
    "ApplicationRow",
    "AuditEntry",
    "AuditRow",
    "CandidateRow",
    "SCHEMA_VERSION",
    "Store",
    "VacancyRow",
    "VectorMeta",
    "VectorRow",
    "candidate_from_record",
    "candidate_row",
    "candidate_to_record",
    "hash_token",
    "new_token",
    "vacancy_from_record",
    "vacancy_row",
    "vacancy_to_record",
]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS recruiters (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS vacancies (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    owner TEXT REFERENCES recruiters(id) ON DELETE SET NULL,
    data TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS candidates (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    data TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL
);
CREATE TABLE IF NOT EXISTS vectors (
    vid INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('unit', 'chunk')),
    owner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    model TEXT NOT NULL,
    revision TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS vectors_owner ON vectors(owner_kind, owner_id);
CREATE TABLE IF NOT EXISTS applications (
    id TEXT PRIMARY KEY,
    vacancy_id TEXT NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS applications_vacancy ON applications(vacancy_id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    vacancy_hash TEXT NOT NULL,
    candidate_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    score REAL,
    eligible INTEGER,
    detail TEXT NOT NULL
);
"""


def new_token() -> str:
    """A fresh bearer token (shown once, never stored in clear)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """sha256 hex of a token: what the store keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class VacancyRow:
    """A stored vacancy: ``data`` is its record (see :func:`vacancy_to_record`)."""

    id: str
    source: str
    owner: str | None
    data: dict[str, Any]
    content_hash: str
    created: float


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A stored candidate: ``data`` is its record (see :func:`candidate_to_record`)."""

    id: str
    source: str
    data: dict[str, Any]
    text: str
    content_hash: str
    created: float
    expires: float | None


@dataclass(frozen=True, slots=True)
class VectorRow:
    """One embedded text to be written; ``vid`` is assigned by the store."""

    owner_kind: str
    owner_id: str
    position: int
    kind: str
    text: str
    vector: FloatMatrix


class VectorMeta(NamedTuple):
    """What the store keeps beside one vector: its owner, position and text."""

    owner_id: str
    position: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """A stored application: only the candidate token's hash is kept."""

    vacancy_id: str
    candidate_id: str
    token_hash: str
    created: float


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row to write. ``detail`` must never hold CV text."""

    vacancy_hash: str
    candidate_hash: str
    model: str
    config_hash: str
    score: float | None
    eligible: bool | None
    detail: dict[str, Any]


class AuditRow(TypedDict):
    """One stored audit row, as reviews and tests read it."""

    id: int
    at: float
    vacancy_hash: str
    candidate_hash: str
    model: str
    config_hash: str
    score: float | None
    eligible: bool | None
    detail: dict[str, Any]


class Store:
    """SQLite store with WAL, secure_delete and foreign keys.

    One connection shared across threads behind a lock: SQLite serialises writers anyway and
    the service's read paths run from the in-memory caches, not from here.

    Args:
        path: the database file; its parent directory is created.
    """

    backend = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before SQLite opens it: its -wal and -shm files take the same mode.
        private_file(self.path)
        for sidecar in _sidecars(self.path):
            if sidecar.exists():  # left by an older version, perhaps 0644
                private_file(sidecar)
        self._lock = threading.RLock()
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is
            # exactly the ``transaction()`` block and nothing is committed implicitly.
            self._conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=30.0
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA secure_delete=ON")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA busy_timeout=30000")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SCHEMA)
            row = self._conn.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                self._conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema version {row[0]}, expected {SCHEMA_VERSION}"
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._depth = 0

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot close store: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on any exception.

        Nested use joins the outer transaction.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot begin transaction: {exc}") from exc
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._depth = 0
                self._conn.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot commit: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                raise StoreError(f"store query failed: {exc}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.transaction() as conn:
            try:
                return conn.execute(sql, params).rowcount
            except sqlite3.Error as exc:
                raise StoreError(f"store write failed: {exc}") from exc

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read query on the shared connection (for the stores of other tables over
        this file, such as :mod:`index.pool_store`)."""
        return self._query(sql, params)

    def ensure_schema(self, script: str) -> None:
        """Create the tables of another store over this file (``CREATE ... IF NOT EXISTS``)."""
        with self._lock:
            try:
                self._conn.executescript(script)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot create tables: {exc}") from exc

    def checkpoint(self) -> None:
        """Move the WAL into the main file and truncate it, so erased pages leave the disk."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                raise StoreError(f"checkpoint failed: {exc}") from exc

    def count(self, table: str) -> int:
        """Row count of one table (for health checks and tests)."""
        if table not in _TABLES:
            raise StoreError(f"unknown table {table!r}")
        return int(self._query(f"SELECT COUNT(*) FROM {table}")[0][0])

    # ------------------------------------------------------------------ vacancies

    def put_vacancy(
        self, vacancy_id: str, source: str, data: dict[str, Any], content_hash: str,
        owner: str | None = None,
    ) -> None:
        """Insert a vacancy row (its id is the content id; the caller dedups)."""
        self._execute(
            "INSERT INTO vacancies (id, source, owner, data, content_hash, created)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (vacancy_id, source, owner, json.dumps(data), content_hash, time.time()),
        )

    def get_vacancy(self, vacancy_id: str) -> VacancyRow | None:
        """One vacancy row, or None."""
        rows = self._query(
            "SELECT id, source, owner, data, content_hash, created FROM vacancies WHERE id = ?",
            (vacancy_id,),
        )
        return vacancy_row(rows[0]) if rows else None

    def list_vacancies(self) -> list[VacancyRow]:
        """Every vacancy row in insertion order."""
        rows = self._query(
            "SELECT id, source, owner, data, content_hash, created FROM vacancies"
            " ORDER BY created, id"
        )
        return [vacancy_row(r) for r in rows]

    def vacancy_by_hash(self, content_hash: str) -> VacancyRow | None:
        """The vacancy row with this content hash, or None."""
        rows = self._query(
            "SELECT id, source, owner, data, content_hash, created FROM vacancies"
            " WHERE content_hash = ?",
            (content_hash,),
        )
        return vacancy_row(rows[0]) if rows else None

    def assign_vacancies(self, owner: str, vacancy_ids: Sequence[str]) -> int:
        """Set the owner of the given vacancies in one transaction; return rows changed."""
        changed = 0
        with self.transaction() as conn:
            try:
                for vid in vacancy_ids:
                    changed += conn.execute(
                        "UPDATE vacancies SET owner = ? WHERE id = ?", (owner, vid)
                    ).rowcount
            except sqlite3.Error as exc:
                raise StoreError(f"store write failed: {exc}") from exc
        return changed

    # ------------------------------------------------------------------ candidates

    def put_candidate(
        self, candidate_id: str, source: str, data: dict[str, Any], text: str,
        content_hash: str, expires: float | None = None,
    ) -> None:
        """Insert a candidate row; ``expires`` is a Unix time (None: kept until erased)."""
        self._execute(
            "INSERT INTO candidates (id, source, data, text, content_hash, created, expires)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (candidate_id, source, json.dumps(data), text, content_hash, time.time(), expires),
        )

    def get_candidate(self, candidate_id: str) -> CandidateRow | None:
        """One candidate row, or None."""
        rows = self._query(
            "SELECT id, source, data, text, content_hash, created, expires FROM candidates"
            " WHERE id = ?",
            (candidate_id,),
        )
        return candidate_row(rows[0]) if rows else None

    def list_candidates(self) -> list[CandidateRow]:
        """Every candidate row in insertion order."""
        rows = self._query(
            "SELECT id, source, data, text, content_hash, created, expires FROM candidates"
            " ORDER BY created, id"
        )
        return [candidate_row(r) for r in rows]

    def expired_candidates(self, now: float | None = None) -> list[str]:
        """Ids of candidates whose retention period is over."""
        moment = time.time() if now is None else now
        rows = self._query(
            "SELECT id FROM candidates WHERE expires IS NOT NULL AND expires <= ?", (moment,)
        )
        return [str(r[0]) for r in rows]

    def delete_candidate(self, candidate_id: str) -> list[int]:
        """Delete a candidate, its applications and vectors; return the removed vector ids.

        Runs in the caller's transaction if there is one; call :meth:`checkpoint` afterwards.
        """
        with self.transaction() as conn:
            vids = [
                int(r[0])
                for r in conn.execute(
                    "SELECT vid FROM vectors WHERE owner_kind = 'chunk' AND owner_id = ?",
                    (candidate_id,),
                )
            ]
            conn.execute(
                "DELETE FROM vectors WHERE owner_kind = 'chunk' AND owner_id = ?", (candidate_id,)
            )
            conn.execute("DELETE FROM applications WHERE candidate_id = ?", (candidate_id,))
            conn.execute("DELETE FROM candidates WHERE id = ?", (candidate_id,))
        return vids

    # ------------------------------------------------------------------ vectors

    def delete_vectors(self, owner_kind: str, owner_id: str) -> list[int]:
        """Delete one owner's vectors (inside the caller's transaction if any); return their ids."""
        with self.transaction() as conn:
            vids = [
                int(r[0])
                for r in conn.execute(
                    "SELECT vid FROM vectors WHERE owner_kind = ? AND owner_id = ?",
                    (owner_kind, owner_id),
                )
            ]
            conn.execute(
                "DELETE FROM vectors WHERE owner_kind = ? AND owner_id = ?", (owner_kind, owner_id)
            )
        return vids

    def add_vectors(self, rows: Sequence[VectorRow], model: str, revision: str) -> IdArray:
        """Insert vectors (inside the caller's transaction if any); return their new ids."""
        vids: list[int] = []
        with self.transaction() as conn:
            for row in rows:
                vec = np.ascontiguousarray(row.vector, dtype=np.float32).reshape(-1)
                cur = conn.execute(
                    "INSERT INTO vectors (owner_kind, owner_id, position, kind, text, model,"
                    " revision, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (row.owner_kind, row.owner_id, row.position, row.kind, row.text, model,
                     revision, vec.tobytes()),
                )
                if cur.lastrowid is None:  # pragma: no cover - sqlite always sets it on INSERT
                    raise StoreError("sqlite returned no row id")
                vids.append(int(cur.lastrowid))
        return np.asarray(vids, dtype=np.int64)

    def vector_ids(self, owner_kind: str) -> IdArray:
        """Sorted vector ids of one owner kind ("unit" or "chunk")."""
        rows = self._query(
            "SELECT vid FROM vectors WHERE owner_kind = ? ORDER BY vid", (owner_kind,)
        )
        return np.asarray([int(r[0]) for r in rows], dtype=np.int64)

    def load_vectors(
        self, owner_kind: str, dim: int
    ) -> tuple[IdArray, list[VectorMeta], FloatMatrix]:
        """All vectors of one kind, ordered by ``vid``.

        Returns:
            (vids, one :class:`VectorMeta` per vector, matrix of shape (n, dim)).
        """
        rows = self._query(
            "SELECT vid, owner_id, position, kind, text, vector FROM vectors"
            " WHERE owner_kind = ? ORDER BY vid",
            (owner_kind,),
        )
        vids = np.asarray([int(r[0]) for r in rows], dtype=np.int64)
        meta = [VectorMeta(str(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in rows]
        if rows:
            joined = b"".join(bytes(r[5]) for r in rows)
            matrix = np.frombuffer(joined, dtype=np.float32).reshape(len(rows), -1).copy()
            if matrix.shape[1] != dim:
                raise StoreError(
                    f"stored {owner_kind} vectors have dim {matrix.shape[1]}, encoder has {dim}"
                )
        else:
            matrix = np.zeros((0, dim), dtype=np.float32)
        return vids, meta, matrix

    def vector_models(self) -> set[tuple[str, str]]:
        """Distinct (model, revision) pairs among the stored vectors."""
        return {(str(r[0]), str(r[1])) for r in self._query(
            "SELECT DISTINCT model, revision FROM vectors")}

    def texts_of_vectors(self, owner_kind: str) -> list[tuple[int, str]]:
        """(vid, text) of every vector of one kind, for re-embedding under a new model."""
        return [(int(r[0]), str(r[1])) for r in self._query(
            "SELECT vid, text FROM vectors WHERE owner_kind = ? ORDER BY vid", (owner_kind,))]

    def replace_vectors(
        self, vids: IdArray, vectors: FloatMatrix, model: str, revision: str
    ) -> None:
        """Overwrite vectors in place (same ids) after re-embedding under a new model."""
        with self.transaction() as conn:
            for vid, vec in zip(vids.tolist(), vectors, strict=True):
                conn.execute(
                    "UPDATE vectors SET vector = ?, model = ?, revision = ? WHERE vid = ?",
                    (np.ascontiguousarray(vec, dtype=np.float32).tobytes(), model, revision,
                     int(vid)),
                )

    # ------------------------------------------------------------------ recruiters

    def add_recruiter(self, recruiter_id: str, name: str, token_hash: str) -> None:
        """Insert a recruiter; only the token's hash is given and kept."""
        self._execute(
            "INSERT INTO recruiters (id, name, token_hash, created) VALUES (?, ?, ?, ?)",
            (recruiter_id, name, token_hash, time.time()),
        )

    def recruiter_by_token_hash(self, token_hash: str) -> str | None:
        """The recruiter id whose token hash equals ``token_hash`` (constant-time compare)."""
        rows = self._query("SELECT id, token_hash FROM recruiters")
        found: str | None = None
        for rid, stored in rows:
            # Compare every row so that the time taken does not depend on where a match is.
            if hmac.compare_digest(str(stored), token_hash):
                found = str(rid)
        return found

    def recruiter_exists(self, recruiter_id: str) -> bool:
        """Whether a recruiter id exists."""
        return bool(self._query("SELECT 1 FROM recruiters WHERE id = ?", (recruiter_id,)))

    # ------------------------------------------------------------------ applications

    def add_application(
        self, application_id: str, vacancy_id: str, candidate_id: str, token_hash: str
    ) -> None:
        """Insert an application; ``token_hash`` is the candidate token's sha256."""
        self._execute(
            "INSERT INTO applications (id, vacancy_id, candidate_id, token_hash, created)"
            " VALUES (?, ?, ?, ?, ?)",
            (application_id, vacancy_id, candidate_id, token_hash, time.time()),
        )

    def get_application(self, application_id: str) -> ApplicationRow | None:
        """One application row, or None."""
        rows = self._query(
            "SELECT vacancy_id, candidate_id, token_hash, created FROM applications"
            " WHERE id = ?",
            (application_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return ApplicationRow(str(r[0]), str(r[1]), str(r[2]), float(r[3]))

    def application_token_exists(self, token_hash: str) -> bool:
        """Whether any application has this token hash (constant-time compare per row)."""
        found = False
        for (stored,) in self._query("SELECT token_hash FROM applications"):
            if hmac.compare_digest(str(stored), token_hash):
                found = True
        return found

    def pool(self, vacancy_id: str) -> list[str]:
        """Candidate ids that applied to a vacancy, in application order."""
        rows = self._query(
            "SELECT candidate_id FROM applications WHERE vacancy_id = ? ORDER BY created, id",
            (vacancy_id,),
        )
        return [str(r[0]) for r in rows]

    # ------------------------------------------------------------------ audit

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Write audit rows in one transaction, all stamped with the same time."""
        now = time.time()
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO audit (at, vacancy_hash, candidate_hash, model, config_hash, score,"
                " eligible, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (now, e.vacancy_hash, e.candidate_hash, e.model, e.config_hash, e.score,
                     None if e.eligible is None else int(e.eligible), json.dumps(e.detail))
                    for e in entries
                ],
            )

    def audit_rows(self) -> list[AuditRow]:
        """Every audit row, oldest first (for reviews and tests)."""
        rows = self._query(
            "SELECT id, at, vacancy_hash, candidate_hash, model, config_hash, score, eligible,"
            " detail FROM audit ORDER BY id"
        )
        return [
            AuditRow(
                id=int(r[0]), at=float(r[1]), vacancy_hash=str(r[2]), candidate_hash=str(r[3]),
                model=str(r[4]), config_hash=str(r[5]),
                score=None if r[6] is None else float(r[6]),
                eligible=None if r[7] is None else bool(r[7]), detail=json.loads(r[8]),
            )
            for r in rows
        ]


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


_TABLES = frozenset(
    {"vacancies", "candidates", "vectors", "recruiters", "applications", "audit"}
)


def vacancy_row(r: tuple[Any, ...]) -> VacancyRow:
    """A :class:`VacancyRow` from a ``SELECT id, source, owner, data, content_hash, created``."""
    return VacancyRow(
        id=str(r[0]), source=str(r[1]), owner=None if r[2] is None else str(r[2]),
        data=json.loads(r[3]), content_hash=str(r[4]), created=float(r[5]),
    )


def candidate_row(r: tuple[Any, ...]) -> CandidateRow:
    """A :class:`CandidateRow` from ``SELECT id, source, data, text, content_hash, created,
    expires``."""
    return CandidateRow(
        id=str(r[0]), source=str(r[1]), data=json.loads(r[2]), text=str(r[3]),
        content_hash=str(r[4]), created=float(r[5]), expires=None if r[6] is None else float(r[6]),
    )


# ---------------------------------------------------------------------- records of core values


def vacancy_to_record(vacancy: Vacancy) -> dict[str, Any]:
    """A JSON-safe dict that :func:`vacancy_from_record` turns back into the same vacancy."""
    # Acronyms are not part of the parse contract but change what the units encode.
    return {**vacancy.to_dict(), "acronyms": [list(pair) for pair in vacancy.acronyms]}


def vacancy_from_record(data: dict[str, Any]) -> Vacancy:
    """Inverse of :func:`vacancy_to_record`.

    Records written before a field existed (``evidence``, ``any_of``, ``nationality_rule``)
    load with that field's default.
    """
    req = data.get("requirements") or {}
    edu = req.get("education")
    exp = req.get("experience")
    sub = edu.get("substitute") if edu else None
    extra = sub.get("extra_years") if sub else None
    rule = req.get("nationality_rule")
    requirements = Requirements(
        education=EducationRequirement(
            min_level=edu.get("min_level"),
            fields=tuple(edu.get("fields") or ()),
            substitute=Substitute(sub["level"], None if extra is None else int(extra))
            if sub else None,
            evidence=str(edu.get("evidence") or ""),
        ) if edu else None,
        experience=ExperienceRequirement(
            min_years=exp.get("min_years"), fields=tuple(exp.get("fields") or ()),
            evidence=str(exp.get("evidence") or ""),
        ) if exp else None,
        languages=tuple(
            LanguageRequirement(
                lang["language"], bool(lang["required"]), lang.get("level"),
                any_of=tuple(lang.get("any_of") or ()),
                evidence=str(lang.get("evidence") or ""),
            )
            for lang in req.get("languages") or ()
        ),
        nationalities=tuple(req.get("nationalities") or ()),
        skills=tuple(req.get("skills") or ()),
        nationality_rule="dac" if rule == "dac" else "unlisted" if rule == "unlisted" else None,
        nationality_evidence=str(req.get("nationality_evidence") or ""),
    )
    return Vacancy(
        id=str(data["id"]), source=str(data["source"]), title=data.get("title"),
        reference=data.get("reference"), organization=data.get("organization"),
        duty_stations=tuple(data.get("duty_stations") or ()),
        duration_months=data.get("duration_months"),
        duties=tuple(data.get("duties") or ()),
        learning_elements=tuple(data.get("learning_elements") or ()),
        requirements=requirements,
        acronyms=tuple(
            (str(short), str(long)) for short, long in data.get("acronyms") or ()
        ),
    )


def _ym_to_list(value: YearMonth | None) -> list[int | None] | None:
    return None if value is None else [value.year, value.month]


def _ym_from_list(value: list[int | None] | None) -> YearMonth | None:
    if value is None or value[0] is None:
        return None
    return YearMonth(int(value[0]), None if value[1] is None else int(value[1]))


def candidate_to_record(candidate: Candidate) -> dict[str, Any]:
    """A JSON-safe dict of every field except ``text`` (kept in its own column)."""
    return {
        "id": candidate.id,
        "source": candidate.source,
        "degrees": [d.to_dict() for d in candidate.degrees],
        "experience": [
            {"title": e.title, "organization": e.organization, "start": _ym_to_list(e.start),
             "end": _ym_to_list(e.end), "current": e.current, "text": e.text}
            for e in candidate.experience
        ],
        "total_years": candidate.total_years,
        "languages": [lang.to_dict() for lang in candidate.languages],
        "nationalities": list(candidate.nationalities),
        "chunks": list(candidate.chunks),
        "text_language": candidate.text_language,
    }


def candidate_from_record(data: dict[str, Any], text: str = "") -> Candidate:
    """Inverse of :func:`candidate_to_record`."""
    return Candidate(
        id=str(data["id"]), source=str(data["source"]),
        degrees=tuple(
            Degree(d.get("level"), d.get("field"), d.get("year"), d.get("institution"),
                   bool(d.get("in_progress")), d.get("text") or "")
            for d in data.get("degrees") or ()
        ),
        experience=tuple(
            ExperienceEntry(e.get("title"), e.get("organization"), _ym_from_list(e.get("start")),
                            _ym_from_list(e.get("end")), bool(e.get("current")),
                            e.get("text") or "")
            for e in data.get("experience") or ()
        ),
        total_years=data.get("total_years"),
        languages=tuple(
            LanguageSkill(lang["language"], lang.get("level"), lang.get("evidence") or "")
            for lang in data.get("languages") or ()
        ),
        nationalities=tuple(data.get("nationalities") or ()),
        chunks=tuple(data.get("chunks") or ()),
        text_language=data.get("text_language"),
        text=text,
    )
