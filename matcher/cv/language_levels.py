"""Language levels as CV formats state them, each mapped to one CEFR level.

Three formats state a language's level in their own way (docs/cv-formats.md):

* **Europass self-assessment grid**: one CEFR level per skill (listening, reading, spoken
  interaction, spoken production, writing), in a row ("English C1 C2 C1 C1 C1") or labelled
  ("LISTENING C1 READING C2 WRITING B2"). The language's level is the *lower median* of the
  per-skill levels: the level the candidate reaches in at least half of the skills, which is
  what a recruiter calls the level of their English. One weak skill does not pull it down and
  one strong skill does not lift it ("B1 B2 B1 A2 B1" is B1; "C1 C2 C1 C1 C1" is C1).
* **LinkedIn proficiency labels** (the US ILR scale), in English, French, Spanish and
  Portuguese: Native or Bilingual -> C2, Full Professional -> C1, Professional Working -> B2,
  Limited Working -> B1, Elementary -> A2.
* **UN P11 ratings**: Read, Write, Speak and Understand, each "Easily" or "Not easily". The
  number of "Easily" answers gives the level: all four -> C1 (fluent), three -> B2, one or
  two -> B1, none -> A2.

Anything else goes to :func:`matcher.vocab.cv_language_level` (explicit CEFR, then wording).
"""

from __future__ import annotations

import re

from matcher.models import CEFR_LEVELS
from matcher.vocab import cv_language_level, fold

__all__ = ["cefr_levels", "grid_level", "lower_median", "stated_level"]

_CEFR_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])([ABC])\s?([12])(?![0-9])", re.IGNORECASE)
#: A grid states at least this many per-skill levels (Europass has five, some CVs drop one).
_MIN_GRID_LEVELS = 4
_MIN_RATINGS = 3

# P11 answers, folded; the negative forms come first so "not easily" is never read as "easily".
_RATING_RE = re.compile(
    r"\b(?P<no>not easily|no facilmente|nao facilmente|difficilement|dificilmente"
    r"|sin facilidad|sem facilidade|com dificuldade)\b"
    r"|\b(?P<yes>easily|facilement|facilmente|con facilidad|com facilidade)\b"
)
# LinkedIn's labels in the four languages of its interface, folded, most specific first.
_PROFILE_LEVEL_RULES: tuple[tuple[str, str], ...] = (
    (
        r"native or bilingual|bilingual or native|bilingue o nativa|bilingue ou langue natale"
        r"|fluente ou nativo|nativo ou bilingue",
        "C2",
    ),
    (
        r"full professional|competencia profesional completa|capacite professionnelle complete"
        r"|proficiencia profissional completa",
        "C1",
    ),
    (
        r"limited working|competencia basica limitada|competencia profesional limitada"
        r"|competence professionnelle limitee|proficiencia profissional limitada",
        "B1",
    ),
    (
        r"professional working|competencia basica profesional|capacite professionnelle generale"
        r"|competence professionnelle generale|proficiencia profissional",
        "B2",
    ),
    (r"competencia elemental|nivel elementar|\belementary\b", "A2"),
)
_PROFILE_LEVEL_RES = tuple((re.compile(p), level) for p, level in _PROFILE_LEVEL_RULES)


def cefr_levels(text: str) -> list[str]:
    """Every explicit CEFR level in ``text``, in order ("C1 c2 B 1" -> ["C1", "C2", "B1"])."""
    return [f"{m.group(1).upper()}{m.group(2)}" for m in _CEFR_TOKEN_RE.finditer(text)]


def lower_median(levels: list[str]) -> str:
    """The lower median of CEFR levels: reached in at least half of them.

    Raises:
        ValueError: ``levels`` is empty.
    """
    if not levels:
        raise ValueError("no levels")
    ranked = sorted(levels, key=CEFR_LEVELS.index)
    return ranked[(len(ranked) - 1) // 2]


def grid_level(text: str) -> str | None:
    """One level from a Europass grid's per-skill levels in ``text``; None if not a grid."""
    levels = cefr_levels(text)
    return lower_median(levels) if len(levels) >= _MIN_GRID_LEVELS else None


def _rating_level(folded: str) -> str | None:
    answers = [m.group("yes") is not None for m in _RATING_RE.finditer(folded)]
    if len(answers) < _MIN_RATINGS:
        return None
    easy, total = sum(answers), len(answers)
    if easy == total:
        return "C1"
    if easy == total - 1:
        return "B2"
    return "B1" if easy else "A2"


def _profile_level(folded: str) -> str | None:
    for pattern, level in _PROFILE_LEVEL_RES:
        if pattern.search(folded):
            return level
    return None


def stated_level(phrase: str) -> str | None:
    """The CEFR level ``phrase`` states for one language, whatever the CV format.

    Args:
        phrase: The text next to one language: "C1 C2 C1 C1 C1", "(Full Professional)",
            "Read: Easily Write: Not easily ...", "fluent", "langue maternelle".

    Returns:
        A CEFR level, or None when the phrase states none.
    """
    grid = grid_level(phrase)
    if grid is not None:
        return grid
    folded = fold(phrase)
    return _rating_level(folded) or _profile_level(folded) or cv_language_level(phrase)
