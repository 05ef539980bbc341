"""Positive and unit tests of index.readers: types by magic bytes, text round trips, limits."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import index.readers as readers
from index.readers import DocumentReader, ReaderLimits, read_bytes, read_path, sniff_media_type
from index.readers.pdf import remove_repeated_lines
from index.readers.sniff import DOCX, PDF, TEXT
from matcher.errors import (
    ConfigError,
    DocumentNotFoundError,
    EmptyDocumentError,
    FileTooLargeError,
    InputError,
    UnsupportedFileError,
)
from matcher.ports import TextReader
from tests import hostile

CV_LINES = [
    "Jane Doe",
    "Programme Officer, UNDP Nairobi, 2019-2022",
    "Master of Arts in International Relations, 2018",
    "Languages: English (native), French (C1)",
]


def test_public_names_are_exactly_all() -> None:
    own = {
        name
        for name, value in vars(readers).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", "").startswith("index.readers")
    }
    assert sorted(readers.__all__) == readers.__all__
    assert own == set(readers.__all__)


def test_document_reader_implements_text_reader() -> None:
    reader = DocumentReader(ReaderLimits(max_chars=1000))
    assert isinstance(reader, TextReader)
    assert reader.read_bytes(b"Hello CV", "cv.txt").text == "Hello CV"


def test_limits_are_frozen_and_validated() -> None:
    limits = ReaderLimits()
    assert limits.max_bytes == 10 * 1024 * 1024 and limits.max_pages == 50
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.max_pages = 5  # type: ignore[misc]
    with pytest.raises(ConfigError):
        ReaderLimits(max_bytes=0)
    with pytest.raises(ConfigError):
        ReaderLimits(cpu_seconds=-1)
    assert ReaderLimits.from_dict(ReaderLimits(max_pages=3).to_dict() | {"x": 1}).max_pages == 3


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.7\n...", PDF),
        (b"\xef\xbb\xbf\n%PDF-1.4", PDF),
        (b"Plain CV text", TEXT),
        (b"\xff\xfeH\x00i\x00", TEXT),
        (b"BMW engineer, Munich", TEXT),
        (b"MZ Smith, consultant", TEXT),
        (b"A note about %PDF-1.4 headers", TEXT),
    ],
)
def test_sniff_accepts(data: bytes, media_type: str) -> None:
    assert sniff_media_type(data) == media_type


def test_sniff_docx_by_directory() -> None:
    assert sniff_media_type(hostile.docx_with_text(["x"])) == DOCX


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (hostile.png_image(), "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (hostile.elf_executable(), "ELF"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56, "Windows executable"),
        (hostile.zip_plain(), "zip archive"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_sniff_names_the_refused_type(data: bytes, word: str) -> None:
    with pytest.raises(UnsupportedFileError) as info:
        sniff_media_type(data)
    assert word in str(info.value)
    assert info.value.reason == "unsupported_type"


def test_legacy_doc_has_its_own_message() -> None:
    with pytest.raises(UnsupportedFileError) as info:
        read_bytes(hostile.legacy_doc(), "cv.doc")
    assert str(info.value) == "legacy .doc is not supported, save as .docx or PDF"
    assert info.value.reason == "legacy_doc"


# --------------------------------------------------------------------------- text


def test_utf8_text_round_trip() -> None:
    document = read_bytes("\n".join(CV_LINES).encode(), "cv.txt")
    assert document.media_type == TEXT
    assert document.text.splitlines() == CV_LINES
    assert document.hidden_text == ""


def test_utf8_bom_is_removed() -> None:
    document = read_bytes(b"\xef\xbb\xbfR\xc3\xa9sum\xc3\xa9", "cv.txt")
    assert document.text == "Résumé"


def test_cp1252_fallback() -> None:
    assert read_bytes(hostile.cp1252_text(), "cv.txt").text.startswith("Résumé – café, Genève")


def test_latin1_fallback_for_bytes_undefined_in_cp1252() -> None:
    # 0x81 is undefined in cp1252, so only latin-1 decodes this; é (0xE9) must survive.
    assert "caf\u00e9" in read_bytes(b"caf\xe9 \x81 ok", "cv.txt").text


def test_utf16_with_bom_is_text() -> None:
    assert read_bytes(hostile.utf16_text(), "cv.txt").text == (
        "Curriculum vitae: José Müller, Programme Officer"
    )


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(UnsupportedFileError) as info:
        read_bytes("José Müller".encode("utf-16-le"), "cv.txt")
    assert info.value.reason == "binary_text"


def test_control_characters_mean_binary() -> None:
    with pytest.raises(UnsupportedFileError) as info:
        read_bytes(b"abc\x01\x02\x03\x04def" * 10, "cv.txt")
    assert info.value.reason == "binary_text"


def test_long_text_is_truncated_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="index.readers"):
        document = read_bytes(b"word " * 500, "cv.txt", ReaderLimits(max_chars=100))
    assert len(document.text) == 100
    assert "truncated" in caplog.text


def test_size_cap_is_checked_before_type() -> None:
    with pytest.raises(FileTooLargeError) as info:
        read_bytes(hostile.png_image(), "x.png", ReaderLimits(max_bytes=10))
    assert info.value.reason == "too_large"


# --------------------------------------------------------------------------- read_path


def test_read_path_missing(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError) as info:
        read_path(tmp_path / "nope.pdf")
    assert info.value.reason == "not_found"


def test_read_path_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_path(tmp_path)
    assert info.value.reason == "not_a_file"


def test_read_path_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "cv.txt"
    os.mkfifo(fifo)
    with pytest.raises(DocumentNotFoundError) as info:
        read_path(fifo)
    assert info.value.reason == "not_a_file"


def test_importing_readers_does_not_load_pypdf() -> None:
    # The parent process never parses PDFs; only the sandboxed child imports pypdf.
    code = "import sys, index.readers; print('pypdf' in sys.modules, 'docx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_read_path_huge_sparse_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024**3)  # sparse: 5 GB declared, nothing on disk
    with pytest.raises(FileTooLargeError):
        read_path(path)


def test_read_path_uses_magic_bytes_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "cv"
    path.write_bytes(hostile.pdf_with_text("Jane Doe\nProgramme Officer"))
    document = read_path(path)
    assert document.media_type == PDF
    assert "Programme Officer" in document.text
    misnamed = tmp_path / "cv.txt"
    misnamed.write_bytes(path.read_bytes())
    with pytest.raises(UnsupportedFileError):
        read_path(misnamed)


def test_read_path_text(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_text("Jane Doe, economist", encoding="utf-8")
    assert read_path(path).media_type == TEXT


# --------------------------------------------------------------------------- PDF


def test_pdf_round_trip() -> None:
    document = read_bytes(hostile.pdf_with_text("\n".join(CV_LINES)), "cv.pdf")
    assert document.media_type == PDF
    assert document.pages == 1
    assert [line.strip() for line in document.text.splitlines()] == CV_LINES


@pytest.mark.parametrize("style", ["white_tiny", "white", "tiny", "invisible"])
def test_pdf_hidden_text_is_separated(style: str) -> None:
    stuffing = "coordination monitoring evaluation gender humanitarian"
    data = hostile.pdf_with_text("\n".join(CV_LINES), hidden=stuffing, hidden_style=style)
    document = read_bytes(data, "cv.pdf")
    assert "humanitarian" not in document.text
    assert stuffing in document.hidden_text
    assert [line.strip() for line in document.text.splitlines()] == CV_LINES


def test_pdf_repeated_header_kept_once() -> None:
    data = hostile.pdf_with_text(
        "Experience in Kenya\nSkills", pages=3, header="Jane Doe - Curriculum Vitae"
    )
    document = read_bytes(data, "cv.pdf")
    assert document.pages == 3
    assert document.text.count("Jane Doe - Curriculum Vitae") == 1


def test_remove_repeated_lines_page_numbers_and_dates() -> None:
    pages = [
        "Jane Doe\n2019-2021 Programme Officer\nbody a\nPage 1 of 3",
        "Jane Doe\n2015-2017 Programme Officer\nbody b\nPage 2 of 3",
        "Jane Doe\nbody c\n- 3 -",
    ]
    cleaned = remove_repeated_lines(pages)
    joined = "\n".join(cleaned)
    assert joined.count("Jane Doe") == 1
    assert "2019-2021 Programme Officer" in joined and "2015-2017 Programme Officer" in joined
    assert "Page 2 of 3" not in joined and "- 3 -" not in joined
    assert all(f"body {c}" in joined for c in "abc")


def test_remove_repeated_lines_leaves_single_pages_and_rare_lines() -> None:
    assert remove_repeated_lines(["Jane\nJane"]) == ["Jane\nJane"]
    pages = ["Title\nx", "Other\ny", "Third\nz", "Title\nw", "Fifth\nv"]
    assert remove_repeated_lines(pages) == pages  # 2 of 5 pages is not "most pages"


# --------------------------------------------------------------------------- DOCX


def test_docx_round_trip() -> None:
    document = read_bytes(hostile.docx_with_text(CV_LINES), "cv.docx")
    assert document.media_type == DOCX
    assert document.text.splitlines() == CV_LINES


def test_docx_table_cells_in_order() -> None:
    table = [["2019-2022", "Programme Officer, UNDP"], ["2016-2018", "Intern, UNICEF"]]
    document = read_bytes(hostile.docx_with_text(["Experience"], table=table), "cv.docx")
    lines = [line for line in document.text.splitlines() if line.strip()]
    assert lines[0] == "Experience"
    assert "2019-2022" in lines[1] and "Programme Officer, UNDP" in lines[1]
    assert "2016-2018" in lines[2] and "Intern, UNICEF" in lines[2]
    assert lines[3] == "After the table."


@pytest.mark.parametrize("style", ["white", "vanish", "tiny"])
def test_docx_hidden_runs_are_separated(style: str) -> None:
    data = hostile.docx_with_text(
        CV_LINES, hidden=["humanitarian coordination keywords"], hidden_style=style
    )
    document = read_bytes(data, "cv.docx")
    assert "humanitarian" not in document.text
    assert "humanitarian coordination keywords" in document.hidden_text
    assert document.text.splitlines()[0] == "Jane Doe"


def test_docx_hidden_through_character_style() -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    paragraph = document.add_paragraph("Visible words.")
    paragraph.add_run(" stuffed keywords", style="Secret")
    buffer = io.BytesIO()
    document.save(buffer)
    result = read_bytes(buffer.getvalue(), "cv.docx")
    assert result.text == "Visible words."
    assert "stuffed keywords" in result.hidden_text


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (hostile.docx_with_text(["Jane Doe"]), "cv.pdf"),
        (b"plain words, not a PDF at all", "cv.pdf"),
        (b"plain words, not a Word file", "cv.docx"),
    ],
)
def test_content_contradicting_the_name_is_refused(data: bytes, name: str) -> None:
    # docs/reliability.md item 6: rejected by magic bytes, whatever the name promises.
    with pytest.raises(UnsupportedFileError) as info:
        read_bytes(data, name)
    assert info.value.reason == "type_mismatch"


def test_unnamed_upload_is_judged_by_its_bytes() -> None:
    document = read_bytes(hostile.docx_with_text(["Jane Doe"]), "upload")
    assert document.media_type == DOCX


def test_empty_docx_has_no_text() -> None:
    with pytest.raises(EmptyDocumentError):
        read_bytes(hostile.docx_with_text([]), "cv.docx")


_WHITE_RUN = '<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>Python SQL Tableau</w:t></w:r>'


def test_docx_text_box_read_once() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>Skills in a box</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>Jane Doe</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:t>Experience</w:t></w:r></w:p>"
    )
    document = read_bytes(hostile.docx_with_body_xml(body), "cv.docx")
    assert document.text.splitlines() == ["Jane Doe", "Skills in a box", "Experience"]


def test_docx_white_text_on_coloured_shape_stays_visible() -> None:
    body = (
        '<w:p><w:r><w:pict><v:rect fillcolor="#1F3864" stroked="f"/></w:pict></w:r></w:p>'
        f"<w:p>{_WHITE_RUN}</w:p>"
    )
    document = read_bytes(hostile.docx_with_body_xml(body), "cv.docx")
    assert "Python SQL Tableau" in document.text
    assert document.hidden_text == ""


def test_docx_white_text_on_shaded_paragraph_stays_visible() -> None:
    body = (
        '<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:pPr>'
        f"{_WHITE_RUN}</w:p><w:p>{_WHITE_RUN.replace('Python SQL Tableau', 'stuffing')}</w:p>"
        "<w:p><w:r><w:t>Visible</w:t></w:r></w:p>"
    )
    document = read_bytes(hostile.docx_with_body_xml(body), "cv.docx")
    assert "Python SQL Tableau" in document.text
    assert document.hidden_text == "stuffing"
