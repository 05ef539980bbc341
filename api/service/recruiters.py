"""Recruiters: bearer tokens, ownership of vacancies, audited pool rankings.

A recruiter sees only the pools of the vacancies they own; every pool ranking writes one audit
row (hashes, model, config hash and, per result, the candidate's hash, rank, score, checks and
flags; never CV text), and a denied attempt is audited too. One row per view, not one per
applicant: a pool of thousands viewed often would otherwise grow the table by thousands of rows a
view (docs/reliability.md item 27).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from api.service.applications import StoredCandidates
from api.service.blas import single_threaded_blas
from api.service.context import ServiceContext
from api.service.vacancies import OpenVacancies
from api.service.views import AuditLogRow
from index.sessions import SessionGrant
from index.store import AuditEntry, hash_token, new_token
from matcher.errors import AuthError, ForbiddenError, InputError
from matcher.models import MatchResult, Vacancy
from matcher.ranking import rank_results
from matcher.scoring import score_prepared_candidates, stack_profiles

__all__ = ["Recruiters"]


@dataclass(frozen=True, slots=True)
class Recruiters:
    """Recruiter accounts, the ``vacancies`` they own, and the rankings of their pools (drawn
    from the stored ``candidates``)."""

    ctx: ServiceContext
    vacancies: OpenVacancies
    candidates: StoredCandidates

    def create(self, name: str) -> str:
        """Create a recruiter; return its bearer token (shown once, stored hashed).

        Raises:
            InputError: An empty name.
        """
        if not name.strip():
            raise InputError("recruiter name must not be empty")
        token = new_token()
        with self.ctx.write_lock:
            self.ctx.store.add_recruiter(f"r{secrets.token_hex(6)}", name.strip(),
                                          hash_token(token))
        return token

    def recruiter_for(self, token: str) -> str:
        """The recruiter id of a bearer token.

        Raises:
            AuthError: A missing or unknown token.
        """
        if not token:
            raise AuthError("missing token")
        rid = self.ctx.store.recruiter_by_token_hash(hash_token(token))
        if rid is None:
            raise AuthError("invalid token")
        if self.ctx.sessions.is_revoked(rid):
            raise AuthError("this recruiter's access was revoked", reason="revoked")
        return rid

    def sign_in(self, token: str, ttl_seconds: float) -> SessionGrant:
        """Open a web session for the recruiter holding ``token``.

        Raises:
            AuthError: A missing, unknown or revoked token.
        """
        return self.ctx.sessions.start(self.recruiter_for(token), ttl_seconds)

    def recruiter_for_session(self, session_id: str) -> str:
        """The recruiter of a live web session.

        Raises:
            AuthError: The session ended, expired, or its recruiter was revoked.
        """
        rid = self.ctx.sessions.recruiter_of(session_id)
        if rid is None:
            raise AuthError("the session has ended; sign in again", reason="session_ended")
        return rid

    def rotate_token(self, recruiter_id: str) -> str:
        """Replace a recruiter's token; return the new one (shown once, stored hashed).

        Raises:
            NotFoundError: No such recruiter.
            InputError: The recruiter was revoked (revocation is final).
        """
        if self.ctx.sessions.is_revoked(recruiter_id):
            raise InputError(f"recruiter {recruiter_id!r} was revoked; create a new recruiter")
        token = new_token()
        with self.ctx.write_lock:
            self.ctx.sessions.rotate(recruiter_id, hash_token(token))
        return token

    def assign_vacancies(
        self, recruiter_id: str, vacancy_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Give vacancies to a recruiter; None gives every vacancy that has no owner.

        Raises:
            InputError: Unknown recruiter.
            NotFoundError: One of ``vacancy_ids`` does not exist (nothing is assigned).
        """
        if not self.ctx.store.recruiter_exists(recruiter_id):
            raise InputError(f"unknown recruiter {recruiter_id!r}")
        return self.vacancies.assign(recruiter_id, vacancy_ids)

    def authorize(self, vacancy_id: str, recruiter_id: str, action: str) -> Vacancy:
        """The vacancy, if this recruiter owns it; a denied attempt is audited.

        Args:
            vacancy_id: The vacancy whose pool the recruiter acts on.
            recruiter_id: Who asks.
            action: What they asked for ("rank_pool", "pool_add", ...), kept in the audit row.

        Raises:
            NotFoundError: No such vacancy.
            ForbiddenError: The vacancy is not this recruiter's (the attempt is audited).
        """
        ctx = self.ctx
        vacancy = self.vacancies.get(vacancy_id)
        if self.vacancies.owner(vacancy_id) != recruiter_id:
            ctx.store.add_audit([AuditEntry(
                self.vacancies.content_hash(vacancy_id), "", ctx.model, ctx.config_hash, None,
                None, {"event": "denied", "recruiter": recruiter_id, "action": action})])
            raise ForbiddenError("this vacancy belongs to another recruiter")
        return vacancy

    def pool_ids(self, vacancy_id: str) -> list[str]:
        """The candidates of a vacancy's pool: those who applied, then those brought in."""
        ctx = self.ctx
        members = [m.candidate_id for m in ctx.pool_store.members(vacancy_id)]
        return list(dict.fromkeys([*ctx.store.pool(vacancy_id), *members]))

    def rank_pool(self, vacancy_id: str, recruiter_id: str) -> list[MatchResult]:
        """Rank the pool of a vacancy for its owner; one audit row for the view.

        The row's ``candidate_hash`` is empty and its ``score`` None; ``detail["results"]``
        lists every ranked candidate (``candidate_hash``, ``rank``, ``score``, ``eligible``,
        ``checks``, ``flags``), which is enough to recompute each score (item 21).

        Raises:
            NotFoundError: No such vacancy.
            ForbiddenError: The vacancy is not this recruiter's (the attempt is audited).
        """
        ctx = self.ctx
        vacancy = self.authorize(vacancy_id, recruiter_id, "rank_pool")
        vhash = self.vacancies.content_hash(vacancy_id)
        results = self.rank_candidates(vacancy, self.pool_ids(vacancy_id))
        # A candidate erased while the pool was being scored is gone: never shown, never audited.
        hashes = self.candidates.content_hashes([r.candidate_id for r in results])
        results = [r for r in results if r.candidate_id in hashes]
        ranked = [
            {"candidate_hash": hashes[r.candidate_id], "rank": i + 1,
             "score": float(r.score), "eligible": r.eligible,
             "checks": [c.status for c in r.checks], "flags": list(r.flags)}
            for i, r in enumerate(results)
        ]
        ctx.store.add_audit([AuditEntry(
            vhash, "", ctx.model, ctx.config_hash, None, None,
            {"event": "rank_pool", "recruiter": recruiter_id, "results": ranked})])
        return results

    def rank_candidates(self, vacancy: Vacancy, candidate_ids: Sequence[str]) -> list[MatchResult]:
        """Score stored candidates against a vacancy, ranked.

        Every pair is scored on every call (no result is kept): the vacancy's prepared inputs
        and the candidates' profiles are in memory, and one product covers the whole pool.

        Raises:
            NotFoundError: The vacancy's unit vectors are not in the catalog.
        """
        prepared = self.vacancies.prepared_for(vacancy)
        profiles = [p for p in (self.candidates.profile(cid)
                                for cid in dict.fromkeys(candidate_ids)) if p is not None]
        if not profiles:
            return []
        with single_threaded_blas():
            results = score_prepared_candidates(prepared, stack_profiles(profiles))
        return rank_results(results)

    def audit_log(self) -> list[AuditLogRow]:
        """Audit rows, oldest first, with the detail's ``event`` lifted to the top level."""
        return [
            AuditLogRow(**row, event=row["detail"].get("event"))
            for row in self.ctx.store.audit_rows()
        ]
