"""Vector files of public text: the background encoded once per encoder revision, kept on disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index.fakes import HashEncoder
from index.vector_files import (
    CACHE_DIR_ENV,
    background_vectors,
    cache_root,
    cached_text_vectors,
)
from matcher.background import BACKGROUND_SENTENCES
from matcher.pipeline import encode_background
from matcher.ports import Encoder, FloatMatrix


class _Revised:
    """The hash fake under another revision (a new engine or weights)."""

    def __init__(self, inner: HashEncoder, revision: str) -> None:
        self._inner, self._revision = inner, revision

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def revision(self) -> str:
        return self._revision

    @property
    def dim(self) -> int:
        return self._inner.dim

    @property
    def kinds_differ(self) -> bool:
        return False

    def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
        return self._inner.encode(texts, kind=kind)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_background_is_encoded_once_then_read_back(tmp_path: Path) -> None:
    encoder = HashEncoder()
    first = background_vectors(encoder, tmp_path)
    assert encoder.calls == 1 and encoder.texts_encoded == len(BACKGROUND_SENTENCES)
    again = background_vectors(encoder, tmp_path)
    assert encoder.calls == 1
    np.testing.assert_array_equal(again, first)
    np.testing.assert_array_equal(first, encode_background(HashEncoder()))
    [name] = _files(tmp_path)
    assert name.startswith("background-") and name.endswith(".npy")


def test_the_key_holds_the_revision_and_the_texts(tmp_path: Path) -> None:
    inner = HashEncoder()
    background_vectors(inner, tmp_path)
    revised: Encoder = _Revised(inner, "2")
    background_vectors(revised, tmp_path)
    assert inner.calls == 2 and len(_files(tmp_path)) == 2
    cached_text_vectors(inner, ["one text"], tmp_path, label="background")
    cached_text_vectors(inner, ["one text", "another"], tmp_path, label="background")
    assert inner.calls == 4 and len(_files(tmp_path)) == 4


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "wrong_shape", "not_unit", "wrong_dtype", "empty"],
)
def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    encoder = HashEncoder()
    good = background_vectors(encoder, tmp_path)
    [name] = _files(tmp_path)
    path = tmp_path / name
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x93NUMPY not really" + bytes(100))
    elif damage == "wrong_shape":
        np.save(path, good[:-1])
    elif damage == "not_unit":
        np.save(path, good * 2.0)
    elif damage == "wrong_dtype":
        np.save(path, good.astype(np.float64))
    else:
        path.write_bytes(b"")
    rebuilt = background_vectors(encoder, tmp_path)
    assert encoder.calls == 2
    np.testing.assert_array_equal(rebuilt, good)
    # The rebuilt file replaced the damaged one and no temporary file was left behind.
    assert _files(tmp_path) == [name]
    background_vectors(encoder, tmp_path)
    assert encoder.calls == 2


def test_no_cache_dir_and_an_unwritable_one_still_give_the_vectors(tmp_path: Path) -> None:
    encoder = HashEncoder()
    background_vectors(encoder, None)
    background_vectors(encoder, None)
    assert encoder.calls == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    vectors = background_vectors(encoder, blocker / "cache")
    assert vectors.shape == (len(BACKGROUND_SENTENCES), encoder.dim)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_cache_root_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert cache_root() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "jpo-matcher"
