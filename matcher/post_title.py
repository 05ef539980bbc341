"""The post's title and duty stations, from labelled fields and the title line of the page.

A ToR names its post in a labelled field ("Title: JPO in Child Protection", "Position title:
…") or, as job sites print it, in a title line at the top: "Child Protection Officer (Junior
Professional Officer Position), Accra, Ghana", "Programme Analyst, P-2, Port Moresby". The
title line carries the duty station as its tail (", <city>, <country>"), which is cut off the
title and kept as the station when the labelled fields give no city ("Location: Ghana").

Page chrome is never a title: a deadline or date line, the organisation's banner, "Terms of
Reference", or "Junior Professional Officer" alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matcher import vocab
from matcher.vocab import fold

__all__ = [
    "TitleLine", "clean_title", "is_chrome_title", "is_country", "station_parts", "title_line",
]

# Words that name a post ("… Officer", "… Analyst", "Associate …").
_POST_NOUN = re.compile(
    r"\b(?:officer|analyst|associate|assistant|specialist|engineer|expert|consultant|"
    r"coordinator|co-ordinator|adviser|advisor|manager|banker|economist|intern|researcher|"
    r"head|director|lead|chief|representative|administrator|developer|scientist|statistician|"
    r"lawyer|counsel|editor|translator|interpreter|clerk|accountant|auditor|planner|designer|"
    r"architect|trainer|nurse|doctor|epidemiologist|jpo|apo|fellow|volunteer|programmer|"
    r"technician|driver|secretary|jeune expert|experto|oficial|charge|responsable|leader|"
    r"consultants?|consultancy|consultor|consultora|consultoria|consultation|contractor|"
    r"asistente|asociad[oa]|analista|especialista|specialiste|coordinador|coordinadora|"
    r"tecnico|conseiller|conseillere|assistant|roster)\b"
)
# Lines of page chrome that may stand at the top of a scraped vacancy.
_CHROME = re.compile(
    r"\b(?:deadline|closing date|apply (?:by|before|now)|date posted|posting date|"
    r"vacancy (?:announcement|notice)|terms of reference|termes de reference|"
    r"terminos de referencia|job description|application)\b|^\W*\d{1,2}[ /.-]\w+[ /.-]\d{2,4}"
)
# A programme name alone is not a post ("Junior Professional Officer (JPO) Programme").
_PROGRAMME_ONLY = re.compile(
    r"^\W*(?:the\s+)?(?:junior professional officers?|jpo|associate experts?|"
    r"jeunes? experts? associes?|expertos? asociados?)(?:\s*\(jpo\))?(?:\s+(?:programme|program|"
    r"position|post|scheme))?\W*$"
)
# Notes appended to a title: the grade, an eligibility note ("-[Open to …]", "- (Nationals
# Only)"), a vacancy number.
_TITLE_NOTES = re.compile(
    r"(?i)\s*-?\s*[\[(](?:open to|for|only for|reserved|(?:[\w-]+\s+)?nationals?\s+only)"
    r"[^\])]{0,200}[\])]"
    r"|,\s*\(?(?:p|g|no|nob|noa|gs|d)-?\d\)?(?=,|$)"
)
# "Port of Spain", "Panama city" (a page's lowercase "city").
_CITY_WORDS = re.compile(
    r"^[A-Z][\w'’.-]*(?:[ -](?:[A-Z][\w'’.-]*|of|de|la|el|al|es|d'\w+|city))*$"
)
#: The last word of an employer's name ("Asian Development Bank", "Green Climate Fund").
_EMPLOYER_WORDS = "bank|fund|agency|secretariat"
# Words that name a unit or an office, not a city ("Solomon Islands Resident Mission").
_UNIT_WORD = re.compile(
    r"\b(?:mission|headquarters|office|division|unit|department|section|programme|program|"
    r"bureau|centre|center|hub|team|country office|regional|global|based|"
    # "Location: Asian Development Bank": the employer named where the place should be.
    + _EMPLOYER_WORDS + r")\b",
    re.IGNORECASE,
)
# The last part of a title line that names the employer, capitalised as a name is.
_EMPLOYER = re.compile(
    r"^(?:[A-Z][\w'-]*\s+){1,5}(?:"
    + "|".join(w.capitalize() for w in _EMPLOYER_WORDS.split("|")) + r")$"
)
_MAX_TITLE = 200


@dataclass(frozen=True, slots=True)
class TitleLine:
    """The title line of a page, split into the post title and its duty-station tail."""

    title: str
    city: str | None
    country: str | None


def is_chrome_title(text: str) -> bool:
    """True when ``text`` cannot be a post's title (chrome, a programme name, too long)."""
    folded = fold(text).strip()
    return (
        not folded
        or len(text) > _MAX_TITLE
        or bool(_CHROME.search(folded))
        or bool(_PROGRAMME_ONLY.match(folded))
    )


def clean_title(text: str) -> str:
    """A title without its appended notes ("-[Open to …]", ", P-2") and stray punctuation."""
    value = _TITLE_NOTES.sub("", text)
    return re.sub(r"\s+", " ", value).strip(" \t-–:;,")


def title_line(lines: Sequence[str]) -> TitleLine | None:
    """The title line at the top of ``lines``, or None when the page opens with none.

    Only the first non-empty line is considered: a scraped page opens with its title, and a
    ToR that opens with anything else states its title in a labelled field.
    """
    first = next((line.strip() for line in lines[:5] if line.strip()), "")
    if not first or is_chrome_title(first):
        return None
    parts = [p.strip() for p in clean_title(first).split(",")]
    # A post's name, or a job site's title line ending with the country of the post.
    if not _POST_NOUN.search(fold(first)) and not (len(parts) > 1 and is_country(parts[-1])):
        return None
    country = city = None
    if len(parts) > 1 and is_country(parts[-1]):
        country = parts.pop()
        if len(parts) > 1 and _is_city(parts[-1]):
            city = parts.pop()
    elif len(parts) > 1 and "/" in parts[-1] and is_country(parts[-1].split("/")[-1]):
        # "…, Luanda/Angola".
        city, country = (p.strip() for p in parts.pop().split("/", 1))
    elif len(parts) > 1 and _UNIT_WORD.search(parts[-1]) and vocab.find_countries(parts[-1]):
        # "Project Analyst, Cambodia Resident Mission": the office of a country.
        country = _country_name(parts.pop())
    elif len(parts) > 1 and _is_city(parts[-1]):
        # "Programme Analyst, Gender and SRH, Beijing": a page title ends with the station.
        city = parts.pop()
    elif len(parts) > 1 and _EMPLOYER.search(parts[-1]):
        # "Senior Safeguards Officer (Environment), Asian Development Bank": the employer.
        parts.pop()
    # "CFCI Officer, CFCI Officer, Port of Spain": a page that repeats the post's name.
    parts = [p for i, p in enumerate(parts) if not i or p.casefold() != parts[i - 1].casefold()]
    title = clean_title(", ".join(parts))
    if not title or (not _POST_NOUN.search(fold(title)) and country is None):
        return None
    return TitleLine(title=title, city=city, country=country)


def station_parts(value: str) -> tuple[str | None, str | None]:
    """(city, country) of a duty-station value ("Tunis, Tunisia", "Ghana", "ROME")."""
    parts = [p.strip() for p in re.split(r",|/", value) if p.strip()]
    if not parts:
        return None, None
    if is_country(parts[0]):
        return None, parts[0]
    if _UNIT_WORD.search(parts[0]):
        return None, None
    country = next((p for p in parts[1:] if is_country(p)), None)
    if len(parts) > 1 and _US_STATE.fullmatch(parts[1]) and not is_country(parts[1]):
        # "Washington, DC, United States": the city keeps its state.
        return f"{parts[0]}, {parts[1]}", country
    return parts[0], country


_US_STATE = re.compile(r"D\.?C\.?|[A-Z]{2}")


def is_country(text: str) -> bool:
    """True when ``text`` is a country's name ("Viet Nam", "Trinidad & Tobago", "occupied
    Palestinian territory"), not a city or office named after one ("Port Sudan")."""
    text = text.strip(" .").replace("&", "and")
    if not text or len(text.split()) > 6 or _UNIT_WORD.search(text):
        return False
    found = vocab.find_countries(text)
    if not found:
        return vocab.country_code(text) is not None and len(text.split()) == 1
    covered = "".join(
        text[i] if not any(start <= i < end for _, start, end in found) else " "
        for i in range(len(text))
    )
    # Every capitalised word belongs to the country's name; "Panama city" is the capital.
    return not re.search(r"\b[A-Z]|\bcity\b", covered)


def _country_name(text: str) -> str:
    found = vocab.find_countries(text)
    return text[found[0][1]: found[0][2]] if found else text


def _is_city(text: str) -> bool:
    words = text.split()
    return (
        bool(_CITY_WORDS.match(text))
        and len(words) <= 3
        and not any(w.isupper() and len(w) > 1 for w in words)
        and not _POST_NOUN.search(fold(text))
        and not _UNIT_WORD.search(text)
        and not is_country(text)
    )
