"""Numbers, years and durations as ToRs write them (digits or words; English, French, Spanish)."""

from __future__ import annotations

import re

from matcher.vocab import fold

__all__ = ["DURATION_RE", "NUMBER_PATTERN", "NUMBER_WORDS", "YEARS_RE", "parse_duration_months",
           "parse_number"]

NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("one", "un", "une", "uno", "una", "a", "an"), 1),
    **dict.fromkeys(("two", "deux", "dos"), 2),
    **dict.fromkeys(("three", "trois", "tres"), 3),
    **dict.fromkeys(("four", "quatre", "cuatro"), 4),
    **dict.fromkeys(("five", "cinq", "cinco"), 5),
    **dict.fromkeys(("six", "seis"), 6),
    **dict.fromkeys(("seven", "sept", "siete"), 7),
    **dict.fromkeys(("eight", "huit", "ocho"), 8),
    **dict.fromkeys(("nine", "neuf", "nueve"), 9),
    **dict.fromkeys(("ten", "dix", "diez"), 10),
    **dict.fromkeys(("eleven", "onze", "once"), 11),
    **dict.fromkeys(("twelve", "douze", "doce"), 12),
    **dict.fromkeys(("eighteen", "dix-huit", "dieciocho"), 18),
    **dict.fromkeys(("twenty-four", "vingt-quatre", "veinticuatro"), 24),
}
NUMBER_PATTERN = (
    # "At least [2] years": a template's placeholder left filled in, brackets and all;
    # "combined with (2) additional years": the figure in parentheses, the word left out;
    # "Niveau d'études3 ans": a page glued a heading to the figure after it.
    r"(?:(?<![\w-])|(?<=[a-z]{3})(?=\d))[\[(]?(?P<num>\d{1,2}(?:[.,]5)?|"
    + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
    + r")[\])]?"
)
YEARS_RE = re.compile(
    NUMBER_PATTERN + r"\s*(?:\(\s*\d{1,2}\s*\)\s*)?(?:\+\s*)?(?:(?:-|to|a)\s*\d{1,2}\s*)?"
    r"(?:or more\s+)?[- ]?"
    r"(?:(?:additional|further|more|extra|full|complete|supplementary|relevant)\s+)?"
    # "At least 1 yearof relevant work experience": a page lost the space after the unit.
    r"(?P<unit>years?|yrs?|ans?|annees?|anos?)(?:\b|(?=of\b))",
)
DURATION_RE = re.compile(
    r"(?<![\w-])(?P<num>\d{1,2}|"
    + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
    + r")\s*(?:\(\s*\d{1,2}\s*\)\s*)?[- ]?(?P<unit>years?|yrs?|months?|ans?|annees?|mois"
    r"|anos?|meses?)\b"
)


def parse_number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def parse_duration_months(text: str) -> int | None:
    """Months of the first duration stated in ``text`` ("2 years" → 24, "six months" → 6).

    Args:
        text: A duration value ("1 year (with possible extension for another year)").

    Returns:
        Whole months, or None when ``text`` states no duration.
    """
    match = DURATION_RE.search(fold(text))
    if match is None:
        return None
    number = parse_number(match.group("num"))
    if number is None or number <= 0:
        return None
    unit = match.group("unit")
    months = number if unit.startswith(("month", "mois", "mes")) else number * 12
    return int(round(months)) if 0 < months <= 120 else None

