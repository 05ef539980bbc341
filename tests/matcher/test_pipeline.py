"""The document pipeline: parse, the texts the encoder sees, one encoder call split back."""

from __future__ import annotations

import numpy as np
import pytest

import matcher.pipeline as pipeline_module
from index.fakes import HashEncoder
from matcher.errors import EmptyDocumentError, ParseError
from matcher.pipeline import (
    document_flags,
    encode_chunks,
    encode_groups,
    encode_units,
    parse_candidate,
    parse_vacancy,
)
from matcher.ports import STATEMENT_KIND, Document
from matcher.statements import chunk_texts, unit_texts

CV = """Amina Diallo

EXPERIENCE
Political Affairs Officer, Ministry of Foreign Affairs, Jan 2020 - present
- Drafted policy briefs and talking points on Security Council resolutions.

LANGUAGES
English (fluent), French (working knowledge)
"""

TOR = """Junior Professional Officer in Security Sector Reform (SSR)

Duties and Responsibilities
- Support the national SSR strategy with analytical reports.
- Organise coordination meetings with partners.

Learning elements
- Understand the planning cycle of a peace operation.
"""


def _doc(text: str, hidden: str = "") -> Document:
    return Document(text=text, media_type="text/plain", hidden_text=hidden)


def test_all_is_sorted_public_names() -> None:
    assert pipeline_module.__all__ == sorted(pipeline_module.__all__)


def test_one_encoder_call_split_back_per_group() -> None:
    encoder = HashEncoder()
    groups = [["a b", "c"], [], ["d e f"]]
    parts = encode_groups(encoder, groups)
    assert encoder.calls == 1 and [p.shape for p in parts] == [(2, 64), (0, 64), (1, 64)]
    alone = HashEncoder().encode(["d e f"], kind=STATEMENT_KIND)
    np.testing.assert_array_equal(parts[2], alone)
    nothing = HashEncoder()
    assert [p.shape for p in encode_groups(nothing, [[], []])] == [(0, 64), (0, 64)]
    assert nothing.calls == 0


def test_identical_texts_are_encoded_once_and_copied_back() -> None:
    encoder = HashEncoder()
    repeated = "Drafted policy briefs for the mission."
    groups = [[repeated, "Led a survey team.", repeated], ["Organised meetings.", repeated]]
    parts = encode_groups(encoder, groups)
    # Three distinct texts reach the encoder, in one call.
    assert encoder.calls == 1 and encoder.texts_encoded == 3
    reference = HashEncoder()
    for group, part in zip(groups, parts, strict=True):
        np.testing.assert_array_equal(part, reference.encode(group, kind=STATEMENT_KIND))
    # The copies are separate rows: writing one never changes another document's vectors.
    parts[0][0, 0] = 42.0
    assert parts[0][2, 0] != 42.0 and parts[1][1, 0] != 42.0


def test_units_and_chunks_encode_what_the_encoder_sees() -> None:
    vacancy = parse_vacancy(_doc(TOR), "ssr.txt")
    candidate = parse_candidate(_doc(CV.replace("- Drafted", "- She drafted")), "cv.txt")
    encoder = HashEncoder()
    [units] = encode_units(encoder, [vacancy])
    [chunks] = encode_chunks(encoder, [candidate])
    np.testing.assert_array_equal(units, encoder.encode(unit_texts(vacancy), kind="query"))
    np.testing.assert_array_equal(chunks, encoder.encode(chunk_texts(candidate), kind="query"))
    assert len(units) == len(vacancy.units()) and len(chunks) == len(candidate.chunks)


def test_parsing_refuses_what_cannot_be_matched() -> None:
    with pytest.raises(EmptyDocumentError):
        parse_vacancy(_doc("  \n "), "blank.txt")
    with pytest.raises(ParseError) as no_units:
        parse_vacancy(_doc("Just a title"), "title.txt")
    assert no_units.value.reason == "no_units"
    assert parse_vacancy(_doc("Just a title"), "title.txt", require_units=False).units() == ()
    with pytest.raises(EmptyDocumentError):
        parse_candidate(_doc(" "), "blank.txt")


def test_hidden_text_is_a_flag() -> None:
    assert document_flags(_doc("text", hidden="white words")) == ("hidden_text",)
    assert document_flags(_doc("text", hidden="  ")) == ()
