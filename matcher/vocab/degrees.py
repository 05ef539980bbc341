"""Degree levels named in English, French and Spanish (abbreviations and words)."""

from __future__ import annotations

import re

from matcher.models import DEGREE_LEVELS, DegreeLevel
from matcher.vocab.folding import fold

__all__ = ["degree_level", "find_degrees"]

# Case-sensitive abbreviation patterns (original text): "MA" is a degree, "Ma" or "ma" is not.
_DEGREE_ABBREV: tuple[tuple[str, DegreeLevel], ...] = (
    (
        r"\b(?:Ph\.?\s?D|PHD|D\.?\s?Phil|DPhil|Dr\.\s?(?:rer|phil|iur|med)|Sc\.?D|Ed\.?D"
        r"|DBA)\b\.?",
        "doctorate",
    ),
    (
        r"\b(?:M\.A|M\.Sc|M\.S|M\.Phil|M\.P\.A|M\.B\.A|LL\.M|M\.Ed|M\.P\.P|M\.P\.H)\.?"
        r"|\b(?:M\.Tech|M\.E|M\.S\.W|M\.S\.N)\.?(?![\w.])"
        r"|\b(?:MA|MSc|MSC|MPhil|MPA|MPP|MPH|MBA|LLM|MEng|MRes|MIA|MAS|MALD|MDP|MSt|MLitt"
        r"|MIB|MFA|MEd|MSW|MSN|MHA|MTech|MSEd|MSEE|MSCS|MSF|MSIS|MSPH|MIM|JD|J\.D\.?"
        # A bare "MS" only where a degree fits: "MS in", "MS, 2019", a line of its own, or
        # "MS Chemistry"; never "MS Office", "MS Excel".
        r"|MS(?=\s+(?:in|of|degree)\b|\s*[,:(]|\s*$|\s+(?!(?:Office|Word|Excel|Project|Access"
        r"|PowerPoint|Power|Outlook|SQL|Windows|Dynamics|Teams|Visio|DOS|Azure|Exchange|Publisher"
        r"|SharePoint|Paint|Edge|Visual|Navision|Intune)\b)[A-Z][a-z]))\b",
        "master",
    ),
    (
        r"\b(?:B\.A|B\.Sc|B\.S|LL\.B|B\.Com|B\.Eng|B\.Ed|B\.B\.A|B\.Tech|B\.E|B\.S\.N"
        r"|B\.S\.W|B\.F\.A|M\.B\.B\.S)\.?(?![\w.])"
        r"|\b(?:BA|BSc|BSC|LLB|BEng|BCom|BBA|BPhil|BEd|BSN|BSW|BFA|BSBA|BSEE|BSME|BSCS|BTech"
        r"|BArch|BPharm|MBBS|MBChB|BDS"
        # A bare "BS" where a degree fits (see "MS" above).
        r"|BS(?=\s+(?:in|of|degree)\b|\s*[,:(]|\s*$|\s+[A-Z][a-z]))\b",
        "bachelor",
    ),
    (r"\b(?:Maîtrise|Maitrise|MAÎTRISE|MAITRISE|Mastère|Mastere|DEA|DESS|DEUG)\b", "master"),
    (
        r"(?<!driving )(?<!driver's )(?<!driver )(?<!Driving )(?<!Driver's )(?<!Driver )"
        r"\b(?:Licence|LICENCE|License|Licenciatura|LICENCIATURA|Licenciad[oa])\b",
        "bachelor",
    ),
)
_DEGREE_ABBREV_RES = tuple((re.compile(p), lvl) for p, lvl in _DEGREE_ABBREV)

# Folded, case-insensitive wording.
_DEGREE_WORDS: tuple[tuple[str, DegreeLevel], ...] = (
    (
        r"\bdoctora(?:te|l|t|do)\b|\bdoctor of philosophy\b|\bdoctor (?:en|of)\b"
        r"|\bdocteur (?:en|es|de)\b|\bdoctoral (?:degree|studies)\b|\bph\.?\s?d\b",
        "doctorate",
    ),
    (
        r"\bmaster\s*[12]\b|(?<!scrum )(?<!web )(?<!head )(?<!grand )(?<!quarter)"
        r"\bmasters?(?:'s?)?\b(?!\s+(?:class|plan|data|file|trainer|list|card|chef|key))"
        r"|\bmaestria\b|\bmagister\b|\bmagistere\b|\bdiplom\b|\bdiplom-"
        r"|\badvanced (?:university )?degree\b|\bgraduate degree\b|\bpost-?graduate degree\b"
        r"|\bdiplome d'ingenieur\b|\bdiplome d'etudes superieures\b|\bjuris doctor\b"
        r"|\bdiplome de (?:deuxieme|2e) cycle\b|\bsecond[- ]level (?:university )?degree\b"
        r"|\bmagistr",
        "master",
    ),
    (
        r"\bbachelor(?:'?s)?\b|\bbachelier\b|\bbaccalaureate degree\b|\bundergraduate\b"
        r"|\bfirst[- ]level (?:university )?degree\b|\bfirst university degree\b"
        r"|\bdiplome de premier cycle\b|\bgrado en\b|\bgraduad[oa] en\b|\btitulo de grado\b"
        r"|\blicenciatura\b|\blicenciad[oa] en\b|\blicence (?:en|de|es|professionnelle)\b"
        r"|\buniversity degree\b|\bdegree in\b|\bbsc\b|\bb\.sc\b",
        "bachelor",
    ),
    # Portuguese (Portugal and Brazil): Doutoramento/Doutorado, Mestrado, Licenciatura (above)
    # and Bacharelado. A "pós-graduação" is a specialisation course, not a degree level.
    (r"\bdoutorado\b|\bdoutoramento\b|\bdoutor(?:a)? em\b", "doctorate"),
    (r"\bmestrado\b|\bmestr[ea] em\b", "master"),
    (r"\bbacharelado\b|\bbacharel em\b|\blicenciad[oa] em\b|\bgraduad[oa] em\b", "bachelor"),
)
_DEGREE_WORD_RES = tuple((re.compile(p), lvl) for p, lvl in _DEGREE_WORDS)


# "Boston, MA 02115", "Jackson, MS": US state codes that spell degree abbreviations.
_STATE_CODES = frozenset({"MA", "MS", "MD"})
_STATE_BEFORE_RE = re.compile(r"[A-Za-z.]\s*,\s*$")
_STATE_AFTER_RE = re.compile(
    r"\s*(?:\d{5}(?:-\d{4})?)?\s*(?:$|[|\n]|[,;]?\s*(?:USA|US|U\.S\.A?\.?|United States)\b)"
)


def _is_state_code(text: str, start: int, end: int) -> bool:
    if text[start:end].rstrip(".") not in _STATE_CODES:
        return False
    return bool(
        _STATE_BEFORE_RE.search(text[max(0, start - 40) : start])
        and _STATE_AFTER_RE.match(text, end)
    )


def find_degrees(text: str) -> list[tuple[DegreeLevel, int, int]]:
    """Every degree mention in ``text``, as (level, start, end), in order of position.

    Uses the same wording as :func:`degree_level`; overlapping mentions keep the longest.

    Args:
        text: Free text (one line or a whole section).

    Returns:
        A list of (level, start offset, end offset) tuples into ``text``.
    """
    spans: list[tuple[DegreeLevel, int, int]] = []
    for pattern, level in _DEGREE_ABBREV_RES:
        spans.extend(
            (level, m.start(), m.end())
            for m in pattern.finditer(text)
            if not _is_state_code(text, m.start(), m.end())
        )
    folded = fold(text)
    for word_pattern, level in _DEGREE_WORD_RES:
        spans.extend((level, m.start(), m.end()) for m in word_pattern.finditer(folded))
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    kept: list[tuple[DegreeLevel, int, int]] = []
    for span in spans:
        if kept and span[1] < kept[-1][2]:
            continue
        kept.append(span)
    return kept


def degree_level(phrase: str) -> DegreeLevel | None:
    """The degree level a phrase names, or None.

    "BA", "Licence", "Licenciatura", "Grado en", "first-level degree" -> bachelor; "MA", "MSc",
    "Master's", "Maîtrise", "DEA/DESS", "Máster", "Maestría", "Magíster", "Diplom", "advanced
    university degree" -> master; "PhD", "Doctorate", "Doctorat", "Doctorado" -> doctorate.
    Abbreviations are case-sensitive ("MA" but not "Ma"); when several levels appear, the
    highest is returned ("BA and MA in Law" -> master).

    Args:
        phrase: A degree line or requirement phrase.

    Returns:
        "bachelor", "master", "doctorate" or None.
    """
    levels = {level for level, _, _ in find_degrees(phrase)}
    if not levels:
        return None
    return max(levels, key=DEGREE_LEVELS.index)
