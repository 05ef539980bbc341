"""Multilingual vocabulary: languages, language levels, degree levels and countries.

Pure lookup tables (English, French, Spanish wording) shared by the ToR and CV parsers, one
module per kind of word. Matching is case-insensitive and accent-insensitive ("francés" =
"frances"), always on word boundaries, and every ``find_*`` function reports offsets into the
caller's original text (:mod:`matcher.vocab.folding`).
"""

from __future__ import annotations

from matcher.vocab.countries import country_code, find_countries
from matcher.vocab.degrees import degree_level, find_degrees
from matcher.vocab.folding import fold
from matcher.vocab.languages import (
    canonical_language,
    cv_language_level,
    find_languages,
    required_language_level,
)

__all__ = [
    "canonical_language",
    "country_code",
    "cv_language_level",
    "degree_level",
    "find_countries",
    "find_degrees",
    "find_languages",
    "fold",
    "required_language_level",
]
