"""Readers on CV layouts: DOCX tables, headers and footers, lists; two-column PDFs."""

from __future__ import annotations

from eval.documents import CvDocument, Entry, Section, render
from index.readers import read_bytes
from tests import hostile

CV = CvDocument(
    name="Ana Example",
    headline="Programme Officer",
    contact=("ana@example.org", "+41 79 123 45 67", "Nationality: Swiss"),
    sections=(
        Section(
            "Experience",
            (
                Entry("Jan 2020 - Present", ("Programme Officer, UNDP",),
                      ("Nairobi, Kenya", "- Drafted the annual report for the donors.")),
                Entry("Sep 2017 - Dec 2019", ("Research Assistant, University of Geneva",)),
            ),
        ),
        Section("Education", ("MA in Economics, University of Geneva, 2017",)),
        Section("Languages", ("French: native", "English: C1"), sidebar=True),
    ),
)


def _lines(layout: str) -> list[str]:
    suffix = ".pdf" if "pdf" in layout or "rows" in layout else ".docx"
    text = read_bytes(render(CV, layout), f"cv{suffix}").text  # type: ignore[arg-type]
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_docx_table_rows_keep_dates_then_description_in_document_order() -> None:
    lines = _lines("table_docx")
    start = lines.index("Experience")
    assert lines[start + 1 : start + 6] == [
        "Jan 2020 - Present",
        "Programme Officer, UNDP",
        "Nairobi, Kenya",
        "- Drafted the annual report for the donors.",
        # One-line cells stay on one line (the tab between them becomes a space).
        "Sep 2017 - Dec 2019 Research Assistant, University of Geneva",
    ]
    assert lines.index("Education") > start


def test_docx_header_then_footer_come_first() -> None:
    lines = _lines("header_docx")
    assert lines[:3] == [
        "Ana Example",
        "ana@example.org",
        "+41 79 123 45 67 \u00b7 Nationality: Swiss",
    ]


def test_docx_list_paragraphs_start_with_a_bullet() -> None:
    assert "- Drafted the annual report for the donors." in _lines("header_docx")


def test_docx_rows_inside_content_controls_are_read() -> None:
    row = (
        "<w:tr><w:tc><w:p><w:r><w:t>{a}</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>{b}</w:t></w:r></w:p></w:tc></w:tr>"
    )
    body = (
        "<w:tbl>"
        + row.format(a="2019 - 2022", b="Programme Officer")
        + "<w:sdt><w:sdtContent>"
        + row.format(a="2016 - 2018", b="Intern")
        + "</w:sdtContent></w:sdt></w:tbl>"
    )
    text = read_bytes(hostile.docx_with_body_xml(body), "cv.docx").text
    assert text.splitlines() == ["2019 - 2022 Programme Officer", "2016 - 2018 Intern"]


def test_two_column_pdf_keeps_each_column_together_whatever_the_drawing_order() -> None:
    frames, rows = _lines("two_column_pdf"), _lines("two_column_rows")
    assert frames == rows
    sidebar = ["Contact", "ana@example.org", "+41 79 123 45 67", "Nationality: Swiss",
               "Languages", "French: native", "English: C1"]
    assert frames[: len(sidebar)] == sidebar
    assert frames[len(sidebar) :][:3] == ["Ana Example", "Programme Officer", "Experience"]


def test_styled_pdf_keeps_each_date_with_its_title() -> None:
    lines = _lines("styled_pdf")
    assert lines[lines.index("EXPERIENCE") + 1 : lines.index("EXPERIENCE") + 3] == [
        "Programme Officer, UNDP",
        "Jan 2020 - Present",
    ]
