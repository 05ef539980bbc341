"""DOCX: a zip pre-check (in the parent, central directory only) and a hardened text extractor.

The extractor reads ``word/document.xml`` (plus ``styles.xml`` and headers) straight from the
zip with the standard library's expat parser after refusing any DTD, instead of python-docx:
it needs no ``lxml`` tree of every part, reads each part with an explicit byte cap, and walks
paragraphs and tables in document order. Runs that a reader cannot see (``w:vanish``, white
``FFFFFF`` colour, size of 2 pt or less: ``w:sz`` <= 4 half-points), directly or through
paragraph/character styles and document defaults, go to ``hidden_text``. White text counts as
visible on a shaded paragraph, run or table cell, and anywhere in a document that draws
coloured shapes or a page colour behind its text (see :func:`has_backdrop`). Page headers, then
page footers, are read (deduplicated) before the body: CV templates put the name, e-mail, phone
and nationality there, and a parser reads contact lines best at the start. Tables are read row
by row in document order, each row's cells left to right (a CV's "dates | job" row stays one
line when every cell holds one line), through content controls that wrap rows or cells.
Paragraphs of a bulleted or numbered list (numbering set on the paragraph or its style, headings
excepted) start with "- ", because Word keeps the bullet glyph out of the text. Footnotes,
comments and text boxes of headers are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from matcher.errors import (
    EncryptedDocumentError,
    MaliciousDocumentError,
    ParseError,
)

from .limits import ReaderLimits

__all__ = ["Extraction", "check_docx_zip", "extract_docx", "has_backdrop", "unsafe_member_name"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_STYLES = "word/styles.xml"
_HEADER = re.compile(r"word/header\d*\.xml")
_FOOTER = re.compile(r"word/footer\d*\.xml")
# The ratio cap applies to members above this size: tiny parts compress far beyond 100:1
# legitimately (and cannot be a bomb), real document.xml parts compress 5-20:1.
_RATIO_MIN_SIZE = 64 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HIDDEN_MAX_HALF_POINTS = 4


@dataclass(slots=True)
class Extraction:
    """What the parsing child sends back: visible text per page and hidden text."""

    pages: list[str]
    hidden: list[str] = field(default_factory=list)
    truncated: bool = False


def unsafe_member_name(name: str) -> bool:
    """Whether a zip member name is absolute, climbs out (``..``), or holds a NUL or a drive."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]", name)


def check_docx_zip(data: bytes, limits: ReaderLimits) -> None:
    """Refuse a DOCX zip from its central directory alone, before anything is inflated.

    Raises:
        ParseError: the zip directory is unreadable (reason ``corrupt_zip``).
        EncryptedDocumentError: a member is encrypted.
        MaliciousDocumentError: too many members, unsafe or duplicate names, declared sizes or a
            compression ratio over the limits (reasons ``too_many_members``,
            ``unsafe_member_name``, ``duplicate_member``, ``declared_size``,
            ``compression_ratio``).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ParseError("the DOCX zip directory is unreadable", reason="corrupt_zip") from exc
    if len(infos) > limits.docx_max_members:
        raise MaliciousDocumentError(
            f"the DOCX has {len(infos)} zip members (limit {limits.docx_max_members})",
            reason="too_many_members",
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        if unsafe_member_name(info.filename):
            raise MaliciousDocumentError(
                f"the DOCX holds an unsafe member name {info.filename[:80]!r}",
                reason="unsafe_member_name",
            )
        if info.filename in seen:
            raise MaliciousDocumentError(
                f"the DOCX holds two members named {info.filename[:80]!r}",
                reason="duplicate_member",
            )
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError("the DOCX is password-protected", reason="encrypted")
        total += info.file_size
        if total > limits.docx_max_uncompressed:
            raise MaliciousDocumentError(
                f"the DOCX declares over {limits.docx_max_uncompressed} uncompressed bytes",
                reason="declared_size",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_SIZE and ratio > limits.docx_max_ratio:
            raise MaliciousDocumentError(
                f"the DOCX member {info.filename[:80]!r} has a compression ratio of {ratio:.0f} "
                f"(limit {limits.docx_max_ratio:.0f})",
                reason="compression_ratio",
            )
    if _DOCUMENT not in seen:
        raise ParseError("the DOCX has no word/document.xml", reason="unreadable")


def _read_part(archive: zipfile.ZipFile, name: str, limits: ReaderLimits) -> ElementTree.Element:
    """Inflate one XML part with a byte cap, refuse DTDs, then parse it."""
    info = archive.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ParseError(f"unsupported zip compression in {name}", reason="unreadable")
    with archive.open(info) as stream:
        # zipfile stops at the declared size, which the pre-check bounded; the cap is a second
        # guard in case this function is ever called without it.
        raw = stream.read(limits.docx_max_uncompressed + 1)
    if len(raw) > limits.docx_max_uncompressed:
        raise MaliciousDocumentError(f"{name} inflates past the size limit", reason="declared_size")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    declared = _DECLARED_ENCODING.match(raw)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        # A UTF-16 part could hide "<!DOCTYPE" from the byte scan below; Word writes UTF-8.
        raise ParseError(f"{name} is not UTF-8 XML", reason="unreadable")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{name} is not UTF-8 XML", reason="unreadable") from exc
    if _DTD.search(raw):
        raise MaliciousDocumentError(
            f"{name} declares a DTD or entities: DTDs are not allowed", reason="dtd"
        )
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise ParseError(f"{name} is not well-formed XML: {exc}", reason="bad_xml") from exc


@dataclass(slots=True)
class _RunStyle:
    """The three properties that hide a run; ``None`` means "not set here"."""

    vanish: bool | None = None
    color: str | None = None
    size: int | None = None

    def over(self, base: _RunStyle) -> _RunStyle:
        return _RunStyle(
            vanish=self.vanish if self.vanish is not None else base.vanish,
            color=self.color if self.color is not None else base.color,
            size=self.size if self.size is not None else base.size,
        )

    def hidden(self, *, white_is_hidden: bool) -> bool:
        return bool(
            self.vanish
            or (white_is_hidden and (self.color or "").upper() == "FFFFFF")
            or (self.size is not None and self.size <= _HIDDEN_MAX_HALF_POINTS)
        )


def _on(element: ElementTree.Element) -> bool:
    return element.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _run_style(rpr: ElementTree.Element | None) -> _RunStyle:
    style = _RunStyle()
    if rpr is None:
        return style
    for tag in ("vanish", "specVanish"):
        flag = rpr.find(f"{_W}{tag}")
        if flag is not None:
            style.vanish = _on(flag) or bool(style.vanish)
    color = rpr.find(f"{_W}color")
    if color is not None:
        style.color = color.get(f"{_W}val")
    size = rpr.find(f"{_W}sz")
    if size is not None:
        try:
            style.size = int(size.get(f"{_W}val", ""))
        except ValueError:
            style.size = None
    return style


class _Styles:
    """Resolves paragraph/character style chains (``basedOn``) to a :class:`_RunStyle`."""

    def __init__(self, root: ElementTree.Element | None) -> None:
        self._own: dict[str, tuple[str | None, _RunStyle]] = {}
        self._numbered: dict[str, bool | None] = {}
        self.default = _RunStyle()
        if root is None:
            return
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = _run_style(defaults)
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if style_id is None:
                continue
            based = style.find(f"{_W}basedOn")
            parent = based.get(f"{_W}val") if based is not None else None
            self._own[style_id] = (parent, _run_style(style.find(f"{_W}rPr")))
            self._numbered[style_id] = _list_numbering(style.find(f"{_W}pPr"))

    def is_list(self, style_id: str | None) -> bool:
        """True when the paragraph style (or one it is based on) numbers its paragraphs."""
        seen: set[str] = set()
        while style_id is not None and style_id in self._own and style_id not in seen:
            seen.add(style_id)
            numbered = self._numbered.get(style_id)
            if numbered is not None:
                return numbered
            style_id = self._own[style_id][0]
        return False

    def resolve(self, style_id: str | None) -> _RunStyle:
        chain: list[_RunStyle] = []
        seen: set[str] = set()
        while style_id is not None and style_id in self._own and style_id not in seen:
            seen.add(style_id)  # basedOn loops exist in broken files
            parent, own = self._own[style_id]
            chain.append(own)
            style_id = parent
        resolved = _RunStyle()
        for own in chain:  # nearest style first
            resolved = resolved.over(own)
        return resolved


def _list_numbering(properties: ElementTree.Element | None) -> bool | None:
    """True/False when paragraph properties turn list numbering on/off; None if silent.

    Headings (an outline level) are never list items: "1. Education" numbered by a heading
    style is still a heading.
    """
    if properties is None:
        return None
    if properties.find(f"{_W}outlineLvl") is not None:
        return False
    numbering = properties.find(f"{_W}numPr")
    if numbering is None:
        return None
    number_id = numbering.find(f"{_W}numId")
    return number_id is None or number_id.get(f"{_W}val", "1") != "0"


def _run_text(run: ElementTree.Element) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Deleted and moved-away text is not on the page; mc:Fallback repeats its mc:Choice.
_SKIPPED = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}rPr", f"{_W}pPr", _MC_FALLBACK})


def _text_boxes(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Outermost text-box bodies (``w:txbxContent``) under ``element``, each once."""
    for child in element:
        if child.tag == _MC_FALLBACK:
            continue
        if child.tag == f"{_W}txbxContent":
            yield child
        else:
            yield from _text_boxes(child)


def _runs(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Runs of a paragraph in order, through hyperlinks, insertions, fields and content controls."""
    for child in element:
        if child.tag == f"{_W}r":
            yield child
        elif child.tag not in _SKIPPED:
            yield from _runs(child)


def _shaded(properties: ElementTree.Element | None) -> bool:
    """True when a ``w:shd`` fill or ``w:highlight`` gives text a coloured background."""
    if properties is None:
        return False
    highlight = properties.find(f"{_W}highlight")
    if highlight is not None and highlight.get(f"{_W}val", "none") not in ("none", "white"):
        return True
    shading = properties.find(f"{_W}shd")
    fill = "" if shading is None else shading.get(f"{_W}fill", "").upper()
    return fill not in ("", "AUTO", "FFFFFF")


_VML = "{urn:schemas-microsoft-com:vml}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WHITE_FILLS = frozenset({"", "#FFFFFF", "WHITE", "#FFF"})


def has_backdrop(root: ElementTree.Element) -> bool:
    """True when coloured shapes or a page colour may sit behind the text.

    CV templates put white text on a coloured sidebar drawn as a VML or DrawingML shape. Without
    rendering the page, white text in such a document cannot be told from stuffing, so it stays
    visible text there (vanished and tiny runs are still hidden): losing a candidate's real
    skills costs more than missing white keyword stuffing, which the 2 pt and w:vanish checks
    and the reviewer still see.
    """
    background = root.find(f"{_W}background")
    if background is not None and background.get(f"{_W}color", "FFFFFF").upper() not in (
        "FFFFFF",
        "AUTO",
    ):
        return True
    for element in root.iter():
        tag = element.tag
        if tag.startswith(_VML) and element.get("fillcolor", "").upper() not in _WHITE_FILLS:
            return True
        if tag.startswith(_VML) and element.get("filled", "").lower() not in ("", "f", "false"):
            return True
        if tag == f"{_WP}anchor" and element.get("behindDoc") == "1":
            return True
        if tag == f"{_A}solidFill":
            colour = next(iter(element), None)
            value = "" if colour is None else colour.get("val", "").upper()
            if value not in ("FFFFFF", "BG1", "LT1"):
                return True
    return False


def _wrapped_children(element: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    """Children with ``tag`` in order, also those inside content controls (``w:sdt``) or
    custom XML that wrap table rows and cells."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _wrapped_children(child, tag)


class _Walker:
    def __init__(self, styles: _Styles, *, white_is_hidden: bool = True) -> None:
        self.styles = styles
        self.white_is_hidden = white_is_hidden
        self.lines: list[str] = []
        self.hidden: list[str] = []

    def paragraph(self, paragraph: ElementTree.Element) -> tuple[str, str]:
        p_style_el = paragraph.find(f"{_W}pPr/{_W}pStyle")
        p_style = self.styles.resolve(
            p_style_el.get(f"{_W}val") if p_style_el is not None else None
        ).over(self.styles.default)
        visible: list[str] = []
        hidden: list[str] = []
        paragraph_shaded = _shaded(paragraph.find(f"{_W}pPr"))
        for run in _runs(paragraph):
            rpr = run.find(f"{_W}rPr")
            r_style_el = rpr.find(f"{_W}rStyle") if rpr is not None else None
            char_style = self.styles.resolve(
                r_style_el.get(f"{_W}val") if r_style_el is not None else None
            )
            effective = _run_style(rpr).over(char_style).over(p_style)
            white_is_hidden = self.white_is_hidden and not (paragraph_shaded or _shaded(rpr))
            is_hidden = effective.hidden(white_is_hidden=white_is_hidden)
            (hidden if is_hidden else visible).append(_run_text(run))
        text = "".join(visible)
        numbered = _list_numbering(paragraph.find(f"{_W}pPr"))
        if numbered is None:
            numbered = self.styles.is_list(
                p_style_el.get(f"{_W}val") if p_style_el is not None else None
            )
        if numbered and text.strip():
            text = "- " + text.lstrip()
        return text, "".join(hidden)

    def cell_lines(self, cell: ElementTree.Element) -> list[str]:
        shaded = _shaded(cell.find(f"{_W}tcPr"))
        inner = _Walker(self.styles, white_is_hidden=self.white_is_hidden and not shaded)
        inner.block(cell)
        self.hidden.extend(inner.hidden)
        return [line for line in inner.lines if line.strip()]

    def table(self, table: ElementTree.Element) -> None:
        for row in _wrapped_children(table, f"{_W}tr"):
            cells = [self.cell_lines(cell) for cell in _wrapped_children(row, f"{_W}tc")]
            if all(len(lines) <= 1 for lines in cells):
                # A CV row such as "2019-2021 | Programme Officer, UNDP" stays on one line.
                self.lines.append("\t".join(lines[0] for lines in cells if lines))
            else:
                for lines in cells:
                    self.lines.extend(lines)

    def block(self, container: ElementTree.Element) -> None:
        for child in container:
            if child.tag == f"{_W}p":
                visible, hidden = self.paragraph(child)
                self.lines.append(visible)
                if hidden.strip():
                    self.hidden.append(hidden)
                # CV templates put whole sections in text boxes anchored to a paragraph.
                for box in _text_boxes(child):
                    self.block(box)
            elif child.tag == f"{_W}tbl":
                self.table(child)
            elif child.tag not in _SKIPPED and child.tag != f"{_W}sectPr":
                # Content controls (w:sdt/w:sdtContent), custom XML and similar wrappers.
                self.block(child)


def extract_docx(data: bytes, limits: ReaderLimits) -> Extraction:
    """Extract visible and hidden text from a DOCX (runs in the sandboxed child).

    Raises:
        MaliciousDocumentError: a DTD or entity declaration, or a part over the size cap.
        ParseError: malformed zip or XML.
    """
    check_docx_zip(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            styles = _Styles(_read_part(archive, _STYLES, limits) if _STYLES in names else None)
            document = _read_part(archive, _DOCUMENT, limits)
            # Headers first, then footers: both carry contact lines in CV templates.
            margins = [
                _read_part(archive, name, limits)
                for pattern in (_HEADER, _FOOTER)
                for name in sorted(n for n in names if pattern.fullmatch(n))
            ]
            backdrop = any(has_backdrop(part) for part in (document, *margins))
            walker = _Walker(styles, white_is_hidden=not backdrop)
            for margin in margins:
                walker.block(margin)
            # First-page, default and even headers and footers usually repeat the same line.
            walker.lines = list(dict.fromkeys(line for line in walker.lines if line.strip()))
            body = document.find(f"{_W}body")
            if body is not None:
                walker.block(body)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise ParseError(f"the DOCX zip is corrupt: {exc}", reason="corrupt_zip") from exc
    text = "\n".join(walker.lines)
    cap = 2 * limits.max_chars
    hidden = "\n".join(walker.hidden)
    return Extraction(pages=[text[:cap]], hidden=[hidden[:cap]], truncated=len(text) > cap)
