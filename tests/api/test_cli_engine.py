"""Engine CLI commands in-process: rank-*, vacancies, candidates, admin (fake encoder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from api.cli import main
from eval.locations import EXAMPLE_VACANCIES

SEEDS = EXAMPLE_VACANCIES

CV_A = """Amina Diallo
Nationality: Kuwaiti
EDUCATION
MA in International Relations, Sciences Po, 2019
EXPERIENCE
Political Affairs Officer, Ministry of Foreign Affairs, Jan 2020 - present
- Drafted policy briefs and talking points on Security Council resolutions.
LANGUAGES
English (fluent), Arabic (native)
"""
CV_B = """Lukas Berg
EDUCATION
BSc Civil Engineering, TU Munich, 2018
EXPERIENCE
Water engineer, Berlin Water Works, 2018 - 2024
- Designed water treatment plants.
LANGUAGES
German (native)
"""


@pytest.fixture(autouse=True)
def _fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")
    monkeypatch.delenv("JPO_MATCHER_CRASH_AT", raising=False)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    out = tmp_path / "tors"
    out.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, out / path.name)
    return out


@pytest.fixture
def cvs(tmp_path: Path) -> Path:
    out = tmp_path / "cvs"
    out.mkdir()
    (out / "a.txt").write_text(CV_A, encoding="utf-8")
    (out / "b.txt").write_text(CV_B, encoding="utf-8")
    (out / "broken.pdf").write_bytes(b"%PDF-1.7\n\x00\x00 not really a pdf")
    (out / "notes.md").write_text("# notes", encoding="utf-8")
    return out


def test_rank_candidates_json_skips_unreadable(
    seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tor = sorted(seeds.iterdir())[0]
    assert main(["rank-candidates", str(tor), "--cvs", str(cvs), "--json"]) == 0
    out, err = capsys.readouterr()
    payload = json.loads(out)
    assert [r["rank"] for r in payload["results"]] == [1, 2]
    assert {r["source"] for r in payload["results"]} == {"a.txt", "b.txt"}
    first = payload["results"][0]
    assert set(first) >= {
        "rank",
        "source",
        "title",
        "score",
        "eligible",
        "subscores",
        "checks",
        "evidence",
        "flags",
        "id",
    }
    sims = [e["similarity"] for e in first["evidence"]]
    assert sims == sorted(sims, reverse=True)
    skipped = {s["source"]: s["reason"] for s in payload["skipped"]}
    assert set(skipped) == {"broken.pdf", "notes.md"} and all(skipped.values())
    assert "broken.pdf" in err and "notes.md" in err


def test_rank_vacancies_keeps_the_same_tor_under_two_names_apart(
    tmp_path: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "twice"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(seed, folder / "first_copy.txt")
    shutil.copy(seed, folder / "second_copy.txt")
    assert main(["rank-vacancies", str(cvs / "a.txt"), "--vacancies", str(folder), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]
    assert sorted(r["source"] for r in rows) == ["first_copy.txt", "second_copy.txt"]
    assert rows[0]["score"] == rows[1]["score"]
    assert [r["rank"] for r in rows] == [1, 2]


def test_rank_vacancies_table_and_top(
    seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seeds / "garbage.docx").write_bytes(b"PK\x03\x04 truncated zip")
    assert (
        main(["rank-vacancies", str(cvs / "a.txt"), "--vacancies", str(seeds), "--top", "2"]) == 0
    )
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert lines[0].split()[:3] == ["rank", "score", "eligible"]
    assert len(lines) == 3 and lines[1].split()[0] == "1"
    assert "garbage.docx" in err
    assert main(["rank-vacancies", str(cvs / "a.txt"), "--vacancies", str(seeds), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["results"]) == 3
    scores = [(r["eligible"] is False, -r["score"]) for r in payload["results"]]
    assert scores == sorted(scores)


def test_rank_unreadable_cv_is_bad_input(
    seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rank-vacancies", str(cvs / "broken.pdf"), "--vacancies", str(seeds)]) == 2
    assert "error" in capsys.readouterr().err


def test_data_commands_round_trip(
    tmp_path: Path, seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "admin", "create-recruiter", "Alice", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["recruiter_id"] and len(created["token"]) >= 40
    assert main([*data, "vacancies", "add", str(seeds), "--owner", created["recruiter_id"]]) == 0
    assert main([*data, "vacancies", "add", str(seeds), "--skip-existing"]) == 0
    capsys.readouterr()
    assert main([*data, "vacancies", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["vacancies"]
    assert len(listed) == 3 and {v["owner"] for v in listed} == {created["recruiter_id"]}
    assert main([*data, "vacancies", "add", str(seeds), "--owner", "r-unknown"]) == 1
    assert main([*data, "candidates", "add", str(cvs)]) == 1  # broken.pdf skipped
    err = capsys.readouterr().err
    assert "2 added" in err and "broken.pdf" in err
    assert main([*data, "candidates", "list", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)["candidates"]
    assert sorted(p["source"] for p in people) == ["a.txt", "b.txt"]
    assert all("text" not in p for p in people)
    assert main([*data, "candidates", "delete", people[0]["id"]]) == 0
    assert main([*data, "candidates", "delete", people[0]["id"]]) == 1
    assert main([*data, "candidates", "list"]) == 0
    assert people[0]["id"] not in capsys.readouterr().out


def test_single_unreadable_file_is_bad_input(
    tmp_path: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "candidates", "add", str(cvs / "broken.pdf")]) == 2
    assert main([*data, "candidates", "add", str(tmp_path / "missing.txt")]) == 2
    assert "error" in capsys.readouterr().err


def test_bench_helpers_without_timing_assertions(tmp_path: Path) -> None:
    from index import bench

    assert bench.percentiles([5.0, 1.0, 3.0, 2.0, 4.0]) == {"p50_ms": 3.0, "p95_ms": 5.0}
    assert bench.percentiles([]) == {"p50_ms": 0.0, "p95_ms": 0.0}
    rows, source = bench.load_resumes(3, tmp_path / "missing.jsonl.gz")
    assert source == "generated" and len(rows) == 3
    assert rows == bench.load_resumes(3, tmp_path / "missing.jsonl.gz")[0]
    tors, tor_source = bench.load_vacancies(2, tmp_path / "missing.jsonl.gz")
    assert tor_source == "generated" and "Duties" in tors[0][1]
    cmp = bench.faiss_vs_numpy(500, 32, n_queries=4, k=10, repeats=1)
    assert cmp["topk_overlap"] == 1.0 and cmp["n_vectors"] == 500
    from index.fakes import HashEncoder

    rate = bench.encoder_throughput(HashEncoder(), ["a b c", "d e f"] * 10, batch=8)
    assert rate["sentences"] == 20 and rate["sentences_per_s"] > 0


def test_rank_candidates_for_several_tors_prints_one_ranking_each(
    seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tors = sorted(seeds.iterdir())
    assert main(["rank-candidates", str(tors[0]), "--cvs", str(cvs), "--json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert set(single) == {"results", "skipped"}
    assert main(["rank-candidates", str(tors[0]), str(tors[1]), "--cvs", str(cvs),
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"rankings", "skipped"} and payload["skipped"] == []
    assert [r["vacancy"] for r in payload["rankings"]] == [tors[0].name, tors[1].name]
    for ranking in payload["rankings"]:
        assert set(ranking) == {"vacancy", "results", "skipped"}
        assert {s["source"] for s in ranking["skipped"]} == {"broken.pdf", "notes.md"}
        assert [r["rank"] for r in ranking["results"]] == [1, 2]
    # The first ToR ranks the same alone and in company.
    assert payload["rankings"][0]["results"] == single["results"]


def test_rank_candidates_reads_a_folder_of_tors(
    seeds: Path, cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seeds / "garbage.docx").write_bytes(b"PK\x03\x04 truncated zip")
    assert main(["rank-candidates", "--vacancies", str(seeds), "--cvs", str(cvs), "--json",
                 "--top", "1"]) == 0
    out, err = capsys.readouterr()
    payload = json.loads(out)
    names = sorted(p.name for p in seeds.glob("*.txt"))
    assert [r["vacancy"] for r in payload["rankings"]] == names
    assert all(len(r["results"]) == 1 for r in payload["rankings"])
    assert [s["source"] for s in payload["skipped"]] == ["garbage.docx"]
    assert "garbage.docx" in err
    assert main(["rank-candidates", "--vacancies", str(seeds), "--cvs", str(cvs)]) == 0
    table = capsys.readouterr().out
    assert [line for line in table.splitlines() if line.startswith("== ")] == [
        f"== {n}" for n in names]


def test_rank_candidates_without_any_tor_is_bad_input(
    cvs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rank-candidates", "--cvs", str(cvs)]) == 2
    assert "TOR" in capsys.readouterr().err


def test_several_tors_encode_the_cv_folder_once(seeds: Path, cvs: Path, tmp_path: Path) -> None:
    from api.service import rank_directory_candidates, rank_directory_candidates_many
    from index.fakes import HashEncoder
    from matcher.background import BACKGROUND_SENTENCES

    tors = sorted(seeds.iterdir())
    encoder = HashEncoder()
    many = rank_directory_candidates_many(tors, cvs, encoder, cache_dir=tmp_path / "cache")
    # One call for every unit and chunk, one for the background (then kept on disk).
    assert encoder.calls == 2
    first_texts = encoder.texts_encoded - len(BACKGROUND_SENTENCES)
    again = rank_directory_candidates_many(tors, cvs, encoder, cache_dir=tmp_path / "cache")
    assert encoder.calls == 3
    assert encoder.texts_encoded - len(BACKGROUND_SENTENCES) == 2 * first_texts
    one_by_one = HashEncoder()
    for tor, (source, ranking) in zip(tors, many.rankings, strict=True):
        alone = rank_directory_candidates(tor, cvs, one_by_one, cache_dir=tmp_path / "cache")
        assert source == tor.name
        assert [(i.source, i.result.score) for i in ranking.results] == [
            (i.source, i.result.score) for i in alone.results]
    # Ranking them one at a time encodes the CVs once per ToR.
    assert one_by_one.calls == len(tors)
    assert one_by_one.texts_encoded > first_texts
    assert [r.results for _, r in again.rankings] == [r.results for _, r in many.rankings]


def test_bench_directory_ranking_and_batching_report_what_they_ran(tmp_path: Path) -> None:
    from api.commands import bench as command
    from index import bench
    from index.fakes import HashEncoder

    rows, _ = bench.load_resumes(6, tmp_path / "missing.jsonl.gz")
    report = command._measure_directory(HashEncoder(), rows, tmp_path)
    assert report["tors"] == 5 and report["cvs"] == 6
    assert report["ranked_per_tor"] == [6] * 5
    assert report["distinct_chunks"] <= report["chunks"]
    assert report["ratio_to_encoding"] is not None and report["ratio_to_encoding"] > 0

    class _Engine:
        max_batch = 64

        def __init__(self) -> None:
            self.seen: list[int] = []

        def encode(self, texts: list[str], *, is_query: bool) -> None:
            self.seen.append(self.max_batch)

    engine = _Engine()
    sweep = bench.batching_sweep(engine, ["a b", "c d e"] * 5, batch_sizes=(4, 8),
                                 thread_counts=(1,), caller_batch=4)
    assert [(r["threads"], r["max_batch"]) for r in sweep["runs"]] == [(1, 4), (1, 8)]
    assert engine.max_batch == 64 and engine.seen[1:3] == [4, 8]
    assert len(engine.seen) == 1 + 2 + 3  # warm-up, two sizes, 10 sentences in calls of 4
    targets = command._targets({"directory_ranking": {"ratio_to_encoding": 1.31}})
    assert targets["directory_ratio_to_encoding"]["pass"] is False
    assert targets["ingest_ratio_to_encoder"]["pass"] is None


def test_bench_advice_measures_the_call_with_and_without_its_advice(tmp_path: Path) -> None:
    from api.commands import bench as command
    from api.service import MatchService
    from index.fakes import HashEncoder
    from matcher.cv import parse_cv
    from matcher.ports import STATEMENT_KIND
    from matcher.statements import chunk_texts
    from matcher.tor import parse_vacancy

    encoder = HashEncoder()
    service = MatchService.open(tmp_path / "data", encoder=encoder)
    try:
        tors = sorted(SEEDS.glob("*.txt"))[:3]
        service.add_parsed_vacancies(
            [parse_vacancy(p.read_text(encoding="utf-8"), p.name) for p in tors])
        queries = []
        for name, text in (("a.txt", CV_A), ("b.txt", CV_B)):
            candidate = parse_cv(text, name)
            queries.append((candidate, encoder.encode(chunk_texts(candidate),
                                                      kind=STATEMENT_KIND)))
        report = command._measure_advice(service, queries)
    finally:
        service.close()
    assert report["n_vacancies"] == 3 and report["cvs"] == 2
    for part in ("with_advice", "without_advice", "advise_alone"):
        assert report[part]["p50_ms"] > 0
    assert report["ratio_with_to_without"] is not None and report["ratio_with_to_without"] > 0
    # The patch is undone: the service's own ranking still carries advice.
    from api.service import matching
    from matcher.advice import with_advice

    assert matching.with_advice is with_advice


def test_bench_eval_runs_cold_in_a_child_process(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from api.commands import bench as command

    cache = tmp_path / "cache"
    monkeypatch.setenv("JPO_MATCHER_CACHE_DIR", str(cache))
    report = command._measure_eval(["real-tors"], fairness=False)
    assert report["exit_code"] == 0 and report["cold"] is True
    assert report["cpu_s"] > 0 and report["wall_s"] > 0
    assert report["idle_2core_estimate_s"] <= report["wall_s"]
    assert not cache.exists()  # the child used its own, empty cache directory
