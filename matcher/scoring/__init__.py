"""Scoring of (vacancy, candidate) pairs: semantic unit matching corrected for CV length, plus a
saturated lexical component. Pure numpy; the vectors come from an :class:`~matcher.ports.Encoder`.

For each unit of the vacancy (duty or learning element) the best-matching CV chunk is its
evidence (argmax cosine). The plain mean of those best similarities favours long CVs: the maximum
of more draws is higher by chance (docs/scoring.md). The formula corrects it:

1. **Background per unit.** Each unit is compared with :data:`BACKGROUND_SENTENCES` (generic CV
   sentences from many trades, encoded by the same encoder), giving the mean ``mu_u`` and spread
   ``sigma_u`` of its similarity to an irrelevant chunk. This adapts to every encoder's scale
   (multilingual-e5 similarities sit around 0.8, MiniLM's around 0.1). The sentences exist in
   English, French and Spanish, and a CV is measured against those in its own language: a
   multilingual encoder finds two texts in the same language alike whatever they say, so with
   an English-only background every French CV looked like a match for the French ToR (measured
   on the jpo set: French CVs ranked the one French ToR first, mean rank 1.0 of 13).
2. **Chance maximum.** With ``n`` chunks, the best of ``n`` irrelevant chunks stays below
   ``mu_u + sigma_u * t_q(n)`` with probability ``q``, where ``t_q(n) = Phi^-1(q ** (1 / n))`` is
   the ``q``-quantile of the maximum of ``n`` standard normal draws (``chance_quantile``). A unit
   earns credit only for similarity *above* that bar, in background standard deviations:
   ``z_u = (best_u - mu_u) / sigma_u - t_q(n)``, unit score ``clip(z_u / z_full, 0, 1)``.
   Adding irrelevant chunks raises ``t_q(n)`` and can raise ``best_u`` only by chance (with
   probability below ``1 - q`` per unit), so padding a CV does not raise its score.
3. **Lexical component.** BM25-style saturated term matching of each unit against the CV text
   (:mod:`matcher.lexical`), mixed into each unit score with weight ``lexical_weight``; a CV the
   stuffing rule flags has its term counts clipped to presence.
4. **Precision (optional).** BERTScore-like: the mean over CV chunks of their best corrected
   match to any unit; mixed in with ``precision_weight`` (0 by default, see docs/scoring.md).

Duty and learning sub-scores are the means of their unit scores; their weighted mean (learning
absent: duties only) is the 0-1 match value, and the reported 0–100 score is the calibrated
chance that a recruiter grades the work relevant (a logistic map fitted on labelled pairs, of
the match value and, for a CV not written in English, the match value
again: :func:`~matcher.scoring.formula.calibrated_chance`), rounded to one decimal. Each unit is
also ``strong``, ``partial`` or ``none`` by its score
(:func:`~matcher.scoring.formula.coverage_level`).

The package, by what each module holds:

- :mod:`~matcher.scoring.config`: :class:`ScoringConfig`, its hash and version.
- :mod:`~matcher.scoring.preparation`: what is computed once per vacancy
  (:class:`PreparedVacancy`), per stack of vacancies (:class:`PreparedVacancies`), per CV
  (:class:`CandidateProfile`) and per pool (:class:`CandidatePool`), with the background
  statistics.
- :mod:`~matcher.scoring.kernels`: segment sums, exact float64 products, best-chunk resolution.
- :mod:`~matcher.scoring.formula`: the one formula, :func:`~matcher.scoring.formula.score_pairs`,
  with its parts (semantic credit, lexical credit, stuffing rule, combination).
- :mod:`~matcher.scoring.pool_ranking`: one vacancy against a pool
  (:func:`score_prepared_candidates`).
- :mod:`~matcher.scoring.vacancy_ranking`: one CV against a stack
  (:func:`score_prepared_vacancies`, with the float32-settled fast path), and the preselection
  estimate (:func:`estimate_vacancy_scores`).
- :mod:`~matcher.scoring.results`: building the results.
- :mod:`~matcher.scoring.unprepared`: :func:`score_pair`, :func:`score_candidates` and
  :func:`score_vacancies`, which prepare on every call.

Every path gives exactly the floats of :func:`score_pair` (itself a pool of one): the best chunk
is chosen in float32 among near-ties and re-scored in float64 one pair at a time, every segment
sum starts at its own segment, and all of them call the same formula, so no number depends on
what else shared the batch.
"""

from matcher.background import BACKGROUND_LANGUAGES, BACKGROUND_SENTENCES
from matcher.scoring.config import DEFAULT_CONFIG, ScoringConfig
from matcher.scoring.formula import chance_threshold
from matcher.scoring.pool_ranking import score_prepared_candidates
from matcher.scoring.preparation import (
    CandidatePool,
    CandidateProfile,
    ChunkBatch,
    PreparedVacancies,
    PreparedVacancy,
    UnitBackground,
    candidate_profile,
    language_index,
    prepare_vacancies,
    prepare_vacancy,
    stack_chunks,
    stack_profiles,
    stack_vacancies,
    unit_background,
)
from matcher.scoring.unprepared import score_candidates, score_pair, score_vacancies
from matcher.scoring.vacancy_ranking import estimate_vacancy_scores, score_prepared_vacancies

__all__ = [
    "BACKGROUND_LANGUAGES",
    "BACKGROUND_SENTENCES",
    "CandidatePool",
    "CandidateProfile",
    "ChunkBatch",
    "DEFAULT_CONFIG",
    "PreparedVacancies",
    "PreparedVacancy",
    "ScoringConfig",
    "UnitBackground",
    "candidate_profile",
    "chance_threshold",
    "estimate_vacancy_scores",
    "language_index",
    "prepare_vacancies",
    "prepare_vacancy",
    "score_candidates",
    "score_pair",
    "score_prepared_candidates",
    "score_prepared_vacancies",
    "score_vacancies",
    "stack_chunks",
    "stack_profiles",
    "stack_vacancies",
    "unit_background",
]
