"""``bench --scale`` building blocks on tiny sizes (speed itself is measured by the bench)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import scale_bench


def test_rescoring_every_cv_is_the_exact_ranking() -> None:
    rng = np.random.default_rng(0)
    centres = scale_bench.generated_vectors(rng, 8, np.eye(8, 384, dtype=np.float32), 0.1)
    chunks = scale_bench.generated_vectors(rng, 30 * 5, centres)
    units = scale_bench.generated_vectors(rng, 4, centres)
    assert np.allclose(np.linalg.norm(chunks, axis=1), 1.0, atol=1e-5)
    exact = scale_bench._exact_top(units, chunks, 30, 5)
    assert scale_bench._rescore(units, chunks, np.arange(30), 5) == exact
    # Brute force, written out: mean over units of each CV's best chunk.
    sims = (units @ chunks.T).reshape(4, 30, 5).max(2).mean(0)
    assert exact == [int(i) for i in np.argsort(-sims, kind="stable")[:10]]


@pytest.mark.parametrize("engine", ["faiss-flat", "faiss-ivf", "qdrant-edge"])
def test_scale_point_reports_what_it_measured(engine: str) -> None:
    if engine == "qdrant-edge":
        pytest.importorskip("qdrant_edge", reason="qdrant-edge-py is not installed")
    roster = scale_bench.make_roster(40, per_cv=5, units=4, queries=3)
    assert len(roster.exact_tops) == 3
    row = scale_bench.scale_point(engine, roster)
    assert (row["engine"], row["cvs"], row["vectors"]) == (engine, 40, 200)
    assert set(row["vacancy_ranking"]) == {"p50_ms", "p95_ms"}
    assert 0.0 <= row["recall_at_10"] <= 1.0
    assert 1 <= row["candidates_mean"] <= 40
    assert set(row["pool_retrieval"]) == {"p50_ms", "p95_ms"}


def test_flat_preselection_of_every_hit_is_exact() -> None:
    # 10 CVs x 2 chunks: 20 hits a unit reach every CV, so the re-scored top is the exact one.
    roster = scale_bench.make_roster(10, per_cv=2, units=4, queries=3)
    row = scale_bench.scale_point("faiss-flat", roster)
    assert row["recall_at_10"] == 1.0


def test_plot_is_written(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (eval extra)")
    rows = [scale_bench.scale_point("faiss-flat", scale_bench.make_roster(n, per_cv=5,
                                                                          units=4, queries=2))
            for n in (40, 80)]
    scale_bench.plot_scale(rows, tmp_path / "scale.png")
    assert (tmp_path / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bench_scale_command_prints_rows_and_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from api.cli import main

    png = tmp_path / "scale.png"
    code = main(["--data-dir", str(tmp_path / "data"), "bench", "--scale", "--scale-cvs",
                 "40,80", "--scale-engines", "faiss-flat,faiss-ivf", "--scale-plot", str(png),
                 "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["engine"], r["cvs"]) for r in out["scale"]] == [
        ("faiss-flat", 40), ("faiss-ivf", 40), ("faiss-flat", 80), ("faiss-ivf", 80)]
    assert out["ingest"] is None
    assert png.stat().st_size > 0


def test_bench_scale_refuses_an_unknown_engine(tmp_path: Path) -> None:
    from api.cli import main

    code = main(["--data-dir", str(tmp_path / "data"), "bench", "--scale", "--scale-engines",
                 "faiss-flat,milvus"])
    assert code == 2
