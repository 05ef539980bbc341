"""Stored CVs: applications with consent, the roster, candidate tokens, erasure.

Privacy rules kept here: CV chunks go into the in-memory chunk cache only, never the on-disk
one, so erasing a candidate erases every copy of its vectors (store rows, index ids, cache);
hidden text found by a reader is never embedded, it only raises the ``hidden_text`` flag; a
candidate token is stored as a hash, and a missing application answers like a wrong token.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from api.service.context import ServiceContext
from api.service.vacancies import OpenVacancies
from api.service.views import ApplicationView, CandidateSummary
from index.backends import StoreBackend
from index.catalog import PendingOwner
from index.store import (
    candidate_from_record,
    candidate_to_record,
    hash_token,
    new_token,
)
from matcher.cancellation import check_cancelled
from matcher.cv import parse_cv
from matcher.errors import ConflictError, NotFoundError
from matcher.models import Candidate
from matcher.pipeline import document_flags, encode_groups, parse_candidate
from matcher.ports import STATEMENT_KIND, Document
from matcher.scoring import CandidateProfile, candidate_profile
from matcher.statements import chunk_texts

__all__ = ["ExtraRows", "StoredCandidates"]

_NOT_FOUND = "application not found"

#: Writes the rows that come with a stored candidate (an application, a pool membership and
#: its audit row) in the candidate's own transaction: (store, candidate, content hash).
ExtraRows = Callable[[StoreBackend, Candidate, str], None]


def _content_hash(text: str) -> str:
    """The hash a stored CV is known by in audit rows and duplicate checks (never its text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _CachedCandidate:
    candidate: Candidate
    flags: tuple[str, ...]
    content_hash: str


@dataclass(frozen=True, slots=True)
class _Application:
    application_id: str
    vacancy_id: str
    token_hash: str
    content_hash: str


class StoredCandidates:
    """Every stored candidate in memory, with its scorer profile built at ingest or first use.

    Args:
        ctx: The service's shared parts; candidates are loaded from its store.
        vacancies: The open vacancies (an application names one).
    """

    def __init__(self, ctx: ServiceContext, vacancies: OpenVacancies) -> None:
        self._ctx = ctx
        self._vacancies = vacancies
        self._candidates: dict[str, _CachedCandidate] = {}
        #: Per stored candidate, its scorer inputs (chunk vectors, term counts), built at
        #: ingest or first use and dropped when the candidate is erased.
        self._profiles: dict[str, CandidateProfile] = {}
        for row in ctx.store.list_candidates():
            self._candidates[row.id] = _CachedCandidate(
                candidate_from_record(row.data, row.text),
                tuple(row.data.get("flags") or ()),
                row.content_hash,
            )

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._candidates)

    @property
    def profiles(self) -> dict[str, CandidateProfile]:
        """The profiles built so far (personal data: dropped on erasure)."""
        return self._profiles

    def summaries(self) -> list[CandidateSummary]:
        """Stored candidates: id, source, chunk count, flags (no CV text)."""
        return [
            CandidateSummary(id=cid, source=c.candidate.source, chunks=len(c.candidate.chunks),
                             flags=list(c.flags))
            for cid, c in self._candidates.items()
        ]

    def source(self, candidate_id: str) -> str:
        """The file name a stored candidate came from (its id if unknown)."""
        cached = self._candidates.get(candidate_id)
        return cached.candidate.source if cached else candidate_id

    def get(self, candidate_id: str) -> Candidate | None:
        """A stored candidate as parsed (with its text), or None."""
        cached = self._candidates.get(candidate_id)
        return cached.candidate if cached else None

    def content_hash(self, candidate_id: str) -> str:
        """The hash audit rows name a stored candidate by (never its text)."""
        return self._candidates[candidate_id].content_hash

    def content_hashes(self, candidate_ids: Sequence[str]) -> dict[str, str]:
        """The hashes of those of ``candidate_ids`` still stored (one read of the cache, so an
        erasure running beside the caller leaves out a candidate instead of failing)."""
        cached = self._candidates
        return {cid: cached[cid].content_hash for cid in candidate_ids if cid in cached}

    def profile(self, candidate_id: str) -> CandidateProfile | None:
        """The scorer profile of a stored candidate (built now if needed), or None."""
        profile = self._profiles.get(candidate_id)
        if profile is not None:
            return profile
        cached = self._candidates.get(candidate_id)
        vecs = self._ctx.catalog.vectors_of("chunk", candidate_id)
        if cached is None or vecs is None:
            return None
        profile = candidate_profile(cached.candidate, vecs.matrix, flags=cached.flags)
        with self._ctx.write_lock:
            # Erased meanwhile: do not bring its data back.
            if candidate_id in self._candidates:
                self._profiles = {**self._profiles, candidate_id: profile}
        return profile

    def warm_up(self) -> None:
        """Build every stored candidate's profile now, not on first use."""
        for cid in list(self._candidates):
            self.profile(cid)

    # ------------------------------------------------------------------ storing

    def apply(self, vacancy_id: str, data: bytes, name: str) -> tuple[str, str]:
        """Store a CV (with consent) as an application to a vacancy.

        Returns:
            (application_id, candidate_token): the token reads and erases the application;
            only its hash is stored.

        Raises:
            NotFoundError: No such vacancy.
            InputError: The file cannot be read or holds no CV.
            ConflictError: The same CV (same text) has applied to this vacancy already.
            CancelledWorkError: The client disconnected before the CV was stored (it never
                got the token: nothing is stored).
        """
        self._vacancies.get(vacancy_id)
        doc = self._ctx.reader.read_bytes(data, name)
        check_cancelled()
        candidate = parse_candidate(doc, name)
        check_cancelled()
        content_hash = _content_hash(candidate.text)
        # Checked before the CV is encoded (the cost of a repeat stays small) and again under
        # the write lock when it is stored (two identical uploads at once).
        self._refuse_repeat(vacancy_id, content_hash)
        candidate = dataclasses.replace(candidate, id=f"c{secrets.token_hex(8)}")
        application_id = f"a{secrets.token_hex(8)}"
        token = new_token()
        self.store(
            [(candidate, document_flags(doc))],
            application=_Application(application_id, vacancy_id, hash_token(token), content_hash),
        )
        return application_id, token

    def _refuse_repeat(self, vacancy_id: str, content_hash: str) -> None:
        """Refuse a CV whose text has applied to this vacancy already (docs/reliability.md 27).

        Raises:
            ConflictError: ``duplicate_application``; the earlier application is not named.
        """
        for candidate_id in self._ctx.store.pool(vacancy_id):
            cached = self._candidates.get(candidate_id)
            if cached is not None and cached.content_hash == content_hash:
                raise ConflictError(
                    "this CV has already applied to this vacancy; its candidate token reads "
                    "or erases that application", reason="duplicate_application")

    def add_documents(
        self, docs: Sequence[tuple[Document, str]], *, skip_existing: bool = True
    ) -> list[Candidate]:
        """Store CVs without an application (the roster; CLI ``candidates add``).

        Candidates are identified by content; an identical CV already stored is skipped.
        """
        items: list[tuple[Candidate, tuple[str, ...]]] = []
        seen: set[str] = set()
        for doc, name in docs:
            candidate = parse_candidate(doc, name)
            if candidate.id in seen or (skip_existing and candidate.id in self._candidates):
                continue
            seen.add(candidate.id)
            items.append((candidate, document_flags(doc)))
        self.store(items)
        return [c for c, _ in items]

    def store(
        self,
        items: Sequence[tuple[Candidate, tuple[str, ...]]],
        extra: ExtraRows | None = None,
        application: _Application | None = None,
    ) -> None:
        """Embed and store parsed candidates (with their flags) in one commit.

        Args:
            items: (candidate, flags) pairs; their ids must be new.
            extra: Writes the rows that belong with each candidate, in the same transaction.
            application: The one application row of an applicant's CV, refused under the
                write lock when the same text applied to the vacancy meanwhile.
        """
        if not items:
            return
        ctx = self._ctx
        texts = [chunk_texts(cand) for cand, _ in items]
        # One encoder call for the whole batch: the model is fastest on large batches.
        vectors = encode_groups(ctx.chunk_encoder, texts)
        expires = None if ctx.retention_days is None else (
            time.time() + ctx.retention_days * 86400.0)
        pending: list[PendingOwner] = []
        cached: dict[str, _CachedCandidate] = {}
        profiles: dict[str, CandidateProfile] = {}
        for (cand, flags), cand_texts, matrix in zip(items, texts, vectors, strict=True):
            record = {**candidate_to_record(cand), "flags": list(flags)}
            content_hash = _content_hash(cand.text)

            def write(store: StoreBackend, cand: Candidate = cand, record: dict[str, Any] = record,
                      content_hash: str = content_hash) -> None:
                store.put_candidate(cand.id, cand.source, record, cand.text, content_hash,
                                    expires)
                if application is not None:
                    store.add_application(application.application_id, application.vacancy_id,
                                          cand.id, application.token_hash)
                if extra is not None:
                    extra(store, cand, content_hash)

            pending.append(PendingOwner("chunk", cand.id, write, ["chunk"] * len(cand.chunks),
                                        cand_texts, matrix))
            cached[cand.id] = _CachedCandidate(cand, flags, content_hash)
            profiles[cand.id] = candidate_profile(cand, matrix, flags=flags)
        with ctx.write_lock:
            if application is not None:
                # A client gone before this point never learns its token: store nothing.
                check_cancelled()
                self._refuse_repeat(application.vacancy_id, application.content_hash)
            ctx.catalog.add(pending, ctx.chunk_encoder.model_name, ctx.chunk_encoder.revision)
            self._candidates = {**self._candidates, **cached}
            self._profiles = {**self._profiles, **profiles}

    # ------------------------------------------------------------------ applications

    def _application(self, application_id: str, token: str) -> tuple[str, str, float]:
        row = self._ctx.store.get_application(application_id)
        # Same error for a missing id and a wrong token, so ids cannot be probed.
        expected = row.token_hash if row is not None else hash_token("")
        if row is None or not hmac.compare_digest(expected, hash_token(token)):
            raise NotFoundError(_NOT_FOUND)
        return row.vacancy_id, row.candidate_id, row.created

    def get_application(self, application_id: str, token: str) -> ApplicationView:
        """The stored application (its parsed CV) for the candidate holding the token.

        Raises:
            NotFoundError: No such application, or not this token's.
        """
        vacancy_id, candidate_id, created = self._application(application_id, token)
        cached = self._candidates.get(candidate_id)
        if cached is None:
            raise NotFoundError(_NOT_FOUND)
        vacancy = self._vacancies.find(vacancy_id)
        return ApplicationView(
            application_id=application_id,
            vacancy_id=vacancy_id,
            vacancy_title=vacancy.title if vacancy else None,
            source=cached.candidate.source,
            created=datetime.fromtimestamp(created, tz=UTC).isoformat(timespec="seconds"),
            candidate=cached.candidate.to_dict(),
            flags=list(cached.flags),
        )

    def delete_application(self, application_id: str, token: str) -> None:
        """Erase the application and its CV: rows, text, vectors (store and index).

        Raises:
            NotFoundError: No such application, or not this token's.
        """
        _vacancy_id, candidate_id, _created = self._application(application_id, token)
        self.erase(candidate_id)

    def candidate_id_of(self, application_id: str) -> str:
        """The candidate id behind an application (operators and tests).

        Raises:
            NotFoundError: No such application.
        """
        row = self._ctx.store.get_application(application_id)
        if row is None:
            raise NotFoundError(_NOT_FOUND)
        return row.candidate_id

    def is_candidate_token(self, token: str) -> bool:
        """Whether ``token`` is some application's candidate token (to answer 403, not 401)."""
        return bool(token) and self._ctx.store.application_token_exists(hash_token(token))

    # ------------------------------------------------------------------ erasure

    def erase(self, candidate_id: str) -> None:
        """Erase one stored candidate everywhere.

        Raises:
            NotFoundError: No such candidate.
        """
        ctx = self._ctx
        with ctx.write_lock:
            cached = self._candidates.get(candidate_id)
            if cached is None and ctx.store.get_candidate(candidate_id) is None:
                raise NotFoundError("candidate not found")
            ctx.catalog.erase_candidate(candidate_id)
            remaining = dict(self._candidates)
            remaining.pop(candidate_id, None)
            self._candidates = remaining
            profiles = dict(self._profiles)
            profiles.pop(candidate_id, None)
            self._profiles = profiles
            if cached is not None:
                # The cache holds the texts the encoder saw (pronouns written in one form).
                ctx.chunk_encoder.forget(chunk_texts(cached.candidate))

    def nearest(self, text: str, k: int = 10) -> list[str]:
        """Stored candidates whose chunks come nearest to a CV text, best first.

        Used to check erasure: an erased CV's own text must never find it again.
        """
        ctx = self._ctx
        candidate = parse_cv(text, "query.txt")
        if not candidate.chunks or not ctx.catalog.index_size("chunk"):
            return []
        queries = ctx.raw_encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
        return [owner for owner, _ in ctx.catalog.nearest_owners("chunk", queries, k)]

