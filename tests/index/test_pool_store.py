"""PoolStore: labels that never repeat, statuses, and rows that leave with their candidate."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.pool_store import PoolStore
from index.store import Store

MARKER = "quokkanote4471"


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, PoolStore]:
    store = Store(tmp_path / "store.sqlite")
    pools = PoolStore(store)
    store.put_vacancy("v1", "tor.txt", {"id": "v1"}, "h1")
    store.put_vacancy("v2", "tor2.txt", {"id": "v2"}, "h2")
    for cid in ("c1", "c2", "c3"):
        store.put_candidate(cid, f"{cid}.txt", {"id": cid}, "text", cid)
    return store, pools


def test_labels_are_given_in_order_and_kept(stores: tuple[Store, PoolStore]) -> None:
    _, pools = stores
    pools.add_members("v1", ["c2", "c1"], "r1")
    pools.add_members("v1", ["c1", "c3"], None)  # c1 is in already: keeps label 2
    assert [(m.candidate_id, m.label, m.added_by) for m in pools.members("v1")] == [
        ("c2", 1, "r1"), ("c1", 2, "r1"), ("c3", 3, None)]
    pools.add_members("v2", ["c1"], "r2")
    assert pools.member("v2", "c1").label == 1  # type: ignore[union-attr]


def test_erased_candidate_leaves_its_row_and_note_and_labels_are_not_reused(
    stores: tuple[Store, PoolStore], tmp_path: Path
) -> None:
    store, pools = stores
    pools.add_members("v1", ["c1", "c2"], "r1")
    pools.set_status("v1", "c2", "shortlisted", f"strong {MARKER}")
    store.delete_candidate("c2")
    store.checkpoint()
    assert [m.candidate_id for m in pools.members("v1")] == ["c1"]
    pools.add_members("v1", ["c3"], "r1")
    assert pools.member("v1", "c3").label == 3  # type: ignore[union-attr]
    store.close()
    assert MARKER.encode() not in (tmp_path / "store.sqlite").read_bytes()


def test_set_status_returns_before_and_after(stores: tuple[Store, PoolStore]) -> None:
    _, pools = stores
    pools.add_members("v1", ["c1"], "r1")
    before, after = pools.set_status("v1", "c1", "longlisted", "good fit")  # type: ignore[misc]
    assert (before.status, before.note, after.status, after.note) == (
        "new", "", "longlisted", "good fit")
    _, kept = pools.set_status("v1", "c1", "shortlisted", None)  # type: ignore[misc]
    assert (kept.status, kept.note) == ("shortlisted", "good fit")
    assert pools.set_status("v1", "c3", "new", None) is None


def test_status_rolls_back_with_the_callers_transaction(stores: tuple[Store, PoolStore]) -> None:
    store, pools = stores
    pools.add_members("v1", ["c1"], "r1")
    with pytest.raises(RuntimeError), store.transaction():
        pools.set_status("v1", "c1", "not_selected", "no")
        raise RuntimeError("audit failed")
    assert pools.member("v1", "c1").status == "new"  # type: ignore[union-attr]


def test_tables_exist_after_reopening(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    PoolStore(store)
    store.close()
    again = Store(tmp_path / "s.sqlite")
    assert PoolStore(again).members("v1") == []
    again.close()
