"""Tokenizer, the saturated BM25 unit credit and the stuffing rule, as the scorer runs them.

The lexical credit and the stuffing rule are parts of the one scoring formula
(``matcher.scoring.formula``); the fixture below computes them through the pool path's own
lexical evidence (``matcher.scoring.pool_ranking.pool_lexical_evidence``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

import matcher.lexical as lexical_module
from matcher.lexical import (
    jaccard,
    repeated_chunks,
    saturate,
    text_profile,
    token_set,
    tokenize,
    unit_term_weights,
)
from matcher.models import Candidate, Vacancy
from matcher.scoring import BACKGROUND_SENTENCES, DEFAULT_CONFIG, candidate_profile, prepare_vacancy
from matcher.scoring.formula import LexicalEvidence, PairLayout, lexical_credit, stuffing_flags
from matcher.scoring.pool_ranking import pool_lexical_evidence
from matcher.scoring.preparation import CandidateProfile

UNITS = (
    "Draft analytical reports on conflict dynamics for the Security Council.",
    "Coordinate community engagement workshops with field missions.",
    "Maintain the Quick Impact Project database and issue quarterly reports.",
)
CLEAN_CV = (
    "Political affairs officer. Drafted analytical reports on conflict dynamics and briefed "
    "Security Council delegations. Coordinated community engagement workshops with two field "
    "missions in Mali. Maintained the project database and issued quarterly reports to donors. "
    "Master of Arts in International Relations, Sciences Po, 2019. Languages: English, French."
)
STUFFING = " conflict dynamics security council community engagement database quarterly reports"


def _profile(text: str, chunks: Sequence[str] = ()) -> CandidateProfile:
    cand = Candidate(id="c", source="c.txt", degrees=(), experience=(), total_years=None,
                     languages=(), nationalities=(), chunks=tuple(chunks), text=text)
    return candidate_profile(cand, np.zeros((len(chunks), 4), dtype=np.float32))


class Lexical:
    """The scorer's lexical credit of CV texts against the units of one vacancy."""

    def __init__(self, units: Sequence[str]) -> None:
        vacancy = Vacancy(id="v", source="v.txt", title=None, reference=None,
                          organization=None, duty_stations=(), duration_months=None,
                          duties=tuple(units), learning_elements=())
        self.prepared = prepare_vacancy(vacancy, np.eye(len(units), 4, dtype=np.float32))
        self.vocab = self.prepared.terms

    def evidence(self, texts: Sequence[str], chunks: Sequence[str] = (),
                 evidence: Sequence[int] | None = None) -> LexicalEvidence:
        n_units = self.prepared.n_units
        best = [0] * n_units if evidence is None else list(evidence)
        best_local = np.array([best if chunks else [-1] * n_units] * len(texts),
                              dtype=np.int64).T
        return pool_lexical_evidence(
            self.prepared, [_profile(t, chunks) for t in texts], best_local)

    def unit_scores(
        self, texts: Sequence[str], *, presence_only: Sequence[bool] | None = None
    ) -> npt.NDArray[np.float64]:
        stuffed = np.zeros(len(texts), dtype=bool) if presence_only is None else np.asarray(
            presence_only, dtype=bool)
        layout = PairLayout.pool(len(texts), self.prepared.n_units, self.prepared.n_duties)
        return lexical_credit(self.evidence(texts), layout, stuffed, DEFAULT_CONFIG)


def model() -> Lexical:
    return Lexical(UNITS)


class _Report:
    """What the stuffing rule decided for one CV, and how many units it found copied."""

    def __init__(self, stuffed: bool, copied_units: int) -> None:
        self.stuffed = stuffed
        self.copied_units = copied_units


def _stuffing(m: Lexical, text: str, chunks: Sequence[str],
              evidence: Sequence[int] | None = None) -> _Report:
    lexical = m.evidence([text], chunks, evidence)
    n_units = np.array([m.prepared.n_units], dtype=np.int64)
    flagged = stuffing_flags(lexical, n_units, DEFAULT_CONFIG)
    return _Report(bool(flagged[0]), int(lexical.copied_units[0]))


def stuff(report_model: Lexical, text: str, chunks: tuple[str, ...]) -> bool:
    return _stuffing(report_model, text, chunks).stuffed


def test_all_is_sorted_public_names() -> None:
    assert sorted(lexical_module.__all__) == sorted(set(lexical_module.__all__))


def test_tokens_are_folded_by_the_one_fold() -> None:
    # The tokenizer folds with matcher.vocab.fold, as both parsers do.
    assert tokenize("Économie Política ÀÉÎÕÜ") == tokenize("economie politica aeiou")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("The coordination of the reports", ["coordination", "report"]),
        ("Élaboration des rapports et de la stratégie", ["elaboration", "rapport", "strategie"]),
        ("Coordinación de los informes para la misión", ["coordinacion", "informe", "mision"]),
        ("Coordinating, coordinated!", ["coordinat", "coordinat"]),
        ("Policies and studies", ["policy", "study"]),
        # "un" is a French stop word, so the English acronym UN goes too (a known trade-off).
        ("UN-DPO 2021 a b", ["dpo", "2021"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_saturation_fifty_repeats_count_little_more_than_three() -> None:
    w3, w50 = saturate(np.array([3.0, 50.0]), 300.0, k1=1.2, b=0.75, avg_length=300.0)
    assert w50 / w3 < 1.4
    weights = saturate(np.arange(1.0, 60.0), 300.0, k1=1.2, b=0.75, avg_length=300.0)
    assert np.all(np.diff(weights) > 0) and np.all(weights < 1.0)


def test_length_normalisation_penalises_padding() -> None:
    m = model()
    padding = " Responsible for general office tasks and filing." * 40
    short, padded = m.unit_scores([CLEAN_CV, CLEAN_CV + padding])
    assert np.all(padded < short)


def test_matching_cv_beats_unrelated_cv() -> None:
    m = model()
    unrelated = "Chef de partie in a busy restaurant kitchen. Prepared sauces and desserts."
    clean, other = m.unit_scores([CLEAN_CV, unrelated])
    assert np.all(clean > 0.2)
    assert np.all(other == 0.0)


def test_idf_rewards_specific_terms_over_generic_ones() -> None:
    m = model()
    specific = "Quick Impact Project database."
    generic = "Maintain and issue."
    spec, gen = m.unit_scores([specific, generic])[:, 2]
    assert spec > gen


def test_stuffed_cv_flagged_and_does_not_beat_clean_cv() -> None:
    m = model()
    stuffed_text = CLEAN_CV + STUFFING * 30
    chunks = (CLEAN_CV, STUFFING.strip())
    assert stuff(m, stuffed_text, chunks)
    assert not stuff(m, CLEAN_CV, (CLEAN_CV,))
    clean_scores, stuffed_scores = m.unit_scores(
        [CLEAN_CV, stuffed_text],
        presence_only=[False, True],
    )
    assert stuffed_scores.mean() <= clean_scores.mean()


def test_saturation_alone_limits_repetition_gain() -> None:
    # Even unflagged, repeating the duty words 30 times barely helps: saturation caps the
    # term weights and length normalisation takes back most of the rest.
    m = model()
    clean, stuffed = m.unit_scores([CLEAN_CV, CLEAN_CV + STUFFING * 30])
    assert stuffed.mean() < 1.1 * clean.mean()


def test_copied_units_are_flagged() -> None:
    m = model()
    # Each unit's evidence is its own copy (chunk u for unit u).
    report = _stuffing(m, " ".join(UNITS), UNITS, evidence=range(len(UNITS)))
    assert report.stuffed and report.copied_units == 3


def test_repeated_chunks_are_flagged() -> None:
    m = model()
    line = "Drafted analytical reports on conflict dynamics for delegations"
    chunks = (line,) * 5 + ("Master of Arts in International Relations.",)
    assert stuff(m, " ".join(chunks), chunks)


def test_natural_long_cv_is_not_flagged() -> None:
    m = model()
    text = " ".join(BACKGROUND_SENTENCES) + " " + CLEAN_CV
    assert not stuff(m, text, (*BACKGROUND_SENTENCES, CLEAN_CV))


def test_stop_word_only_unit_has_zero_weight() -> None:
    m = Lexical(("and the of", *UNITS))
    scores = m.unit_scores(["and the of reports"])
    assert scores[0, 0] == 0.0


def test_unit_term_weights_rows_sum_to_one_and_match_the_model() -> None:
    csr = unit_term_weights(("and the of", *UNITS), BACKGROUND_SENTENCES)
    assert csr.indptr[0] == 0 and csr.indptr[1] == 0  # stop words only: empty row
    for row in range(1, 4):
        lo, hi = int(csr.indptr[row]), int(csr.indptr[row + 1])
        assert hi > lo and abs(float(csr.data[lo:hi].sum()) - 1.0) < 1e-12
        terms = [csr.terms[int(i)] for i in csr.indices[lo:hi]]
        assert terms == sorted(set(tokenize(UNITS[row - 1])))
    # The scorer's prepared vacancy holds the same vocabulary.
    m = Lexical(("and the of", *UNITS))
    assert m.vocab == csr.terms


def test_idf_prefers_terms_absent_from_the_background() -> None:
    csr = unit_term_weights(("report quantum",), BACKGROUND_SENTENCES)
    weights = dict(zip((csr.terms[int(i)] for i in csr.indices), csr.data.tolist(), strict=True))
    assert weights["quantum"] > weights["report"]  # "reports" occur in the background


def test_cv_text_helpers_use_no_process_cache() -> None:
    # Erasing a CV must leave no copy of its words in a process-wide cache.
    before = lexical_module._tokenize_cached.cache_info().currsize
    text = "Zanzibarquokka drafted reports for the Zanzibarquokka mission."
    profile = text_profile(text)
    tokens = token_set(text)
    assert lexical_module._tokenize_cached.cache_info().currsize == before
    assert profile.length == len(tokenize(text))
    assert tokens == frozenset(tokenize(text))


def test_jaccard_and_repeated_chunks() -> None:
    assert jaccard(frozenset("ab"), frozenset("bc")) == 1 / 3
    assert jaccard(frozenset(), frozenset("a")) == 0.0
    line = "Drafted analytical reports on conflict dynamics for delegations"
    assert repeated_chunks([line] * 5) == (4, True)
    assert repeated_chunks([line, "Short line."]) == (0, False)
