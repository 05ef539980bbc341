"""Plain-text helpers shared by the ToR and CV parsers (standard library only).

Text reaches the parsers from PDF, DOCX and TXT extraction, so it carries the artefacts of those
formats: private-use bullet glyphs from symbol fonts, non-breaking and thin spaces, soft hyphens,
words hyphenated across lines, page headers, footers and "Page 3 of 5" lines. :func:`normalize_text`
removes them once, so every later step sees one canonical form:

* line breaks are ``\\n``; trailing spaces are gone; at most one blank line in a row;
* a bulleted line starts with the canonical marker :data:`BULLET` (``"- "``), whatever glyph the
  source used; leading indentation of other lines is kept (PDF extraction sometimes loses the
  bullet glyph but keeps the space that followed it, see :func:`group_items`).

:func:`group_items` turns the lines of one section into items (one per bullet, one per prose
paragraph), re-joining the wrapped continuation lines that extraction splits off; and
:func:`split_sentences` cuts prose into sentences without cutting at "e.g.", "U.N." or "2.5".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BULLET",
    "Item",
    "ItemKind",
    "acronym_definitions",
    "content_id",
    "ends_with_abbreviation",
    "normalized_content_id",
    "group_items",
    "is_bullet_line",
    "is_open_ended_task",
    "normalize_text",
    "split_sentences",
    "strip_bullet",
]

#: The canonical bullet marker that :func:`normalize_text` puts at the start of bulleted lines.
BULLET = "- "

ItemKind = Literal["bullet", "text"]

# Glyphs that mark a list item at the start of a line. The U+F0xx code points are what symbol
# fonts (Wingdings, Symbol) leave behind in PDF and DOCX extraction.
_BULLET_GLYPHS = (
    "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06c\uf06e\uf0e0\uf0f0\uf0de\uf0d7\uf071\uf0be"
    "\u2022\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u25ba\u25b8\u25b6\u2023\u2043\u2219"
    "\u00b7\u27a2\u27a4\u2713\u2714\u2192\u2013\u2014\u2212\u25c6\u25c7\u2666\u2756\u25d8*-"
)
_LEADING_BULLET = re.compile(rf"^([ \t]*)[{re.escape(_BULLET_GLYPHS)}]+[ \t]*(?=\S)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00b4": "'"})
_PAGE_LINE = re.compile(
    r"^\s*(?:-\s*)?(?:page|p\.|pág(?:ina)?\.?|seite)\s*\d{1,4}"
    r"(?:\s*(?:of|/|de|sur|von)\s*\d{1,4})?\s*(?:-\s*)?$"
    r"|^\s*\d{1,4}\s*(?:of|/|de|sur|von)\s*\d{1,4}\s*$"
    r"|^\s*-\s*\d{1,4}\s*-\s*$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
# HTML flattened without separators glues a sentence to the next one, a bullet or a heading:
# "as required.Minimum Qualifications", "colleague(s).- Perform other duties". A stop glued to
# a capitalised word, a stop glued to a "- " bullet, and a word glued to a block heading of the
# standard job-description templates start a new line.
_GLUED = re.compile(
    r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2})"
    r"|(?<=[\w)][.;])(?=- [A-Z])"
    r"|(?<=[a-z])(?=(?:Minimum Qualifications|Years of Experience|Field\(s\) of Education"
    r"|Certificates and/or|Relevant Job Experience|Functional Skills|Language Requirements"
    r"|Desirable:|Essential:)(?!\w))"
)
_MULTI_SPACE = re.compile(r"(?<=\S) {2,}")
# Word prefixes whose line-end hyphen belongs to the word ("multi-lateral", "in-person"): the
# hyphen is kept when such a word is re-joined; other hyphenated breaks drop it.
_KEPT_HYPHEN_PREFIXES = frozenset(
    "multi in non co pre post self cross well anti sub inter intra ex re semi socio long short "
    "full part high low mid e up down follow on off wide mis".split()
)
_TERMINAL = (".", "!", "?", ";", ":")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_HYPHEN_WORD = re.compile(r"([^\W\d_]+)-$")
_LOWER_START = re.compile(r"\s*[a-zà-ÿ]")
# Enough characters to hold any kept prefix plus its hyphen, with room to spare.
_TAIL = 16
_MAX_WRAPPED = 1000

# Abbreviations after which a full stop never ends a sentence (lowercase, without the final
# stop). "etc." is not here: it usually does end a sentence when a capital follows.
_ABBREVIATIONS = frozenset(
    "e.g i.e u.n u.s u.k e.u cf vs viz dr mr mrs ms mme mlle prof no nr nos n° st jr sr sra srta "
    "dra inc ltd co corp dept approx incl fig art para p pp vol ed eds al ca est min max av ave "
    "rep dem "
    "tel ph.d m.a b.a m.sc b.sc ll.m m.b.a a.m p.m op cit ibid resp ref nb c.-à-d p.ej núm".split()
)
_SENTENCE_END = re.compile(r"([.!?…]+)([\"')\]]*)(\s+)(?=[\"'(\[]?[A-ZÀ-ÖØ-Þ0-9¿¡•-])")
_ENUMERATOR = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z][.)]|\([a-z]\)|\(?(?:i{1,3}|iv|v|vi{1,3}|ix|x)[.)])"
    r"\s+(?=\S)"
)
_IMPLICIT_BULLET = re.compile(r"^ (?=[A-ZÀ-ÖØ-Þ0-9\"'(])")


def normalize_text(raw: str) -> str:
    """Return the canonical form of extracted text (see the module docstring).

    Args:
        raw: Text as a reader extracted it (any line endings, glyphs and spacing).

    Returns:
        Cleaned text; empty when ``raw`` holds nothing but whitespace and artefacts.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _GLUED.sub("\n", text)
    pages = text.split("\f")
    lines: list[str] = []
    for page in _drop_running_lines(pages):
        lines.extend(page)
    cleaned = [_clean_line(line) for line in lines]
    if sum(1 for line in cleaned if _BARE_NUMBER.match(line)) >= 2:
        # Several lines that hold only a small number are page numbers, not content.
        cleaned = [line for line in cleaned if not _BARE_NUMBER.match(line)]
    cleaned = [line for line in cleaned if not _PAGE_LINE.match(line)]
    joined = _join_hyphenated(cleaned)
    out: list[str] = []
    for line in joined:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _clean_line(line: str) -> str:
    line = line.rstrip()
    if not line.strip():
        return ""
    line = _PRIVATE_USE.sub(" ", _bullet_first(line))
    # Again: a private-use glyph right after a dash ("\u2013\ue000x") leaves "\u2013 x", which
    # is a bullet only now; reading it once more keeps normalize_text idempotent.
    return _MULTI_SPACE.sub(" ", _bullet_first(line)).rstrip()


def _bullet_first(line: str) -> str:
    """The line with a leading bullet glyph written as :data:`BULLET`."""
    match = _LEADING_BULLET.match(line)
    if match and not _is_false_bullet(line, match.end()):
        return BULLET + line[match.end():]
    return line


def _is_false_bullet(line: str, end: int) -> bool:
    """A leading "-" or "*" that is not followed by a space is not a bullet ("**Note**", "-5")."""
    stripped = line.lstrip()
    marker = stripped[0]
    if marker in "*-\u2013\u2014\u2212":
        return end - (len(line) - len(stripped)) < 2 or stripped[1] not in " \t"
    return False


def _drop_running_lines(pages: list[str]) -> list[list[str]]:
    """Drop page headers and footers: lines that open or close most pages (form-feed pages)."""
    split = [page.split("\n") for page in pages]
    if len(split) < 3:
        return split
    edges: Counter[str] = Counter()
    for page in split:
        content = [line.strip() for line in page if line.strip()]
        edges.update(set(content[:2] + content[-2:]))
    running = {line for line, n in edges.items() if n >= max(2, len(split) // 2 + 1)}
    return [[line for line in page if line.strip() not in running] for page in split]


def _join_hyphenated(lines: list[str]) -> list[str]:
    """Join "hyphen-" / "ated" pairs split across lines (and the blank lines between them).

    A chain of breaks ("multi-" / "lateral-" / "ism") is gathered as a list of pieces and joined
    once; only the last few characters of the chain are inspected at each step, so the pass is
    linear however long the chain grows.
    """
    out: list[str] = []
    parts: list[str] = []  # pieces of the line being built; empty between lines
    length = 0
    tail = ""  # the last _TAIL characters of the line being built
    i = 0
    while i < len(lines):
        if not parts:
            parts = [lines[i]]
            length = len(lines[i])
            tail = lines[i][-_TAIL:]
        # Long lines are never wrapped PDF lines.
        if length > _MAX_WRAPPED or not _HYPHEN_END.search(tail):
            out.append("".join(parts))
            parts = []
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        if j < len(lines) and _LOWER_START.match(lines[j]):
            head = _HYPHEN_WORD.search(tail)
            # A letter run that fills the whole window may be cut short: it is longer than any
            # kept prefix, so it counts as no prefix.
            whole = head is not None and (head.start() > 0 or len(tail) == length)
            prefix = head.group(1).lower() if head is not None and whole else ""
            nxt = lines[j].lstrip()
            if prefix not in _KEPT_HYPHEN_PREFIXES:
                parts[-1] = parts[-1][:-1]
                tail = tail[:-1]
                length -= 1
            parts.append(nxt)
            length += len(nxt)
            tail = (tail + nxt)[-_TAIL:]
            i = j
            continue
        out.append("".join(parts))
        parts = []
        i += 1
    return out


def content_id(text: str) -> str:
    """Stable id of a document: the first 16 hex digits of the sha256 of its normalised text."""
    return normalized_content_id(normalize_text(text))


def normalized_content_id(normalized: str) -> str:
    """:func:`content_id` of text that is already normalised (saves normalising it twice)."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences.

    Single line breaks count as spaces; a blank line always ends a sentence. A full stop after a
    known abbreviation ("e.g.", "U.N.", "No.", "Dr.") or a single initial does not end one, nor
    does one inside a number ("2.5").

    Args:
        text: Prose, possibly spanning several lines.

    Returns:
        The non-empty sentences, stripped, in order.
    """
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        flat = re.sub(r"\s+", " ", block).strip()
        if not flat:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(flat):
            # Only the word before the stop is inspected, never the sentence so far: a long
            # run of abbreviations ("e.g. U.N. e.g. ...") would otherwise be rescanned at each
            # stop (quadratic). Words between stops are disjoint, so the pass stays linear.
            if match.group(1) == "." and ends_with_abbreviation(
                _word_before(flat, start, match.start())
            ):
                continue
            piece = flat[start:match.end(2)].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
        tail = flat[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def _word_before(flat: str, start: int, end: int) -> str:
    """The last space-delimited word of ``flat[start:end]`` (``flat`` has single spaces)."""
    if end > start and flat[end - 1] == " ":
        end -= 1  # "word ." (a space before the stop): the word is still the one before it
    space = flat.rfind(" ", start, end)
    return flat[(space + 1 if space >= 0 else start):end]


def ends_with_abbreviation(word: str) -> bool:
    """True when a full stop after ``word`` is an abbreviation's ("e.g", "No", "Rep"), or an
    initial's, not the end of a sentence."""
    word = word.strip().lstrip("(\"'[").lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # A single letter before the stop is an initial ("J. Smith") or part of "U.N." style.
    return len(word) == 1 and word.isalpha()


@dataclass(frozen=True, slots=True)
class Item:
    """One list item or prose paragraph of a section, with its wrapped lines re-joined."""

    kind: ItemKind
    text: str


def is_bullet_line(line: str) -> bool:
    """True for a line that starts with :data:`BULLET` or an enumerator ("1.", "a)", "(ii)")."""
    return line.startswith(BULLET) or bool(_ENUMERATOR.match(line))


def strip_bullet(line: str) -> str:
    """Remove the bullet marker or enumerator (and surrounding spaces) from ``line``."""
    if line.startswith(BULLET):
        return line[len(BULLET):].strip()
    return _ENUMERATOR.sub("", line, count=1).strip()


def group_items(
    lines: Sequence[str], *, implicit_bullets: bool | None = None, unwrapped: bool = False
) -> list[Item]:
    """Group the lines of one section into bullets and prose paragraphs.

    PDF extraction often separates every line with a blank line, loses bullet glyphs (keeping the
    single space that followed them) and breaks long bullets over several lines. A line joins
    the item before it when it starts in lowercase, or when the item before it is a bullet with
    no final punctuation and the line is not itself a bullet. A prose line ending in ":" (a
    lead-in such as "the JPO will:") always stands alone.

    Args:
        lines: The lines of one section (normalised, headings removed).
        implicit_bullets: Treat lines opening with one space and a capital as bullets. ``None``
            decides from the lines: yes when at least two such lines exist.
        unwrapped: Each line is a block of a scraped web page, not a line wrapped at the text
            width: a line runs on into the next only when the next starts in lowercase.

    Returns:
        The items in document order.
    """
    if implicit_bullets is None:
        implicit_bullets = sum(1 for line in lines if _IMPLICIT_BULLET.match(line)) >= 2
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    # Lines wrapped by a PDF fill the text width; a shorter line ends its paragraph.
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    items: list[tuple[ItemKind, str]] = []
    last_length = 0
    for raw in lines:
        if not raw.strip():
            continue
        bullet = is_bullet_line(raw) or (implicit_bullets and bool(_IMPLICIT_BULLET.match(raw)))
        text = strip_bullet(raw) if bullet else raw.strip()
        if not text:
            continue
        # A line longer than any page is wide is a web page's paragraph, not a wrapped line.
        wrapped = not unwrapped and 0.7 * width <= last_length <= _WIDEST_WRAPPED_LINE
        last_length = len(raw.strip())
        if items and not bullet and _continues(items[-1], text, wrapped=wrapped):
            kind, previous = items[-1]
            items[-1] = (kind, _glue(previous, text))
            continue
        items.append(("bullet" if bullet else "text", text))
    return [Item(kind, re.sub(r"\s+", " ", text).strip()) for kind, text in items]


#: No PDF or word processor wraps a line this long (A4 at 8 pt holds about 140 characters).
_WIDEST_WRAPPED_LINE = 200


def _continues(previous: tuple[ItemKind, str], line: str, *, wrapped: bool) -> bool:
    kind, text = previous
    if text.endswith(":"):
        return False
    if line[0].islower():
        return True
    if not wrapped:
        return False
    if kind == "bullet":
        return not text.endswith(_TERMINAL)
    # Prose: a line ending without a stop runs on into the next one (a PDF line wrap).
    return not text.endswith(_TERMINAL) and not line.endswith(":")


def _glue(left: str, right: str) -> str:
    if left.endswith("-") and right[:1].islower():
        return left + right
    return f"{left} {right}"


# --------------------------------------------------------------------------- acronyms

_PARENTHESISED = re.compile(r"\(([^\W_][\w&/\-]{1,9})\)")
_LONG_FORM_WORD = re.compile(r"[^\W_][\w'’\-]*")


def _long_form(short: str, words: Sequence[str]) -> str | None:
    """The shortest tail of ``words`` that spells ``short`` (Schwartz & Hearst, 2003).

    The short form's letters are matched right to left inside the words; its first letter must
    start a word. "Security Sector Reform" spells SSR; "Department of Peacekeeping Operations"
    spells DPKO.
    """
    text = " ".join(words)
    s, pos = len(short) - 1, len(text) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while pos >= 0 and (
            text[pos].lower() != char or (s == 0 and pos > 0 and text[pos - 1].isalnum())
        ):
            pos -= 1
        if pos < 0:
            return None
        s -= 1
        pos -= 1
    long = text[text.rfind(" ", 0, pos + 1) + 1:]
    if len(long) <= len(short) or short.lower() in long.lower().split():
        return None
    return long


def acronym_definitions(text: str) -> tuple[tuple[str, str], ...]:
    """``(short, long)`` for every acronym the text defines as "Long Form (LF)", first wins.

    Only definitions the document itself writes are used: "SSR" means Security Sector Reform in
    one ToR and something else in another, and nothing is guessed from a fixed list.
    """
    found: dict[str, str] = {}
    for match in _PARENTHESISED.finditer(text):
        short = match.group(1)
        if short in found or sum(ch.isupper() for ch in short) < 2:
            continue
        clause = re.split(r"[\n.;:()]", text[max(0, match.start() - 200):match.start()])[-1]
        words = _LONG_FORM_WORD.findall(clause)
        long = _long_form(short, words[-min(len(short) + 5, len(short) * 2):])
        if long is not None:
            found[short] = long
    return tuple(found.items())


# --------------------------------------------------------------------------- open-ended tasks

# Words of the "perform other duties as required" formula in English, French and Spanish. A
# duty made of these words alone names no work: nobody's CV can match it, so it only lowers the
# coverage of every candidate, and by a different amount for each vacancy.
_FORMULA_WORDS = frozenset(
    """perform performs performing carry carries carrying out undertake undertakes undertaking
    provide provides providing any all other others related relevant additional such duties duty
    tasks task functions function responsibilities responsibility assignments assignment as may
    might be is are required requested assigned directed needed necessary deemed by the a an
    supervisor supervisors manager management senior head chief incumbent within their his her
    your its functional profile for efficient efficiently functioning of office organization
    organisation unit team section and or to that in on reflected workplan work plan stipulated
    upon request when where if time from with support assistance reason le la les l d de des du
    un une et ou à au aux en autres autre tâches tâche fonctions fonction selon besoins besoin
    titulaire remplit accomplit relevant son sa ses profil fonctionnel jugées jugés nécessaires
    nécessaire bon fonctionnement bureau demandé demandées requis exigé effectuer toute toutes
    el los las del y o a al en otras otra otros tareas tarea funciones función que se según sea
    necesario necesarias requeridas titular desempeña dentro perfil funcional consideren buen
    funcionamiento oficina asignadas realizar cualquier eficiente organización para su""".split()
)
_OTHER = re.compile(r"\b(?:other|autres?|otras?|otros)\b")
_OTHER_STEMS = ("other", "autre", "otra", "otro")


def is_open_ended_task(sentence: str) -> bool:
    """True for "Perform other related duties as required" and its kin (no named work)."""
    lowered = sentence.lower()
    # Substring tests first: Vacancy.units() asks this of every duty, most have no "other".
    if not any(stem in lowered for stem in _OTHER_STEMS) or not _OTHER.search(lowered):
        return False
    words = re.findall(r"[^\W\d_]+", lowered)
    return sum(1 for w in words if w not in _FORMULA_WORDS) <= 1
