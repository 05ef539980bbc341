"""Sectioning: every cell of every line of a CV, tagged with the section it belongs to.

Sections are found by the meaning of their headings (:mod:`matcher.cv.headings`). Two-column
layouts (text extracted from PDFs) are handled by splitting each line at wide gaps into cells
and giving each cell the section of the nearest heading above it in its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.cv.experience import TITLE_RE
from matcher.cv.headings import HEADING_KIND, HEADING_RE, MARKED_ONLY
from matcher.cv.rawtext import clean_raw, split_cells
from matcher.vocab import country_code, find_degrees, fold

__all__ = ["Line", "sectioned_lines"]

_UNDERLINE_RE = re.compile(r"^\s*[=\-_~*#.\u2500\u2501\u2014\u2013]{3,}\s*$")
_LANGUAGE_HEAD_WORD = re.compile(r"\b(?:languages?|langues?|idiomas?|lenguas?|linguas?|linguisti)")


@dataclass(slots=True)
class Line:
    """One cell of one physical line, with the section it belongs to."""

    text: str
    section: str
    row: int
    heading: bool = False


# Kinds whose "Key: value" lines are single facts: they do not open a section.
_KEY_VALUE_KINDS = frozenset({"nationality", "personal", "references"})


def _strip_heading_decoration(cell: str) -> str:
    text = cell.strip().strip("#*=_~|:>\u00bb\u25a0\u25aa\u25ba").strip()
    text = re.sub(r"^(?:[0-9]{1,2}|[ivxIVX]{1,4})[.)]\s+", "", text)
    return text.rstrip(":").strip()


# Unknown all-caps lines inside these sections are content (a job title, "BS", "GPA 3.0",
# "USA" in a flattened resume), not the start of a new section.
_CONTENT_SECTIONS = frozenset({"education", "experience", "languages"})
# Words after a heading phrase that keep it a heading without any marking:
# "Education and Training", "Skills & Abilities", "Work History".
_HEADING_TAIL_RE = re.compile(r"^(?:and|&|et|y|/|,)\s+(?P<tail>.+)$")


def _caps_lead(raw: str) -> tuple[str, str] | None:
    """(kind, inline) for an all-caps heading run into content: "EDUCATION 2017 - 2019 | X"."""
    words = raw.split()
    if raw.isupper() or len(words) < 2 or not words[0].isupper():
        return None
    caps = 0
    while caps < min(len(words), 5) and (words[caps].isupper() or words[caps] in "&/"):
        caps += 1
    for size in range(min(caps, len(words) - 1), 0, -1):
        head = " ".join(fold(" ".join(words[:size])).replace("&", "and").strip(":|-").split())
        kind = HEADING_KIND.get(head)
        nxt = words[size]
        if (
            kind is None
            or (nxt.isupper() and not re.match(r"[\d(|:\-\u2013]", nxt))
            or nxt.islower()
        ):
            # "EDUCATION and TRAINING" is a two-part heading, read by the normal rules.
            continue
        # The content starts right after the heading words in the original line.
        pos = 0
        for word in words[:size]:
            pos = raw.index(word, pos) + len(word)
        return kind, raw[pos:].strip(" :|-\u2013")
    return None


def _unknown_caps_heading(text: str, current: str) -> bool:
    """True if an all-caps line no vocabulary knows still looks like a section heading."""
    if current in _CONTENT_SECTIONS or len(text.split()) > 4:
        return False
    letters = sum(c.isalpha() for c in text)
    if letters < 4 or re.search(r"\d", text):
        return False
    folded = fold(text)
    # Degree abbreviations, countries and job titles are entries, not headings.
    return not (
        find_degrees(text)
        or country_code(text) is not None
        or TITLE_RE.search(folded)
        or re.search(r"\bgpa\b", folded)
    )


def _heading_kind(
    cell: str, *, underlined: bool, seen_heading: bool = True, current: str = "header"
) -> tuple[str, str] | None:
    """(section kind, inline content) if ``cell`` is a section heading, else None.

    ``current`` is the section the cell would otherwise belong to: unknown all-caps lines
    open a section only outside education/experience/languages.
    """
    raw = cell.strip()
    if not raw or len(raw) > 300:
        return None
    lead = _caps_lead(raw)
    if lead is not None:
        return lead
    if len(raw) > 80:
        return None
    inline = ""
    body = raw
    colon = re.match(r"^([^:]{2,50}):\s*(.*)$", raw)
    if colon:
        body, inline = colon.group(1), colon.group(2).strip()
    text = _strip_heading_decoration(body)
    if not text or len(text.split()) > 6 or re.search(r"\d{3,}|@", text):
        return None
    folded = " ".join(fold(text).replace("&", "and").split())
    match = HEADING_RE.match(folded)
    marked = bool(colon) or underlined or text.isupper() or raw.startswith("#")
    if match is None:
        # An unknown all-caps line is a heading only once the CV has shown known headings:
        # above them it is usually the candidate's name.
        caps = (
            seen_heading and text.isupper() and not colon and _unknown_caps_heading(text, current)
        )
        if underlined or caps:
            return ("other", inline)
        return None
    rest = match.group("rest").strip(" ()-/")
    if rest and not marked:
        tail = _HEADING_TAIL_RE.match(rest)
        # "Education and Training": the words after the connector are a heading too.
        if tail is None or not HEADING_RE.fullmatch(tail.group("tail").strip(" ()-/")):
            return None
    elif rest and len(rest.split()) > 4:
        return None
    if inline and not colon:
        return None
    head = " ".join(match.group("head").split())
    if head in MARKED_ONLY and not (marked and not rest):
        return None
    kind = HEADING_KIND[head]
    if kind != "languages" and _LANGUAGE_HEAD_WORD.search(folded):
        # "Skills and languages": the language lines are what later checks need.
        kind = "languages"
    return (kind, inline)


_MAX_LINE = 2000


def sectioned_lines(raw: str) -> list[Line]:
    """Every non-empty cell in document order, tagged with its section."""
    # Pathological lines (no breaks for kilobytes) are cut so that every per-line rule stays
    # linear in the document size.
    physical = [
        line[i : i + _MAX_LINE]
        for line in clean_raw(raw).split("\n")
        for i in range(0, max(len(line), 1), _MAX_LINE)
    ]
    lines: list[Line] = []
    columns: dict[int, str] = {0: "header"}
    seen_heading = False
    for row, line in enumerate(physical):
        if not line.strip() or _UNDERLINE_RE.match(line):
            continue
        underlined = row + 1 < len(physical) and bool(_UNDERLINE_RE.match(physical[row + 1]))
        cells = split_cells(line.expandtabs(8) if "\t" in line else line)
        if not cells:
            continue
        for offset, cell in cells:
            column = max((c for c in columns if c <= offset + 2), default=0)
            found = _heading_kind(
                cell,
                underlined=underlined and len(cells) == 1,
                seen_heading=seen_heading,
                current=columns.get(column, "header"),
            )
            if found is not None:
                kind, inline = found
                seen_heading = True
                if inline and kind in _KEY_VALUE_KINDS:
                    # "Nationality: German" is one personal-data line, not a new section. A
                    # nationality line stays whole: "Nationality(ies) at birth: X" and
                    # "Present nationality(ies): X" differ only before the colon.
                    lines.append(Line(cell, kind, row, heading=True))
                    lines.append(Line(cell if kind == "nationality" else inline, kind, row))
                    continue
                if len(cells) == 1 and offset < 10:
                    # A full-width heading ends any side column that was open.
                    columns = {0: kind}
                else:
                    columns[offset] = kind
                lines.append(Line(cell, kind, row, heading=True))
                if inline:
                    # "Langue maternelle : wolof" and "Mother tongue(s): Dutch" open the
                    # languages section; the words before the colon are the level.
                    lines.append(Line(cell if kind == "languages" else inline, kind, row))
                continue
            column = max((c for c in columns if c <= offset + 2), default=0)
            lines.append(Line(cell, columns.get(column, "header"), row))
    return lines
