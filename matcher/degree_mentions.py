"""Degrees named in a requirement sentence: where, at which level, and which are asked for.

A sentence such as "Advanced university degree (Master's or equivalent) in law, or a first
university degree with two additional years" names degrees in many shapes (levels, short
forms, French, Spanish and Portuguese names, a level restated in parentheses, the word
"degree" repeated); :func:`degree_mentions` finds each degree once, with its level.
:func:`offered` drops a degree named only as a preference and :func:`with_higher` one asked
together with a higher degree, so that :mod:`matcher.requirements` reads only the degrees a
candidate may hold to qualify.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matcher import vocab
from matcher.models import DEGREE_LEVELS, DegreeLevel
from matcher.vocab import fold

__all__ = ["PREFERRED_AFTER", "Mention", "degree_mentions", "offered", "with_higher"]

#: Degrees by their short forms.
_DEGREE_ABBREVIATIONS = "MA|MSc|MBA|MPA|LLM|BA|BSc|LLB"
_DEGREE_MENTION = re.compile(
    # "Level - Advanced university" (IFAD's form, the word "degree" left out).
    r"\b(?:advanced|first[- ]level|post-?graduate|undergraduate)\*?\s+university\b"
    r"(?!\s+degree)|"
    # "Advanced* university degree": a footnote mark after the level.
    r"(?:(?:advanced|graduate|post-?graduate|first[- ]level|second[- ]level|first|"
    r"undergraduate|higher|master'?s?|bachelor'?s?)\*?\s+)?(?:university\s+)?degree\b"
    r"|\bmaster'?s?\b|\bbachelor'?s?\b|\bph\.?\s?d\b|\bdoctora(?:te|t|do|l)\b"
    # "Maîtrise des outils de collecte": mastery of a skill, not the French degree.
    r"|\b(?:" + _DEGREE_ABBREVIATIONS + r")\b|\bmaitrise\b(?!\s+(?:de|des|du|d')\b)"
    r"|\blicence\b|\blicenciatura\b"
    r"|\bmestrado\b|\bbacharel(?:ado)?\b|\bdoutorado\b|\bgrau\s+(?:avancado|superior)\b"
    r"|\bmaestria\b|\bdiplome\s+(?:universitaire\s+)?(?:de\s+)?[\w' ]{0,30}?"
    r"(?:superieur|avance|premier (?:cycle|niveau)|deuxieme (?:cycle|niveau)|master|licence)\w*"
    r"|\btitulo\s+(?:universitario\s+)?(?:de\s+)?[\w ]{0,20}?(?:avanzado|superior|grado|"
    r"primer nivel|licenciatura|maestria)\b|\bgrado\s+universitario\b"
    # "University educated, or equivalent work experience" (EBRD): a degree of unstated level.
    r"|\buniversity[- ]educated\b",
    re.IGNORECASE,
)
# "Educated to degree level": the words that make "degree level" a degree, not a label.
_EDUCATED_TO = re.compile(r"\beducated to (?:(?:a|university|first)\s+)?$")
_OWN_DEGREE_LEVELS: tuple[tuple[re.Pattern[str], DegreeLevel], ...] = (
    (re.compile(r"doctor|doutor|ph\.?\s?d", re.I), "doctorate"),
    (re.compile(r"premier (?:cycle|niveau)|primer nivel|grado|licen|first|bachelor|bachare"
                r"|undergrad", re.I), "bachelor"),
    (re.compile(r"superieur|avance|avanzado|superior|deuxieme (?:cycle|niveau)|master|maitrise"
                r"|maestria|mestrad|advanced|graduate|second", re.I), "master"),
)
# Between a degree and a repeated word "degree" that still belongs to it.
_DEGREE_WORD_GAP = re.compile(r"[\s)]*(?:or (?:its |an )?(?:equivalent|higher|above))?[\s)]*")
_ANOTHER_FIELD = re.compile(
    r"\bor (?:an?y? )?(?:other )?(?:related|relevant|equivalent|similar)\s+$"
)
_SCHOOL_BEFORE = re.compile(r"\b(?:high school|secondary(?: school)?)\s+$")
_DEGREE_LABEL = re.compile(r"\s*(?:levels?|requirements?|type)\b")
_COUNTED_FROM = re.compile(
    r"\b(?:after|since|following|post|upon|from)\s+(?:obtaining|completing|completion of|"
    r"receiving|earning|the award of|graduating with|attaining)?\s*(?:the|a|an|their|his/her)?"
    r"\s*$"
)
_NOT_ACADEMIC = re.compile(r"\s+of\b(?!\s+(?:arts|science|law|business|engineering)\b)")
_ABBREVIATION = re.compile(_DEGREE_ABBREVIATIONS, re.IGNORECASE)
_RESTATED_GAP = re.compile(r"\s*\(\s*(?:i\.e\.,?\s*|e\.g\.,?\s*|a\s+|an\s+)?")
# "Master/university degree", "Advanced University (Master) degree", "Master's level
# degree", "A Masters' level degree", "a master's or equivalent degree": one degree named twice.
_SAME_DEGREE_GAP = re.compile(
    r"[\s/)']*(?:level\s*)?$"
    r"|\s*(?:or|and/or)\s+(?:an?\s+)?(?:higher(?:[- ]level)?|equivalent)\s*$"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One degree named in a sentence: its level and its span in the folded sentence."""

    level: DegreeLevel
    start: int
    end: int
    #: "a university degree" of unstated level (read as a bachelor's).
    generic: bool = False


def degree_mentions(sentence: str) -> list[Mention]:
    """Each degree ``sentence`` names, once, in order (offsets into ``fold(sentence)``).

    A degree restated ("University degree (Master's or equivalent)", "Doctorate degree") is
    one mention at the level it states; a degree that dates experience ("after obtaining the
    first degree"), a label ("Degree level") or school ("High School Degree") is none.
    """
    folded = fold(sentence)
    mentions: list[Mention] = []
    for match in _DEGREE_MENTION.finditer(folded):
        if _COUNTED_FROM.search(folded[max(0, match.start() - 40): match.start()]):
            # "2 years of experience after obtaining the first university degree": the degree
            # dates the experience; it is not a degree asked for.
            continue
        if _ABBREVIATION.fullmatch(match.group(0)) and folded[match.start() - 1: match.start()] \
                == "(" and folded[match.end(): match.end() + 1] == ")":
            # "IT-Business Analysis (BA)": a short form in parentheses abbreviates the words
            # before it; a degree's own short form ("Bachelor of Arts (BA)") adds nothing.
            continue
        phrase = sentence[match.start(): match.end()].replace("*", "")
        level = vocab.degree_level(phrase)
        if level is None:
            for pattern, own in _OWN_DEGREE_LEVELS:
                if pattern.search(match.group(0)):
                    level = own
                    break
        word = match.group(0).lower()
        if word.startswith("university") and word.endswith("educated"):
            word = "university degree"
        generic = word in ("degree", "university degree")
        if (
            level is not None and mentions
            and (mentions[-1].level == level or (mentions[-1].generic and not generic))
            and _RESTATED_GAP.fullmatch(folded, mentions[-1].end, match.start())
        ):
            # "A first-level university degree (Bachelor's)": the same degree restated in
            # parentheses; counted twice, it would read as a second degree without years.
            # "University degree (Master's or equivalent)": the parentheses give the level
            # the plain "university degree" left unstated.
            last = mentions[-1]
            mentions[-1] = Mention(level, last.start, match.end(), last.generic and generic)
            continue
        if generic and mentions and _SAME_DEGREE_GAP.match(folded[mentions[-1].end: match.start()]):
            # "Master/university degree": one degree, named twice; "Master's or higher-level
            # degree": the Master's is the minimum, the rest says a higher one also does.
            last = mentions[-1]
            mentions[-1] = Mention(last.level, last.start, match.end())
            continue
        if level is None and word in ("degree", "university degree"):
            if mentions and _DEGREE_WORD_GAP.fullmatch(folded, mentions[-1].end, match.start()):
                # "Doctorate degree", "PhD degree", "Advanced university degree (master's or
                # equivalent) degree in …": the word "degree" belongs to the mention before
                # it; alone it would read as a second, bachelor-level degree.
                last = mentions[-1]
                mentions[-1] = Mention(last.level, last.start, match.end())
                continue
            if _SCHOOL_BEFORE.search(folded, 0, match.start()):
                # "High School Degree required": school, not a university degree.
                continue
            if mentions and _ANOTHER_FIELD.search(folded, 0, match.start()):
                # "… in Finance, Public Policy, Development, or related degree": the same
                # degree in another field, not a second degree.
                continue
            if (
                _DEGREE_LABEL.match(folded, match.end())
                and not _EDUCATED_TO.search(folded, 0, match.start())
            ) or _NOT_ACADEMIC.match(folded, match.end()):
                # "Degree level", "Degree requirements": a label or column heading; "a high
                # degree of professionalism": not a diploma.
                continue
            mentions.append(Mention("bachelor", match.start(), match.end(), generic=True))
            continue
        if level is not None:
            generic = match.group(0).lower() in ("degree", "university degree")
            mentions.append(Mention(level, match.start(), match.end(), generic=generic))
    return mentions


# "Bachelor's degree in economics … with a master's degree or equivalent": both are asked.
_WITH_HIGHER_GAP = re.compile(r"[^.;]{0,160}?\bwith (?:a |an )?")


def with_higher(folded: str, mentions: list[Mention]) -> list[Mention]:
    """Drop a degree that the same sentence requires together with a higher one (a
    preferred higher degree was already left out by :func:`offered`)."""
    out: list[Mention] = []
    for mention in mentions:
        if (
            out and DEGREE_LEVELS.index(mention.level) > DEGREE_LEVELS.index(out[-1].level)
            and _WITH_HIGHER_GAP.fullmatch(folded, out[-1].end, mention.start)
            and not _YEARS_OR_PREFERENCE.search(folded, out[-1].end, mention.start)
        ):
            # Raised to the higher level where the first is named: its fields follow it.
            out[-1] = Mention(mention.level, out[-1].start, out[-1].end)
            continue
        out.append(mention)
    return out


_YEARS_OR_PREFERENCE = re.compile(r"\d|\byears?\b|prefer|ideal|\bor\b[^.;]{0,20}\bwith\b")


# "(graduate degree preferred)": a degree named as a preference, not one of the options.
PREFERRED_AFTER = re.compile(
    r"\s*(?:or (?:its |an? )?equivalent\s+)?(?:is\s+)?(?:strongly\s+|highly\s+)?"
    r"(?:preferred|desirable|an asset|an advantage)\b"
)


def offered(folded: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The ``mentions`` that are degrees asked for, not a preference named beside one."""
    return [m for m in mentions if not PREFERRED_AFTER.match(folded, m.end)]
