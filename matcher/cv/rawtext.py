"""Raw CV text before sectioning: mojibake repair, Unicode clean-up, cells of a line."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CELL_GAP_RE", "clean_raw", "split_cells"]

# Cells of a line: a tab or three spaces apart (table rows, two-column text from PDFs).
CELL_GAP_RE = re.compile(r"\t+|\s{3,}")


# UTF-8 read as Windows-1252 ("Ã©" for "é", "â€™" for "’", "Â " for a no-break space), a
# common defect of text exported from web forms and old converters. Each character of the
# misread text stands for one byte; a lead byte plus its continuation bytes decode back.
_CP1252_BYTE = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CONT_CHARS = "".join(sorted(_CP1252_BYTE)) + "".join(chr(b) for b in range(0xA0, 0xC0))
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00df][" + _CONT_CHARS + "]"
    "|[\u00e0-\u00ef][" + _CONT_CHARS + "]{2}"
    "|[\u00f0-\u00f4][" + _CONT_CHARS + "]{3}"
)
# Only text that shows unmistakable mojibake is repaired: "Ã©", "â€", "Â " never occur in
# correct text, whereas a lone "É”" can ("CAFÉ”").
_MOJIBAKE_HINT_RE = re.compile(
    "\u00c3[" + _CONT_CHARS + "]|\u00e2\u20ac|\u00c2[\\s" + _CONT_CHARS + "]|\u00ef\u00bc"
)
# What is left of sequences whose last byte was lost: "Â" before a space, "â—", "ï¼".
_MOJIBAKE_LEFTOVER_RE = re.compile(
    "\u00c2(?=\\s|$)|\u00ef\u00bc|[\u00e2\u00ef][" + _CONT_CHARS + "](?=\\s|$)"
)


def _mojibake_char(match: re.Match[str]) -> str:
    raw = bytes(_CP1252_BYTE.get(ch, ord(ch)) for ch in match.group(0))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def _repair_mojibake(text: str) -> str:
    if not _MOJIBAKE_HINT_RE.search(text):
        return text
    text = _MOJIBAKE_RE.sub(_mojibake_char, text)
    # A truncated full-width dash ("ï¼", U+FF0D whose last byte was lost) separates dates
    # and names; keep it as a dash so "02/2013 ï¼ 08/2015" stays a range.
    text = text.replace("\u00ef\u00bc", " - ")
    return _MOJIBAKE_LEFTOVER_RE.sub(" ", text)


# A form's hint on how to write a date ("From (Month/Year) 09/2022 To (Month/Year) present",
# the P11's): not content, and it would split the range it sits in.
_DATE_HINT_RE = re.compile(
    r"\(\s*(?:(?:day|month|jour|mois|dia|día|mes|mês)\s*/\s*)+(?:year|année|annee|año|ano)\s*\)"
    r"|\((?:dd/)?mm/(?:yyyy|yy|aaaa)\)",
    re.IGNORECASE,
)


def clean_raw(text: str) -> str:
    text = unicodedata.normalize("NFKC", _repair_mojibake(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff\u00ad]", "", text)
    text = _DATE_HINT_RE.sub(" ", text)
    return text.replace("\u00a0", " ")


def split_cells(line: str) -> list[tuple[int, str]]:
    cells: list[tuple[int, str]] = []
    pos = 0
    for piece in CELL_GAP_RE.split(line):
        start = line.find(piece, pos) if piece else pos
        pos = start + len(piece)
        if piece.strip():
            cells.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
    return cells
