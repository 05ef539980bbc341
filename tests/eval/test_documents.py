"""eval.documents: every layout renders, deterministically, and reads back as text."""

from __future__ import annotations

import io
import zipfile

import pytest

import eval.documents as documents
from eval.documents import LAYOUTS, CvDocument, Entry, Section, extension, render, render_text
from index.readers import read_bytes

CV = CvDocument(
    name="João Exemplo",
    contact=("joao@example.pt", "Nacionalidade: portuguesa"),
    sections=(
        Section("Experiência profissional", (Entry("03/2022 – atual", ("Técnico, Camões",)),)),
        Section("Idiomas", ("Português: nativo", "Inglês: C1"), sidebar=True),
    ),
)


def test_public_names_are_sorted_and_complete() -> None:
    assert documents.__all__ == sorted(documents.__all__)
    assert {"render", "render_text", "CvDocument", "Entry", "Section", "LAYOUTS"} <= set(
        documents.__all__
    )


def test_text_layout() -> None:
    assert render_text(CV).splitlines() == [
        "João Exemplo",
        "joao@example.pt",
        "Nacionalidade: portuguesa",
        "",
        "Experiência profissional",
        "Técnico, Camões",
        "03/2022 – atual",
        "",
        "Idiomas",
        "Português: nativo",
        "Inglês: C1",
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_deterministic_and_readable(layout: documents.Layout) -> None:
    data = render(CV, layout)
    assert data == render(CV, layout)
    text = read_bytes(data, f"cv{extension(layout)}").text
    for needle in ("João Exemplo", "Nacionalidade: portuguesa", "03/2022 – atual", "Inglês: C1"):
        assert needle in text


def test_docx_members_have_fixed_timestamps() -> None:
    with zipfile.ZipFile(io.BytesIO(render(CV, "table_docx"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 15, 12, 0, 0)}


def test_extensions() -> None:
    assert [extension(layout) for layout in LAYOUTS] == [
        ".txt", ".pdf", ".pdf", ".pdf", ".docx", ".docx",
    ]


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown layout"):
        render(CV, "poster")  # type: ignore[arg-type]
