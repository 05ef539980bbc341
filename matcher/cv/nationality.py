"""Nationalities from explicit statements only ("Nationality: Dutch", "Kenyan citizen").

Never inferred: a university abroad, an address or a place of birth is not a nationality.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.vocab import country_code, fold

__all__ = ["parse_nationalities", "resolve_congo"]

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


def resolve_congo(codes: tuple[str, ...], folded_text: str) -> tuple[str, ...]:
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


def parse_nationalities(
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
