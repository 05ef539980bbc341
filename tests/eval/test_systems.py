"""Systems on a tiny synthetic task with the deterministic HashEncoder (no model, no data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import systems
from eval.datasets import EvalItem, EvalTask, pseudo_tor
from eval.metrics import ranked_ids
from eval.systems import (
    SystemContext,
    bm25_run,
    matcher_run,
    random_run,
    run_system,
    score_task,
    tfidf_run,
)
from index.fakes import HashEncoder
from matcher.ranking import rank_results
from tests.conftest import needs_eval_data

TOR = """Associate Programme Officer (JPO)

Duties and Responsibilities
- Monitor human rights violations in the region and draft reports.
- Support the organisation of refugee protection workshops.

Learning Elements
- Gain experience of human rights reporting in a field mission.
"""

CV_FIT = """Jane Doe
Human rights officer. Monitored human rights violations and drafted reports for a field
mission. Organised refugee protection workshops with partners.
"""
CV_CHEF = """John Roe
Chef. Prepared meals, planned menus and ran a busy restaurant kitchen.
"""
CV_CODE = """Sam Poe
Software developer. Wrote Java services, SQL queries and unit tests.
"""


def _task() -> EvalTask:
    docs = {
        "fit": EvalItem(id="fit", text=CV_FIT, kind="cv"),
        "chef": EvalItem(id="chef", text=CV_CHEF, kind="cv"),
        "code": EvalItem(id="code", text=CV_CODE, kind="cv"),
    }
    queries = {
        "tor": EvalItem(id="tor", text=TOR, kind="vacancy"),
        "kitchen": EvalItem(
            id="kitchen", text=pseudo_tor("Chef", ["Plan menus and run a kitchen"]), kind="vacancy"
        ),
    }
    return EvalTask(
        name="tiny",
        dataset="tiny",
        direction="vacancy->cvs",
        queries=queries,
        docs=docs,
        qrels={"tor": {"fit": 2}, "kitchen": {"chef": 1}},
    )


def _reverse(task: EvalTask) -> EvalTask:
    """The same labels in the candidate direction (CV → vacancies)."""
    qrels: dict[str, dict[str, int]] = {}
    for q, gains in task.qrels.items():
        for d, g in gains.items():
            qrels.setdefault(d, {})[q] = g
    return EvalTask(
        name="tiny-rev",
        dataset="tiny",
        direction="cv->vacancies",
        queries={d: task.docs[d] for d in qrels},
        docs=dict(task.queries),
        qrels=qrels,
    )


@pytest.fixture
def ctx() -> SystemContext:
    return SystemContext(encoder=HashEncoder())


def test_all_is_sorted() -> None:
    assert systems.__all__ == sorted(systems.__all__)


def test_bm25_ranks_the_exact_term_document_first() -> None:
    run = bm25_run(_task())
    assert ranked_ids(run["tor"])[0] == "fit"
    assert ranked_ids(run["kitchen"])[0] == "chef"
    assert run["kitchen"]["code"] == 0.0


def test_tfidf_ranks_the_exact_term_document_first() -> None:
    run = tfidf_run(_task())
    assert ranked_ids(run["tor"])[0] == "fit"
    assert ranked_ids(run["kitchen"])[0] == "chef"


def test_random_is_seeded_and_deterministic() -> None:
    task = _task()
    assert random_run(task, seed=1) == random_run(task, seed=1)
    assert random_run(task, seed=1) != random_run(task, seed=2)
    assert set(random_run(task, seed=1)["tor"]) == {"fit", "chef", "code"}


@pytest.mark.parametrize("name", ["dense", "maxsim", "matcher", "matcher-no-checks"])
def test_embedding_systems_find_the_fitting_cv(name: str, ctx: SystemContext) -> None:
    run = run_system(name, _task(), ctx)
    assert ranked_ids(run["tor"])[0] == "fit"


@pytest.mark.parametrize("name", ["bm25", "tfidf", "maxsim", "matcher"])
def test_both_directions_rank_the_matching_vacancy_first(name: str, ctx: SystemContext) -> None:
    run = run_system(name, _reverse(_task()), ctx)
    assert ranked_ids(run["fit"])[0] == "tor"
    assert ranked_ids(run["chef"])[0] == "kitchen"


def test_matcher_run_follows_rank_results_order(ctx: SystemContext) -> None:
    task = _task()
    results: dict[str, dict[str, object]] = {}
    run = matcher_run(task, ctx, results_out=results)  # type: ignore[arg-type]
    for query_id, by_doc in results.items():
        expected = rank_results(list(by_doc.values()))  # type: ignore[arg-type]
        doc_of = {id(r): d for d, r in by_doc.items()}
        assert ranked_ids(run[query_id]) == [doc_of[id(r)] for r in expected]


def test_matcher_without_checks_scores_are_the_matcher_scores(ctx: SystemContext) -> None:
    task = _task()
    scored = score_task(task, ctx, ctx.config)
    run = run_system("matcher-no-checks", task, ctx)
    for query_id, by_doc in scored.items():
        assert run[query_id] == {d: r.score for d, r in by_doc.items()}


def test_score_task_equals_score_pair_in_both_directions(ctx: SystemContext) -> None:
    from matcher.scoring import score_pair

    task = _task()
    forward = score_task(task, ctx, ctx.config)
    backward = score_task(_reverse(task), ctx, ctx.config)
    vacancy = ctx.vacancy(task.queries["tor"])
    candidate = ctx.candidate(task.docs["fit"])
    single = score_pair(
        vacancy,
        ctx.unit_vectors(vacancy),
        candidate,
        ctx.chunk_vectors(candidate),
        ctx.config,
        background=ctx.background(),
    )
    assert forward["tor"]["fit"].score == single.score
    assert backward["fit"]["tor"].score == single.score


def test_no_learning_ablation_uses_zero_learning_weight(ctx: SystemContext) -> None:
    task = _task()
    run_system("matcher-no-learning", task, ctx)
    weights = {key[1] for key in ctx.results_cache}
    import dataclasses

    assert dataclasses.replace(ctx.config, learning_weight=0.0).config_hash() in weights


def test_pools_restrict_the_ranked_documents(ctx: SystemContext) -> None:
    task = _task()
    pooled = EvalTask(
        name="pooled",
        dataset="tiny",
        direction=task.direction,
        queries=task.queries,
        docs=task.docs,
        qrels=task.qrels,
        pools={"tor": ("fit", "code"), "kitchen": ("chef",)},
    )
    for name in ("random", "bm25", "tfidf", "dense", "matcher"):
        run = run_system(name, pooled, ctx)
        assert set(run["tor"]) == {"fit", "code"}, name
        assert set(run["kitchen"]) == {"chef"}, name


def test_unknown_system_is_rejected(ctx: SystemContext) -> None:
    with pytest.raises(ValueError, match="unknown system"):
        run_system("nope", _task(), ctx)


def test_unparseable_text_falls_back_to_sentences(ctx: SystemContext) -> None:
    item = EvalItem(id="odd", text="Plan menus. Run a kitchen.", kind="vacancy")
    vacancy = ctx.vacancy(item)
    assert vacancy.units()


# --------------------------------------------------------------------------- dataset loaders


@needs_eval_data("vanetik-vacancy-resume")
def test_vanetik_loader_matches_its_readme() -> None:
    from eval.datasets import LoadOptions, load_vanetik

    tasks = {t.name: t for t in load_vanetik(LoadOptions())}
    assert tasks["vanetik:annotator_1"].size()["queries"] == 28
    assert tasks["vanetik:annotator_2"].size()["queries"] == 20
    extras = tasks["vanetik:annotator_1"].extras
    assert extras["agreement_queries"] == 19
    assert extras["kendall_tau_mean"] == pytest.approx(0.084, abs=0.001)
    assert 0.0 < extras["ceiling_ndcg@5"] <= 1.0


@needs_eval_data("ferr-hr-labels")
def test_ferr_loader_is_a_reranking_task_with_shifted_grades() -> None:
    from eval.datasets import LoadOptions, load_ferr

    (task,) = load_ferr(LoadOptions())
    assert task.size()["queries"] == 50
    assert task.size()["judged"] == 463
    assert all(0 <= g <= 6 for gains in task.qrels.values() for g in gains.values())
    query_id = next(iter(task.qrels))
    assert set(task.pool(query_id)) == set(task.qrels[query_id])
    (quick,) = load_ferr(LoadOptions(quick=True))
    assert len(quick.qrels) == 12
    assert set(quick.qrels) <= set(task.qrels)


@needs_eval_data("livecareer-resumes")
def test_livecareer_sample_is_seeded_and_bounded() -> None:
    from eval.datasets import LoadOptions, load_livecareer

    opts = LoadOptions(seed=3, livecareer_categories=4, livecareer_pool=96)
    (first,) = load_livecareer(opts)
    (again,) = load_livecareer(opts)
    assert first.qrels == again.qrels
    assert len(first.queries) == 4
    assert len(first.docs) <= 96
    assert all(gains for gains in first.qrels.values())


def test_only_public_and_repository_texts_reach_the_kept_encoder() -> None:
    from matcher.background import BACKGROUND_SENTENCES
    from matcher.statements import chunk_texts

    memory, kept = HashEncoder(), HashEncoder()
    ctx = SystemContext(encoder=memory, kept_encoder=kept)
    task = _task()
    ours = EvalItem(id="ours", text=CV_FIT.replace("Jane", "Ana"), kind="cv", in_repository=True)
    third_party = [task.docs["chef"], task.docs["code"]]
    ctx.prepare([*task.queries.values(), ours, *third_party])
    ctx.background()
    outside = sum(len(chunk_texts(ctx.candidate(item))) for item in third_party)
    assert memory.texts_encoded == outside
    units = sum(len(ctx.vacancy(q).units()) for q in task.queries.values())
    assert kept.texts_encoded == (units + len(chunk_texts(ctx.candidate(ours)))
                                  + len(BACKGROUND_SENTENCES))
    # Whole documents (the dense baseline) are split the same way.
    ctx.document_vectors([ours, task.queries["tor"], task.docs["chef"]], "passage")
    assert memory.texts_encoded == outside + 1
    # Without a kept encoder, one encoder serves everything (nothing is written anywhere).
    alone = SystemContext(encoder=HashEncoder())
    alone.prepare([ours, *third_party])
    assert alone.chunk_vectors(alone.candidate(ours)).shape[0] == len(ctx.candidate(ours).chunks)


def test_the_eval_cache_lives_in_the_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eval.cli import cache_path
    from index.vector_files import CACHE_DIR_ENV

    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    assert cache_path() == tmp_path / "eval" / "embeddings.sqlite"
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert repo not in cache_path().parents
