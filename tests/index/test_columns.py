"""index.readers.columns: when a page's text is re-read column by column, and when not."""

from __future__ import annotations

from index.readers.columns import Fragment, untangle_columns

SIDEBAR = ["Contact", "ana@example.org", "Languages", "English: C1", "French: B2", "Skills",
           "Stata, R"]
MAIN = ["Ana Example", "Experience", "Programme Officer, UNDP", "2019 - 2022",
        "- Drafted the annual report for the donors.", "Education",
        "MA in Economics, University of Geneva, 2018"]


def _rows(left: list[str], right: list[str], *, left_leading: float = 13.0) -> list[Fragment]:
    """Both columns drawn top to bottom in one pass, each with its own leading."""
    placed = [(800 - i * left_leading, 40.0, t) for i, t in enumerate(left)]
    placed += [(800 - i * 12.0, 210.0, t) for i, t in enumerate(right)]
    placed.sort(key=lambda p: (-p[0], p[1]))
    return [Fragment(x, y, 9.5, text + "\n") for y, x, text in placed]


def test_interleaved_columns_are_read_one_after_the_other() -> None:
    text = untangle_columns(_rows(SIDEBAR, MAIN))
    assert text is not None
    assert text.splitlines() == [*SIDEBAR, *MAIN]


def test_columns_drawn_one_at_a_time_are_left_alone() -> None:
    fragments = [f for f in _rows(SIDEBAR, MAIN) if f.x < 100] + [
        f for f in _rows(SIDEBAR, MAIN) if f.x > 100
    ]
    assert untangle_columns(fragments) is None


def test_label_column_beside_its_content_is_read_row_by_row() -> None:
    # A Europass-like table: each label shares its baseline with the first line of its cell.
    labels = ["Dates", "Position", "Employer", "Sector"]
    values = ["2019 - 2022", "Programme Officer", "UNDP, Nairobi", "Public administration"]
    fragments: list[Fragment] = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        fragments.append(Fragment(40, 800 - 14 * i, 9.5, label))
        fragments.append(Fragment(210, 800 - 14 * i, 9.5, value + "\n"))
    assert untangle_columns(fragments) is None


def test_right_aligned_dates_are_not_a_column() -> None:
    fragments: list[Fragment] = []
    jobs = [("Programme Officer, UNDP", "Jan 2020 - Present"),
            ("Research Assistant, Leiden University", "Sep 2017 - Dec 2019"),
            ("Intern, OECD", "Feb 2016 - Jul 2016")]
    y = 800.0
    for title, dates in jobs:
        fragments.append(Fragment(40, y, 9.5, title))
        fragments.append(Fragment(555 - len(dates) * 4.6, y, 9.5, dates + "\n"))
        fragments.append(Fragment(40, y - 12, 9.5, "Drafted reports and briefing notes.\n"))
        y -= 30
    assert untangle_columns(fragments) is None


def test_full_width_lines_above_the_columns_come_first() -> None:
    fragments = [Fragment(40, 820, 14, "Ana Example, Programme Officer and economist\n")]
    fragments += _rows(SIDEBAR, MAIN[1:])
    text = untangle_columns(fragments)
    assert text is not None
    assert text.splitlines()[0] == "Ana Example, Programme Officer and economist"


def test_small_or_huge_pages_are_left_alone() -> None:
    assert untangle_columns(_rows(SIDEBAR[:2], MAIN[:2])) is None
    many = [Fragment(40 + (i % 2) * 170, 800 - i, 9.5, f"line {i}") for i in range(20_001)]
    assert untangle_columns(many) is None
