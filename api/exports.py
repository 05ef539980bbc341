"""A pool's ranking as a spreadsheet (CSV or XLSX) for the agency's short list.

One row per candidate of the ranking rows the JSON route shows (:func:`api.presenters.
pool_row`), so an export holds exactly what the recruiter saw, blind or not: rank, label, id,
score, coverage, eligibility, each check's status and detail, review status, note, flags and
the top three evidence pairs.

Cells are neutralised (docs/reliability.md item 35): a text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (or their full-width forms, or any of the first four after
leading spaces) is prefixed with an apostrophe, so that a CV saying ``=HYPERLINK(...)`` stays
text in Excel, LibreOffice and Google Sheets; in XLSX every text cell is also typed as a
string, and characters XML cannot hold are dropped. Numbers (rank, score) are written as
numbers: they come from the matcher, never from a document.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from api.schemas import PoolRankedResultOut
from matcher.models import Vacancy

__all__ = [
    "CSV_MEDIA_TYPE",
    "Cell",
    "EXPORT_FORMATS",
    "ExportFormat",
    "XLSX_MEDIA_TYPE",
    "export_bytes",
    "export_filename",
    "export_table",
    "neutralise",
]

ExportFormat = Literal["csv", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_EVIDENCE_PAIRS = 3
_ELIGIBILITY = {True: "eligible", False: "not eligible", None: "needs review"}


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet will run as a formula."""
    if value and (value[0] in _FORMULA_START or value.lstrip(" ")[:1] in _FORMULA_START):
        return "'" + value
    return value


def _check_names(rows: Sequence[PoolRankedResultOut]) -> list[str]:
    return list(dict.fromkeys(c.requirement for row in rows for c in row.checks))


def _coverage(row: PoolRankedResultOut, kind: str) -> str:
    shown, total = row.coverage.get(kind, [0, 0])
    return f"{shown} of {total}" if total else ""


def export_table(rows: Sequence[PoolRankedResultOut]) -> tuple[list[str], list[list[Cell]]]:
    """The header and one line per candidate (texts not yet neutralised).

    ``label`` is the file name, or ``Candidate N`` when the rows are blind. Coverage reads
    "11 of 15" (units shown of the vacancy's units of that kind).
    """
    checks = _check_names(rows)
    header = ["rank", "label", "candidate id", "score", "coverage duties", "coverage learning",
              "eligible"]
    for name in checks:
        header += [f"{name} status", f"{name} detail"]
    header += ["status", "note", "flags"]
    for i in range(1, _EVIDENCE_PAIRS + 1):
        header += [f"evidence {i}: vacancy", f"evidence {i}: CV"]
    lines: list[list[Cell]] = []
    for row in rows:
        by_name = {c.requirement: c for c in row.checks}
        line: list[Cell] = [row.rank, row.source, row.id, row.score, _coverage(row, "duties"),
                            _coverage(row, "learning"), _ELIGIBILITY[row.eligible]]
        for name in checks:
            check = by_name.get(name)
            line += [check.status, check.detail] if check else ["", ""]
        line += [row.status, row.note, ", ".join(row.flags)]
        for i in range(_EVIDENCE_PAIRS):
            evidence = row.evidence[i] if i < len(row.evidence) else None
            line += [evidence.unit, evidence.chunk] if evidence else ["", ""]
        lines.append(line)
    return header, lines


def _csv(table: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in table:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in line])
    # The byte-order mark makes Excel read UTF-8 (accents in names, notes and evidence).
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(table: Sequence[Sequence[Cell]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    if sheet is None:  # pragma: no cover - a new workbook always has one sheet
        raise RuntimeError("openpyxl made a workbook without a sheet")
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "pool"
    for r, line in enumerate(table, start=1):
        for c, value in enumerate(line, start=1):
            if value == "":
                continue  # an empty cell, not an empty string
            if isinstance(value, str):
                cell = sheet.cell(row=r, column=c, value=neutralise(
                    ILLEGAL_CHARACTERS_RE.sub("", value)))
                # Typed as text even if a formula-looking value slipped past neutralise.
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                sheet.cell(row=r, column=c, value=value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_bytes(rows: Sequence[PoolRankedResultOut], fmt: ExportFormat, title: str) -> bytes:
    """The rows as a CSV or XLSX file (``title`` names the XLSX sheet)."""
    header, lines = export_table(rows)
    table: list[Sequence[Cell]] = [header, *lines]
    return _csv(table) if fmt == "csv" else _xlsx(table, title)


def export_filename(vacancy: Vacancy, fmt: ExportFormat, *, blind: bool,
                    now: datetime | None = None) -> str:
    """A file name safe in any header and file system: ``pool-REF-YYYYMMDD[-blind].csv``."""
    base = vacancy.reference or vacancy.id[:12]
    safe = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", base)).strip("-.")[:60]
    safe = safe or "vacancy"
    day = (now or datetime.now(tz=UTC)).strftime("%Y%m%d")
    return f"pool-{safe}-{day}{'-blind' if blind else ''}.{fmt}"
