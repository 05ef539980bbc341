"""Dates and date ranges in CV lines: "Jan 2020 – Mar 2022", "2019–2021", "depuis 2021".

Months are named in English, French, Spanish and Portuguese; numeric dates are "mm/yyyy",
"yyyy-mm", and full dates "dd/mm/yyyy" (Europass) or "mm/dd/yyyy" when the second number cannot
be a month. Ranges end in a date or a word for "present" ("Present", "aujourd'hui",
"actualidad", "até à data", "atual"); a label may sit before each end ("From: 03/2021 To:
Present", "Du : 10/2013 Au : 07/2016", the P11 form). "Between 2016 and 2018" is a range for
prose only (:func:`between_spans`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matcher.models import YearMonth
from matcher.vocab import fold

__all__ = ["HAS_YEAR_RE", "PRESENT_RE", "DateSpan", "between_spans", "find_spans", "month_interval"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janvier janv janv enero ene",
        "february feb fevrier fevr fev febrero",
        "march mar mars marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juin junio",
        "july jul juillet juil julio",
        "august aug aout agosto ago",
        "september sep sept septembre septiembre setiembre set",
        "october oct octobre octubre",
        "november nov novembre noviembre",
        "december dec decembre diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
# Portuguese (folded: "março" is "marco"); "out" (October) counts only as "out.", see below.
for _number, _names in enumerate(
    (
        "janeiro",
        "fevereiro",
        "marco",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro out",
        "novembro",
        "dezembro dez",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

# "out" is an English word: as a month it needs its abbreviation dot ("out. 2019").
_MONTH_ALT = "|".join(
    "out(?=\\.)" if name == "out" else name for name in sorted(_MONTHS, key=len, reverse=True)
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = (
    # dd/mm/yyyy (Europass), then mm/dd/yyyy where the day is over 12: before "mm/yyyy". A
    # full date followed by a time ("9/2/2015 7:58 AM") is a print stamp, not a date of work.
    rf"(?:(?:(?:0?[1-9]|[12]\d|3[01])\s*[/.]\s*(?P<{{p}}mm5>0?[1-9]|1[0-2])\s*[/.]\s*"
    rf"(?P<{{p}}y5>{_YEAR})(?!\s*\d\d?:\d\d))"
    rf"|(?:(?P<{{p}}mm6>0?[1-9]|1[0-2])\s*/\s*(?:1[3-9]|2\d|3[01])\s*/\s*(?P<{{p}}y6>{_YEAR})"
    rf"(?!\s*\d\d?:\d\d))"
    rf"|(?:(?P<{{p}}mon>{_MONTH_ALT})\.?,?\s*(?:de\s+|del\s+)?(?P<{{p}}y1>{_YEAR}))"
    rf"|(?:(?P<{{p}}mm>0?[1-9]|1[0-2])\s*[/.-]\s*(?P<{{p}}y2>{_YEAR}))"
    rf"|(?:(?P<{{p}}y3>{_YEAR})\s*[/.-]\s*(?P<{{p}}mm3>0[1-9]|1[0-2])(?![0-9]))"
    rf"|(?P<{{p}}y4>{_YEAR}))"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|to\s+date|today|ongoing|date|aujourd'hui|ce\s+jour"
    r"|present|en\s+cours|actuel(?:lement)?|maintenant|actualidad|presente|la\s+fecha|hoy"
    r"|actualmente|la\s+actualidad|en\s+curso|a\s+la\s+fecha|a\s+la\s+actualidad"
    r"|hasta\s+la\s+fecha|hasta\s+hoy|a\s+ce\s+jour|jusqu'a\s+present"
    r"|(?:till|until|up\s+to)\s+(?:now|date|present|today)|actual"
    # Portuguese, folded: "até à data", "até ao momento", "o momento", "atual(mente)", "hoje".
    r"|ate\s+(?:a|à)\s+data|ate\s+(?:ao|o)\s+momento|ate\s+hoje|o\s+momento|o\s+presente"
    r"|atual(?:mente)?|hoje|em\s+curso)"
)
PRESENT_RE = re.compile(rf"\s*{_PRESENT}\s*\.?")
# A separator may carry a colon: "From: 03/2021 To: Present", "Du : 10/2013 Au : 07/2016".
_RANGE_SEP = r"\s*(?:-{1,2}|–|—|to|until|till|through|a|au|à|ate|hasta|al|>|/)\s*:?\s*"
_RANGE_RE = re.compile(
    rf"(?<![\w/.])(?:from\s+|de\s+|desde\s+|du\s+)?{_DATE.format(p='s')}"
    rf"(?:{_RANGE_SEP}(?:(?P<now>{_PRESENT})\b|{_DATE.format(p='e')}))?(?![\w])"
)
_BETWEEN_RE = re.compile(
    rf"(?<![\w])(?:between|entre)\s+{_DATE.format(p='s')}\s+(?:and|et|y|e)\s+{_DATE.format(p='e')}"
)
_SINCE_RE = re.compile(
    rf"(?<![\w])(?:since|depuis|desde|from|a\s+partir\s+de)\s+{_DATE.format(p='s')}"
    # "from 2013 to 2015" is a closed range, not "since 2013".
    rf"(?!{_RANGE_SEP}(?:\d|{_PRESENT}|(?:{_MONTH_ALT})\b))"
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: YearMonth
    end: YearMonth | None
    current: bool
    begin: int
    finish: int


def _date_from(match: re.Match[str], prefix: str) -> YearMonth | None:
    groups = match.groupdict()
    if groups.get(f"{prefix}y5"):
        return YearMonth(int(groups[f"{prefix}y5"]), int(groups[f"{prefix}mm5"]))
    if groups.get(f"{prefix}y6"):
        return YearMonth(int(groups[f"{prefix}y6"]), int(groups[f"{prefix}mm6"]))
    if groups.get(f"{prefix}y1"):
        month = _MONTHS.get(fold(groups[f"{prefix}mon"]).rstrip("."))
        return YearMonth(int(groups[f"{prefix}y1"]), month)
    if groups.get(f"{prefix}y2"):
        return YearMonth(int(groups[f"{prefix}y2"]), int(groups[f"{prefix}mm"]))
    if groups.get(f"{prefix}y3"):
        return YearMonth(int(groups[f"{prefix}y3"]), int(groups[f"{prefix}mm3"]))
    if groups.get(f"{prefix}y4"):
        return YearMonth(int(groups[f"{prefix}y4"]))
    return None


def find_spans(text: str) -> tuple[DateSpan, ...]:
    """Date ranges in ``text``: "Jan 2020 – Mar 2022", "2019–2021", "depuis 2021", "2018"."""
    if not HAS_YEAR_RE.search(text):
        return ()
    return _find_spans_cached(text)


HAS_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=8192)
def _find_spans_cached(text: str) -> tuple[DateSpan, ...]:
    folded = fold(text)
    spans: list[DateSpan] = []
    for match in _SINCE_RE.finditer(folded):
        start = _date_from(match, "s")
        if start is not None:
            spans.append(DateSpan(start, None, True, match.start(), match.end()))
    taken = [(s.begin, s.finish) for s in spans]
    for match in _RANGE_RE.finditer(folded):
        if any(b <= match.start() < f for b, f in taken):
            continue
        start = _date_from(match, "s")
        if start is None:
            continue
        if match.group("now"):
            spans.append(DateSpan(start, None, True, match.start(), match.end()))
            continue
        end = _date_from(match, "e")
        if end is not None and end.months(end_of_year=True) < start.months():
            continue
        spans.append(DateSpan(start, end or start, False, match.start(), match.end()))
    spans.sort(key=lambda s: s.begin)
    return tuple(spans)


def between_spans(text: str) -> tuple[DateSpan, ...]:
    """Ranges written "between 2016 and 2018" ("entre 2016 y 2018"), as prose does.

    Kept apart from :func:`find_spans`: in a CV's sections such a phrase sits inside a job's
    description ("delivered between May 2016 and June 2017") and is no job of its own.
    """
    folded = fold(text)
    spans: list[DateSpan] = []
    for match in _BETWEEN_RE.finditer(folded):
        start, end = _date_from(match, "s"), _date_from(match, "e")
        if start is not None and end is not None and end.months(end_of_year=True) >= start.months():
            spans.append(DateSpan(start, end, False, match.start(), match.end()))
    return tuple(spans)


def month_interval(span: DateSpan, as_of: date) -> tuple[int, int]:
    """Half-open month interval [start, end) of a span.

    Months count inclusively; a year-only start is January and a year-only end December
    ("2019–2021" is 36 months), the convention of the held-out expectations.
    """
    start = span.start.months()
    if span.current:
        end = as_of.year * 12 + as_of.month
    elif span.end is None:
        end = start + 1
    elif span.end.month is not None:
        end = span.end.months() + 1
    else:
        end = span.end.year * 12 + 12
    return start, max(end, start + 1)
