"""What the encoder sees: the text of each ToR unit and CV chunk, made for comparison.

Evidence always quotes the documents as written (``Vacancy.units()``, ``Candidate.chunks``);
only the text handed to the encoder differs, in two ways a recruiter would read the same:

- **Acronyms** a ToR defines ("Security Sector Reform (SSR)") are spelled out in its units, so
  "support UN SSR partners" meets a CV that writes "security sector reform" or describes it.
  Measured on the jpo set with the title unit and open-ended duties left out (see
  ``docs/scoring.md``).
- **Gendered pronouns** of a CV written in the third person are written in one form, so that a
  score does not depend on the candidate's gender (the fairness audit in ``eval/fairness.py``).

Every encoder call for units or chunks goes through :func:`unit_texts` (or
:func:`encoder_units`) or :func:`chunk_texts`,
and the vectors store these texts, so re-embedding under a new model encodes the same input.
"""

from __future__ import annotations

import re

from matcher.models import Candidate, UnitKind, Vacancy

__all__ = ["chunk_texts", "encoder_units", "neutral_pronouns", "unit_texts"]


# --------------------------------------------------------------------------- ToR units


def encoder_units(vacancy: Vacancy) -> list[tuple[UnitKind, str]]:
    """``(kind, text the encoder sees)`` for each of ``vacancy.units()``, in order.

    An acronym is replaced by its long form where the unit does not already spell it out
    ("SSR" -> "Security Sector Reform"); units without defined acronyms are unchanged.
    """
    units = vacancy.units()
    if not vacancy.acronyms:
        return list(units)
    longs = dict(vacancy.acronyms)
    pattern = re.compile(
        r"(?<![\w(])(" + "|".join(map(re.escape, sorted(longs, key=len, reverse=True)))
        + r")(?![\w)])"
    )

    def spell(text: str) -> str:
        folded = text.lower()
        return pattern.sub(
            lambda m: m.group(1) if longs[m.group(1)].lower() in folded else longs[m.group(1)],
            text,
        )

    return [(kind, spell(text)) for kind, text in units]


def unit_texts(vacancy: Vacancy) -> list[str]:
    """The texts the encoder sees for ``vacancy.units()``, in order (see :func:`encoder_units`)."""
    return [text for _, text in encoder_units(vacancy)]


# --------------------------------------------------------------------------- CV chunks

# Gendered third-person pronouns -> one form per language. A CV written in the third person
# ("She coordinated ...") must not score differently from the same CV about a man: the encoder
# places "she" and "he" a little apart, and over many chunks that moved a score by more than a
# point in the fairness audit. Mapping every form to one spelling makes the swap invisible to
# the encoder; the evidence shown to recruiters stays the CV's own words. French, Spanish and
# Portuguese have no common neutral pronoun, so the masculine generic stands for both there;
# English "he" is only touched in English (Spanish "he trabajado" is "I have worked").
_NEUTRAL_PRONOUNS: dict[str | None, dict[str, str]] = {
    "en": {
        "he/she": "they", "she/he": "they", "s/he": "they", "he or she": "they",
        "she or he": "they", "him/her": "them", "her/him": "them", "his/her": "their",
        "her/his": "their", "he": "they", "she": "they", "him": "them", "his": "their",
        "hers": "theirs", "her": "their", "himself": "themselves", "herself": "themselves",
    },
    "fr": {"elle": "il", "elles": "ils", "il/elle": "il", "elle/il": "il"},
    "es": {"ella": "él", "ellas": "ellos", "él/ella": "él", "ella/él": "él"},
    "pt": {"ela": "ele", "elas": "eles", "dela": "dele", "delas": "deles", "nela": "nele",
           "nelas": "neles", "ele/ela": "ele", "ela/ele": "ele"},
}
# A CV whose language could not be told is read as English (the parser's default too).
_NEUTRAL_PRONOUNS[None] = _NEUTRAL_PRONOUNS["en"]
_PRONOUN_PATTERNS: dict[str | None, re.Pattern[str]] = {
    lang: re.compile(
        r"(?<![\w/])(" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
        + r")(?![\w/])",
        re.IGNORECASE,
    )
    for lang, forms in _NEUTRAL_PRONOUNS.items()
}


def _neutral(match: re.Match[str], forms: dict[str, str]) -> str:
    word = match.group(0)
    if word == "HE":
        return word  # "HE" in capitals is Higher Education or His Excellency, not a pronoun
    new = forms[word.lower()]
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new[0].upper() + new[1:] if word[0].isupper() else new


def neutral_pronouns(text: str, language: str | None) -> str:
    """``text`` with its gendered third-person pronouns written in one form.

    ``she`` and ``he`` both become ``they`` (English, and text whose language is unknown);
    ``elle`` becomes ``il`` (French); ``ella`` becomes ``él`` (Spanish); ``ela`` becomes ``ele``
    (Portuguese). The encoder sees CV chunks this way (:func:`chunk_texts`), and blind review
    shows them this way (:mod:`matcher.blind`).
    """
    lang = language if language in _PRONOUN_PATTERNS else None
    forms = _NEUTRAL_PRONOUNS[lang]
    return _PRONOUN_PATTERNS[lang].sub(lambda m: _neutral(m, forms), text)


def chunk_texts(candidate: Candidate) -> list[str]:
    """The texts the encoder sees for ``candidate.chunks``, in order.

    Each chunk with its gendered third-person pronouns written in one form (``she`` and ``he``
    both become ``they``; ``elle`` becomes ``il``; ``ella`` becomes ``él``; ``ela`` becomes
    ``ele``), so that the vectors,
    and with them the score, do not depend on the candidate's gender. Everything else is
    unchanged; evidence quotes ``candidate.chunks`` as written.
    """
    return [neutral_pronouns(chunk, candidate.text_language) for chunk in candidate.chunks]
