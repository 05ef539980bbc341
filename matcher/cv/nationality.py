"""Nationalities from explicit statements only ("Nationality: Dutch", "Kenyan citizen").

Never inferred: a university abroad, an address or a place of birth is not a nationality.
Statements are keys ("Nationality:", "Citizenship:", "Nationalité :", "Nacionalidad:",
"Nacionalidade:", "Dual nationality:", the P11's "Present nationality(ies):"), the value under
a "Nationality" heading (a sidebar's), and phrases about the candidate ("Kenyan citizen", "A
Ghanaian national", "de nationalité malienne"). A nationality "at birth" (P11: "Nationality(ies)
at birth") counts only when the CV states no present one: it is history, and a JPO donor's
restriction concerns the present citizenship.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.vocab import country_code, fold

__all__ = ["parse_nationalities", "resolve_congo"]

_NATIONALITY_KEY_RE = re.compile(
    r"(?:^|\b)(?:nationality|nationalities|citizenship|citizenships|nationalite|nationalites"
    r"|nacionalidad|nacionalidades|nacionalidade|ciudadania|cidadania|citoyennete"
    r"|pays de nationalite|dual (?:citizenship|nationality)|double nationalite"
    r"|doble nacionalidad|dupla nacionalidade)"
    r"\s*(?:\((?:s|es|ies)\))?"
    # P11 qualifiers: "at birth" (kept apart), "present"/"actuelle(s)" (the one that counts).
    r"(?:\s+(?P<birth>at birth|a la naissance|de nacimiento|de origen|a nascenca|de nascimento)"
    r"|\s+(?:actuelles?|actuales?|atua(?:l|is))(?:\((?:s|es)\))?)?"
    r"\s*(?P<sep>[:\-\u2013]|\s)\s*(?P<value>[^|\n\u00b7\u2022]+)"
)
_CITIZEN_RE = re.compile(
    r"(?P<before>[\w'-]{1,40}(?:\s+(?:and|et|y)\s+[\w'-]{1,40})?)\s+(?P<key>citizen|national|citoyen"
    r"|citoyenne|ciudadano|ciudadana|passport holder)s?\b"
    r"|\b(?:citizen|national|citoyen|citoyenne|ressortissant|ressortissante|ciudadano"
    r"|ciudadana)\s+(?:of|de|du|des)\s+(?:the\s+|la\s+|l')?(?P<after>[\w' -]{2,40})"
)
_NATIONALITY_HINT_RE = re.compile(
    r"nationalit|citizen|nacionalidad|ciudadan|cidadan|citoyen|national\b|nationals\b"
    r"|ressortissant|passport holder"
)
_VALUE_SPLIT_RE = re.compile(
    r"\s*(?:[,;/&()+\u00b7\u2022|]|\band\b|\bet\b|\by\b|\be\b|\s-\s)\s*"
)
_VALUE_END_RE = re.compile(
    r"\s{3,}|\t|\s(?:date|born|place|gender|sex|tel|phone|e-?mail|mobile|address"
    # The next field of a Europass or P11 personal-data line in French, Spanish, Portuguese.
    r"|data|fecha|lugar|lieu|sexe|sexo|g[eé]nero|tel[eé]fone|tel[eé]fono|t[eé]l[eé]phone"
    r"|endere[cç]o|direcci[oó]n|adresse|estado civil|[eé]tat civil)\b",
    re.IGNORECASE,
)


def _codes_from_value(value: str) -> list[str]:
    codes: list[str] = []
    # "congolaise (RDC)": the bracket says which Congo.
    value = re.sub(r"\b[Cc]ongo\w*\s*\(\s*(?:RDC|DRC|RD\s?C|Kinshasa)\s*\)", "RDC", value)
    value = _VALUE_END_RE.split(value)[0]
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


_OPEN_VALUE_RE = re.compile(r"(?:[/,&+]|\s(?:and|et|y|e))\s*$")


def _key_value(line: str, match: re.Match[str]) -> str:
    """The value after a nationality key; without a colon, only what can be one."""
    value = line[match.start("value") : match.end("value")]
    if not match.group("sep").isspace():
        return value
    # "Nationality Indian Name of Father ...": no colon, so only capitalised words right after
    # the key can be the value ("in Denmark" is not one); "de nationalité malienne" writes the
    # demonym in lower case, so a lone demonym counts too.
    pair = re.match(r"([A-Z][\w-]+)\s+(?:and|et|y|&)\s+([A-Z][\w-]+)", value)
    if pair:
        return pair.group(0)
    words = value.split()[:2]
    first = words[0].strip(",.;") if words else ""
    if first and not first[:1].isupper():
        return first if country_code(first) is not None else ""
    value = " ".join(w for w in words[:1] if w[:1].isupper())
    if len(words) == 2 and value and words[1][:1].isupper():
        value = value if country_code(value) else " ".join(words)
    return value


def _keyed(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Codes after nationality keys: (present or unqualified, at birth)."""
    present: list[str] = []
    birth: list[str] = []
    for i, line in enumerate(lines):
        if _OPEN_VALUE_RE.search(line) and i + 1 < len(lines) and len(lines[i + 1].split()) <= 3:
            # "Dual nationality: French /" wrapped before "Norwegian" in a narrow sidebar.
            line = f"{line} {lines[i + 1]}"
        folded = fold(line)
        if not _NATIONALITY_HINT_RE.search(folded):
            continue
        for match in _NATIONALITY_KEY_RE.finditer(folded):
            target = birth if match.group("birth") else present
            target.extend(c for c in _codes_from_value(_key_value(line, match)) if c not in target)
    return present, birth


def _section_values(section_lines: Sequence[str]) -> list[str]:
    """Codes of the values under a "Nationality" heading, until a line that is not one.

    A sidebar's last section runs into whatever the extraction puts after it (the main
    column's name or address), so the first line that names no nationality ends it.
    """
    codes: list[str] = []
    for line in section_lines:
        if _NATIONALITY_KEY_RE.search(fold(line)):
            continue  # a keyed line of its own, read by _keyed
        found = _codes_from_value(line) if len(line.split()) <= 4 else []
        if not found:
            break
        codes.extend(c for c in found if c not in codes)
    return codes


def _stated(statement_lines: Sequence[str]) -> list[str]:
    codes: list[str] = []
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
    return codes


def parse_nationalities(
    lines: Sequence[str], section_lines: Sequence[str] = (), statement_lines: Sequence[str] = ()
) -> tuple[str, ...]:
    """ISO codes from explicit statements only, in the order the CV states them.

    Args:
        lines: Every line, searched for "Nationality: X" keys.
        section_lines: The lines under a "Nationality" heading.
        statement_lines: Lines that describe the candidate (profile, personal data, header:
            not job descriptions, where "400 Danish citizens" is work, not identity), searched
            for "German citizen", "a Kenyan national".

    Returns:
        The codes; nationalities "at birth" only when no other is stated.
    """
    present, birth = _keyed(lines)
    codes = _section_values(section_lines)
    for code in (*present, *_stated(statement_lines)):
        if code not in codes:
            codes.append(code)
    return tuple(codes or birth)
