"""api.exports: formulas never run, the XLSX reads back, the file name is safe (item 35)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest

from api import exports
from api.exports import export_bytes, export_filename, export_table, neutralise
from api.schemas import CheckOut, EvidenceOut, PoolRankedResultOut
from matcher.models import Vacancy

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)",
           "\tcmd", "\r=1", "  =1+1", "\uff1d1+1"]


def row(rank: int, note: str, source: str = "cv.txt") -> PoolRankedResultOut:
    return PoolRankedResultOut(
        rank=rank, id=f"c{rank}", source=source, title=None, score=12.5, eligible=None,
        subscores={"duties": 0.5},
        checks=[CheckOut(requirement="education", status="met", detail="=MA (2019)"),
                CheckOut(requirement="language:French", status="unknown", detail="not stated")],
        evidence=[EvidenceOut(unit=f"duty {i}", chunk=f"chunk {i}", similarity=0.9 - i / 10)
                  for i in range(4)],
        flags=["hidden_text"], label=f"Candidate {rank}", status="shortlisted", note=note,
    )


def test_public_names_are_sorted() -> None:
    assert exports.__all__ == sorted(exports.__all__)


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["MA (2019)", "", "a=b", "12.5", "Candidate 7"])
def test_plain_text_is_unchanged(value: str) -> None:
    assert neutralise(value) == value


def test_table_has_one_line_per_candidate_and_every_check() -> None:
    header, lines = export_table([row(1, "first"), row(2, "second")])
    assert header[:7] == ["rank", "label", "candidate id", "score", "coverage duties",
                          "coverage learning", "eligible"]
    assert "language:French status" in header and "education detail" in header
    assert header[-6:] == ["evidence 1: vacancy", "evidence 1: CV", "evidence 2: vacancy",
                           "evidence 2: CV", "evidence 3: vacancy", "evidence 3: CV"]
    assert [line[0] for line in lines] == [1, 2]
    assert lines[0][6] == "needs review"
    assert lines[0][-6:] == ["duty 0", "chunk 0", "duty 1", "chunk 1", "duty 2", "chunk 2"]


def test_csv_reads_back_with_every_hostile_cell_neutralised() -> None:
    rows = [row(i + 1, note, source=note) for i, note in enumerate(HOSTILE)]
    text = export_bytes(rows, "csv", "pool").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    header = lines[0]
    for line, note in zip(lines[1:], HOSTILE, strict=True):
        cells = dict(zip(header, line, strict=True))
        assert cells["note"] == "'" + note
        assert cells["label"] == "'" + note
        assert cells["education detail"] == "'=MA (2019)"
    for line in lines:
        for cell in line:
            assert cell[:1] not in {"=", "+", "-", "@", "\t", "\r"}, cell


def test_xlsx_reads_back_as_text_cells_and_numbers() -> None:
    rows = [row(i + 1, note) for i, note in enumerate(HOSTILE)] + [row(99, "bad\x01char")]
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(rows, "xlsx", "INT-1/2:3")))
    sheet = book.active
    assert sheet.title == "INT-1 2 3"
    values = list(sheet.iter_rows(values_only=True))
    notes = [line[values[0].index("note")] for line in values[1:]]
    assert notes == ["'" + n for n in HOSTILE] + ["badchar"]
    for cells in sheet.iter_rows(min_row=2):
        assert isinstance(cells[0].value, int) and isinstance(cells[3].value, float)
        for cell in cells:
            assert cell.data_type in ("s", "n"), (cell.coordinate, cell.data_type)


def test_file_name_is_safe() -> None:
    vacancy = Vacancy("0123456789abcdef", "x.txt", "t", '"; rm -rf /\r\nX: y', None, (), None,
                      ("d",), ())
    name = export_filename(vacancy, "csv", blind=True, now=datetime(2026, 5, 1, tzinfo=UTC))
    assert name == "pool-rm-rf-X-y-20260501-blind.csv"
    plain = Vacancy("0123456789abcdef", "x.txt", "t", None, None, (), None, ("d",), ())
    name = export_filename(plain, "xlsx", blind=False, now=datetime(2026, 5, 1, tzinfo=UTC))
    assert name == "pool-0123456789ab-20260501.xlsx"
