"""Report writing: Markdown, JSON contract, PNG plot and TREC runs from a tiny evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import report
from eval.datasets import EvalItem, EvalTask
from eval.report import results_to_dict, write_report, write_trec_run
from eval.runner import EvalResults, run_evaluation
from index.fakes import HashEncoder


def _task() -> EvalTask:
    docs = {
        "a": EvalItem(id="a", text="Monitor human rights and draft reports.", kind="cv"),
        "b": EvalItem(id="b", text="Cook meals and plan menus in a kitchen.", kind="cv"),
        "c": EvalItem(id="c", text="Write software and unit tests.", kind="cv"),
    }
    queries = {
        "q1": EvalItem(id="q1", text="Duties\n- Monitor human rights.\n", kind="vacancy"),
        "q2": EvalItem(id="q2", text="Duties\n- Plan menus in a kitchen.\n", kind="vacancy"),
    }
    return EvalTask(
        name="tiny:vacancy->cvs",
        dataset="tiny",
        direction="vacancy->cvs",
        queries=queries,
        docs=docs,
        qrels={"q1": {"a": 2}, "q2": {"b": 1}},
        reference_runs={"ceiling:other": {"q1": {"a": 1.0}, "q2": {"c": 1.0}}},
        extras={"kendall_tau_mean": 0.25},
        notes=("a tiny task",),
    )


@pytest.fixture(scope="module")
def results() -> EvalResults:
    return run_evaluation(
        tasks=[_task()],
        systems=["random", "bm25", "tfidf", "matcher"],
        encoder=HashEncoder(),
        show_progress=False,
        engine="own",
    )


def test_all_is_sorted() -> None:
    assert report.__all__ == sorted(report.__all__)


def test_json_contract(results: EvalResults) -> None:
    data = results_to_dict(results)
    task = data["datasets"]["tiny:vacancy->cvs"]
    assert set(task["systems"]) == {"random", "bm25", "tfidf", "matcher", "ceiling:other"}
    assert task["systems"]["bm25"]["ndcg@10"] == pytest.approx(1.0)
    assert set(task["systems"]["bm25"]) == {
        "ndcg@3",
        "ndcg@5",
        "ndcg@10",
        "map",
        "mrr",
        "recall@10",
    }
    assert "significance" in task
    assert task["size"] == {"queries": 2, "docs": 3, "judged": 2, "relevant": 2}
    assert data["config_hash"] == results.config.config_hash()
    assert data["config"]["learning_weight"] == results.config.learning_weight
    json.dumps(data)  # serialisable


def test_write_report_writes_md_json_png_and_trec(results: EvalResults, tmp_path: Path) -> None:
    paths = write_report(results, tmp_path / "out")
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "## tiny:vacancy->cvs" in md
    assert "| bm25 |" in md
    assert results.config.config_hash() in md
    assert "kendall_tau_mean" in md
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["datasets"]
    assert paths["plot"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    trec = (tmp_path / "out" / "runs" / "tiny_vacancy-_cvs.bm25.trec").read_text(encoding="utf-8")
    first = trec.splitlines()[0].split()
    assert first[:4] == ["q1", "Q0", "a", "1"]
    assert first[5] == "bm25"


def test_trec_run_breaks_ties_by_doc_id(tmp_path: Path) -> None:
    path = tmp_path / "r.trec"
    write_trec_run(path, {"q": {"b": 1.0, "a": 1.0}}, "t")
    assert [line.split()[2] for line in path.read_text().splitlines()] == ["a", "b"]


def test_shortfall_note_when_matcher_trails_bm25(results: EvalResults) -> None:
    tr = results.tasks[0]
    tr.metrics["matcher"] = {**tr.metrics["matcher"], "ndcg@5": -1.0}
    md_text = report._markdown(results)
    assert "`matcher` trails BM25 on ndcg@5" in md_text


def test_cli_registers_eval_with_its_options() -> None:
    from api.cli import build_parser

    args = build_parser().parse_args(
        [
            "eval",
            "--dataset",
            "jpo",
            "vanetik",
            "--systems",
            "bm25",
            "matcher",
            "--json",
            "--quick",
            "--encoder",
            "minilm",
            "--fairness",
            "--out",
            "x",
        ]
    )
    assert args.dataset == ["jpo", "vanetik"]
    assert args.systems == ["bm25", "matcher"]
    assert args.json and args.quick and args.fairness
    assert args.encoder == "minilm"
    assert callable(args.func)


def test_cli_rejects_unknown_dataset() -> None:
    from api.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "--dataset", "nope"])
