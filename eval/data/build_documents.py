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
from xml.sax.saxutils import escape

__all__ = ["DOCX_SOURCES", "PDF_SOURCES", "build_all", "build_docx", "build_pdf"]

DATA_DIR = Path(__file__).resolve().parent
SOURCES_DIR = DATA_DIR / "sources"
CVS_DIR = DATA_DIR / "cvs"

#: Text sources rendered to PDF (file stem in ``sources/`` -> ``cvs/<stem>.pdf``).
PDF_SOURCES: tuple[str, ...] = ("cv05_solberg", "cv20_kasongo", "cv37_lindqvist")
#: Text sources rendered to DOCX (file stem in ``sources/`` -> ``cvs/<stem>.docx``).
DOCX_SOURCES: tuple[str, ...] = ("cv11_rios", "cv14_kowalczyk", "cv21_okafor")

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


def build_all() -> list[Path]:
    """Build every declared PDF and DOCX into ``cvs/``.

    Returns:
        The paths written.
    """
    written: list[Path] = []
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
