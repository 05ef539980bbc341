"""CV parsing: plain text in, a :class:`~matcher.models.Candidate` out.

The parser finds sections by the meaning of their headings (English, French, Spanish), then
reads each section with its own rules: degrees from education, dated jobs from experience,
languages from the languages section (plus "native speaker of X" anywhere), nationality only
from explicit statements. Unknown stays unknown (docs/architecture.md): a CV without a languages
section gets no languages, never a guess; nationality is never inferred from an address.

Two-column layouts (text extracted from PDFs) are handled by splitting each line at wide gaps
into cells and giving each cell the section of the nearest heading above it in its column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from matcher.errors import EmptyDocumentError
from matcher.models import (
    DEGREE_LEVELS,
    Candidate,
    Degree,
    DegreeLevel,
    ExperienceEntry,
    LanguageSkill,
    YearMonth,
)
from matcher.text import normalize_text, normalized_content_id, split_sentences
from matcher.vocab import (
    country_code,
    cv_language_level,
    find_degrees,
    find_languages,
    fold,
)

__all__ = ["MAX_CHUNKS", "parse_cv"]

#: At most this many chunks are kept per CV, after duplicates and chunks of fewer than three
#: words are dropped: every chunk is encoded, so this bounds the work one document can cost
#: (docs/reliability.md item 26). Real CVs stay well below it: 2,483 livecareer resumes have a
#: median of 52 chunks and a maximum of 228 (a 35 KB text); the 72 CVs of eval/data/cvs at most
#: 46. A 200 KB text would give about 1,600.
MAX_CHUNKS = 256

# --------------------------------------------------------------------------- sections

# Section kind -> folded heading phrases (a heading is one of these, possibly followed by a
# few more words: "Education and training", "Professional experience (selected)").
_HEADINGS: dict[str, tuple[str, ...]] = {
    "education": (
        "education",
        "academic background",
        "academic qualifications",
        "academic record",
        "academic history",
        "educational background",
        "academic education",
        "academic training",
        "university education",
        "degrees",
        "qualifications",
        "education and training",
        "educational qualifications",
        "diplomes et formations",
        "formation et diplomes",
        "estudios realizados",
        "datos academicos",
        "formation",
        "formation academique",
        "formation universitaire",
        "etudes",
        "etudes universitaires",
        "parcours academique",
        "parcours universitaire",
        "diplomes",
        "cursus",
        "formacion",
        "formacion academica",
        "formacion universitaria",
        "educacion",
        "estudios",
        "estudios universitarios",
        "titulos",
        "titulacion",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "employment record",
        "work history",
        "career history",
        "career",
        "relevant experience",
        "relevant professional experience",
        "professional background",
        "internships",
        "internship",
        "internship experience",
        "field experience",
        "un experience",
        "international experience",
        "research experience",
        "teaching experience",
        "consultancies",
        "experience professionnelle",
        "experiences professionnelles",
        "experiences",
        "parcours professionnel",
        "stages",
        "emplois",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "experiencias",
        "trayectoria profesional",
        "trayectoria laboral",
        "practicas",
        "historial laboral",
        "work and internship experience",
        "professional history",
    ),
    "languages": (
        "languages",
        "language",
        "language skills",
        "language proficiency",
        "foreign languages",
        "linguistic skills",
        "languages spoken",
        "langues",
        "langue",
        "langues parlees",
        "competences linguistiques",
        "langues etrangeres",
        "idiomas",
        "idioma",
        "lenguas",
        "conocimientos linguisticos",
        "competencias linguisticas",
        "lenguas extranjeras",
    ),
    "skills": (
        "skills",
        "key skills",
        "core skills",
        "technical skills",
        "it skills",
        "computer skills",
        "digital skills",
        "competencies",
        "core competencies",
        "competences",
        "competences cles",
        "competences informatiques",
        "informatique",
        "habilidades",
        "competencias",
        "conocimientos informaticos",
        "informatica",
        "aptitudes",
        "additional skills",
        "other skills",
        "soft skills",
        # Flattened resumes (PDF/DOCX exports) use these for keyword lists.
        "highlights",
        "skill highlights",
        "skills highlights",
        "core qualifications",
        "key qualifications",
        "summary of skills",
        "skills summary",
        "core strengths",
        "strengths",
        "areas of expertise",
        "expertise",
        "abilities",
        "competences techniques",
        "habilidades y competencias",
        "conocimientos",
    ),
    "publications": (
        "publications",
        "selected publications",
        "research and publications",
        "publicaciones",
        "articles",
        "research",
        "presentations",
        "conferences",
    ),
    "interests": (
        "interests",
        "hobbies",
        "personal interests",
        "activities",
        "centres d'interet",
        "centres d'interets",
        "loisirs",
        "intereses",
        "aficiones",
        "pasatiempos",
    ),
    "personal": (
        "personal details",
        "personal information",
        "personal data",
        "personal",
        "contact",
        "contact details",
        "contact information",
        "contacts",
        "informations personnelles",
        "etat civil",
        "coordonnees",
        "renseignements personnels",
        "datos personales",
        "informacion personal",
        "datos de contacto",
        "contacto",
    ),
    "profile": (
        "profile",
        "summary",
        "professional summary",
        "professional profile",
        "career summary",
        "about me",
        "objective",
        "career objective",
        "personal statement",
        "executive summary",
        "profil",
        "profil professionnel",
        "resume",
        "a propos",
        "objectif",
        "perfil",
        "perfil profesional",
        "resumen",
        "resumen profesional",
        "objetivo",
        "sobre mi",
        "career overview",
        "career focus",
        "executive profile",
        "personal profile",
        "overview",
        "professional overview",
        "summary of qualifications",
        "qualifications summary",
    ),
    "volunteering": (
        "volunteering",
        "volunteer experience",
        "volunteer work",
        "voluntary work",
        "voluntary experience",
        "volunteer activities",
        "community service",
        "benevolat",
        "engagement associatif",
        "engagements",
        "activites benevoles",
        "voluntariado",
        "experiencia de voluntariado",
        "extracurricular activities",
    ),
    "training": (
        "training",
        "trainings",
        "certifications",
        "certificates",
        "courses",
        "professional development",
        "additional training",
        "training and certifications",
        "formations complementaires",
        "formation continue",
        "certificats",
        "cursos",
        "certificaciones",
        "formacion complementaria",
        "cursos y certificaciones",
        "certification",
        "licenses",
        "licenses and certifications",
        "certifications and licenses",
    ),
    "awards": (
        "awards",
        "honours",
        "honors",
        "awards and honours",
        "scholarships",
        "distinctions",
        "prix",
        "bourses",
        "premios",
        "becas",
        "reconocimientos",
        "accomplishments",
        "core accomplishments",
        "achievements",
        "key achievements",
        "activities and honors",
        "honors and awards",
        "awards and recognition",
        "realisations",
        "logros",
    ),
    "references": ("references", "referees", "references available", "referencias"),
    "nationality": (
        "nationality",
        "nationalities",
        "citizenship",
        "nationalite",
        "nacionalidad",
        "ciudadania",
        "citoyennete",
    ),
    "other": (
        "additional information",
        "other information",
        "other",
        "miscellaneous",
        "informations complementaires",
        "divers",
        "autres",
        "otros",
        "informacion adicional",
        "memberships",
        "affiliations",
        "professional affiliations",
        "professional memberships",
        "projects",
    ),
}

_HEADING_RE = re.compile(
    r"^(?P<head>"
    + "|".join(
        re.escape(h).replace(r"\ ", r"\s+")
        for h in sorted({h for hs in _HEADINGS.values() for h in hs}, key=lambda h: -len(h))
    )
    + r")\b(?P<rest>.*)$"
)
_HEADING_KIND = {h: kind for kind, hs in _HEADINGS.items() for h in hs}
_UNDERLINE_RE = re.compile(r"^\s*[=\-_~*#.\u2500\u2501\u2014\u2013]{3,}\s*$")
_BULLET_RE = re.compile(
    r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u25a0\u25a1\u27a2\u27a4\u2023\u2043\u2219\u00b7"
    r"\u25ba\u25b6\u2713\u2714\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\s*"
    # ASCII markers and letters need a space after them: "-5%", "of", ">50" are not bullets.
    r"|[-\u2013\u2014*>o]\s+|\(?[0-9]{1,2}[.)]\s+|\(?[a-z][.)]\s+)"
)
_CELL_GAP_RE = re.compile(r"\t+|\s{3,}")
_LANGUAGE_HEAD_WORD = re.compile(r"\b(?:languages?|langues?|idiomas?|lenguas?|linguisti)")


@dataclass(slots=True)
class _Line:
    """One cell of one physical line, with the section it belongs to."""

    text: str
    section: str
    row: int
    heading: bool = False


# Kinds whose "Key: value" lines are single facts: they do not open a section.
_KEY_VALUE_KINDS = frozenset({"nationality", "personal", "references"})


def _strip_heading_decoration(cell: str) -> str:
    text = cell.strip().strip("#*=_~|:").strip()
    text = re.sub(r"^(?:[0-9]{1,2}|[ivxIVX]{1,4})[.)]\s+", "", text)
    return text.rstrip(":").strip()


# Unknown all-caps lines inside these sections are content (a job title, "BS", "GPA 3.0",
# "USA" in a flattened resume), not the start of a new section.
_CONTENT_SECTIONS = frozenset({"education", "experience", "languages"})
# Words after a heading phrase that keep it a heading without any marking:
# "Education and Training", "Skills & Abilities", "Work History".
_HEADING_TAIL_RE = re.compile(r"^(?:and|&|et|y|/|,)\s+(?P<tail>.+)$")


def _caps_lead(raw: str) -> tuple[str, str] | None:
    """(kind, inline) for an all-caps heading run into content: "EDUCATION 2017 - 2019 | X"."""
    words = raw.split()
    if raw.isupper() or len(words) < 2 or not words[0].isupper():
        return None
    caps = 0
    while caps < min(len(words), 5) and (words[caps].isupper() or words[caps] in "&/"):
        caps += 1
    for size in range(min(caps, len(words) - 1), 0, -1):
        head = " ".join(fold(" ".join(words[:size])).replace("&", "and").strip(":|-").split())
        kind = _HEADING_KIND.get(head)
        nxt = words[size]
        if (
            kind is None
            or (nxt.isupper() and not re.match(r"[\d(|:\-\u2013]", nxt))
            or nxt.islower()
        ):
            # "EDUCATION and TRAINING" is a two-part heading, read by the normal rules.
            continue
        # The content starts right after the heading words in the original line.
        pos = 0
        for word in words[:size]:
            pos = raw.index(word, pos) + len(word)
        return kind, raw[pos:].strip(" :|-\u2013")
    return None


def _unknown_caps_heading(text: str, current: str) -> bool:
    """True if an all-caps line no vocabulary knows still looks like a section heading."""
    if current in _CONTENT_SECTIONS or len(text.split()) > 4:
        return False
    letters = sum(c.isalpha() for c in text)
    if letters < 4 or re.search(r"\d", text):
        return False
    folded = fold(text)
    # Degree abbreviations, countries and job titles are entries, not headings.
    return not (
        find_degrees(text)
        or country_code(text) is not None
        or _TITLE_RE.search(folded)
        or re.search(r"\bgpa\b", folded)
    )


def _heading_kind(
    cell: str, *, underlined: bool, seen_heading: bool = True, current: str = "header"
) -> tuple[str, str] | None:
    """(section kind, inline content) if ``cell`` is a section heading, else None.

    ``current`` is the section the cell would otherwise belong to: unknown all-caps lines
    open a section only outside education/experience/languages.
    """
    raw = cell.strip()
    if not raw or len(raw) > 300:
        return None
    lead = _caps_lead(raw)
    if lead is not None:
        return lead
    if len(raw) > 80:
        return None
    inline = ""
    body = raw
    colon = re.match(r"^([^:]{2,50}):\s*(.*)$", raw)
    if colon:
        body, inline = colon.group(1), colon.group(2).strip()
    text = _strip_heading_decoration(body)
    if not text or len(text.split()) > 6 or re.search(r"\d{3,}|@", text):
        return None
    folded = " ".join(fold(text).replace("&", "and").split())
    match = _HEADING_RE.match(folded)
    marked = bool(colon) or underlined or text.isupper() or raw.startswith("#")
    if match is None:
        # An unknown all-caps line is a heading only once the CV has shown known headings:
        # above them it is usually the candidate's name.
        caps = (
            seen_heading and text.isupper() and not colon and _unknown_caps_heading(text, current)
        )
        if underlined or caps:
            return ("other", inline)
        return None
    rest = match.group("rest").strip(" ()-/")
    if rest and not marked:
        tail = _HEADING_TAIL_RE.match(rest)
        # "Education and Training": the words after the connector are a heading too.
        if tail is None or not _HEADING_RE.fullmatch(tail.group("tail").strip(" ()-/")):
            return None
    elif rest and len(rest.split()) > 4:
        return None
    if inline and not colon:
        return None
    kind = _HEADING_KIND[" ".join(match.group("head").split())]
    if kind != "languages" and _LANGUAGE_HEAD_WORD.search(folded):
        # "Skills and languages": the language lines are what later checks need.
        kind = "languages"
    return (kind, inline)


# UTF-8 read as Windows-1252 ("Ã©" for "é", "â€™" for "’", "Â " for a no-break space), a
# common defect of text exported from web forms and old converters. Each character of the
# misread text stands for one byte; a lead byte plus its continuation bytes decode back.
_CP1252_BYTE = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CONT_CHARS = "".join(sorted(_CP1252_BYTE)) + "".join(chr(b) for b in range(0xA0, 0xC0))
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00df][" + _CONT_CHARS + "]"
    "|[\u00e0-\u00ef][" + _CONT_CHARS + "]{2}"
    "|[\u00f0-\u00f4][" + _CONT_CHARS + "]{3}"
)
# Only text that shows unmistakable mojibake is repaired: "Ã©", "â€", "Â " never occur in
# correct text, whereas a lone "É”" can ("CAFÉ”").
_MOJIBAKE_HINT_RE = re.compile(
    "\u00c3[" + _CONT_CHARS + "]|\u00e2\u20ac|\u00c2[\\s" + _CONT_CHARS + "]|\u00ef\u00bc"
)
# What is left of sequences whose last byte was lost: "Â" before a space, "â—", "ï¼".
_MOJIBAKE_LEFTOVER_RE = re.compile(
    "\u00c2(?=\\s|$)|\u00ef\u00bc|[\u00e2\u00ef][" + _CONT_CHARS + "](?=\\s|$)"
)


def _mojibake_char(match: re.Match[str]) -> str:
    raw = bytes(_CP1252_BYTE.get(ch, ord(ch)) for ch in match.group(0))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def _repair_mojibake(text: str) -> str:
    if not _MOJIBAKE_HINT_RE.search(text):
        return text
    text = _MOJIBAKE_RE.sub(_mojibake_char, text)
    # A truncated full-width dash ("ï¼", U+FF0D whose last byte was lost) separates dates
    # and names; keep it as a dash so "02/2013 ï¼ 08/2015" stays a range.
    text = text.replace("\u00ef\u00bc", " - ")
    return _MOJIBAKE_LEFTOVER_RE.sub(" ", text)


def _clean_raw(text: str) -> str:
    text = unicodedata.normalize("NFKC", _repair_mojibake(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff\u00ad]", "", text)
    return text.replace("\u00a0", " ")


def _split_cells(line: str) -> list[tuple[int, str]]:
    cells: list[tuple[int, str]] = []
    pos = 0
    for piece in _CELL_GAP_RE.split(line):
        start = line.find(piece, pos) if piece else pos
        pos = start + len(piece)
        if piece.strip():
            cells.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
    return cells


_MAX_LINE = 2000


def _sectioned_lines(raw: str) -> list[_Line]:
    """Every non-empty cell in document order, tagged with its section."""
    # Pathological lines (no breaks for kilobytes) are cut so that every per-line rule stays
    # linear in the document size.
    physical = [
        line[i : i + _MAX_LINE]
        for line in _clean_raw(raw).split("\n")
        for i in range(0, max(len(line), 1), _MAX_LINE)
    ]
    lines: list[_Line] = []
    columns: dict[int, str] = {0: "header"}
    seen_heading = False
    for row, line in enumerate(physical):
        if not line.strip() or _UNDERLINE_RE.match(line):
            continue
        underlined = row + 1 < len(physical) and bool(_UNDERLINE_RE.match(physical[row + 1]))
        cells = _split_cells(line.expandtabs(8) if "\t" in line else line)
        if not cells:
            continue
        for offset, cell in cells:
            column = max((c for c in columns if c <= offset + 2), default=0)
            found = _heading_kind(
                cell,
                underlined=underlined and len(cells) == 1,
                seen_heading=seen_heading,
                current=columns.get(column, "header"),
            )
            if found is not None:
                kind, inline = found
                seen_heading = True
                if inline and kind in _KEY_VALUE_KINDS:
                    # "Nationality: German" is one personal-data line, not a new section.
                    lines.append(_Line(cell, kind, row, heading=True))
                    lines.append(_Line(inline, kind, row))
                    continue
                if len(cells) == 1 and offset < 10:
                    # A full-width heading ends any side column that was open.
                    columns = {0: kind}
                else:
                    columns[offset] = kind
                lines.append(_Line(cell, kind, row, heading=True))
                if inline:
                    lines.append(_Line(inline, kind, row))
                continue
            column = max((c for c in columns if c <= offset + 2), default=0)
            lines.append(_Line(cell, columns.get(column, "header"), row))
    return lines


# --------------------------------------------------------------------------- dates

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

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = (
    rf"(?:(?:(?P<{{p}}mon>{_MONTH_ALT})\.?,?\s*(?:de\s+|del\s+)?(?P<{{p}}y1>{_YEAR}))"
    rf"|(?:(?P<{{p}}mm>0?[1-9]|1[0-2])\s*[/.-]\s*(?P<{{p}}y2>{_YEAR}))"
    rf"|(?:(?P<{{p}}y3>{_YEAR})\s*[/.-]\s*(?P<{{p}}mm3>0[1-9]|1[0-2])(?![0-9]))"
    rf"|(?P<{{p}}y4>{_YEAR}))"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|to\s+date|today|ongoing|date|aujourd'hui|ce\s+jour"
    r"|present|en\s+cours|actuel(?:lement)?|maintenant|actualidad|presente|la\s+fecha|hoy"
    r"|actualmente|la\s+actualidad|en\s+curso|a\s+la\s+fecha|a\s+la\s+actualidad"
    r"|hasta\s+la\s+fecha|hasta\s+hoy|a\s+ce\s+jour|jusqu'a\s+present)"
)
_PRESENT_RE = re.compile(rf"\s*{_PRESENT}\s*\.?")
_RANGE_SEP = r"\s*(?:-{1,2}|–|—|to|until|till|through|a|au|à|hasta|al|>|/)\s*"
_RANGE_RE = re.compile(
    rf"(?<![\w/.])(?:from\s+|de\s+|desde\s+|du\s+)?{_DATE.format(p='s')}"
    rf"(?:{_RANGE_SEP}(?:(?P<now>{_PRESENT})\b|{_DATE.format(p='e')}))?(?![\w])"
)
_SINCE_RE = re.compile(
    rf"(?<![\w])(?:since|depuis|desde|from|a\s+partir\s+de)\s+{_DATE.format(p='s')}"
    # "from 2013 to 2015" is a closed range, not "since 2013".
    rf"(?!{_RANGE_SEP}(?:\d|{_PRESENT}|(?:{_MONTH_ALT})\b))"
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: YearMonth
    end: YearMonth | None
    current: bool
    begin: int
    finish: int


def _date_from(match: re.Match[str], prefix: str) -> YearMonth | None:
    groups = match.groupdict()
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


def _find_spans(text: str) -> tuple[_Span, ...]:
    """Date ranges in ``text``: "Jan 2020 – Mar 2022", "2019–2021", "depuis 2021", "2018"."""
    if not _HAS_YEAR_RE.search(text):
        return ()
    return _find_spans_cached(text)


_HAS_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=8192)
def _find_spans_cached(text: str) -> tuple[_Span, ...]:
    folded = fold(text)
    spans: list[_Span] = []
    for match in _SINCE_RE.finditer(folded):
        start = _date_from(match, "s")
        if start is not None:
            spans.append(_Span(start, None, True, match.start(), match.end()))
    taken = [(s.begin, s.finish) for s in spans]
    for match in _RANGE_RE.finditer(folded):
        if any(b <= match.start() < f for b, f in taken):
            continue
        start = _date_from(match, "s")
        if start is None:
            continue
        if match.group("now"):
            spans.append(_Span(start, None, True, match.start(), match.end()))
            continue
        end = _date_from(match, "e")
        if end is not None and end.months(end_of_year=True) < start.months():
            continue
        spans.append(_Span(start, end or start, False, match.start(), match.end()))
    spans.sort(key=lambda s: s.begin)
    return tuple(spans)


def _interval(span: _Span, as_of: date) -> tuple[int, int]:
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


# --------------------------------------------------------------------------- helpers

_CONTACT_RE = re.compile(
    r"\b(?:tel|tél|phone|mobile|cell|e-?mail|courriel|correo|telefono|teléfono|móvil|movil"
    r"|portable|address|adresse|dirección|direccion|domicilio|date of birth|born|né[e]? le"
    r"|fecha de nacimiento|lugar de nacimiento|place of birth|lieu de naissance|marital status"
    r"|état civil|estado civil|gender|sexe|sexo|civil status|nationality|nationalité"
    r"|nacionalidad|citizenship|citoyenneté|ciudadanía|passport|passeport|pasaporte"
    r"|dob|d\.o\.b|age|âge|edad|visa)\b\s*[:.]",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;:]$")


# Bounded repeats: an unbounded "\S+@" is quadratic on a 200 kB line without spaces.
_EMAIL_URL_RE = re.compile(
    r"[\w.+-]{1,64}@[\w-]{1,63}\.\w|https?://|www\.|linkedin\.|github\.com|\bskype\b", re.I
)
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")


def _is_contact(text: str) -> bool:
    """Emails, URLs, phone numbers and personal-data "key: value" lines."""
    if _EMAIL_URL_RE.search(text) or _CONTACT_RE.search(text):
        return True
    undated = text
    for span in reversed(_find_spans(text)):
        undated = undated[: span.begin] + " " + undated[span.finish :]
    return any(sum(c.isdigit() for c in m.group(0)) >= 8 for m in _PHONE_RE.finditer(undated))


def _strip_bullet(text: str) -> str:
    return _BULLET_RE.sub("", text, count=1).strip()


def _is_bullet(text: str) -> bool:
    return bool(_BULLET_RE.match(text)) and not re.match(r"^\s*\d{1,2}[.)]\s*\d", text)


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", text))


def _is_date_only(text: str) -> bool:
    rest = text
    for span in reversed(_find_spans(text)):
        rest = rest[: span.begin] + " " + rest[span.finish :]
    return _word_count(rest) == 0


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# --------------------------------------------------------------------------- education

_IN_PROGRESS_RE = re.compile(
    r"\b(?:in progress|expected|ongoing|on-going|en cours|en curso|candidate|candidat"
    r"|candidata|candidato|currently enrolled|enrolled|anticipated|pending|forthcoming"
    r"|to be completed|pursuing|prevu|prevue|previsto|prevista|cursando|(?:1st|2nd|3rd|first"
    r"|second|third|final) year|present|current|actualidad|aujourd'hui|student|etudiant"
    r"|etudiante|estudiante|thesis to be submitted)\b"
)
_INSTITUTION_RE = re.compile(
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
    if not candidate or _word_count(candidate) == 0 or len(candidate.split()) > 10:
        return None
    if _INSTITUTION_RE.search(fold(candidate)) or _find_spans(candidate):
        return None
    return candidate.lower()


def _institution(lines: Sequence[str]) -> str | None:
    for line in lines:
        for part in re.split(r"\s*(?:[,;|(\u2013\u2014)]|\s-\s)\s*", line):
            if _INSTITUTION_RE.search(fold(part)) and not find_degrees(part):
                cleaned = part.strip(" .:")
                if cleaned and not _is_date_only(cleaned):
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
    stripped = _strip_bullet(line)
    offset = len(line) - len(line.lstrip()) + (len(line.strip()) - len(stripped))
    match = _TITLE_DEGREE_RE.match(fold(stripped))
    if match is None:
        return []
    # A bare title is a degree only with a school or a year next to it on the same line.
    if not (_INSTITUTION_RE.search(fold(stripped)) or _HAS_YEAR_RE.search(stripped)):
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
        if _find_spans(line) and _is_date_only(line):
            return "date"
        if _education_degrees(line):
            return "degree"
        if _INSTITUTION_RE.search(fold(line)):
            return "institution"
    return None


def _education_blocks(lines: Sequence[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    has_degree = has_date = has_inst = False
    lead = _entry_lead(lines)
    for line in lines:
        degree = bool(_education_degrees(line))
        dated = bool(_find_spans(line))
        inst = bool(_INSTITUTION_RE.search(fold(line)))
        starts_new = current and (
            (degree and has_degree)
            or (has_degree and dated and has_date and not degree)
            or (has_degree and inst and has_inst and not _is_bullet(line))
            # Date-led entries: a lone date opens the next entry (a certificate's, say).
            or (lead == "date" and dated and (has_date or has_degree) and _is_date_only(line))
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
    text = " ".join(_strip_bullet(ln) for ln in block)
    spans = [s for ln in block for s in _find_spans(ln)]
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
        text=_clip(text),
    )
    return degree, latest


def _parse_degrees(lines: Sequence[str], as_of: date) -> list[tuple[Degree, YearMonth | None]]:
    """Degrees with their completion dates, in document order, without duplicates."""
    degrees: list[tuple[Degree, YearMonth | None]] = []
    for block in _education_blocks(lines):
        found = _degree_from_block(block, as_of)
        if found is not None and all(found[0] != d for d, _ in degrees):
            degrees.append(found)
    return degrees


def _experience_cutoff(degrees: Sequence[tuple[Degree, YearMonth | None]]) -> int | None:
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


# --------------------------------------------------------------------------- experience

_TITLE_RE = re.compile(
    r"\b(?:officer|assistant|intern|internship|trainee|consultant|analyst|coordinator"
    r"|co-ordinator|manager|associate|advis[eo]r|researcher|research fellow|specialist"
    r"|director|head|lead|expert|fellow|teacher|lecturer|professor|volunteer|engineer"
    r"|economist|lawyer|attorney|clerk|secretary|representative|delegate|programme"
    r"|program|project|stagiaire|stage|charge|chargee|responsable|assistante|conseiller"
    r"|conseillere|chef|directeur|directrice|chercheur|chercheuse|benevole|juriste"
    r"|asistente|pasante|practicante|coordinador|coordinadora|oficial|consultor|consultora"
    r"|becario|becaria|tecnico|tecnica|asesor|asesora|investigador|investigadora|voluntario"
    r"|voluntaria|jefe|jefa|gerente|abogado|abogada|especialista|analista|profesor"
    r"|profesora|administrator|administrateur|editor|journalist|writer|translator"
    r"|interpreter|facilitator|monitor|supervisor|team leader|founder|co-founder|ceo"
    r"|developer|scientist|statistician|policy|accountant|auditor|nurse|technician|cashier"
    r"|agent|designer|architect|planner|inspector|executive|instructor|tutor|trainer"
    r"|comptable|enseignant|enseignante|ingenieur|contador|contadora|docente|maestro"
    r"|maestra|ingeniero|ingeniera|coordonnateur|coordonnatrice|gestionnaire|charge de)\b"
)
_ORG_RE = re.compile(
    r"\b(?:united nations|un|undp|unicef|unhcr|unfpa|wfp|who|fao|ilo|iom|unesco|unep|ocha"
    r"|ohchr|unwomen|un women|unops|unido|unctad|unodc|unaids|world bank|imf|oecd|eu"
    r"|european|ministry|ministere|ministerio|bank|banque|banco|agency|agence|agencia"
    r"|organization|organisation|organizacion|office|bureau|oficina|ngo|ong|foundation"
    r"|fondation|fundacion|embassy|ambassade|embajada|institute|institut|instituto"
    r"|university|universite|universidad|company|ltd|gmbh|inc|s\.a\.|council|conseil"
    r"|consejo|commission|comision|committee|comite|secretariat|mission|delegation|red cross"
    r"|croix-rouge|cruz roja|government|gouvernement|gobierno|association|asociacion"
    r"|centre|center|centro|fund|fonds|fondo|network|reseau|red|society|group|groupe|grupo"
    r"|corporation|consulting|partners|ambassade|parliament|parlement|parlamento|court"
    r"|tribunal|giz|usaid|oxfam|care|msf|save the children|plan international|think tank)\b"
)
_PART_SPLIT_RE = re.compile(r"\s*(?:[,;|\u2013\u2014/]|\s-\s|\s+(?:at|chez|@|en la|en el)\s+)\s*")


def _balanced(part: str) -> str:
    """Trim unmatched brackets: "Agency (KOICA" -> "Agency (KOICA)", "(Geneva" -> "Geneva"."""
    part = part.strip()
    if part.count("(") > part.count(")"):
        part = part + ")" if "(" in part[1:] else part.lstrip("(")
    elif part.count(")") > part.count("("):
        part = part.rstrip(")") if part.endswith(")") else part
    return part.strip(" ()") if part.startswith("(") and part.endswith(")") else part


def _title_and_org(header: str) -> tuple[str | None, str | None]:
    text = header
    for span in reversed(_find_spans(text)):
        text = text[: span.begin] + " | " + text[span.finish :]
    text = re.sub(r"\((?:\s*\|?\s*)\)|\(\s*\)", " ", text)
    parts = [_balanced(p.strip(" .:[]")) for p in _PART_SPLIT_RE.split(text)]
    parts = [p for p in parts if p and _word_count(p) > 0]
    if not parts:
        return None, None
    title_idx = next((i for i, p in enumerate(parts) if _TITLE_RE.search(fold(p))), None)
    org_idx = next(
        (
            i
            for i, p in enumerate(parts)
            if i != title_idx
            and (_ORG_RE.search(fold(p)) or re.fullmatch(r"[A-Z]{2,8}(?:\s+[A-Z][\w-]*)*", p))
        ),
        None,
    )
    if title_idx is None:
        title_idx = 0 if org_idx != 0 else (1 if len(parts) > 1 else None)
    if org_idx is None and title_idx is not None:
        others = [i for i in range(len(parts)) if i != title_idx]
        org_idx = others[0] if others else None
    title = parts[title_idx] if title_idx is not None else None
    org = parts[org_idx] if org_idx is not None else None
    return title, org


_DATE_PREP_RE = re.compile(
    r"\b(?:in|during|by|since|until|before|after|of|en|durant|pendant|avant|apres|depuis"
    r"|durante|antes|despues|hasta|desde)\s*$",
    re.IGNORECASE,
)


_ACTION_VERBS = frozenset(
    "led grew built wrote ran taught made drew oversaw undertook held met won gave set "
    "sought brought kept".split()
)
_NOT_VERBS = frozenset("united limited applied advanced integrated associated red".split())


def _is_description(line: str) -> bool:
    if _is_bullet(line):
        return True
    stripped = line.strip()
    spans = _find_spans(stripped)
    if spans and len(stripped.split()) < 25:
        # A line that opens or closes with its dates is a job line, however long the
        # organisation's name; a date inside a sentence ("grew sales by 10% in 2015") is not.
        first, last = spans[0], spans[-1]
        before = stripped[: first.begin].strip(" |:-\u2013\u2014([")
        after = stripped[last.finish :].strip(" |:-\u2013\u2014)].,")
        led_by_prep = bool(_DATE_PREP_RE.search(stripped[: last.begin])) or fold(
            stripped[last.begin : last.finish]
        ).startswith(("from ", "du ", "desde "))
        if not before or (not after and not led_by_prep):
            return False
    words = len(stripped.split())
    if words >= 14:
        return True
    first_word = stripped.split(maxsplit=1)[0].lower() if stripped else ""
    if words >= 4 and (
        first_word in _ACTION_VERBS
        or (len(first_word) >= 5 and first_word.endswith("ed") and first_word not in _NOT_VERBS)
    ):
        # "Increased sales by 10% in 2015": an achievement line, not a job title.
        return True
    return bool(words >= 6 and stripped.endswith(".") and not _find_spans(stripped))


@dataclass(slots=True)
class _EntryDraft:
    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    def dated(self) -> bool:
        return any(_find_spans(h) for h in self.header)


_RANGE_TAIL_RE = re.compile(
    r"(?:^|\s)(?:-{1,2}|\u2013|\u2014|to|until|till|au|a|à|hasta|al|through)\s*$", re.IGNORECASE
)
_RANGE_HEAD_RE = re.compile(
    r"^\s*(?:-{1,2}|\u2013|\u2014|to|until|till|au|à|hasta|through)(?:\s|$)", re.IGNORECASE
)


def _join_date_lines(lines: Sequence[str]) -> list[str]:
    """Re-join date ranges that PDF extraction split over lines ("10/2012" / "to" / "11/2015")."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        prev_is_date = bool(out) and _is_date_only(out[-1]) and bool(_find_spans(out[-1]))
        rest = _RANGE_HEAD_RE.sub("", text, count=1) if _RANGE_HEAD_RE.match(text) else None
        continues = rest is not None and (
            not rest.strip() or _is_date_only(rest) or bool(_PRESENT_RE.fullmatch(fold(rest)))
        )
        head = _RANGE_TAIL_RE.sub("", out[-1]) if out else ""
        ends_open = (
            bool(out)
            and bool(_RANGE_TAIL_RE.search(out[-1]))
            and _is_date_only(head)
            and bool(_find_spans(head))
        )
        if out and (
            (prev_is_date and continues)
            or (ends_open and (_is_date_only(text) or bool(_PRESENT_RE.fullmatch(fold(text)))))
        ):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _experience_drafts(lines: Sequence[str]) -> list[_EntryDraft]:
    drafts: list[_EntryDraft] = []
    current = _EntryDraft()
    for line in _join_date_lines(lines):
        if _is_description(line):
            current.body.append(line)
            continue
        dated = bool(_find_spans(line))
        if current.body or (dated and current.dated()):
            drafts.append(current)
            current = _EntryDraft()
        current.header.append(line)
    if current.header or current.body:
        drafts.append(current)
    return drafts


def _entry_from_draft(draft: _EntryDraft) -> ExperienceEntry | None:
    if not draft.header:
        # Description lines with no job line above them: attach to nothing, they are chunks.
        return None
    spans = [s for h in draft.header for s in _find_spans(h)]
    header_text = " | ".join(_strip_bullet(h) for h in draft.header)
    title, org = _title_and_org(header_text)
    if title is None and org is None and not spans:
        return None
    text = _clip(" ".join([header_text, *(_strip_bullet(b) for b in draft.body)]))
    if not spans:
        return ExperienceEntry(title, org, None, None, False, text)
    span = spans[0]
    return ExperienceEntry(
        title=title,
        organization=org,
        start=span.start,
        end=None if span.current else span.end,
        current=span.current,
        text=text,
    )


def _parse_experience(lines: Sequence[str]) -> tuple[ExperienceEntry, ...]:
    entries: list[ExperienceEntry] = []
    for draft in _experience_drafts(lines):
        entry = _entry_from_draft(draft)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _total_years(
    entries: Iterable[ExperienceEntry],
    degrees: Sequence[tuple[Degree, YearMonth | None]],
    as_of: date,
) -> float | None:
    intervals: list[tuple[int, int]] = []
    for entry in entries:
        if entry.start is None:
            continue
        span = _Span(entry.start, entry.end, entry.current, 0, 0)
        intervals.append(_interval(span, as_of))
    if not intervals:
        return None
    cutoff = _experience_cutoff(degrees)
    now = as_of.year * 12 + as_of.month
    if (
        cutoff is None
        and degrees
        and all(d.in_progress and d.level == "bachelor" for d, _ in degrees)
    ):
        # The CV's only degree is a first degree still in progress: no experience comes after
        # a first university degree yet (DESIGN). A master's in progress implies an earlier
        # degree of unknown date, so that case keeps counting every dated job.
        return 0.0
    clipped = sorted(
        (max(s, cutoff) if cutoff is not None else s, min(e, now)) for s, e in intervals
    )
    total = 0
    cur_start, cur_end = -1, -1
    for start, end in clipped:
        if end <= start:
            continue
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    total += cur_end - cur_start
    return round(total / 12, 1)


# --------------------------------------------------------------------------- languages

_LANG_SEPARATORS = re.compile(r"[,;|\u2022/\n]|\s-\s|\.\s")
_CONNECTOR_RE = re.compile(r"^[\s,/&+]*(?:and|et|y|e|&|,|/|\+)?[\s,/&+]*$", re.IGNORECASE)
_RUN_LEVEL_RE = re.compile(r"^\s*[:\-\u2013\u2014=]")
_LANGUAGE_LINE_RE = re.compile(
    r"^\W*(?:languages?(?: skills)?|langues?(?: parlees)?|idiomas?|lenguas?|mother tongues?"
    r"|native languages?|langue maternelle|lengua materna|other languages?|autres langues"
    r"|otros idiomas)\s*[:\-\u2013]",
)
_NATIVE_SPEAKER_RE = re.compile(
    r"native (?:speaker|speaking)|mother tongue|first language|langue maternelle"
    r"|lengua materna|hablante nativ|locuteur natif|locutrice native|bilingual|bilingue"
)


def _languages_in_line(line: str) -> list[LanguageSkill]:
    mentions = find_languages(line)
    if not mentions:
        return []
    skills: list[LanguageSkill] = []
    from_before: list[bool] = []
    levels: list[str | None] = []
    for i, (_, start, end) in enumerate(mentions):
        next_start = mentions[i + 1][1] if i + 1 < len(mentions) else len(line)
        prev_end = mentions[i - 1][2] if i > 0 else 0
        after = line[end:next_start]
        before_full = line[prev_end:start]
        parts = _LANG_SEPARATORS.split(before_full)
        before = parts[-1] if parts else before_full
        level = cv_language_level(after)
        by_before = False
        if level is None:
            level = cv_language_level(before)
            by_before = level is not None
        if level is None and i > 0 and from_before[i - 1] and _CONNECTOR_RE.match(before_full):
            # "Fluent in English and French": the level in front covers the whole run.
            level, by_before = levels[i - 1], True
        levels.append(level)
        from_before.append(by_before)
    shared = [False] * len(mentions)
    for i in range(len(mentions) - 2, -1, -1):
        # "Dari and Pashto: native", "English, French – fluent": a level after the last of a
        # run joined by connectors (not "(B2)" in brackets, which is per language) covers it.
        next_end = mentions[i + 2][1] if i + 2 < len(mentions) else len(line)
        between = line[mentions[i][2] : mentions[i + 1][1]]
        if (
            levels[i] is None
            and levels[i + 1] is not None
            and not from_before[i + 1]
            and _CONNECTOR_RE.match(between)
            and (shared[i + 1] or _RUN_LEVEL_RE.match(line[mentions[i + 1][2] : next_end]))
        ):
            levels[i] = levels[i + 1]
            shared[i] = True
    evidence = _clip(line, 200)
    for (language, _, _), level in zip(mentions, levels, strict=True):
        skills.append(LanguageSkill(language, level, evidence))
    return skills


_LEVEL_LABEL_RE = re.compile(r"level|niveau|nivel|proficiency|competence|dominio")


def _parse_languages(
    section_lines: Sequence[str], other_lines: Sequence[str]
) -> tuple[LanguageSkill, ...]:
    found: list[LanguageSkill] = []
    lines = list(section_lines)
    for i, line in enumerate(lines):
        skills = _languages_in_line(line)
        if len(skills) == 1 and skills[0].level is None and i + 1 < len(lines):
            # Table rows split into cells: "French" then "Fluent" on the next cell (or after
            # a "Level" label cell).
            step = 2 if _LEVEL_LABEL_RE.fullmatch(fold(lines[i + 1]).strip(" :")) else 1
            nxt = lines[i + step] if i + step < len(lines) else ""
            if not find_languages(nxt) and len(nxt.split()) <= 5:
                level = cv_language_level(nxt)
                if level is not None:
                    skills = [LanguageSkill(skills[0].language, level, _clip(f"{line} {nxt}"))]
        found.extend(skills)
    for line in other_lines:
        folded = fold(line)
        if _LANGUAGE_LINE_RE.match(folded):
            found.extend(_languages_in_line(line))
        elif _NATIVE_SPEAKER_RE.search(folded):
            found.extend(s for s in _languages_in_line(line) if s.level is not None)
    merged: dict[str, LanguageSkill] = {}
    for skill in found:
        known = merged.get(skill.language)
        if known is None or (known.level is None and skill.level is not None):
            merged[skill.language] = skill
    return tuple(merged.values())


# --------------------------------------------------------------------------- nationality

_NATIONALITY_KEY_RE = re.compile(
    r"(?:^|\b)(?:nationality|nationalities|citizenship|citizenships|nationalite|nationalites"
    r"|nacionalidad|nacionalidades|ciudadania|citoyennete|pays de nationalite"
    r"|dual (?:citizenship|nationality)|double nationalite|doble nacionalidad)"
    r"\s*(?:\(s\))?\s*(?P<sep>[:\-\u2013]|\s)\s*(?P<value>[^|\n]+)"
)
_CITIZEN_RE = re.compile(
    r"(?P<before>[\w'-]{1,40}(?:\s+(?:and|et|y)\s+[\w'-]{1,40})?)\s+(?P<key>citizen|national|citoyen"
    r"|citoyenne|ciudadano|ciudadana|passport holder)s?\b"
    r"|\b(?:citizen|national|citoyen|citoyenne|ressortissant|ressortissante|ciudadano"
    r"|ciudadana)\s+(?:of|de|du|des)\s+(?:the\s+|la\s+|l')?(?P<after>[\w' -]{2,40})"
)
_NATIONALITY_HINT_RE = re.compile(
    r"nationalit|citizen|nacionalidad|ciudadan|citoyen|national\b|nationals\b|ressortissant"
    r"|passport holder"
)
_VALUE_SPLIT_RE = re.compile(r"\s*(?:[,;/&()+]|\band\b|\bet\b|\by\b|\s-\s)\s*")


def _codes_from_value(value: str) -> list[str]:
    codes: list[str] = []
    # "congolaise (RDC)": the bracket says which Congo.
    value = re.sub(r"\b[Cc]ongo\w*\s*\(\s*(?:RDC|DRC|RD\s?C|Kinshasa)\s*\)", "RDC", value)
    value = re.split(r"\s{3,}|\t|\s(?:date|born|place|gender|sex|tel|phone|e-?mail)\b", value)[0]
    for part in _VALUE_SPLIT_RE.split(value):
        part = part.strip(" .")
        if not part or len(part.split()) > 4:
            continue
        code = country_code(part)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


_AFTER_NATIONAL = frozenset(
    "and of with living residing based currently who from et y de residing since".split()
)


def _is_proper_name(line: str, key_start: int) -> bool:
    """True for "Afghan National Police", "American Citizens Services": names, not nationality.

    A capitalised "National"/"Citizen(s)" followed by another capitalised word is part of an
    organisation's name; "Kenyan national" and "US Citizen and ..." are statements.
    """
    after = fold(line[key_start:]).split(maxsplit=2)
    if after and after[0] == "national" and len(after) > 1 and after[1].isalpha():
        # "a Spanish national newspaper": "national" as an adjective.
        return after[1] not in _AFTER_NATIONAL
    if not line[key_start : key_start + 1].isupper():
        return False
    if fold(line[key_start : key_start + 8]) == "national":
        # A capitalised "National" is nearly always a name ("Mexican National market",
        # "USA National" wrapped at the line end); nationality statements use lower case.
        return True
    rest = line[key_start:].split(maxsplit=2)
    return len(rest) > 1 and rest[1][:1].isupper()


_DRC_HINT_RE = re.compile(
    r"\b(?:kinshasa|lubumbashi|goma|bukavu|kisangani|mbuji-mayi|kananga|rdc|drc|dr congo"
    r"|rd congo|democratique du congo|democratic republic of (?:the )?congo"
    r"|democratica del congo)\b"
)
_ROC_HINT_RE = re.compile(
    r"\b(?:brazzaville|pointe-noire|(?<!democratique )republique du congo"
    r"|(?<!democratic )republic of (?:the )?congo)\b"
)


def _resolve_congo(codes: tuple[str, ...], folded_text: str) -> tuple[str, ...]:
    """Read a bare "Congolese"/"congolaise" as the DRC when the CV places the person there.

    The demonym is shared by both Congos; the table maps it to the Republic of the Congo. The
    stated nationality is kept, only its ambiguity is resolved, and only when the CV names the
    DRC (or its cities) and never the Republic of the Congo.
    """
    if "CG" not in codes or "CD" in codes:
        return codes
    if _DRC_HINT_RE.search(folded_text) and not _ROC_HINT_RE.search(folded_text):
        return tuple("CD" if c == "CG" else c for c in codes)
    return codes


def _parse_nationalities(
    lines: Sequence[str], section_lines: Sequence[str] = (), statement_lines: Sequence[str] = ()
) -> tuple[str, ...]:
    """ISO codes from explicit statements only.

    ``lines`` are searched for "Nationality: X" keys; ``section_lines`` are the values under a
    "Nationality" heading; ``statement_lines`` (profile, personal data, header: not job
    descriptions, where "400 Danish citizens" is work, not identity) for "German citizen".
    """
    codes: list[str] = []
    for line in section_lines:
        # Under a "Nationality" heading the value stands alone ("Senegalese").
        if len(line.split()) > 4:
            continue
        codes.extend(c for c in _codes_from_value(line) if c not in codes)
    for line in lines:
        folded = fold(line)
        if not _NATIONALITY_HINT_RE.search(folded):
            continue
        for match in _NATIONALITY_KEY_RE.finditer(folded):
            value = line[match.start("value") : match.end("value")]
            if match.group("sep").isspace():
                # "Nationality Indian Name of Father ...": no colon, so only capitalised words
                # right after the key can be the value ("in Denmark" is not one).
                pair = re.match(r"([A-Z][\w-]+)\s+(?:and|et|y|&)\s+([A-Z][\w-]+)", value)
                if pair:
                    codes.extend(c for c in _codes_from_value(pair.group(0)) if c not in codes)
                    continue
                words = value.split()[:2]
                value = " ".join(w for w in words[:1] if w[:1].isupper())
                if len(words) == 2 and value and words[1][:1].isupper():
                    value = value if country_code(value) else " ".join(words)
            codes.extend(c for c in _codes_from_value(value) if c not in codes)
    for line in statement_lines:
        folded = fold(line)
        if not _NATIONALITY_HINT_RE.search(folded):
            continue
        for match in _CITIZEN_RE.finditer(folded):
            if match.group("key") and _is_proper_name(line, match.start("key")):
                continue
            group = "before" if match.group("before") else "after"
            value = line[match.start(group) : match.end(group)]
            codes.extend(c for c in _codes_from_value(value) if c not in codes)
    return tuple(codes)


# --------------------------------------------------------------------------- chunks & language

_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to for with on as at by from is was in my an this that were have has".split()
    ),
    "fr": frozenset(
        "le les des et du pour avec dans sur une au aux est je mon ses cette ete par sont".split()
    ),
    "es": frozenset(
        "el los las y del para con por una que al se como su sus fue en mi este esta son".split()
    ),
}


def _text_language(text: str) -> str | None:
    words = re.findall(r"[^\W\d_]+", fold(text))
    counts = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.5 * second:
        return None
    return best


# Sections where "I am a German citizen" describes the candidate rather than their work.
_STATEMENT_SECTIONS = frozenset(
    {"header", "personal", "profile", "nationality", "other", "languages", "skills", "interests"}
)
_SKIP_CHUNK_SECTIONS = frozenset({"personal", "references", "nationality"})


def _join_wrapped(lines: Sequence[_Line]) -> list[_Line]:
    """Re-join lines that a PDF wrapped mid-sentence (the next one starts in lower case).

    The previous line is the previous one *of the same section*, so a wrapped line in the left
    column of a two-column layout joins its sentence across the right column's cells.
    """
    joined: list[_Line] = []
    last_of: dict[str, int] = {}
    for line in lines:
        idx = last_of.get(line.section)
        prev = joined[idx] if idx is not None else None
        text = line.text.strip()
        if (
            idx is not None
            and prev is not None
            and not prev.heading
            and not line.heading
            and text[:1].islower()
            and not _is_bullet(text)
            and not _SENTENCE_END.search(prev.text)
            and _word_count(prev.text) >= 4
        ):
            joined[idx] = _Line(f"{prev.text} {text}", prev.section, prev.row)
            continue
        last_of[line.section] = len(joined)
        joined.append(_Line(text, line.section, line.row, line.heading))
    return joined


def _chunks(lines: Sequence[_Line]) -> tuple[str, ...]:
    chunks: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if line.heading or line.section in _SKIP_CHUNK_SECTIONS:
            continue
        text = _strip_bullet(line.text)
        if not text or _is_contact(text) or _is_date_only(text):
            continue
        if line.section == "header" and len(text.split()) < 6:
            # Name, address and job-title lines above the first heading are not content.
            continue
        pieces = split_sentences(text) if len(text.split()) >= 12 else [text]
        for piece in pieces:
            piece = piece.strip(" |\u2022")
            key = " ".join(fold(piece).split()).rstrip(".")
            if _word_count(piece) < 3 or key in seen:
                continue
            seen.add(key)
            chunks.append(piece)
            if len(chunks) == MAX_CHUNKS:
                # The rest is not read: document order keeps the profile and recent jobs.
                return tuple(chunks)
    return tuple(chunks)


# --------------------------------------------------------------------------- entry point


def parse_cv(text: str, source: str, *, as_of: date | None = None) -> Candidate:
    """Parse one CV's plain text into a :class:`Candidate`.

    Args:
        text: The CV text (from a .txt, or extracted from a PDF/DOCX), English, French or
            Spanish.
        source: The file name the text came from (kept for reports).
        as_of: The date "present" means, for experience still running; default today.

    Returns:
        The parsed candidate. Fields the CV does not state stay None or empty.

    Raises:
        EmptyDocumentError: ``text`` is empty or whitespace only.
    """
    normalized = normalize_text(text)
    if not normalized.strip():
        raise EmptyDocumentError("no extractable text")
    today = as_of if as_of is not None else date.today()
    lines = _join_wrapped(_sectioned_lines(text))
    by_section: dict[str, list[str]] = {}
    for line in lines:
        if not line.heading:
            by_section.setdefault(line.section, []).append(line.text)

    dated_degrees = _parse_degrees(by_section.get("education", []), today)
    if not dated_degrees and "education" not in by_section:
        fallback = [
            ln.text
            for ln in lines
            if ln.section in ("header", "profile", "other", "training")
            and not ln.heading
            and len(ln.text.split()) <= 20
            # Only the degree lines themselves: a dated job line is not part of a degree.
            and find_degrees(ln.text)
        ]
        dated_degrees = [d for d in _parse_degrees(fallback, today) if d[0].year is not None]
    degrees = tuple(d for d, _ in dated_degrees)
    experience = _parse_experience(by_section.get("experience", []))
    if not experience and set(by_section) <= {"header"}:
        # No headings at all: dated job-like lines still count, but never lines that name a
        # degree or a school (their dates are studies, not work).
        job_lines = [
            text
            for text in by_section.get("header", [])
            if _find_spans(text)
            and _TITLE_RE.search(fold(text))
            and not find_degrees(text)
            and not _INSTITUTION_RE.search(fold(text))
            and not _is_description(text)
        ]
        experience = _parse_experience(job_lines)
    all_text_lines = [ln.text for ln in lines if not ln.heading]
    other_lines = [ln.text for ln in lines if not ln.heading and ln.section != "languages"]
    languages = _parse_languages(by_section.get("languages", []), other_lines)
    return Candidate(
        # Same value as matcher.text.content_id(text), without normalising the text twice.
        id=normalized_content_id(normalized),
        source=source,
        degrees=degrees,
        experience=experience,
        total_years=_total_years(experience, dated_degrees, today),
        languages=languages,
        nationalities=_resolve_congo(
            _parse_nationalities(
                all_text_lines,
                by_section.get("nationality", []),
                [ln.text for ln in lines if not ln.heading and ln.section in _STATEMENT_SECTIONS],
            ),
            fold(normalized),
        ),
        chunks=_chunks(lines),
        text_language=_text_language(normalized),
        text=normalized,
    )
