"""Tokenizer, saturated BM25 unit scores and keyword-stuffing detection."""

from __future__ import annotations

import numpy as np
import pytest

import matcher.lexical as lexical_module
from matcher.lexical import (
    LexicalModel,
    detect_stuffing,
    document_profile,
    fold,
    jaccard,
    repeated_chunks,
    saturate,
    text_profile,
    token_set,
    tokenize,
    unit_term_weights,
)
from matcher.scoring import BACKGROUND_SENTENCES

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


def model() -> LexicalModel:
    return LexicalModel(UNITS, BACKGROUND_SENTENCES, k1=1.2, b=0.75, avg_length=300.0)


def stuff(report_model: LexicalModel, text: str, chunks: tuple[str, ...]) -> bool:
    return detect_stuffing(
        report_model,
        document_profile(text),
        chunks,
        UNITS,
        [chunks[0] if chunks else None] * len(UNITS),
        min_count=10,
        max_share=0.04,
        copy_overlap=0.8,
        copy_fraction=0.5,
    ).stuffed


def test_all_is_sorted_public_names() -> None:
    assert sorted(lexical_module.__all__) == sorted(set(lexical_module.__all__))


def test_fold_removes_accents_and_case() -> None:
    assert fold("Économie Política ÀÉÎÕÜ ñ") == "economie politica aeiou n"


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
    short, padded = m.unit_scores(
        [document_profile(CLEAN_CV), document_profile(CLEAN_CV + padding)]
    )
    assert np.all(padded < short)


def test_matching_cv_beats_unrelated_cv() -> None:
    m = model()
    unrelated = "Chef de partie in a busy restaurant kitchen. Prepared sauces and desserts."
    clean, other = m.unit_scores([document_profile(CLEAN_CV), document_profile(unrelated)])
    assert np.all(clean > 0.2)
    assert np.all(other == 0.0)


def test_idf_rewards_specific_terms_over_generic_ones() -> None:
    m = model()
    specific = "Quick Impact Project database."
    generic = "Maintain and issue."
    spec, gen = m.unit_scores([document_profile(specific), document_profile(generic)])[:, 2]
    assert spec > gen


def test_stuffed_cv_flagged_and_does_not_beat_clean_cv() -> None:
    m = model()
    stuffed_text = CLEAN_CV + STUFFING * 30
    chunks = (CLEAN_CV, STUFFING.strip())
    assert stuff(m, stuffed_text, chunks)
    assert not stuff(m, CLEAN_CV, (CLEAN_CV,))
    clean_scores, stuffed_scores = m.unit_scores(
        [document_profile(CLEAN_CV), document_profile(stuffed_text)],
        presence_only=[False, True],
    )
    assert stuffed_scores.mean() <= clean_scores.mean()


def test_saturation_alone_limits_repetition_gain() -> None:
    # Even unflagged, repeating the duty words 30 times barely helps: saturation caps the
    # term weights and length normalisation takes back most of the rest.
    m = model()
    clean, stuffed = m.unit_scores(
        [document_profile(CLEAN_CV), document_profile(CLEAN_CV + STUFFING * 30)]
    )
    assert stuffed.mean() < 1.1 * clean.mean()


def test_copied_units_are_flagged() -> None:
    m = model()
    report = detect_stuffing(
        m,
        document_profile(" ".join(UNITS)),
        UNITS,
        UNITS,
        list(UNITS),
        min_count=10,
        max_share=0.04,
        copy_overlap=0.8,
        copy_fraction=0.5,
    )
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
    m = LexicalModel(("and the of", *UNITS), (), k1=1.2, b=0.75, avg_length=300.0)
    scores = m.unit_scores([document_profile("and the of reports")])
    assert scores[0, 0] == 0.0


def test_unit_term_weights_rows_sum_to_one_and_match_the_model() -> None:
    csr = unit_term_weights(("and the of", *UNITS), BACKGROUND_SENTENCES)
    assert csr.indptr[0] == 0 and csr.indptr[1] == 0  # stop words only: empty row
    for row in range(1, 4):
        lo, hi = int(csr.indptr[row]), int(csr.indptr[row + 1])
        assert hi > lo and abs(float(csr.data[lo:hi].sum()) - 1.0) < 1e-12
        terms = [csr.terms[int(i)] for i in csr.indices[lo:hi]]
        assert terms == sorted(set(tokenize(UNITS[row - 1])))
    # The dense model built on the same weights gives the same unit scores as before.
    m = LexicalModel(("and the of", *UNITS), BACKGROUND_SENTENCES, k1=1.2, b=0.75,
                     avg_length=300.0)
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
    assert profile == document_profile.__wrapped__(text)
    assert tokens == frozenset(tokenize(text))


def test_jaccard_and_repeated_chunks() -> None:
    assert jaccard(frozenset("ab"), frozenset("bc")) == 1 / 3
    assert jaccard(frozenset(), frozenset("a")) == 0.0
    line = "Drafted analytical reports on conflict dynamics for delegations"
    assert repeated_chunks([line] * 5) == (4, True)
    assert repeated_chunks([line, "Short line."]) == (0, False)


@pytest.mark.parametrize("text", ["Plain ASCII Text", "Économie Política", "naïve Ǆ ﬁ"])
def test_fold_fast_path_agrees_with_the_general_one(text: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == expected
