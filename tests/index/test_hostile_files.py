"""Each hostile file ends in its documented error class and reason (docs/reliability.md items 1-9).

Time limits are enforced by ReaderLimits (small ones here) and guarded by pytest-timeout, never
by asserting on elapsed time.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from index.readers import ReaderLimits, read_bytes
from index.readers import worker as worker_module
from index.readers.limits import ReaderLimits as _Limits
from index.readers.worker import run_sandboxed
from matcher.errors import (
    EmptyDocumentError,
    EncryptedDocumentError,
    FileTooLargeError,
    MaliciousDocumentError,
    MatcherError,
    ParseError,
    ParseTimeoutError,
    UnsupportedFileError,
)
from tests import hostile

# Content budget lifted so that only the CPU or wall-clock limit can stop the parse.
_UNBUDGETED = {"pdf_max_content_bytes": 10**9}

CASES: list[tuple[str, Callable[[], bytes], str, type[MatcherError], set[str]]] = [
    (
        "inflate bomb",
        hostile.pdf_inflate_bomb,
        "cv.pdf",
        MaliciousDocumentError,
        {"decompression_limit", "memory_limit"},
    ),
    (
        "shared huge stream",
        hostile.pdf_shared_huge_stream,
        "cv.pdf",
        MaliciousDocumentError,
        {"content_too_large"},
    ),
    ("too many pages", hostile.pdf_many_pages, "cv.pdf", FileTooLargeError, {"too_many_pages"}),
    ("page tree cycle", hostile.pdf_page_tree_cycle, "cv.pdf", ParseError, {"unreadable"}),
    (
        "encrypted, empty password",
        hostile.pdf_encrypted,
        "cv.pdf",
        EncryptedDocumentError,
        {"encrypted"},
    ),
    (
        "encrypted, real password",
        lambda: hostile.pdf_encrypted("pw"),
        "cv.pdf",
        EncryptedDocumentError,
        {"encrypted"},
    ),
    ("image only", hostile.pdf_image_only, "cv.pdf", EmptyDocumentError, {"empty_text"}),
    ("png named pdf", hostile.png_image, "cv.pdf", UnsupportedFileError, {"unsupported_type"}),
    (
        "random bytes named pdf",
        hostile.random_bytes,
        "cv.pdf",
        UnsupportedFileError,
        {"binary_text"},
    ),
    (
        "garbage named docx",
        lambda: b"\x00\x01garbage" * 10,
        "cv.docx",
        UnsupportedFileError,
        {"binary_text"},
    ),
    ("legacy doc", hostile.legacy_doc, "cv.doc", UnsupportedFileError, {"legacy_doc"}),
    ("elf", hostile.elf_executable, "cv.pdf", UnsupportedFileError, {"unsupported_type"}),
    ("plain zip", hostile.zip_plain, "cv.docx", UnsupportedFileError, {"unsupported_type"}),
    (
        "zip bomb (plain zip)",
        lambda: hostile.zip_bomb_like(as_docx=False),
        "cv.zip",
        UnsupportedFileError,
        {"unsupported_type"},
    ),
    (
        "zip bomb (docx)",
        hostile.zip_bomb_like,
        "cv.docx",
        MaliciousDocumentError,
        {"compression_ratio"},
    ),
    (
        "huge declared part",
        hostile.docx_huge_declared_part,
        "cv.docx",
        MaliciousDocumentError,
        {"declared_size"},
    ),
    ("billion laughs", hostile.docx_with_dtd, "cv.docx", MaliciousDocumentError, {"dtd"}),
    (
        "dtd in styles",
        lambda: hostile.docx_with_dtd(part="word/styles.xml"),
        "cv.docx",
        MaliciousDocumentError,
        {"dtd"},
    ),
    (
        "zip slip",
        hostile.docx_unsafe_member_name,
        "cv.docx",
        MaliciousDocumentError,
        {"unsafe_member_name"},
    ),
    (
        "many members",
        hostile.docx_many_members,
        "cv.docx",
        MaliciousDocumentError,
        {"too_many_members"},
    ),
    ("oversize", hostile.oversize, "cv.txt", FileTooLargeError, {"too_large"}),
    ("empty", hostile.empty, "cv.txt", EmptyDocumentError, {"empty_file"}),
    ("whitespace only", hostile.whitespace_only, "cv.txt", EmptyDocumentError, {"empty_text"}),
]


# Builders that inflate tens of MB (and the parses they cost) take about a second each.
_SLOW = {"inflate bomb", "zip bomb (plain zip)", "zip bomb (docx)"}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("build", "name", "error", "reasons"),
    [
        pytest.param(*case[1:], id=case[0], marks=[pytest.mark.slow] if case[0] in _SLOW else [])
        for case in CASES
    ],
)
def test_hostile_file_ends_in_its_error(
    build: Callable[[], bytes], name: str, error: type[MatcherError], reasons: set[str]
) -> None:
    with pytest.raises(error) as info:
        read_bytes(build(), name, ReaderLimits(wall_seconds=30))
    assert info.value.reason in reasons


@pytest.mark.timeout(60)
def test_circular_xref_ends_quickly_with_its_text() -> None:
    # pypdf detects the /Prev loop and falls back to the first section: a terminal state.
    document = read_bytes(hostile.pdf_circular_xref(), "cv.pdf", ReaderLimits(wall_seconds=30))
    assert document.text == "Circular"


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_cpu_limit_kills_the_child_and_the_next_upload_succeeds() -> None:
    limits = ReaderLimits(cpu_seconds=1, wall_seconds=45, **_UNBUDGETED)
    with pytest.raises(ParseTimeoutError) as info:
        read_bytes(hostile.pdf_shared_huge_stream(pages=40, stream_mb=2), "cv.pdf", limits)
    assert info.value.reason == "cpu_limit"
    assert read_bytes(hostile.pdf_with_text("Next CV"), "cv.pdf", limits).text == "Next CV"


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_wall_clock_limit_kills_the_child() -> None:
    limits = ReaderLimits(cpu_seconds=60, wall_seconds=0.5, **_UNBUDGETED)
    with pytest.raises(ParseTimeoutError) as info:
        read_bytes(hostile.pdf_shared_huge_stream(pages=40, stream_mb=2), "cv.pdf", limits)
    assert info.value.reason == "timeout"


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_memory_limit_is_a_malicious_document() -> None:
    with pytest.raises(MaliciousDocumentError) as info:
        read_bytes(hostile.pdf_inflate_bomb(), "cv.pdf", ReaderLimits(memory_mb=64))
    assert info.value.reason == "memory_limit"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["cv.pdf", "cv", "cv.PDF"])
def test_pdf_is_read_as_pdf_when_the_name_does_not_contradict(name: str) -> None:
    document = read_bytes(hostile.pdf_with_text("Jane Doe"), name)
    assert document.media_type == "application/pdf"
    assert document.text == "Jane Doe"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["cv.txt", "cv.docx"])
def test_pdf_named_as_another_type_is_refused(name: str) -> None:
    # docs/reliability.md item 6 ("a PDF named cv.docx -> rejected by magic bytes").
    with pytest.raises(UnsupportedFileError) as info:
        read_bytes(hostile.pdf_with_text("Jane Doe"), name)
    assert info.value.reason == "type_mismatch"


@pytest.mark.timeout(60)
def test_text_encodings() -> None:
    assert "José Müller" in read_bytes(hostile.utf16_text(), "cv.txt").text
    assert "Genève" in read_bytes(hostile.cp1252_text(), "cv.txt").text


@pytest.mark.timeout(60)
def test_child_crash_is_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "_BOOTSTRAP", "import os; os.abort()")
    with pytest.raises(ParseError) as info:
        run_sandboxed("pdf", hostile.pdf_with_text("x"), _Limits())
    assert info.value.reason == "worker_crashed"


@pytest.mark.timeout(60)
def test_child_garbage_output_is_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "_BOOTSTRAP", "print('not json')")
    with pytest.raises(ParseError) as info:
        run_sandboxed("docx", hostile.docx_with_text(["x"]), _Limits())
    assert info.value.reason == "worker_crashed"
