"""Build the PDF and DOCX CVs of the ``jpo`` evaluation set from their text sources.

The CVs of the set are written as plain text. A declared subset is kept as text in
``sources/`` and rendered here to PDF (reportlab) or DOCX (python-docx) into ``cvs/``, so that
the pool of CVs holds each candidate exactly once and exercises all three readers.

Run from the repository root::

    .venv/bin/python eval/data/build_documents.py

The output is byte-for-byte deterministic (fixed document metadata and zip timestamps), so a
rebuild leaves the committed files unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = [
    "DOCX_SOURCES",
    "LAYOUT_SOURCES",
    "PDF_SOURCES",
    "build_all",
    "build_docx",
    "build_pdf",
    "marked_document",
]

DATA_DIR = Path(__file__).resolve().parent
SOURCES_DIR = DATA_DIR / "sources"
CVS_DIR = DATA_DIR / "cvs"

#: Text sources rendered to PDF (file stem in ``sources/`` -> ``cvs/<stem>.pdf``).
PDF_SOURCES: tuple[str, ...] = ("cv05_solberg", "cv20_kasongo", "cv37_lindqvist")
#: Text sources rendered to DOCX (file stem in ``sources/`` -> ``cvs/<stem>.docx``).
DOCX_SOURCES: tuple[str, ...] = ("cv11_rios", "cv14_kowalczyk", "cv21_okafor")

#: CVs written in the layouts candidates send (``new_cvs_c.json`` names each one's layout): the
#: source in ``sources/`` marks its parts (``[[sidebar]]``/``[[main]]``, ``[[header]]``/``[[body]]``,
#: ``[[row]]``/``[[cell]]``/``[[/table]]``) and :func:`marked_document` turns it into an
#: ``eval.documents.CvDocument`` rendered by ``eval.documents.render``.
LAYOUTS_FILE = DATA_DIR / "new_cvs_c.json"

# A fixed timestamp keeps the generated files byte-stable across rebuilds.
_FIXED_TIME = dt.datetime(2026, 11, 23, 12, 0, 0)
_BULLETS = ("- ", "• ")


def _is_heading(line: str) -> bool:
    """Tell whether a source line is a section heading (short, upper-case)."""
    stripped = line.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    return bool(letters) and len(stripped) <= 40 and all(ch.isupper() for ch in letters)


def build_pdf(source: Path, target: Path) -> None:
    """Render one text CV to a single-column PDF with real (extractable) text.

    Args:
        source: The UTF-8 text CV.
        target: The PDF file to write.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    lines = source.read_text(encoding="utf-8").splitlines()
    story: list[object] = []
    for index, line in enumerate(lines):
        if not line.strip():
            story.append(Spacer(1, 6))
            continue
        text = escape(line.strip())
        if index == 0:
            story.append(Paragraph(text, styles["Title"]))
        elif _is_heading(line):
            story.append(Paragraph(text, styles["Heading2"]))
        elif line.lstrip().startswith(_BULLETS):
            story.append(Paragraph(text[2:], styles["Normal"], bulletText="•"))
        else:
            story.append(Paragraph(text, styles["Normal"]))
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=source.stem,
        author="jpo-matcher evaluation set (fictional CV)",
        invariant=True,
    )
    doc.build(story)


def build_docx(source: Path, target: Path) -> None:
    """Render one text CV to a DOCX with heading and list styles, as a word processor would.

    Args:
        source: The UTF-8 text CV.
        target: The DOCX file to write.
    """
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = "jpo-matcher evaluation set (fictional CV)"
    props.title = source.stem
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    props.last_modified_by = "build_documents.py"
    lines = source.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        text = line.strip()
        if index == 0:
            document.add_heading(text, level=0)
        elif _is_heading(line):
            document.add_heading(text, level=1)
        elif line.lstrip().startswith(_BULLETS):
            document.add_paragraph(text[2:], style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    _write_stable_zip(buffer.getvalue(), target)


def _write_stable_zip(data: bytes, target: Path) -> None:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the current time)."""
    t = _FIXED_TIME
    stamp = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED
    ) as out:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(member, source.read(info.filename))


def _layouts() -> dict[str, str]:
    """Source stem -> layout of the CVs written in a layout (``txt`` ones are not rendered)."""
    import json

    entries = json.loads(LAYOUTS_FILE.read_text(encoding="utf-8"))
    # Keys are the rendered files' names (cv73_al_shammari.docx); sources are stem + ".txt".
    return {
        name.rsplit(".", 1)[0]: entry["layout"]
        for name, entry in entries.items()
        if entry.get("layout", "txt") != "txt"
    }


LAYOUT_SOURCES: dict[str, str] = _layouts() if LAYOUTS_FILE.is_file() else {}


def _sections(lines: list[str], *, sidebar: bool = False) -> list[Any]:
    """Split lines into sections at headings: a short line after a blank one, then text."""
    from eval.documents import Section

    sections: list[Any] = []
    heading, items = "", list[str]()
    for index, raw in enumerate(lines):
        line = raw.rstrip()
        after_blank = index == 0 or not lines[index - 1].strip()
        follows = index + 1 < len(lines) and bool(lines[index + 1].strip())
        if line and after_blank and follows and len(line) <= 45 and not line.endswith((".", ",")):
            if heading or items:
                sections.append(Section(heading, tuple(items), sidebar=sidebar))
            heading, items = line.strip(), []
        elif line.strip():
            items.append(line.strip())
    if heading or items:
        sections.append(Section(heading, tuple(items), sidebar=sidebar))
    return sections


def _table_sections(lines: list[str]) -> list[Any]:
    """Sections around ``[[row]]`` blocks: each row is an entry (dates, then its cell lines)."""
    from eval.documents import Entry, Section

    if "[[row]]" not in lines:
        return _sections(lines)
    first = lines.index("[[row]]")
    end = lines.index("[[/table]]") if "[[/table]]" in lines else len(lines)
    before = _sections(lines[:first])
    heading = before.pop().heading if before and not before[-1].items else ""
    entries: list[Any] = []
    block: list[str] = []
    for line in [*lines[first:end], "[[row]]"]:
        if line == "[[row]]":
            if block:
                dates, _, cell = "\n".join(block).partition("[[cell]]")
                body = [x.strip() for x in cell.splitlines() if x.strip()]
                entries.append(Entry(dates.strip(), tuple(body[:1]), tuple(body[1:])))
            block = []
        else:
            block.append(line)
    return [*before, Section(heading or "Experience", tuple(entries)), *_sections(lines[end + 1:])]


def marked_document(text: str) -> Any:
    """The ``eval.documents.CvDocument`` of a marked source (see :data:`LAYOUTS_FILE`)."""
    from eval.documents import CvDocument

    lines = text.splitlines()
    if "[[header]]" in lines:
        head = [x.strip() for x in lines[lines.index("[[header]]") + 1 : lines.index("[[body]]")]]
        body = lines[lines.index("[[body]]") + 1 :]
        return CvDocument(head[0], tuple(x for x in head[1:] if x), tuple(_table_sections(body)))
    if "[[sidebar]]" in lines:
        side = lines[lines.index("[[sidebar]]") + 1 : lines.index("[[main]]")]
        main = [x for x in lines[lines.index("[[main]]") + 1 :]]
        name = next(x.strip() for x in main if x.strip())
        main = main[main.index(next(x for x in main if x.strip())) + 1 :]
        return CvDocument(name, (), (*_sections(side, sidebar=True), *_sections(main)))
    name = next(x.strip() for x in lines if x.strip())
    rest = lines[lines.index(next(x for x in lines if x.strip())) + 1 :]
    return CvDocument(name, (), tuple(_table_sections(rest)))


def build_layout(source: Path, target: Path, layout: str) -> None:
    """Render a marked source in its layout with ``eval.documents``."""
    from eval.documents import render

    document = marked_document(source.read_text(encoding="utf-8"))
    target.write_bytes(render(document, layout))  # type: ignore[arg-type]


def build_all() -> list[Path]:
    """Build every declared PDF and DOCX into ``cvs/``.

    Returns:
        The paths written.
    """
    from eval.documents import extension

    written: list[Path] = []
    for stem, layout in LAYOUT_SOURCES.items():
        target = CVS_DIR / f"{stem}{extension(layout)}"  # type: ignore[arg-type]
        build_layout(SOURCES_DIR / f"{stem}.txt", target, layout)
        written.append(target)
    for stem in PDF_SOURCES:
        target = CVS_DIR / f"{stem}.pdf"
        build_pdf(SOURCES_DIR / f"{stem}.txt", target)
        written.append(target)
    for stem in DOCX_SOURCES:
        target = CVS_DIR / f"{stem}.docx"
        build_docx(SOURCES_DIR / f"{stem}.txt", target)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build_all():
        sys.stdout.write(f"{path.relative_to(DATA_DIR)} {path.stat().st_size} bytes\n")
