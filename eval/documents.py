"""Render one CV in the layouts candidates send, for tests and for building evaluation sets.

A CV is described once, as a :class:`CvDocument`: the candidate's name, contact lines, and
sections made of plain lines and dated :class:`Entry` items (a job, a degree, a talk). The
same description renders to every layout of :data:`LAYOUTS`:

===================  ===========================================================================
layout               what it looks like
===================  ===========================================================================
``text``             plain text: name, contact lines, then each section (heading, lines, entries)
``two_column_pdf``   reportlab frames: a sidebar (contact and the sections marked ``sidebar``:
                     languages, skills, nationality) beside a main column (the other sections)
``two_column_rows``  the same page drawn line by line across both columns (each line its own
                     text object, top to bottom), as PDF printers that sort text by position do
``styled_pdf``       one column; headings in colour and capitals over a rule; each entry's dates
                     right-aligned on the line of its first head line
``table_docx``       DOCX; the entries of a section sit in a borderless table, one row each:
                     dates in the left cell, head and body lines in the right cell
``header_docx``      DOCX; the name and first contact line in the page header, the other contact
                     lines in the page footer; the body holds only the sections
===================  ===========================================================================

Usage::

    from eval.documents import CvDocument, Entry, Section, render
    cv = CvDocument(
        name="Sanne de Vries",
        contact=("sanne.devries@example.nl", "Nationality: Dutch"),
        sections=(
            Section("Experience", (Entry("2019 - 2022", ("Programme Officer, UNDP",)),)),
            Section("Languages", ("Dutch: native", "English: C1"), sidebar=True),
        ),
    )
    data = render(cv, "table_docx")  # bytes of a .docx file

Output is deterministic: the same description gives the same bytes (reportlab's invariant
mode, fixed DOCX core properties and zip timestamps). reportlab and python-docx are imported
only when a PDF or DOCX is rendered. PDFs use the standard Helvetica fonts (WinAnsi), which
cover English, French, Spanish and Portuguese text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape

__all__ = [
    "CvDocument",
    "Entry",
    "LAYOUTS",
    "Layout",
    "Section",
    "extension",
    "render",
    "render_header_docx",
    "render_styled_pdf",
    "render_table_docx",
    "render_text",
    "render_two_column_pdf",
]

Layout = Literal[
    "text", "two_column_pdf", "two_column_rows", "styled_pdf", "table_docx", "header_docx"
]
#: Every layout :func:`render` knows, in the order of the module docstring's table.
LAYOUTS: tuple[Layout, ...] = (
    "text",
    "two_column_pdf",
    "two_column_rows",
    "styled_pdf",
    "table_docx",
    "header_docx",
)

# python-docx stamps the current time into core properties and zip members; a fixed one keeps
# rebuilt files byte-identical.
_FIXED_TIME = dt.datetime(2026, 1, 15, 12, 0, 0)
_BULLETS = ("- ", "\u2022 ")
_ACCENT = "#1F5C99"


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated item of a section: a job, a degree, a talk.

    Attributes:
        dates: The dates as the CV writes them ("Jan 2020 - Present", "01/09/2019 - 31/08/2021");
            empty for an undated entry.
        head: Lines that come before the dates in running text (title, organisation). The
            styled PDF puts the dates on the line of the first of them.
        body: Lines after the dates: place, description, bullets ("- ..." or "• ...").
    """

    dates: str
    head: tuple[str, ...] = ()
    body: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its items, in order: plain lines and dated entries.

    Attributes:
        heading: The heading as printed ("Work experience", "IDIOMAS").
        items: Plain lines (``str``) and :class:`Entry` items in reading order.
        sidebar: Whether two-column layouts put the section in the sidebar.
    """

    heading: str
    items: tuple[str | Entry, ...] = ()
    sidebar: bool = False


@dataclass(frozen=True, slots=True)
class CvDocument:
    """One CV, independent of layout.

    Attributes:
        name: The candidate's name (first line, title, header).
        contact: Contact and personal lines: e-mail, phone, address, "Nationality: Dutch".
        sections: The sections in reading order.
        headline: An optional line under the name ("Programme Officer at UNDP").
    """

    name: str
    contact: tuple[str, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)
    headline: str = ""


def extension(layout: Layout) -> str:
    """The file extension of a layout's output (".txt", ".pdf", ".docx")."""
    if layout == "text":
        return ".txt"
    return ".docx" if layout.endswith("docx") else ".pdf"


def render(cv: CvDocument, layout: Layout) -> bytes:
    """Render ``cv`` in ``layout`` (one of :data:`LAYOUTS`) to the bytes of a file.

    Raises:
        ValueError: ``layout`` is not one of :data:`LAYOUTS`.
    """
    renderers: dict[str, Callable[[CvDocument], bytes]] = {
        "text": lambda c: render_text(c).encode("utf-8"),
        "two_column_pdf": render_two_column_pdf,
        "two_column_rows": lambda c: render_two_column_pdf(c, drawing="rows"),
        "styled_pdf": render_styled_pdf,
        "table_docx": render_table_docx,
        "header_docx": render_header_docx,
    }
    if layout not in renderers:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    return renderers[layout](cv)


# --------------------------------------------------------------------------- text


def _entry_lines(entry: Entry) -> list[str]:
    dates = [entry.dates] if entry.dates else []
    return [*entry.head, *dates, *entry.body]


def _section_lines(section: Section) -> list[str]:
    lines: list[str] = []
    for item in section.items:
        lines.extend([item] if isinstance(item, str) else _entry_lines(item))
    return lines


def render_text(cv: CvDocument) -> str:
    """Plain text: name, headline, contact lines, then each section after a blank line."""
    out = [cv.name]
    if cv.headline:
        out.append(cv.headline)
    out.extend(cv.contact)
    for section in cv.sections:
        out.extend(["", section.heading, *_section_lines(section)])
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- PDF


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    sample = getSampleStyleSheet()
    normal = ParagraphStyle("CvNormal", parent=sample["Normal"], fontSize=9.5, leading=12)
    return {
        "title": ParagraphStyle("CvTitle", parent=sample["Title"], alignment=0, fontSize=18),
        "heading": ParagraphStyle(
            "CvHeading", parent=sample["Heading3"], fontSize=11, spaceBefore=8, spaceAfter=3
        ),
        "styled_heading": ParagraphStyle(
            "CvStyledHeading",
            parent=sample["Heading3"],
            fontSize=11,
            textColor=colors.HexColor(_ACCENT),
            spaceBefore=10,
            spaceAfter=2,
        ),
        "normal": normal,
        "bold": ParagraphStyle("CvBold", parent=normal, fontName="Helvetica-Bold"),
        "italic": ParagraphStyle("CvItalic", parent=normal, fontName="Helvetica-Oblique"),
        "right": ParagraphStyle("CvRight", parent=normal, alignment=TA_RIGHT),
        "bullet": ParagraphStyle("CvBullet", parent=normal, leftIndent=10, bulletIndent=0),
    }


def _line_flowable(line: str, styles: dict[str, Any], style: str = "normal") -> Any:
    from reportlab.platypus import Paragraph

    if line.startswith(_BULLETS):
        # A hyphen, not "•": reportlab's standard fonts encode the bullet at 0x7F, which
        # pypdf reads back as a control character.
        return Paragraph(escape(line[2:]), styles["bullet"], bulletText="-")
    return Paragraph(escape(line), styles[style])


def _entry_flowables(entry: Entry, styles: dict[str, Any]) -> list[Any]:
    flowables = [
        _line_flowable(line, styles, "bold" if i == 0 else "normal")
        for i, line in enumerate(entry.head)
    ]
    if entry.dates:
        flowables.append(_line_flowable(entry.dates, styles, "italic"))
    flowables.extend(_line_flowable(line, styles) for line in entry.body)
    return flowables


def _section_flowables(
    section: Section, styles: dict[str, Any], *, styled: bool = False, width: float = 0.0
) -> list[Any]:
    from reportlab.platypus import HRFlowable, Paragraph, Spacer

    heading = section.heading.upper() if styled else section.heading
    flowables: list[Any] = [
        Paragraph(escape(heading), styles["styled_heading" if styled else "heading"])
    ]
    if styled:
        flowables.append(HRFlowable(width="100%", thickness=0.6, color=_ACCENT, spaceAfter=3))
    for item in section.items:
        if isinstance(item, str):
            flowables.append(_line_flowable(item, styles))
        elif styled:
            flowables.extend(_styled_entry(item, styles, width))
        else:
            flowables.extend(_entry_flowables(item, styles))
            flowables.append(Spacer(1, 3))
    return flowables


def _pdf_metadata(cv: CvDocument) -> dict[str, Any]:
    return {
        "title": f"CV of {cv.name}",
        "author": "jpo-matcher test fixture (fictional person)",
        "creator": "eval.documents",
        "invariant": True,
    }


def render_two_column_pdf(
    cv: CvDocument, *, drawing: Literal["frames", "rows"] = "frames"
) -> bytes:
    """A two-column A4 PDF: sidebar (contact, sidebar sections) beside the main column.

    Args:
        cv: The CV.
        drawing: ``"frames"`` lays the columns out as reportlab frames, each column's text
            drawn in one run; ``"rows"`` draws the same two columns line by line from the top
            of the page down, alternating between the columns, so the text order in the file
            interleaves them (what a reader must undo).

    Returns:
        The PDF's bytes.
    """
    if drawing == "rows":
        return _two_column_rows(cv)
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
    )

    styles = _styles()
    width, height = A4
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, **_pdf_metadata(cv))
    side = Frame(1.2 * cm, 1.5 * cm, 5.6 * cm, height - 3 * cm, id="side")
    main = Frame(7.3 * cm, 1.5 * cm, width - 8.5 * cm, height - 3 * cm, id="main")
    rest = Frame(1.5 * cm, 1.5 * cm, width - 3 * cm, height - 3 * cm, id="rest")
    doc.addPageTemplates(
        [PageTemplate(id="first", frames=[side, main]), PageTemplate(id="rest", frames=[rest])]
    )
    story: list[Any] = [NextPageTemplate("rest")]
    if cv.contact:
        story.append(Paragraph("Contact", styles["heading"]))
        story.extend(_line_flowable(line, styles) for line in cv.contact)
    for section in cv.sections:
        if section.sidebar:
            story.extend(_section_flowables(section, styles))
    story.append(FrameBreak())
    story.append(Paragraph(escape(cv.name), styles["title"]))
    if cv.headline:
        story.append(Paragraph(escape(cv.headline), styles["italic"]))
    for section in cv.sections:
        if not section.sidebar:
            story.extend(_section_flowables(section, styles))
    doc.build(story)
    return buffer.getvalue()


def _wrapped(lines: Sequence[tuple[str, str]], width: float) -> list[tuple[str, str]]:
    """(font, text) lines wrapped to ``width`` points, bullets marked with a bullet glyph."""
    from reportlab.lib.utils import simpleSplit

    out: list[tuple[str, str]] = []
    for font, text in lines:
        shown = "- " + text[2:] if text.startswith(_BULLETS) else text
        for piece in simpleSplit(shown, font, 9.5, width) or [""]:
            out.append((font, piece))
    return out


def _column_lines(cv: CvDocument, *, sidebar: bool) -> list[tuple[str, str]]:
    bold, normal, italic = "Helvetica-Bold", "Helvetica", "Helvetica-Oblique"
    lines: list[tuple[str, str]] = []
    if sidebar and cv.contact:
        lines.extend([(bold, "Contact"), *((normal, c) for c in cv.contact), (normal, "")])
    if not sidebar:
        lines.append((bold, cv.name))
        if cv.headline:
            lines.append((italic, cv.headline))
        lines.append((normal, ""))
    for section in cv.sections:
        if section.sidebar != sidebar:
            continue
        lines.append((bold, section.heading))
        for item in section.items:
            if isinstance(item, str):
                lines.append((normal, item))
                continue
            lines.extend((bold if i == 0 else normal, h) for i, h in enumerate(item.head))
            if item.dates:
                lines.append((italic, item.dates))
            lines.extend((normal, b) for b in item.body)
        lines.append((normal, ""))
    return lines


def _two_column_rows(cv: CvDocument) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    width, height = A4
    buffer = io.BytesIO()
    meta = _pdf_metadata(cv)
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(meta["title"])
    page.setAuthor(meta["author"])
    page.setCreator(meta["creator"])
    columns = (
        (1.2 * cm, 5.4 * cm, 13.0, _column_lines(cv, sidebar=True)),
        (7.3 * cm, width - 8.5 * cm, 12.0, _column_lines(cv, sidebar=False)),
    )
    # Each column keeps its own leading, as real sidebars do; the page is then drawn in order
    # of height, so the file's text alternates between the columns.
    placed: list[tuple[int, float, float, str, str]] = []
    for x, column_width, leading, lines in columns:
        y, number = height - 2 * cm, 0
        for font, text in _wrapped(lines, column_width):
            if y < 2 * cm:
                y, number = height - 2 * cm, number + 1
            if text:
                placed.append((number, -y, x, font, text))
            y -= leading
    current = 0
    for number, neg_y, x, font, text in sorted(placed):
        if number != current:
            page.showPage()
            current = number
        page.setFont(font, 9.5)
        page.drawString(x, -neg_y, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _styled_entry(entry: Entry, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    flowables: list[Any] = []
    first = entry.head[0] if entry.head else ""
    if entry.dates:
        # A borderless two-cell row: the title on the left, its dates flush right.
        row = [
            [
                Paragraph(escape(first), styles["bold"]),
                Paragraph(escape(entry.dates), styles["right"]),
            ]
        ]
        table = Table(row, colWidths=[width * 0.66, width * 0.34])
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flowables.append(table)
    elif first:
        flowables.append(_line_flowable(first, styles, "bold"))
    flowables.extend(_line_flowable(line, styles) for line in entry.head[1:])
    flowables.extend(_line_flowable(line, styles) for line in entry.body)
    flowables.append(Spacer(1, 4))
    return flowables


def render_styled_pdf(cv: CvDocument) -> bytes:
    """A one-column A4 PDF with coloured capital headings and right-aligned dates."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = _styles()
    width = A4[0] - 4 * cm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        **_pdf_metadata(cv),
    )
    story: list[Any] = [Paragraph(escape(cv.name), styles["title"])]
    if cv.headline:
        story.append(Paragraph(escape(cv.headline), styles["italic"]))
    if cv.contact:
        story.append(Paragraph(escape("  |  ".join(cv.contact)), styles["normal"]))
    for section in cv.sections:
        story.extend(_section_flowables(section, styles, styled=True, width=width))
    doc.build(story)
    return buffer.getvalue()


# --------------------------------------------------------------------------- DOCX


def _new_docx(cv: CvDocument) -> Any:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = "jpo-matcher test fixture (fictional person)"
    props.title = f"CV of {cv.name}"
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    props.last_modified_by = "eval.documents"
    props.revision = 1
    return document


def _add_line(container: Any, line: str) -> None:
    if line.startswith(_BULLETS):
        container.add_paragraph(line[2:], style="List Bullet")
    else:
        container.add_paragraph(line)


def _docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the current time)."""
    t = _FIXED_TIME
    stamp = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _entries_table(document: Any, entries: Sequence[Entry]) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=0, cols=2)
    for entry in entries:
        left, right = table.add_row().cells
        left.width, right.width = Cm(4.0), Cm(12.5)
        left.text = entry.dates
        lines = [*entry.head, *entry.body]
        # A new cell holds one empty paragraph: the first line goes there.
        right.text = lines[0] if lines else ""
        for line in lines[1:]:
            _add_line(right, line)


def render_table_docx(cv: CvDocument) -> bytes:
    """A DOCX whose dated entries sit in tables: dates left, head and body lines right."""
    document = _new_docx(cv)
    document.add_heading(cv.name, level=0)
    if cv.headline:
        document.add_paragraph(cv.headline)
    for line in cv.contact:
        document.add_paragraph(line)
    for section in cv.sections:
        document.add_heading(section.heading, level=1)
        pending: list[Entry] = []
        for item in (*section.items, None):
            if isinstance(item, Entry):
                pending.append(item)
                continue
            if pending:
                _entries_table(document, pending)
                pending = []
            if item is not None:
                _add_line(document, item)
    return _docx_bytes(document)


def render_header_docx(cv: CvDocument) -> bytes:
    """A DOCX with the name and first contact line in the page header, the rest in the footer.

    The footer joins the remaining contact lines with " · " on one line, as templates do.
    """
    document = _new_docx(cv)
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = cv.name
    if cv.contact:
        section.header.add_paragraph(cv.contact[0])
    section.footer.paragraphs[0].text = "  \u00b7  ".join(cv.contact[1:])
    if cv.headline:
        document.add_paragraph(cv.headline)
    for cv_section in cv.sections:
        document.add_heading(cv_section.heading, level=1)
        for line in _section_lines(cv_section):
            _add_line(document, line)
    return _docx_bytes(document)
