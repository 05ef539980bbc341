"""docs/reliability.md item 33: the data directory is 0700 and every file in it 0600.

The process umask is set to the common 022 for these tests, so that a file created with default
permissions would show up as 0644.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.service import MatchService
from index.fakes import HashEncoder
from index.permissions import private_directory
from index.store import Store
from tests.api.conftest import CV_A, CV_B, seed_texts


@pytest.fixture(autouse=True)
def common_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        out[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return out


def assert_private(root: Path) -> None:
    found = modes(root)
    for name, mode in found.items():
        expected = 0o700 if (root / name).is_dir() else 0o600
        assert mode == expected, f"{name}: {oct(mode)}"


def test_service_data_directory_is_private_including_files_made_later(tmp_path: Path) -> None:
    data = tmp_path / "data"
    service = MatchService.open(data, encoder=HashEncoder())
    try:
        token = service.create_recruiter("R")
        seeds = seed_texts()
        vacancy = service.add_vacancy(seeds[0].read_bytes(), seeds[0].name,
                                      owner=service.recruiter_for(token))
        app_id, cand_token = service.apply(vacancy.id, CV_A.encode(), "a.txt")
        service.apply(vacancy.id, CV_B.encode(), "b.txt")
        # While the store is open its -wal and -shm exist: they must be private too.
        assert (data / "store.sqlite-wal").exists() and (data / "store.sqlite-shm").exists()
        assert_private(data)
        service.delete_application(app_id, cand_token)
        assert_private(data)
    finally:
        service.close()
    names = set(modes(data))
    assert {"store.sqlite", "units.faiss", "chunks.faiss"} <= names, names
    assert_private(data)


def test_opening_an_old_directory_tightens_what_is_there(tmp_path: Path) -> None:
    data = tmp_path / "old"
    data.mkdir(mode=0o755)
    store = Store(data / "store.sqlite")
    store.close()
    for path in (data, data / "store.sqlite"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    (data / "stray.txt").write_text("left by hand")
    (data / "sub").mkdir()
    service = MatchService.open(data, encoder=HashEncoder())
    service.close()
    assert_private(data)


def test_a_store_outside_the_service_is_created_private(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    try:
        store.add_recruiter("r1", "R", "hash")
        for name in ("s.sqlite", "s.sqlite-wal", "s.sqlite-shm"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    finally:
        store.close()


def test_links_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    os.chmod(outside, 0o644)
    data = tmp_path / "data"
    data.mkdir()
    (data / "link").symlink_to(outside)
    private_directory(data)
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
