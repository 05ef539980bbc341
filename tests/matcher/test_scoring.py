"""Scoring with synthetic vectors: length-bias correction, batch == single, determinism."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import matcher.scoring as scoring_module
from matcher.errors import ConfigError, MatcherError
from matcher.models import (
    Candidate,
    ExperienceRequirement,
    LanguageRequirement,
    Requirements,
    Vacancy,
)
from matcher.ranking import rank_results
from matcher.scoring import (
    BACKGROUND_LANGUAGES,
    BACKGROUND_SENTENCES,
    DEFAULT_CONFIG,
    ScoringConfig,
    candidate_profile,
    chance_threshold,
    estimate_vacancy_scores,
    formula,
    kernels,
    language_index,
    prepare_vacancies,
    prepare_vacancy,
    score_candidates,
    score_pair,
    score_prepared_candidates,
    score_prepared_vacancies,
    score_vacancies,
    stack_chunks,
    stack_profiles,
    stack_vacancies,
    unit_background,
    vacancy_ranking,
)
from matcher.scoring.formula import calibrated_chance

DIM = 64
Vec = npt.NDArray[np.float32]


def unit_rows(matrix: npt.NDArray[Any]) -> Vec:
    m = np.asarray(matrix, dtype=np.float64)
    out: Vec = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
    return out


def vacancy(
    n_duties: int = 4, n_learning: int = 2, vid: str = "v1", prefix: str = "duty"
) -> Vacancy:
    return Vacancy(
        id=vid,
        source=f"{vid}.txt",
        # No title: the title would be one more unit, and these tests give a vector per unit.
        title=None,
        reference=None,
        organization=None,
        duty_stations=(),
        duration_months=None,
        duties=tuple(f"{prefix} topic{vid}{i} analysis" for i in range(n_duties)),
        learning_elements=tuple(f"learning skill{vid}{i}" for i in range(n_learning)),
    )


def candidate(chunks: tuple[str, ...], cid: str = "c1", text: str = "") -> Candidate:
    return Candidate(
        id=cid,
        source=f"{cid}.txt",
        degrees=(),
        experience=(),
        total_years=None,
        languages=(),
        nationalities=(),
        chunks=chunks,
        text=text,
    )


class World:
    """Random unit vectors, a random background, and chunk generators."""

    def __init__(self, seed: int = 0, n_units: int = 6) -> None:
        self.rng = np.random.default_rng(seed)
        self.units = unit_rows(self.rng.normal(size=(n_units, DIM)))
        # One random background per language; the others come from their own stream so that
        # every world keeps the draws it had when the background was English only.
        n = len(BACKGROUND_SENTENCES) // 3
        own = unit_rows(self.rng.normal(size=(n, DIM)))
        other = unit_rows(np.random.default_rng(seed + 1000).normal(size=(2 * n, DIM)))
        self.background = np.concatenate([own, other])

    def relevant(self, unit: int, noise: float = 0.5) -> Vec:
        v = self.units[unit] + noise * self.rng.normal(size=DIM) / np.sqrt(DIM)
        return unit_rows(v[None, :])

    def irrelevant(self, n: int) -> Vec:
        return unit_rows(self.rng.normal(size=(n, DIM)))


def ideal(world: World, v: Vacancy) -> tuple[Candidate, Vec]:
    n = len(v.units())
    vecs = np.concatenate([world.relevant(u) for u in range(n)])
    return candidate(tuple(f"relevant chunk {i}" for i in range(n)), "ideal"), vecs


def test_all_is_sorted_public_names() -> None:
    assert sorted(scoring_module.__all__, key=str.lower) == sorted(
        set(scoring_module.__all__), key=str.lower
    )


def test_background_has_about_150_generic_sentences_per_language() -> None:
    from matcher.background import BACKGROUND_BY_LANGUAGE, BACKGROUND_EN

    assert BACKGROUND_LANGUAGES == ("en", "fr", "es", "pt")
    assert 140 <= len(BACKGROUND_EN) <= 160
    # Line-by-line translations: same size, every sentence distinct, in its own language.
    assert {len(BACKGROUND_BY_LANGUAGE[lang]) for lang in BACKGROUND_LANGUAGES} == {
        len(BACKGROUND_EN)}
    assert BACKGROUND_SENTENCES == tuple(
        s for lang in BACKGROUND_LANGUAGES for s in BACKGROUND_BY_LANGUAGE[lang])
    assert len(set(BACKGROUND_SENTENCES)) == len(BACKGROUND_SENTENCES)
    from matcher.cv import _text_language  # the parser's own language guess for CVs

    for lang in BACKGROUND_LANGUAGES:
        assert _text_language(" ".join(BACKGROUND_BY_LANGUAGE[lang])) == lang
        # Ten sentences of it are enough to tell (the profiles are learnt from all of them).
        assert _text_language(" ".join(BACKGROUND_BY_LANGUAGE[lang][::15])) == lang


@pytest.mark.parametrize(
    ("n", "q", "value"), [(1, 0.5, 0.0), (1, 0.9, 1.28), (10, 0.9, 2.31), (100, 0.9, 3.07)]
)
def test_chance_threshold(n: int, q: float, value: float) -> None:
    assert chance_threshold(n, q) == pytest.approx(value, abs=0.01)


@pytest.mark.parametrize("q", [0.5, 0.9])
def test_chance_threshold_matches_simulation(q: float) -> None:
    rng = np.random.default_rng(1)
    simulated = np.quantile(rng.normal(size=(20000, 40)).max(axis=1), q)
    assert chance_threshold(40, q) == pytest.approx(simulated, abs=0.03)


# --------------------------------------------------------------------------- length bias


def test_adding_200_irrelevant_chunks_does_not_raise_the_score() -> None:
    world = World()
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    base = score_pair(v, world.units, cand, vecs, background=world.background)
    padded_vecs = np.concatenate([vecs, world.irrelevant(200)])
    padded = candidate(cand.chunks + tuple(f"filler {i}" for i in range(200)), "padded")
    longer = score_pair(v, world.units, padded, padded_vecs, background=world.background)
    assert longer.score <= base.score
    assert base.score > 50


def test_long_random_cv_scores_near_zero_and_below_short_ideal_cv() -> None:
    world = World(3)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    noise = candidate(tuple(f"noise {i}" for i in range(400)), "noise")
    results = score_candidates(
        v, world.units, [cand, noise], [vecs, world.irrelevant(400)], background=world.background
    )
    assert results[0].score > 50
    assert results[1].score < 5


def test_naive_mean_max_would_rise_with_padding() -> None:
    # Shows the bias the correction removes: the uncorrected statistic does grow.
    world = World(4)
    few, many = world.irrelevant(5), world.irrelevant(300)
    naive_few = (world.units @ few.T).max(axis=1).mean()
    naive_many = (world.units @ many.T).max(axis=1).mean()
    assert naive_many > naive_few
    v = vacancy(4, 2)
    a = score_pair(v, world.units, candidate(("x",) * 5, "a"), few, background=world.background)
    b = score_pair(v, world.units, candidate(("y",) * 300, "b"), many, background=world.background)
    assert b.score <= a.score + 1.0


@pytest.mark.parametrize("seed", range(5))
def test_padding_never_raises_score_across_seeds(seed: int) -> None:
    # The base CV has `min_chance_draws` chunks: below that floor the bar is constant on
    # purpose (see test_short_cv_bar_is_floored).
    world = World(seed + 10)
    v = vacancy(3, 0)
    floor = DEFAULT_CONFIG.min_chance_draws
    partial = np.concatenate([world.relevant(0, noise=1.5), world.irrelevant(floor - 1)])
    cand = candidate(tuple(f"c{i}" for i in range(floor)))
    base = score_pair(v, world.units[:3], cand, partial, background=world.background)
    for extra in (10, 50, 200):
        vecs = np.concatenate([partial, world.irrelevant(extra)])
        padded = candidate(cand.chunks + ("pad",) * extra)
        result = score_pair(v, world.units[:3], padded, vecs, background=world.background)
        assert result.score <= base.score


# --------------------------------------------------------------------------- evidence, subscores


def test_evidence_is_the_best_chunk_per_unit() -> None:
    world = World(5)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    # Reverse the chunks so that evidence must follow the vectors, not the order.
    order = np.arange(len(vecs))[::-1]
    cand = candidate(tuple(cand.chunks[i] for i in order))
    result = score_pair(v, world.units, cand, vecs[order], background=world.background)
    sims = world.units.astype(np.float64) @ vecs[order].astype(np.float64).T
    assert len(result.evidence) == 6
    for u, ev in enumerate(result.evidence):
        assert ev.unit == v.units()[u][1]
        assert ev.kind == v.units()[u][0]
        assert ev.chunk == cand.chunks[int(sims[u].argmax())]
        assert ev.similarity == pytest.approx(sims[u].max(), abs=1e-6)


def test_subscores_and_score_ranges() -> None:
    world = World(6)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    result = score_pair(v, world.units, cand, vecs, background=world.background)
    assert set(result.subscores) == {"duties", "learning", "lexical"}
    assert all(0.0 <= s <= 1.0 for s in result.subscores.values())
    assert 0.0 <= result.score <= 100.0
    assert result.score == round(result.score, 1)


def test_learning_absent_renormalises_to_duties() -> None:
    world = World(7, n_units=4)
    v = vacancy(4, 0)
    cand, vecs = ideal(world, v)
    result = score_pair(v, world.units, cand, vecs, background=world.background)
    assert "learning" not in result.subscores
    shown, total = result.coverage["duties"]
    assert result.coverage["learning"] == (0, 0)
    # Duties alone feed the calibrated map: the match value is the duty mean.
    expected = calibrated_chance(np.array([result.subscores["duties"]]),
                                 np.array([shown / total]), np.zeros(1), DEFAULT_CONFIG)
    assert result.score == pytest.approx(100 * float(expected[0]), abs=0.06)


def test_weights_change_the_combination() -> None:
    world = World(8)
    v = vacancy(4, 2)
    vecs = np.concatenate([world.relevant(u) for u in range(4)] + [world.irrelevant(2)])
    cand = candidate(tuple(f"c{i}" for i in range(6)))
    duty_heavy = score_pair(
        v,
        world.units,
        cand,
        vecs,
        ScoringConfig(duties_weight=1, learning_weight=0),
        background=world.background,
    )
    learn_heavy = score_pair(
        v,
        world.units,
        cand,
        vecs,
        ScoringConfig(duties_weight=0, learning_weight=1),
        background=world.background,
    )
    assert duty_heavy.score > learn_heavy.score


def test_empty_candidate_scores_zero() -> None:
    world = World(9)
    v = vacancy(4, 2)
    result = score_pair(
        v, world.units, candidate(()), np.zeros((0, DIM), np.float32), background=world.background
    )
    assert result.score == 0.0 and result.evidence == ()


def test_fallback_background_without_vectors() -> None:
    world = World(10)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    bg = unit_background(world.units, None)
    assert np.all(bg.mu == DEFAULT_CONFIG.fallback_mu)
    assert score_pair(v, world.units, cand, vecs).score > 50


def test_unit_background_floors_sigma() -> None:
    world = World(11)
    same = np.repeat(world.units[:1], 10, axis=0)
    bg = unit_background(world.units, same)
    assert np.all(bg.sigma >= DEFAULT_CONFIG.min_sigma)


# --------------------------------------------------------------------------- batch == single


def make_pool(world: World, v: Vacancy, n: int) -> tuple[list[Candidate], list[Vec]]:
    cands: list[Candidate] = []
    mats: list[Vec] = []
    for i in range(n):
        k = int(world.rng.integers(0, 30)) if i % 7 else i % 2  # include 0- and 1-chunk CVs
        rel = [world.relevant(int(u)) for u in world.rng.integers(0, len(v.units()), size=k // 3)]
        parts = [*rel, world.irrelevant(k - len(rel))]
        mats.append(np.concatenate(parts).astype(np.float32))
        cands.append(candidate(tuple(f"chunk {i}-{j} analysis" for j in range(k)), f"c{i:03d}"))
    return cands, mats


def test_batch_equals_single() -> None:
    world = World(12)
    v = vacancy(4, 2)
    cands, mats = make_pool(world, v, 40)
    batch = score_candidates(
        v, world.units, cands, mats, background=world.background, flags=[()] * 40
    )
    singles = [
        score_pair(v, world.units, c, m, background=world.background)
        for c, m in zip(cands, mats, strict=True)
    ]
    assert batch == singles
    # The pre-stacked form gives the same numbers too.
    stacked = stack_chunks(mats)
    assert score_candidates(v, world.units, cands, stacked, background=world.background) == singles


def test_score_vacancies_equals_score_pair() -> None:
    world = World(13, n_units=12)
    v1, v2 = vacancy(4, 2, "v1"), vacancy(5, 1, "v2", prefix="task")
    u1, u2 = world.units[:6], world.units[6:]
    vecs = np.concatenate([world.relevant(0), world.relevant(7), world.irrelevant(20)])
    cand = candidate(tuple(f"chunk {i}" for i in range(22)))
    many = score_vacancies(cand, vecs, [v1, v2], [u1, u2], background=world.background)
    assert many == [
        score_pair(v1, u1, cand, vecs, background=world.background),
        score_pair(v2, u2, cand, vecs, background=world.background),
    ]


def test_deterministic() -> None:
    world = World(14)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    first = score_pair(v, world.units, cand, vecs, background=world.background)
    second = score_pair(v, world.units, cand, vecs.copy(), background=world.background.copy())
    assert first == second


# --------------------------------------------------------------------------- flags, errors


def test_hidden_text_flag_passes_through() -> None:
    world = World(15)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    result = score_pair(v, world.units, cand, vecs, flags=("hidden_text",))
    assert result.flags == ("hidden_text",)
    assert score_pair(v, world.units, cand, vecs).flags == ()


def test_keyword_stuffing_flagged_and_lexical_not_rewarded() -> None:
    world = World(16)
    v = vacancy(4, 0)
    duty_words = " ".join(v.duties)
    clean_text = "Work history. " + duty_words + ". Education: MA."
    stuffed_text = clean_text + (" " + duty_words) * 30
    vecs = np.concatenate([world.relevant(u) for u in range(4)])
    chunks = tuple(f"chunk {i}" for i in range(4))
    clean = score_pair(v, world.units[:4], candidate(chunks, "a", clean_text), vecs)
    stuffed = score_pair(v, world.units[:4], candidate(chunks, "b", stuffed_text), vecs)
    assert "keyword_stuffing" in stuffed.flags
    assert "keyword_stuffing" not in clean.flags
    assert stuffed.subscores["lexical"] <= clean.subscores["lexical"]
    assert stuffed.score <= clean.score


def test_shape_mismatch_raises() -> None:
    world = World(17)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    with pytest.raises(MatcherError):
        score_pair(v, world.units[:3], cand, vecs)
    with pytest.raises(MatcherError):
        score_pair(v, world.units, cand, vecs[:2])
    with pytest.raises(MatcherError):
        score_candidates(v, world.units, [cand], [vecs, vecs])


# --------------------------------------------------------------------------- config


def test_config_is_frozen_and_hash_is_stable() -> None:
    config = ScoringConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.lexical_weight = 0.9  # type: ignore[misc]
    assert config.config_hash() == ScoringConfig().config_hash()
    assert len(config.config_hash()) == 16
    assert ScoringConfig(lexical_weight=0.5).config_hash() != config.config_hash()
    assert ScoringConfig(**config.to_dict()) == config


@pytest.mark.parametrize(
    "bad",
    [
        {"duties_weight": -1.0},
        {"duties_weight": 0.0, "learning_weight": 0.0},
        {"lexical_weight": 1.5},
        {"precision_weight": -0.1},
        {"z_full": 0.0},
        {"copy_overlap": 0.0},
    ],
)
def test_config_rejects_bad_values(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        ScoringConfig(**bad)  # type: ignore[arg-type]


def test_precision_component_penalises_padding() -> None:
    world = World(18)
    v = vacancy(4, 2)
    cand, vecs = ideal(world, v)
    config = ScoringConfig(precision_weight=0.3)
    base = score_pair(v, world.units, cand, vecs, config, background=world.background)
    padded = candidate(cand.chunks + ("pad",) * 50)
    longer = score_pair(
        v,
        world.units,
        padded,
        np.concatenate([vecs, world.irrelevant(50)]),
        config,
        background=world.background,
    )
    assert "precision" in base.subscores
    assert longer.subscores["precision"] < base.subscores["precision"]
    # Both scores may saturate at 100 after the calibrated map; the match value may not.
    assert longer.match < base.match
    assert longer.score <= base.score


@pytest.mark.slow
def test_scoring_2000_cvs_in_one_batch() -> None:
    # Speed is measured by `make bench`, never asserted in a test; this checks the batch path
    # at benchmark size gives one result per CV, with the same numbers as a second call.
    rng = np.random.default_rng(19)
    d = 384
    units = unit_rows(rng.normal(size=(20, d)))
    v = vacancy(14, 6)
    mats = [unit_rows(rng.normal(size=(40, d))) for _ in range(2000)]
    chunks = tuple(f"s{j} analysis" for j in range(40))
    cands = [candidate(chunks, f"c{i}", f"text {i} " * 200) for i in range(2000)]
    batch = stack_chunks(mats)
    first = score_candidates(v, units, cands, batch)  # CV texts are tokenised once, then cached
    results = score_candidates(v, units, cands, batch)
    assert len(results) == 2000
    assert [r.score for r in results] == [r.score for r in first]
    assert {r.candidate_id for r in results} == {f"c{i}" for i in range(2000)}


def test_short_cv_bar_is_floored() -> None:
    # docs/reliability.md item 24: deleting a sentence from a very short CV must not lower the bar
    # for every other unit (which could make deleting the cited evidence raise the score).
    floor = DEFAULT_CONFIG.min_chance_draws
    q = DEFAULT_CONFIG.chance_quantile
    world = World(3)
    v = vacancy(3, 0)
    vecs = np.concatenate([world.relevant(0), world.relevant(1), world.irrelevant(3)])
    full = score_pair(v, world.units[:3], candidate(tuple("abcde")), vecs,
                      background=world.background)
    without_cited = score_pair(v, world.units[:3], candidate(tuple("bcde")), vecs[1:],
                               background=world.background)
    assert chance_threshold(floor, q) > chance_threshold(4, q)
    assert without_cited.score < full.score


def test_vacancy_without_units_scores_zero() -> None:
    world = World(20)
    v = vacancy(0, 0)
    empty_units = np.zeros((0, DIM), np.float32)
    result = score_pair(v, empty_units, candidate(("a",)), world.irrelevant(1))
    assert result.score == 0.0 and result.subscores == {} and result.evidence == ()


def test_stack_chunks_offsets_and_width_check() -> None:
    world = World(21)
    batch = stack_chunks([world.irrelevant(3), np.zeros((0, DIM), np.float32), world.irrelevant(2)])
    assert batch.offsets.tolist() == [0, 3, 3, 5]
    assert batch.counts().tolist() == [3, 0, 2]
    assert len(batch) == 3
    with pytest.raises(MatcherError):
        stack_chunks([world.irrelevant(2), np.zeros((2, DIM + 1), np.float32)])


# --------------------------------------------------------------------------- prepared paths


PHRASES = (
    "draft analytical reports on conflict dynamics",
    "coordinate humanitarian partners in field missions",
    "monitor elections and human rights",
    "manage the project budget and procurement",
    "organise training workshops for national staff",
    "support peace negotiations and mediation",
)


def rich_vacancy(vid: str, n_duties: int, n_learning: int, rng: np.random.Generator) -> Vacancy:
    def unit(i: int) -> str:
        words = " ".join(PHRASES[int(j)] for j in rng.integers(0, len(PHRASES), size=2))
        return f"{words} item{vid}x{i}"

    return dataclasses.replace(
        vacancy(0, 0, vid),
        duties=tuple(unit(i) for i in range(n_duties)),
        learning_elements=tuple(unit(100 + i) for i in range(n_learning)),
    )


def rich_candidates(
    rng: np.random.Generator, n: int, dim: int
) -> tuple[list[Candidate], list[Vec]]:
    cands: list[Candidate] = []
    mats: list[Vec] = []
    for i in range(n):
        k = [0, 1, 3, 12, 40][i % 5]
        chunks = [f"{PHRASES[int(j)]} in post {i}" for j in rng.integers(0, len(PHRASES), k)]
        vecs = unit_rows(rng.normal(size=(k, dim))) if k else np.zeros((0, dim), np.float32)
        if k >= 3:
            # Duplicated chunks with identical vectors: exact ties, the first one is evidence.
            chunks[2] = chunks[1]
            vecs[2] = vecs[1]
        text = " ".join(chunks)
        if i % 7 == 3:
            text += " conflict dynamics" * 40  # keyword stuffing
        cand = candidate(tuple(chunks), f"c{i:03d}", text)
        # Some CVs in French: against the English vacancies they are pairs in two languages.
        cands.append(dataclasses.replace(cand, text_language="fr") if i % 3 == 1 else cand)
        mats.append(vecs)
    return cands, mats


@pytest.mark.parametrize("precision_weight", [0.0, 0.2])
def test_prepared_paths_equal_score_pair_for_every_pair(precision_weight: float) -> None:
    rng = np.random.default_rng(30)
    dim = 384
    config = ScoringConfig(precision_weight=precision_weight)
    shapes = [(5, 2), (3, 0), (0, 4), (0, 0), (14, 6), (1, 0), (8, 3)]
    vacs = [rich_vacancy(f"v{k}", d, le, rng) for k, (d, le) in enumerate(shapes)]
    vacs[4] = dataclasses.replace(vacs[4], duties=tuple(
        f"le suivi des projets et la gestion des données pour les partenaires {i}"
        for i in range(len(vacs[4].duties))))
    units = [unit_rows(rng.normal(size=(max(len(v.units()), 1), dim)))[: len(v.units())]
             for v in vacs]
    background = unit_rows(rng.normal(size=(len(BACKGROUND_SENTENCES), dim)))
    cands, mats = rich_candidates(rng, 15, dim)
    prepared = prepare_vacancies(vacs, units, config, background=background)
    stack = stack_vacancies(prepared)
    profiles = [candidate_profile(c, m) for c, m in zip(cands, mats, strict=True)]
    pool = stack_profiles(profiles)
    singles = {
        (v.id, c.id): score_pair(v, u, c, m, config, background=background)
        for v, u in zip(vacs, units, strict=True)
        for c, m in zip(cands, mats, strict=True)
    }
    assert any("keyword_stuffing" in r.flags for r in singles.values())
    assert {c.text_language for c in cands} == {None, "fr"}
    assert any(r.score > 0 for r in singles.values())
    for profile in profiles:
        many = score_prepared_vacancies(profile, stack)
        assert many == [singles[(v.id, profile.candidate.id)] for v in vacs]
    for prep in prepared:
        pooled = score_prepared_candidates(prep, pool)
        assert pooled == [singles[(prep.vacancy.id, c.id)] for c in cands]


def test_exact_ties_pick_the_first_chunk() -> None:
    world = World(31)
    v = vacancy(2, 0)
    vecs = np.concatenate([world.irrelevant(1), world.relevant(0), world.relevant(0)])
    vecs[2] = vecs[1]
    cand = candidate(("noise", "first copy", "second copy"))
    result = score_pair(v, world.units[:2], cand, vecs, background=world.background)
    assert result.evidence[0].chunk == "first copy"


def test_stacking_rejects_mixed_configs() -> None:
    world = World(32)
    v1, v2 = vacancy(3, 0, "v1"), vacancy(3, 0, "v2")
    a = prepare_vacancy(v1, world.units[:3])
    b = prepare_vacancy(v2, world.units[3:6], ScoringConfig(lexical_weight=0.5))
    with pytest.raises(ConfigError):
        stack_vacancies([a, b])


def test_prepared_vacancy_is_reused_across_candidates() -> None:
    world = World(33)
    v = vacancy(4, 2)
    prep = prepare_vacancy(v, world.units, background=world.background)
    assert prep.n_units == 6 and prep.n_duties == 4
    assert prep.vectors.dtype == np.float32 and prep.mu.shape == (len(BACKGROUND_LANGUAGES), 6)
    # Lexical weights: one CSR row per unit, each summing to 1.
    sums = np.add.reduceat(prep.term_weights, prep.term_indptr[:-1])
    assert np.allclose(sums, 1.0)
    cand, vecs = ideal(world, v)
    profile = candidate_profile(cand, vecs)
    assert score_prepared_candidates(prep, [profile]) == score_prepared_candidates(
        prep, [profile]
    )
    with pytest.raises(MatcherError):
        candidate_profile(cand, vecs[:2])


def test_estimate_matches_the_score_when_every_unit_has_its_best_hit() -> None:
    rng = np.random.default_rng(34)
    dim = 64
    vacs = [rich_vacancy(f"v{k}", 4, 2, rng) for k in range(5)]
    units = [unit_rows(rng.normal(size=(6, dim))) for _ in vacs]
    background = unit_rows(rng.normal(size=(len(BACKGROUND_SENTENCES), dim)))
    cand = candidate(tuple(f"{p} today" for p in PHRASES), "c", " ".join(PHRASES))
    vecs = np.concatenate([unit_rows(units[2][:3] + 0.3 * rng.normal(size=(3, dim))),
                           unit_rows(rng.normal(size=(3, dim)))])
    stack = stack_vacancies(prepare_vacancies(vacs, units, background=background))
    profile = candidate_profile(cand, vecs)
    sims = stack.vectors.astype(np.float64) @ vecs.astype(np.float64).T
    rows = np.repeat(np.arange(sims.shape[0]), sims.shape[1])
    estimate = estimate_vacancy_scores(profile, stack, rows, sims.ravel())
    results = score_prepared_vacancies(profile, stack)
    scores = [r.score for r in results]
    assert np.argmax(estimate) == int(np.argmax(scores)) == 2
    # The estimate is the match value (before the calibrated map) of the exact scoring.
    matches = [(0.7 * r.subscores["duties"] + 0.3 * r.subscores["learning"]) for r in results]
    assert np.allclose(estimate, matches, atol=1e-4)
    # No hit at all: only the lexical part remains.
    lexical_only = estimate_vacancy_scores(profile, stack, np.zeros(0, np.int64), np.zeros(0))
    assert np.all(lexical_only <= estimate + 1e-12)


def test_top_k_equals_the_head_of_the_full_ranking() -> None:
    rng = np.random.default_rng(41)
    dim = 384
    requirements = [
        Requirements(),
        Requirements(experience=ExperienceRequirement(min_years=2)),
        Requirements(experience=ExperienceRequirement(min_years=10)),  # unmet: ranks last
        Requirements(languages=(LanguageRequirement("French", True, "C1"),)),
    ]
    shapes = [(5, 2), (3, 0), (0, 4), (0, 0), (14, 6), (1, 0), (8, 3), (4, 4), (6, 1)]
    vacs = [
        dataclasses.replace(rich_vacancy(f"v{k}", d, le, rng),
                            requirements=requirements[k % len(requirements)])
        for k, (d, le) in enumerate(shapes)
    ]
    units = [unit_rows(rng.normal(size=(max(len(v.units()), 1), dim)))[: len(v.units())]
             for v in vacs]
    background = unit_rows(rng.normal(size=(len(BACKGROUND_SENTENCES), dim)))
    stack = stack_vacancies(prepare_vacancies(vacs, units, DEFAULT_CONFIG, background=background))
    cands, mats = rich_candidates(rng, 10, dim)
    for cand, mat in zip(cands, mats, strict=True):
        profile = candidate_profile(dataclasses.replace(cand, total_years=4.0), mat)
        full = rank_results(score_prepared_vacancies(profile, stack))
        assert any(r.eligible is False for r in full)
        for k in (0, 1, 3, len(vacs), len(vacs) + 5):
            top = score_prepared_vacancies(profile, stack, top_k=k)
            assert top == full[:k]
            assert [r.evidence for r in top] == [r.evidence for r in full[:k]]


def test_vacancy_semantics_settle_only_what_float32_decides() -> None:
    """Units far below the chance bar (credit 0) or far above full credit (1) are settled from
    the float32 product; the rest are re-scored exactly. Every credit must equal the full exact
    computation, and the data must exercise all three regimes."""
    rng = np.random.default_rng(52)
    dim = 64
    vacs = [rich_vacancy(f"v{k}", 6, 2, rng) for k in range(6)]
    units = [unit_rows(rng.normal(size=(8, dim))) for _ in vacs]
    background = unit_rows(rng.normal(size=(len(BACKGROUND_SENTENCES), dim)))
    stack = stack_vacancies(prepare_vacancies(vacs, units, background=background))
    # Chunks at graded distances from a spread of units: copies, near paraphrases, noise.
    rows = rng.choice(len(stack.vectors), size=24, replace=False)
    noise = rng.normal(size=(24, dim))
    scales = np.linspace(0.0, 3.0, 24)[:, None]
    chunks = unit_rows(stack.vectors[rows] + scales * noise / np.sqrt(dim))
    cand = candidate(tuple(f"chunk {i}" for i in range(24)), "c", "some text")
    profile = candidate_profile(cand, chunks)
    sem = vacancy_ranking.VacancySemantics(stack, profile)
    config = stack.config
    best_idx, best_sim = kernels.best_chunks(
        stack.vectors, chunks, np.array([0, 24]), profile.max_norm)
    bar = formula.chance_threshold(max(24, config.min_chance_draws), config.chance_quantile)
    exact = formula.semantic_credit(best_sim[:, 0], stack.mu[0], stack.sigma[0], bar,
                                    config.z_full)
    assert sem.semantic.tolist() == exact.tolist()
    assert (exact == 0.0).sum() > 0 and (exact == 1.0).sum() > 0
    assert ((exact > 0.0) & (exact < 1.0)).sum() > 0
    # Settled units were not re-scored; resolving any row gives the full computation's answer.
    assert 0 < int(sem.best_or_none().__ge__(0).sum()) < len(stack.vectors)
    sem.resolve(np.arange(len(stack.vectors)))
    assert sem.best.tolist() == best_idx[:, 0].tolist()
    assert sem.sim.tolist() == best_sim[:, 0].tolist()
    # End to end: the stacked ranking equals the single-pair scorer for every vacancy.
    many = score_prepared_vacancies(profile, stack)
    singles = [score_pair(v, u, cand, chunks, background=background)
               for v, u in zip(vacs, units, strict=True)]
    assert many == singles
    assert len({r.score for r in singles}) > 1


def _four_duties(seed: int, dim: int = 64) -> tuple[np.random.Generator, Vacancy, Vec]:
    """A vacancy of four duties and random unit vectors, with the generator that drew them."""
    rng = np.random.default_rng(seed)
    v = rich_vacancy("v", 4, 0, rng)
    return rng, v, unit_rows(rng.normal(size=(4, dim)))


def test_a_cv_is_measured_against_the_background_in_its_own_language() -> None:
    # The French part of the background sits next to the units (as same-language text does
    # with a multilingual encoder): a French CV must clear a higher bar than an English one.
    rng, v, units = _four_duties(61)
    dim, n = units.shape[1], len(BACKGROUND_SENTENCES) // len(BACKGROUND_LANGUAGES)
    english = unit_rows(rng.normal(size=(n, dim)))
    near = np.repeat(units, -(-n // 4), axis=0)[:n]
    french = unit_rows(near + 0.5 * rng.normal(size=(n, dim)) / np.sqrt(dim))
    spanish = unit_rows(rng.normal(size=(n, dim)))
    portuguese = unit_rows(rng.normal(size=(n, dim)))
    background = np.concatenate([english, french, spanish, portuguese])
    # The calibrated map's French/Spanish term left out: this test is about the background.
    config = dataclasses.replace(
        DEFAULT_CONFIG, calibration=(*DEFAULT_CONFIG.calibration[:3], 0.0))
    prep = prepare_vacancy(v, units, config, background=background)
    assert np.all(prep.mu[1] > prep.mu[0] + 0.1)
    chunks = unit_rows(units + 0.8 * rng.normal(size=(4, dim)) / np.sqrt(dim))
    texts = tuple(f"chunk {i}" for i in range(4))
    scores = {}
    for lang in ("en", "fr", "es", None, "de"):
        cand = dataclasses.replace(candidate(texts), text_language=lang)
        scores[lang] = score_pair(v, units, cand, chunks, config, background=background).score
        profile = candidate_profile(cand, chunks)
        assert score_prepared_vacancies(profile, stack_vacancies([prep]))[0].score == scores[lang]
    assert scores["fr"] < scores["en"]
    assert scores["en"] == scores[None] == scores["de"]
    assert language_index("fr") == 1 and language_index("es") == 2 and language_index(None) == 0
    assert language_index("pt") == 3


def test_a_cv_not_in_english_reads_the_same_match_value_higher() -> None:
    # Same vectors, same background in every language: only the CV's language differs, so the
    # match value is the same and the calibrated map's non-English term alone moves the score.
    rng, v, units = _four_duties(62)
    dim, n = units.shape[1], len(BACKGROUND_SENTENCES) // len(BACKGROUND_LANGUAGES)
    background = np.tile(unit_rows(rng.normal(size=(n, dim))), (len(BACKGROUND_LANGUAGES), 1))
    chunks = unit_rows(units + 4.0 * rng.normal(size=(4, dim)) / np.sqrt(dim))
    texts = tuple(f"chunk {i}" for i in range(4))
    prep = prepare_vacancy(v, units, background=background)
    results = {}
    for lang in ("en", "fr", "es", "pt", None):
        cand = dataclasses.replace(candidate(texts), text_language=lang)
        results[lang] = score_pair(v, units, cand, chunks, background=background)
        pooled = score_prepared_candidates(prep, [candidate_profile(cand, chunks)])[0]
        assert pooled == results[lang]
    # A middling match: below the saturation of the map near 100.
    assert 0 < results["en"].match == results["fr"].match == results["es"].match < 0.2
    assert results["pt"].match == results["en"].match
    assert results[None] == results["en"]
    assert results["fr"].score == results["es"].score == results["pt"].score > results["en"].score
    w_non_english = DEFAULT_CONFIG.calibration[3]
    assert w_non_english > 0
    assert results["fr"].logit - results["en"].logit == pytest.approx(
        w_non_english * results["en"].match, abs=1e-6)
    # A property of the CV: the stack path (one CV, many vacancies) gives the same numbers.
    fr = candidate_profile(dataclasses.replace(candidate(texts), text_language="fr"), chunks)
    assert score_prepared_vacancies(fr, stack_vacancies([prep]))[0] == results["fr"]
    # Nothing matching stays 0 in any language: the term multiplies the match value.
    none = dataclasses.replace(candidate(()), text_language="fr")
    assert score_pair(v, units, none, np.zeros((0, dim), np.float32),
                      background=background).score == 0.0
