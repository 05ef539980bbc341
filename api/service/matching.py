"""Anonymous matching: the open vacancies ranked for a CV that is stored nowhere.

An anonymous CV is read, embedded with the raw encoder (no cache) and dropped. Up to
:data:`EXACT_SCORING_LIMIT` open vacancies, every one is scored exactly by one product over all
their prepared units; above it, the unit index preselects :data:`PRESELECT_VACANCIES` of them
and only those are scored (exactly, by the same scorer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from api.service.blas import LARGE_PRODUCT_THREADS, blas_threads
from api.service.context import ServiceContext
from api.service.vacancies import OpenVacancies
from matcher.advice import with_advice
from matcher.cancellation import check_cancelled
from matcher.errors import InputError
from matcher.models import Candidate, MatchResult
from matcher.pipeline import document_flags, encode_chunks, parse_candidate
from matcher.ports import FloatMatrix
from matcher.ranking import rank_results
from matcher.scoring import (
    CandidateProfile,
    PreparedVacancy,
    candidate_profile,
    estimate_vacancy_scores,
    score_prepared_vacancies,
)

__all__ = ["AnonymousMatching", "EXACT_SCORING_LIMIT", "PRESELECT_VACANCIES"]

#: Up to this many open vacancies, ``match`` scores every one exactly (one product over all
#: prepared units: 3,500 vacancies take well under 300 ms); above it, the unit index
#: preselects :data:`PRESELECT_VACANCIES` and only those are re-scored exactly.
EXACT_SCORING_LIMIT = 20_000
PRESELECT_VACANCIES = 2_000
#: Units retrieved per CV chunk when preselecting vacancies.
_UNITS_PER_CHUNK = 64


@dataclass(frozen=True, slots=True)
class AnonymousMatching:
    """Ranks the open vacancies (``vacancies``) for CVs that are not stored."""

    ctx: ServiceContext
    vacancies: OpenVacancies

    def match(self, data: bytes, name: str, *, limit: int | None = None) -> list[MatchResult]:
        """Rank every open vacancy for a CV file. Stores nothing.

        ``limit`` keeps only the best ``limit`` results (see :meth:`rank_vacancies_for`).

        Between the steps (read, parse, encode in batches, rank) the work stops if its client
        went away (:mod:`matcher.cancellation`); the parsing child is killed at once.

        Raises:
            InputError: The file cannot be read or holds no CV, or ``limit`` is negative.
            CancelledWorkError: The client disconnected.
        """
        doc = self.ctx.reader.read_bytes(data, name)
        check_cancelled()
        candidate = parse_candidate(doc, name)
        check_cancelled()
        # The raw encoder: an anonymous CV's vectors must not linger in any cache.
        [chunks] = encode_chunks(self.ctx.raw_encoder, [candidate])
        check_cancelled()
        return self.rank_vacancies_for(candidate, chunks, document_flags(doc), limit=limit)

    def rank_vacancies_for(
        self,
        candidate: Candidate,
        chunk_vectors: FloatMatrix,
        flags: Sequence[str] = (),
        *,
        limit: int | None = None,
    ) -> list[MatchResult]:
        """Rank the open vacancies for an already encoded candidate.

        With ``limit``, the result is the first ``limit`` entries of the full ranking,
        identical in every field; evidence is built only for those (most of the cost).

        Raises:
            InputError: ``limit`` is negative.
        """
        if limit is not None and limit < 0:
            raise InputError("limit must not be negative", reason="invalid_limit")
        profile = candidate_profile(candidate, chunk_vectors, flags=tuple(flags))
        # The one BLAS call of this path is the product of every stacked unit with the CV's
        # chunks (55k x 384 by ~50 x 384 at 3,500 vacancies): large enough to split over both
        # cores (p95 of the bench measured in docs; small products elsewhere stay on one).
        with blas_threads(LARGE_PRODUCT_THREADS):
            if len(self.vacancies) > EXACT_SCORING_LIMIT and len(chunk_vectors):
                results = score_prepared_vacancies(
                    profile, self._preselect(profile, chunk_vectors), top_k=limit
                )
            else:
                results = score_prepared_vacancies(
                    profile, self.vacancies.stack(), top_k=limit)
        # Advice counts over every open vacancy, not only the results returned.
        open_vacancies = [p.vacancy for p in self.vacancies.stack().prepared]
        return rank_results(with_advice(results, candidate, open_vacancies))

    def _preselect(
        self, profile: CandidateProfile, chunk_vectors: FloatMatrix
    ) -> list[PreparedVacancy]:
        """The :data:`PRESELECT_VACANCIES` vacancies most likely to rank first.

        The unit index gives, per CV chunk, its nearest units; each unit keeps its best hit,
        and :func:`matcher.scoring.estimate_vacancy_scores` turns those (with the exact
        lexical part) into one estimate per vacancy, by the scorer's own formula.
        """
        ctx = self.ctx
        stack = self.vacancies.stack()
        vids = self.vacancies.stack_vector_ids(stack)
        order = np.argsort(vids, kind="stable")
        k = min(_UNITS_PER_CHUNK, max(1, ctx.catalog.index_size("unit")))
        with ctx.write_lock:
            # The index is only written under this lock (add, erase); search a stable state.
            scores, hits = ctx.catalog.search_vectors("unit", chunk_vectors, k)
        flat_hits = np.asarray(hits, dtype=np.int64).ravel()
        flat_scores = np.asarray(scores, dtype=np.float64).ravel()
        pos = np.clip(np.searchsorted(vids, flat_hits, sorter=order), 0, max(len(vids) - 1, 0))
        found = (flat_hits >= 0) & (len(vids) > 0)
        if len(vids):
            found &= vids[order[pos]] == flat_hits
        rows = order[pos[found]] if len(vids) else np.zeros(0, dtype=np.int64)
        estimate = estimate_vacancy_scores(profile, stack, rows, flat_scores[found])
        ids = [p.vacancy.id for p in stack.prepared]
        ranked = sorted(range(len(ids)), key=lambda i: (-float(estimate[i]), ids[i]))
        return [stack.prepared[i] for i in ranked[:PRESELECT_VACANCIES]]
