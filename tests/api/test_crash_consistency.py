"""Crash drills (RELIABILITY 18): a real CLI subprocess is killed with ``os._exit`` at each step
of add and erase; after a restart the store and the indexes agree, nothing acknowledged is
lost and nothing erased comes back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from api.service import MatchService
from index.fakes import HashEncoder

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MARKER = "crashmarker9183"
CV = f"""Jana Novak ({MARKER})
EDUCATION
MA Political Science, Charles University, 2018
EXPERIENCE
Policy analyst, Ministry of Interior, 2018 - 2023
- Prepared briefings on border management and migration policy.
- Coordinated with international partners on security sector reform.
LANGUAGES
Czech (native), English (C1)
"""


def _cli(
    data_dir: Path, *args: str, crash_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JPO_MATCHER_ENCODER": "hash"}
    env.pop("JPO_MATCHER_CRASH_AT", None)
    if crash_at:
        env["JPO_MATCHER_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _reopen(data_dir: Path) -> MatchService:
    return MatchService.open(data_dir, encoder=HashEncoder())


def _assert_consistent(svc: MatchService) -> None:
    assert svc.catalog.check_consistency() == {"unit": True, "chunk": True}
    stored = {row.id for row in svc.store.list_candidates()}
    assert {c["id"] for c in svc.list_candidates()} == stored
    chunk_index = svc.catalog.indexes["chunk"]
    held = set(np.asarray(chunk_index.ids()).tolist())  # type: ignore[attr-defined]
    assert held == set(svc.store.vector_ids("chunk").tolist())


@pytest.mark.parametrize("point", ["after_store_commit", "after_index_add", "after_index_save"])
def test_crash_during_add_then_restart_agrees(tmp_path: Path, point: str) -> None:
    data = tmp_path / "data"
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    proc = _cli(data, "candidates", "add", str(cv), crash_at=point)
    assert proc.returncode == 137, proc.stderr
    svc = _reopen(data)
    try:
        _assert_consistent(svc)
        # The store committed before the crash: the CV is there and searchable.
        [cand] = svc.list_candidates()
        owned = svc.catalog.vectors_of("chunk", cand["id"])
        assert owned is not None
        _scores, owners = svc.catalog.search("chunk", owned.matrix[:1], 1)
        assert owners[0][0] == cand["id"]
    finally:
        svc.close()
    # A second add of the same CV after the restart is a no-op, not a duplicate.
    again = _cli(data, "candidates", "add", str(cv))
    assert again.returncode == 0, again.stderr
    svc = _reopen(data)
    assert len(svc.list_candidates()) == 1
    svc.close()


@pytest.mark.parametrize("point", ["after_erase_commit", "after_erase_index"])
def test_crash_during_erase_never_brings_cv_back(tmp_path: Path, point: str) -> None:
    data = tmp_path / "data"
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    added = _cli(data, "candidates", "add", str(cv))
    assert added.returncode == 0, added.stderr
    cid = added.stdout.split("\t")[0]
    svc = _reopen(data)
    owned = svc.catalog.vectors_of("chunk", cid)
    assert owned is not None
    query = owned.matrix.copy()
    svc.close()
    proc = _cli(data, "candidates", "delete", cid, crash_at=point)
    assert proc.returncode == 137, proc.stderr
    svc = _reopen(data)
    try:
        _assert_consistent(svc)
        assert svc.list_candidates() == [] and len(svc.catalog.indexes["chunk"]) == 0
        _scores, owners = svc.catalog.search("chunk", query, 3)
        assert all(o is None for row in owners for o in row)
    finally:
        svc.close()
    for path in data.iterdir():
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path.name


def test_crash_before_any_index_file_exists(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    assert _cli(data, "candidates", "add", str(cv), crash_at="after_store_commit").returncode == 137
    (data / "chunks.faiss").unlink(missing_ok=True)
    svc = _reopen(data)
    try:
        _assert_consistent(svc)
        assert svc.catalog.reconcile_report["chunk"].startswith("rebuilt")
        assert len(svc.list_candidates()) == 1
    finally:
        svc.close()
