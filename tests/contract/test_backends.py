"""One contract for every store × index backend: same answers, erasure, restart, reconciliation.

Each test runs the service (with the deterministic ``HashEncoder``) on four backends:

- ``sqlite-faiss``: the embedded default (the reference every other backend must equal);
- ``postgresql-faiss``: :class:`index.pg_store.PgStore` on a throwaway PostgreSQL 15 cluster
  (``tests/postgres.py``: a real server, started for the session);
- ``sqlite-qdrant`` and ``postgresql-qdrant``: :class:`index.qdrant_index.QdrantIndex` on
  qdrant-client's *local mode*, which is a Python emulation of Qdrant (numpy scans, no HNSW,
  no payload indexes), not the engine itself;
- ``sqlite-qdrant-edge`` and ``postgresql-qdrant-edge``: :class:`index.qdrant_edge.EdgeIndex`
  on Qdrant Edge, the engine's own Rust code in-process (segments, WAL, payload index; the
  seeds are too few for an HNSW graph, which ``tests/index/test_qdrant_edge.py`` builds).

"Same answers" means the same rankings and scores on the five seed ToRs and labelled CVs from
``eval/data/cvs``, in both directions (a pool for a vacancy; vacancies for a CV, scored exactly
and through the index's preselection), and the same nearest candidates from the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import api.service.matching
from api.service import MatchService
from eval.locations import EXAMPLE_VACANCIES
from index.fakes import HashEncoder
from matcher.errors import MatcherError

CVS = Path(__file__).resolve().parents[2] / "eval" / "data" / "cvs"
#: Labelled CVs in the three formats candidates send (text, PDF, DOCX).
CV_FILES = ("cv01_al_mutairi.txt", "cv06_diallo.txt", "cv05_solberg.pdf", "cv11_rios.docx")

try:
    import qdrant_client  # noqa: F401

    _NO_QDRANT = ""
except ImportError:
    _NO_QDRANT = "qdrant-client is not installed (pip install -e '.[scale]')"
try:
    import qdrant_edge  # noqa: F401

    _NO_EDGE = ""
except ImportError:
    _NO_EDGE = "qdrant-edge-py is not installed (pip install -e '.[scale]')"


@dataclass(frozen=True)
class Backend:
    """Where one service keeps its rows and its vectors."""

    name: str
    store_url: str | None
    index: str
    index_uri: str | None

    def open(self, data_dir: Path) -> MatchService:
        return MatchService.open(
            data_dir, encoder=HashEncoder(), store_url=self.store_url, index=self.index,
            index_uri=self.index_uri,
        )


_QDRANT = pytest.mark.skipif(bool(_NO_QDRANT), reason=_NO_QDRANT)
_EDGE = pytest.mark.skipif(bool(_NO_EDGE), reason=_NO_EDGE)


@pytest.fixture(
    params=[
        pytest.param(("sqlite", "faiss"), id="sqlite-faiss"),
        pytest.param(("postgresql", "faiss"), id="postgresql-faiss"),
        pytest.param(("sqlite", "qdrant"), id="sqlite-qdrant", marks=_QDRANT),
        pytest.param(("postgresql", "qdrant"), id="postgresql-qdrant", marks=_QDRANT),
        pytest.param(("sqlite", "qdrant-edge"), id="sqlite-qdrant-edge", marks=_EDGE),
        pytest.param(("postgresql", "qdrant-edge"), id="postgresql-qdrant-edge", marks=_EDGE),
    ]
)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    store, index = request.param
    url = request.getfixturevalue("pg_url") if store == "postgresql" else None
    uri = None
    if index == "qdrant":
        uri = str(tmp_path / "qdrant")
    elif index == "qdrant-edge":
        uri = f"edge:{tmp_path / 'edge'}"
    yield Backend(f"{store}-{index}", url, index.removesuffix("-edge"), uri)


def _seeds() -> list[Path]:
    return sorted(EXAMPLE_VACANCIES.glob("*.txt"))


def _fill(service: MatchService) -> dict[str, Any]:
    """Seeds owned by one recruiter; CVs apply to the first two vacancies. Returns the handles."""
    token = service.create_recruiter("Contract Recruiter")
    recruiter = service.recruiter_for(token)
    vacancies = [service.add_vacancy(p.read_bytes(), p.name, owner=recruiter) for p in _seeds()]
    applications = {}
    for i, name in enumerate(CV_FILES):
        target = vacancies[0] if i % 2 == 0 else vacancies[1]
        app_id, cv_token = service.apply(target.id, (CVS / name).read_bytes(), name)
        applications[name] = (app_id, cv_token)
        if i == 0:  # one CV in both pools
            service.apply(vacancies[1].id, (CVS / name).read_bytes(), name)
    return {"recruiter": recruiter, "vacancies": [v.id for v in vacancies],
            "applications": applications}


def _answers(service: MatchService, handles: dict[str, Any]) -> dict[str, Any]:
    """Everything a user can see that depends on the store or the index."""
    out: dict[str, Any] = {}
    for vid in handles["vacancies"][:2]:
        out[f"pool:{vid}"] = [
            (service.candidate_source(r.candidate_id), round(r.score, 6), r.eligible)
            for r in service.rank_pool(vid, handles["recruiter"])
        ]
    for name in CV_FILES:
        data = (CVS / name).read_bytes()
        out[f"match:{name}"] = [
            (r.vacancy_id, round(r.score, 6), r.eligible) for r in service.match(data, name)
        ]
        out[f"nearest:{name}"] = [
            service.candidate_source(c)
            for c in service.nearest_candidates(_text_of(service, name), k=3)
        ]
    return out


def _text_of(service: MatchService, name: str) -> str:
    for summary in service.list_candidates():
        if summary["source"] == name:
            row = service.store.get_candidate(summary["id"])
            assert row is not None
            return row.text
    raise AssertionError(f"{name} not stored")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The answers of the embedded default (SQLite + FAISS files)."""
    with MatchService.open(tmp_path_factory.mktemp("reference"), encoder=HashEncoder()) as svc:
        return _answers(svc, _fill(svc))


def test_same_answers_as_the_embedded_default(
    backend: Backend, tmp_path: Path, reference: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with backend.open(tmp_path / "data") as service:
        health = service.health()
        assert (health["store"], health["index"]) == (
            backend.name.split("-")[0], backend.index)
        answers = _answers(service, _fill(service))
        assert answers == reference
        # Above EXACT_SCORING_LIMIT vacancies, /match ranks what the unit index preselects
        # (then scores exactly): force that path and expect the same rankings.
        monkeypatch.setattr(api.service.matching, "EXACT_SCORING_LIMIT", 0)
        for name in CV_FILES:
            data = (CVS / name).read_bytes()
            assert [(r.vacancy_id, round(r.score, 6), r.eligible)
                    for r in service.match(data, name)] == reference[f"match:{name}"]
    # The answers are not trivially equal: pools are ranked and CVs find their vacancies.
    assert len(reference[f"match:{CV_FILES[0]}"]) == len(_seeds())
    assert any(len(v) >= 2 for k, v in reference.items() if k.startswith("pool:"))
    assert reference[f"nearest:{CV_FILES[0]}"][0] == CV_FILES[0]


def test_erasure_removes_rows_and_vectors(backend: Backend, tmp_path: Path) -> None:
    with backend.open(tmp_path / "data") as service:
        handles = _fill(service)
        name = CV_FILES[2]
        text = _text_of(service, name)
        app_id, token = handles["applications"][name]
        cid = service.candidate_id_of(app_id)
        own = service.catalog.vectors_of("chunk", cid)
        assert own is not None and len(own.vids) > 0
        vectors_before = service.store.count("vectors")
        index_before = service.catalog.index_size("chunk")
        assert service.nearest_candidates(text, k=1) == [cid]

        service.delete_application(app_id, token)

        assert service.store.get_candidate(cid) is None
        assert service.store.count("vectors") == vectors_before - len(own.vids)
        assert service.catalog.index_size("chunk") == index_before - len(own.vids)
        held = service.catalog.indexes["chunk"].ids()
        assert not np.isin(own.vids, held).any()
        _, found = service.catalog.search_vectors("chunk", own.matrix, 5)
        assert not np.isin(own.vids, found).any()
        assert cid not in service.nearest_candidates(text, k=10)
        assert service.health()["consistent"] == {"unit": True, "chunk": True}
    with backend.open(tmp_path / "data") as reopened:
        assert reopened.store.get_candidate(cid) is None
        assert cid not in reopened.nearest_candidates(text, k=10)
        assert not np.isin(own.vids, reopened.catalog.indexes["chunk"].ids()).any()


def test_restart_keeps_state(backend: Backend, tmp_path: Path) -> None:
    with backend.open(tmp_path / "data") as service:
        handles = _fill(service)
        before = _answers(service, handles)
        sizes = service.catalog.index_sizes()
    with backend.open(tmp_path / "data") as reopened:
        assert reopened.catalog.reconcile_report == {"unit": "loaded", "chunk": "loaded"}
        assert reopened.catalog.index_sizes() == sizes
        assert _answers(reopened, handles) == before


def test_a_lagging_or_leading_index_is_rebuilt_from_the_store(
    backend: Backend, tmp_path: Path
) -> None:
    # A crash between the store commit and the index write leaves an index that lags the
    # store; a crash between the erase commit and the index removal leaves one that leads it.
    with backend.open(tmp_path / "data") as service:
        handles = _fill(service)
        before = _answers(service, handles)
        chunks = service.catalog.indexes["chunk"]
        kept = service.catalog.vectors_of("chunk", service.list_candidates()[0]["id"])
        assert kept is not None
        chunks.remove(kept.vids[:2])
        ghost = np.array([10**9], dtype=np.int64)
        units = service.catalog.indexes["unit"]
        units.add(ghost, np.ones((1, units.dim), dtype=np.float32) / np.sqrt(units.dim))
        chunks.save(service.catalog.index_path("chunk"))
        units.save(service.catalog.index_path("unit"))
    with backend.open(tmp_path / "data") as reopened:
        report = reopened.catalog.reconcile_report
        assert report["chunk"].startswith("rebuilt: index differs from store (0 extra, 2 missing")
        assert report["unit"].startswith("rebuilt: index differs from store (1 extra, 0 missing")
        assert reopened.health()["consistent"] == {"unit": True, "chunk": True}
        assert ghost[0] not in reopened.catalog.indexes["unit"].ids()
        assert _answers(reopened, handles) == before


def _pool_answers(service: MatchService, recruiter: str, vacancy_id: str) -> list[Any]:
    ranking = service.pool_ranking(vacancy_id, recruiter)
    return [(e.rank, e.source, e.label, e.status, e.note, round(e.result.score, 6))
            for e in ranking.entries]


def test_pools_and_sessions_on_the_same_store(backend: Backend, tmp_path: Path) -> None:
    # The pool tables (index.pool_store) and the session tables (index.sessions) share the
    # store's connection and transactions: on PostgreSQL too.
    folder = tmp_path / "intake"
    folder.mkdir()
    for name in CV_FILES[1:]:
        (folder / name).write_bytes((CVS / name).read_bytes())
    with backend.open(tmp_path / "data") as service:
        handles = _fill(service)
        recruiter, vacancy = handles["recruiter"], handles["vacancies"][2]
        report = service.add_paths_to_pool(vacancy, folder, recruiter)
        assert len(report.added) == len(CV_FILES) - 1 and not report.skipped
        first = _pool_answers(service, recruiter, vacancy)
        assert [row[2] for row in first] and len({row[2] for row in first}) == len(first)
        chosen = service.pool_ranking(vacancy, recruiter).entries[0].result.candidate_id
        view = service.set_pool_status(vacancy, recruiter, chosen, "shortlisted", "strong fit")
        assert (view.status, view.note) == ("shortlisted", "strong fit")
        token = service.create_recruiter("Second")
        grant = service.sign_in(token, 3600.0)
        assert service.recruiter_for_session(grant.session_id) == service.recruiter_for(token)
        service.sign_out(grant.session_id)
        with pytest.raises(MatcherError):
            service.recruiter_for_session(grant.session_id)
        after = _pool_answers(service, recruiter, vacancy)
    with backend.open(tmp_path / "data") as reopened:
        assert _pool_answers(reopened, recruiter, vacancy) == after
        assert [row for row in after if row[3] == "shortlisted"][0][4] == "strong fit"
        grant = reopened.sign_in(token, 3600.0)
        reopened.revoke_recruiter(reopened.recruiter_for_session(grant.session_id))
        with pytest.raises(MatcherError):
            reopened.recruiter_for_session(grant.session_id)
        # Erasing a pool member removes its pool row; its label is never given again.
        reopened.erase_candidate(chosen)
        left = _pool_answers(reopened, recruiter, vacancy)
        assert chosen not in {e.result.candidate_id
                              for e in reopened.pool_ranking(vacancy, recruiter).entries}
        assert len(left) == len(after) - 1
