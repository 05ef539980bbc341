"""The StoreBackend contract on SQLite and on a real PostgreSQL 15 server (``tests/postgres.py``).

Physical erasure differs and is tested apart: SQLite zeroes freed pages (``secure_delete``,
``tests/index/test_store.py``); PostgreSQL removes the rows from every query at commit and
reclaims them with VACUUM, without zeroing the bytes (see ``index/pg_store.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from index.backends import StoreBackend, open_store, store_kind
from index.store import AuditEntry, VectorRow, hash_token, new_token
from matcher.errors import ConfigError, StoreError

Opener = Callable[[], StoreBackend]


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    opened: list[StoreBackend] = []

    def make() -> StoreBackend:
        store = open_store(url, tmp_path)
        opened.append(store)
        return store

    yield make
    for store in opened:
        try:
            store.close()
        except StoreError:
            pass


def _rows(owner: str, n: int) -> list[VectorRow]:
    vecs = np.eye(n, 4, dtype=np.float32)
    return [VectorRow("chunk", owner, i, "chunk", f"{owner} t{i}", vecs[i]) for i in range(n)]


def test_implements_the_protocol(opener: Opener) -> None:
    store = opener()
    assert isinstance(store, StoreBackend)
    assert store.backend in {"sqlite", "postgresql"}
    assert {store.count(t) for t in ("vacancies", "candidates", "vectors")} == {0}


def test_rows_round_trip(opener: Opener) -> None:
    store = opener()
    store.add_recruiter("r1", "Alice", hash_token("tok"))
    store.put_vacancy("v1", "tor.txt", {"id": "v1", "title": "JPO"}, "h1", owner="r1")
    store.put_vacancy("v2", "tor2.txt", {"id": "v2"}, "h2")
    assert store.assign_vacancies("r1", ["v2", "missing"]) == 1
    row = store.get_vacancy("v1")
    assert row is not None and row.data["title"] == "JPO" and row.owner == "r1"
    assert store.vacancy_by_hash("h2") == store.get_vacancy("v2")
    assert [r.id for r in store.list_vacancies()] == ["v1", "v2"]
    store.put_candidate("c1", "cv.txt", {"id": "c1"}, "the text", "hc", expires=1.0)
    store.put_candidate("c2", "cv2.txt", {"id": "c2"}, "other", "hd")
    assert store.get_candidate("c1") is not None and store.get_candidate("zz") is None
    assert store.expired_candidates(now=2.0) == ["c1"]
    store.add_application("a1", "v1", "c1", hash_token("ctok"))
    store.add_application("a2", "v1", "c2", hash_token("ctok2"))
    assert store.pool("v1") == ["c1", "c2"]
    app = store.get_application("a1")
    assert app is not None and (app.vacancy_id, app.candidate_id) == ("v1", "c1")
    assert store.application_token_exists(hash_token("ctok"))
    assert not store.application_token_exists(hash_token("nope"))
    assert store.recruiter_by_token_hash(hash_token("tok")) == "r1"
    assert store.recruiter_by_token_hash(hash_token("wrong")) is None
    assert store.recruiter_exists("r1") and not store.recruiter_exists("r9")
    store.add_audit([AuditEntry("vh", "ch", "m@r", "cfg", 55.0, True, {"rank": 1}),
                     AuditEntry("vh", "ch2", "m@r", "cfg", None, None, {})])
    audit = store.audit_rows()
    assert [(a["score"], a["eligible"], a["detail"]) for a in audit] == [
        (55.0, True, {"rank": 1}), (None, None, {})]
    with pytest.raises(StoreError):
        store.count("pg_class")


def test_vectors_round_trip_and_ids_never_reused(opener: Opener) -> None:
    store = opener()
    store.put_candidate("c1", "cv", {"id": "c1"}, "t", "h")
    vids = store.add_vectors(_rows("c1", 3), "m", "r")
    assert vids.dtype == np.int64 and len(set(vids.tolist())) == 3
    got, meta, matrix = store.load_vectors("chunk", 4)
    assert np.array_equal(got, np.sort(vids))
    assert np.array_equal(matrix, np.eye(3, 4, dtype=np.float32))
    assert meta[1] == ("c1", 1, "chunk", "c1 t1")
    assert np.array_equal(store.vector_ids("chunk"), np.sort(vids))
    assert store.vector_models() == {("m", "r")}
    assert store.texts_of_vectors("chunk")[0] == (int(vids[0]), "c1 t0")
    store.replace_vectors(vids[:1], np.full((1, 4), 0.5, np.float32), "m2", "r2")
    assert store.vector_models() == {("m", "r"), ("m2", "r2")}
    assert store.load_vectors("chunk", 4)[2][0].tolist() == [0.5] * 4
    with pytest.raises(StoreError):
        store.load_vectors("chunk", 8)
    assert sorted(store.delete_candidate("c1")) == sorted(vids.tolist())
    assert store.count("vectors") == 0 and store.get_candidate("c1") is None
    store.put_candidate("c2", "cv", {"id": "c2"}, "t", "h")
    again = store.add_vectors(_rows("c2", 1), "m", "r")
    # An erased vector's id never comes back under another owner.
    assert int(again[0]) > int(vids.max())
    assert store.delete_vectors("chunk", "c2") == [int(again[0])]


def test_transactions_commit_together_or_not_at_all(opener: Opener) -> None:
    store = opener()
    with pytest.raises(RuntimeError), store.transaction():
        store.put_vacancy("v1", "tor.txt", {}, "h1")
        with store.transaction():  # nested: joins the outer one
            store.put_vacancy("v2", "tor.txt", {}, "h2")
        raise RuntimeError("boom")
    assert store.count("vacancies") == 0
    with store.transaction():
        store.put_vacancy("v1", "tor.txt", {}, "h1")
        with store.transaction():
            store.put_vacancy("v2", "tor.txt", {}, "h2")
    assert store.count("vacancies") == 2
    # A failing statement (a repeated id) is a StoreError and undoes its whole transaction.
    with pytest.raises(StoreError), store.transaction():
        store.put_vacancy("v3", "tor.txt", {}, "h3")
        store.put_vacancy("v1", "tor.txt", {}, "h1")
    assert store.count("vacancies") == 2
    store.put_vacancy("v3", "tor.txt", {}, "h3")
    assert store.count("vacancies") == 3


def test_erasure_cascades_and_survives_reopen(opener: Opener) -> None:
    store = opener()
    store.put_vacancy("v1", "tor.txt", {}, "h1")
    store.put_candidate("c1", "cv", {"id": "c1"}, "secret text", "h")
    store.add_application("a1", "v1", "c1", hash_token("t"))
    store.add_vectors(_rows("c1", 2), "m", "r")
    store.delete_candidate("c1")
    store.checkpoint()
    assert store.get_application("a1") is None and store.count("applications") == 0
    assert store.count("vectors") == 0 and store.pool("v1") == []
    store.close()
    reopened = opener()
    assert reopened.get_candidate("c1") is None and reopened.count("vectors") == 0
    assert reopened.count("vacancies") == 1


def test_tokens_are_stored_hashed(opener: Opener) -> None:
    store = opener()
    token = new_token()
    store.add_recruiter("r1", "Alice", hash_token(token))
    assert store.recruiter_by_token_hash(hash_token(token)) == "r1"
    if store.backend == "postgresql":
        from index.pg_store import PgStore

        assert isinstance(store, PgStore)
        rows = store._query("SELECT token_hash FROM recruiters")  # the raw column
        assert rows == [(hash_token(token),)]


def test_postgresql_schema_created_once_under_concurrent_opens(pg_url: str) -> None:
    from index.pg_store import PgStore

    stores: list[PgStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            stores.append(PgStore(pg_url))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == 4
    assert stores[0]._query("SELECT COUNT(*) FROM schema_version") == [(1,)]
    for store in stores:
        store.close()


def test_postgresql_refuses_another_schema_version(pg_url: str) -> None:
    from index.pg_store import PgStore

    store = PgStore(pg_url)
    store._execute("UPDATE schema_version SET version = 99")
    store.close()
    with pytest.raises(StoreError, match="schema version"):
        PgStore(pg_url)


def test_unreachable_postgresql_is_a_store_error_without_the_password(tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[scale]')")
    from index.pg_store import PgStore

    with pytest.raises(StoreError) as err:
        PgStore(f"postgresql://jpo:hunter2@/jpo?host={tmp_path}&connect_timeout=2")
    assert "hunter2" not in str(err.value)


def test_store_urls_are_checked() -> None:
    assert store_kind(None) == store_kind("") == "sqlite"
    assert store_kind("postgresql://u@h/db") == "postgresql"
    with pytest.raises(ConfigError):
        store_kind("mysql://u@h/db")
