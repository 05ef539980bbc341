"""Degrees from the education section: level, field, year, institution, in progress."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from matcher.cv.dates import HAS_YEAR_RE, find_spans
from matcher.cv.lines import clip, is_bullet, is_date_only, strip_bullet, word_count
from matcher.models import DEGREE_LEVELS, Degree, DegreeLevel, YearMonth
from matcher.vocab import find_degrees, fold

__all__ = ["INSTITUTION_RE", "degrees_in_sentence", "experience_cutoff", "parse_degrees"]

_IN_PROGRESS_RE = re.compile(
    r"\b(?:in progress|expected|ongoing|on-going|en cours|en curso|candidate|candidat"
    r"|candidata|candidato|currently enrolled|enrolled|anticipated|pending|forthcoming"
    r"|to be completed|pursuing|prevu|prevue|previsto|prevista|cursando|(?:1st|2nd|3rd|first"
    r"|second|third|final) year|present|current|actualidad|aujourd'hui|student|etudiant"
    r"|etudiante|estudiante|thesis to be submitted)\b"
)
INSTITUTION_RE = re.compile(
    r"\b(?:university|universite|universidad|universitat|universiteit|universita|universidade"
    r"|univ\.|institute|institut|instituto|college|school|ecole|escuela|academy|academie"
    r"|academia|sciences po|polytechnic|politecnico|hochschule|graduate institute|faculty"
    r"|faculte|facultad|centre|center|centro|iep|insead|lse|soas|hec|essec|conservatoire)\b"
)
_FIELD_LEAD_RE = re.compile(
    r"^(?:'?s\b|s\b)?\s*(?:\((?:[^)]{1,12})\)\s*)?(?:degree|diploma|diplome|titulo)?\s*"
    r"(?:\((?:[^)]{1,12})\)\s*)?(?:(?:universitari[oa]|oficial|officiel|professionnel"
    r"|candidate|candidat|candidata|candidato|student|studies|programme|program|\(c\))\s+)?",
    re.IGNORECASE,
)
_DEGREE_KIND_RE = re.compile(
    r"^\s*(?:of|in|en|de|es|in the field of)\s+(?P<kind>arts|science|sciences|laws?|philosophy"
    r"|business administration|public administration|public policy|public health|engineering"
    r"|education|fine arts|letters|lettres|artes|ciencias|derecho|commerce|social science"
    r"|social sciences|international affairs|development practice|research)\b"
    r"(?:\s*\([^)]{1,10}\))?",
    re.IGNORECASE,
)
_FIELD_PREP_RE = re.compile(
    r"^\s*(?:[,:\-\u2013\u2014]\s*)?(?:with (?:a )?(?:major|specialization|concentration) in"
    r"|in the field of|majoring in|major in|in|en|de|del|es|of|:)\s+",
    re.IGNORECASE,
)
_FIELD_STOP_RE = re.compile(
    r"\s*(?:[,;|(\u2013\u2014\[]|\s-\s|\s+(?:at|from|à|a la|à la|de la universidad|en la"
    r"|universit|université|universidad|institut|instituto|graduated|obtained|obtenu"
    r"|obtenido|with|avec|con|thesis|mémoire|tesis|\d{4})\b)",
    re.IGNORECASE,
)


def _degree_field(line: str, end: int) -> str | None:
    rest = line[end:]
    if rest[:1] == "-":
        # "Diplom-Volkswirt": a compound title, not "degree in <field>".
        return None
    rest = _FIELD_LEAD_RE.sub("", rest, count=1)
    kind_match = _DEGREE_KIND_RE.match(rest)
    kind: str | None = None
    if kind_match:
        kind = kind_match.group("kind")
        rest = rest[kind_match.end() :]
        if not _FIELD_PREP_RE.match(rest):
            generic = {
                "arts",
                "science",
                "sciences",
                "letters",
                "lettres",
                "artes",
                "ciencias",
                "research",
            }
            return None if kind.lower() in generic else kind.lower()
    prep = _FIELD_PREP_RE.match(rest)
    if prep:
        rest = rest[prep.end() :]
    elif kind is not None:
        return None
    rest = rest.lstrip(" ,:-\u2013\u2014")
    stop = _FIELD_STOP_RE.search(rest)
    candidate = (rest[: stop.start()] if stop else rest).strip(" .,:;-\u2013\u2014")
    if not candidate or word_count(candidate) == 0 or len(candidate.split()) > 10:
        return None
    if INSTITUTION_RE.search(fold(candidate)) or find_spans(candidate):
        return None
    return candidate.lower()


def _institution(lines: Sequence[str]) -> str | None:
    for line in lines:
        for part in re.split(r"\s*(?:[,;|(\u2013\u2014)]|\s-\s)\s*", line):
            if INSTITUTION_RE.search(fold(part)) and not find_degrees(part):
                cleaned = part.strip(" .:")
                if cleaned and not is_date_only(cleaned):
                    return cleaned
    return None


# Professional degree titles that name no "bachelor"/"licence" word but are first university
# degrees in Latin America and Spain ("Ingeniería Industrial", "Profesional en Ciencia
# Política", "Abogado", "Contadora Pública"), and the French "Ingénieur" (a five-year
# master-level diploma). Only read at the start of a line of an education section, where the
# words cannot be a job title in a sentence.
_TITLE_DEGREE_RE = re.compile(
    r"^(?:titulo (?:profesional |universitario )?(?:de |en )?)?(?P<es>ingenier[oa]s?\b|ingenieria\b"
    r"|profesional en\b|abogad[oa]\b|contador[a]? public[oa]\b|medic[oa] cirujan[oa]\b"
    r"|arquitect[oa]\b|economista\b|psicolog[oa]\b|odontolog[oa]\b|titulo profesional\b"
    r"|titulo universitario\b)|^(?P<fr>ingenieur\b|diplome d'ingenieur\b)"
)


def _education_degrees(line: str) -> list[tuple[DegreeLevel, int, int]]:
    """Degree mentions in one education-section line, professional titles included."""
    found = find_degrees(line)
    if found:
        return found
    stripped = strip_bullet(line)
    offset = len(line) - len(line.lstrip()) + (len(line.strip()) - len(stripped))
    match = _TITLE_DEGREE_RE.match(fold(stripped))
    if match is None:
        return []
    # A bare title is a degree only with a school or a year next to it on the same line.
    if not (INSTITUTION_RE.search(fold(stripped)) or HAS_YEAR_RE.search(stripped)):
        return []
    level: DegreeLevel = "bachelor" if match.group("es") else "master"
    return [(level, offset + match.start(), offset + match.end())]


def _entry_lead(lines: Sequence[str]) -> str | None:
    """What an education entry starts with, judged from the section's first entry line.

    Flattened layouts put every field on its own line, and a CV keeps one order for all its
    entries: "12/2010 / Bachelor of Arts / School" ("date") or "Master of Fine Arts / 2016 /
    School" ("degree"). Knowing which tells whose date a lone year line is.
    """
    for line in lines:
        if find_spans(line) and is_date_only(line):
            return "date"
        if _education_degrees(line):
            return "degree"
        if INSTITUTION_RE.search(fold(line)):
            return "institution"
    return None


def _education_blocks(lines: Sequence[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    has_degree = has_date = has_inst = False
    lead = _entry_lead(lines)
    for line in lines:
        degree = bool(_education_degrees(line))
        dated = bool(find_spans(line))
        inst = bool(INSTITUTION_RE.search(fold(line)))
        starts_new = current and (
            (degree and has_degree)
            or (has_degree and dated and has_date and not degree)
            or (has_degree and inst and has_inst and not is_bullet(line))
            # Date-led entries: a lone date opens the next entry (a certificate's, say).
            or (lead == "date" and dated and (has_date or has_degree) and is_date_only(line))
            # Degree-led entries: a degree line opens a new entry even after a dated
            # non-degree entry ("Certificate / 2006 / School / Bachelor of Science / 1980").
            or (lead == "degree" and degree and has_date)
        )
        if starts_new:
            blocks.append(current)
            current, has_degree, has_date, has_inst = [], False, False, False
        current.append(line)
        has_degree = has_degree or degree
        has_date = has_date or dated
        has_inst = has_inst or inst
    if current:
        blocks.append(current)
    return blocks


def _degree_from_block(block: Sequence[str], as_of: date) -> tuple[Degree, YearMonth | None] | None:
    """The degree a block names, with its completion date (None when the block has no date)."""
    degree_line = next((ln for ln in block if _education_degrees(ln)), None)
    if degree_line is None:
        return None
    mentions = _education_degrees(degree_line)
    level: DegreeLevel = max((m[0] for m in mentions), key=DEGREE_LEVELS.index)
    mention = next(m for m in mentions if m[0] == level)
    text = " ".join(strip_bullet(ln) for ln in block)
    spans = [s for ln in block for s in find_spans(ln)]
    year: int | None = None
    latest: YearMonth | None = None
    in_progress = bool(_IN_PROGRESS_RE.search(fold(text)))
    if spans:
        ends = [s.end for s in spans if s.end is not None]
        if any(s.current for s in spans):
            in_progress = True
        if ends:
            latest = max(ends, key=lambda ym: ym.months(end_of_year=True))
            year = latest.year
            if latest.year > as_of.year or (
                latest.year == as_of.year
                and latest.month is not None
                and latest.month > as_of.month
            ):
                in_progress = True
    degree = Degree(
        level=level,
        field=_degree_field(degree_line, mention[2]),
        year=year,
        institution=_institution(block),
        in_progress=in_progress,
        text=clip(text),
    )
    return degree, latest


_LIST_SEPARATOR_RE = re.compile(r"\s*(?:[;|\u2022\u00b7])\s*")


def _split_degree_list(line: str) -> list[str]:
    """A line listing several degrees, one per piece: "MA X (2021) | BA Y (2019)".

    Half-page CVs put the whole education on one line; each piece that names a degree is an
    entry of its own. A line with one degree ("BA and MA in Law") stays whole.
    """
    pieces = [p for p in _LIST_SEPARATOR_RE.split(line) if p.strip()]
    if len(pieces) < 2 or sum(1 for p in pieces if _education_degrees(p)) < 2:
        return [line]
    merged: list[str] = []
    for piece in pieces:
        if merged and not _education_degrees(piece):
            merged[-1] = f"{merged[-1]}; {piece}"  # a school or a year of the same degree
        else:
            merged.append(piece)
    return merged


def degrees_in_sentence(sentence: str, as_of: date) -> list[tuple[Degree, YearMonth | None]]:
    """Each degree a prose sentence names, read from its mention to the next one's.

    "She holds a Master of Public Health from the University of Cape Town (2016) and a
    Bachelor of Science in Biochemistry from the University of Ghana (2014)" gives two
    degrees, each with its own school and year.
    """
    mentions: list[tuple[str, int, int]] = []
    for level, start, end in _education_degrees(sentence):
        if mentions and mentions[-1][0] == level and not sentence[mentions[-1][2] : start].strip():
            # "a Bachelor's degree in Nutrition": two words naming one degree.
            mentions[-1] = (level, mentions[-1][1], end)
        else:
            mentions.append((level, start, end))
    found: list[tuple[Degree, YearMonth | None]] = []
    for i, (_, start, _) in enumerate(mentions):
        end = mentions[i + 1][1] if i + 1 < len(mentions) else len(sentence)
        degree = _degree_from_block([sentence[start:end]], as_of)
        if degree is not None:
            found.append(degree)
    return found


def parse_degrees(lines: Sequence[str], as_of: date) -> list[tuple[Degree, YearMonth | None]]:
    """Degrees with their completion dates, in document order, without duplicates."""
    degrees: list[tuple[Degree, YearMonth | None]] = []
    lines = [piece for line in lines for piece in _split_degree_list(line)]
    for block in _education_blocks(lines):
        found = _degree_from_block(block, as_of)
        if found is not None and all(found[0] != d for d, _ in degrees):
            degrees.append(found)
    return degrees


def experience_cutoff(degrees: Sequence[tuple[Degree, YearMonth | None]]) -> int | None:
    """First month that counts as experience: after the first held university degree.

    With a month ("June 2025") the count starts the month after; with a year only, in January
    of that year, because jobs started in the graduation year are nearly always after it.
    """
    held = [
        (ym.months() + 1) if ym is not None and ym.month is not None else d.year * 12
        for d, ym in degrees
        if d.year is not None and not d.in_progress
    ]
    return min(held) if held else None
