"""docs/reliability.md item 31: file names stored printable, escaped on the way out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher import names
from matcher.names import MAX_NAME_CHARS, clean_file_name, printable
from matcher.pipeline import parse_candidate, parse_vacancy
from matcher.ports import Document

CV = "EXPERIENCE\n- Drafted policy briefs on peacekeeping operations.\n"
TOR = "Duties and responsibilities\n- Draft policy briefs on peacekeeping operations.\n"


def test_public_names() -> None:
    assert names.__all__ == sorted(names.__all__)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("cv.pdf", "cv.pdf"),
        ("Curriculum vitæ – Zoë.pdf", "Curriculum vitæ – Zoë.pdf"),
        ("cv\n2024-01-01 INFO forged line.txt", "cv 2024-01-01 INFO forged line.txt"),
        ("cv\r\nX: y.txt", "cv X: y.txt"),
        ("\x1b[2J\x1b[31mred.txt", "[2J [31mred.txt"),
        ("csi\x9b31m.txt", "csi 31m.txt"),
        ("nul\x00byte.txt", "nul byte.txt"),
        ("invoice\u202egnp.exe.txt", "invoicegnp.exe.txt"),
        ("a\u2066b\u2069c\u200fd.txt", "abcd.txt"),
        ("line\u2028sep.txt", "line sep.txt"),
        ("zero\u200bwidth\ufeff.txt", "zerowidth.txt"),
        ("C:\\fakepath\\cv.docx", "cv.docx"),
        ("../../etc/passwd", "passwd"),
        ("", "upload"),
        ("\n\t\x1b", "upload"),
        ("..", "upload"),
        ("bad\udcffbytes.txt", "badbytes.txt"),
        ("\u0645\u0631\u06cc\u200c\u0645.pdf", "\u0645\u0631\u06cc\u200c\u0645.pdf"),
    ],
)
def test_clean_file_name(raw: str, stored: str) -> None:
    assert clean_file_name(raw) == stored


def test_long_names_are_cut_keeping_the_extension() -> None:
    cleaned = clean_file_name("x" * 5000 + ".docx")
    assert len(cleaned) == MAX_NAME_CHARS and cleaned.endswith(".docx")
    assert len(clean_file_name("y" * 5000)) == MAX_NAME_CHARS


@given(st.text(max_size=300))
def test_cleaned_names_are_printable_one_line_bounded_and_stable(raw: str) -> None:
    cleaned = clean_file_name(raw)
    assert cleaned and len(cleaned) <= MAX_NAME_CHARS
    assert printable(cleaned) == cleaned.replace("\\", "\\\\")
    assert clean_file_name(cleaned) == cleaned
    assert "\n" not in cleaned and "\x1b" not in cleaned and "\u202e" not in cleaned


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain name.txt", "plain name.txt"),
        ("a\nb", "a\\x0ab"),
        ("\x1b[31m", "\\x1b[31m"),
        ("\x9b", "\\x9b"),
        ("rlo\u202e", "rlo\\u202e"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("back\\x0aslash", "back\\\\x0aslash"),
        ("é中", "é中"),
    ],
)
def test_printable_escapes_what_could_forge_a_line(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_the_pipeline_stores_cleaned_names() -> None:
    doc = Document(text=CV, media_type="text/plain")
    assert parse_candidate(doc, "cv\n\x1b[31m\u202e.txt").source == "cv [31m.txt"
    tor = parse_vacancy(Document(text=TOR, media_type="text/plain"), "tor\r\n.txt")
    assert tor.source == "tor .txt"
