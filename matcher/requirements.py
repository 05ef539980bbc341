"""Hard requirements read from the requirement sections of a ToR.

Education (degree level, fields, the lower degree accepted in lieu and its extra years),
experience (years), languages (required or desirable, one-of rules) and nationality
restrictions. Each function takes the lines of the sections that hold the requirement; anything
the text does not state stays None or empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matcher import vocab
from matcher.models import (
    DEGREE_LEVELS,
    DegreeLevel,
    EducationRequirement,
    ExperienceRequirement,
    Substitute,
)
from matcher.quantities import YEARS_RE, parse_number
from matcher.text import fold
from matcher.tor_layout import MAX_MENTIONS, MAX_SENTENCE, sentences_of

__all__ = ["education_requirement", "experience_requirement"]

# --------------------------------------------------------------------------- education

_DEGREE_MENTION = re.compile(
    r"(?:(?:advanced|graduate|post-?graduate|first[- ]level|second[- ]level|first|"
    r"undergraduate|higher|master'?s?|bachelor'?s?)\s+)?(?:university\s+)?degree\b"
    r"|\bmaster'?s?\b|\bbachelor'?s?\b|\bph\.?\s?d\b|\bdoctora(?:te|t|do|l)\b"
    r"|\b(?:MA|MSc|MBA|MPA|LLM|BA|BSc|LLB)\b|\bmaitrise\b|\blicence\b|\blicenciatura\b"
    r"|\bmaestria\b|\bdiplome\s+(?:universitaire\s+)?(?:de\s+)?[\w' ]{0,30}?"
    r"(?:superieur|avance|premier cycle|deuxieme cycle|master|licence)\w*"
    r"|\btitulo\s+(?:universitario\s+)?(?:de\s+)?[\w ]{0,20}?(?:avanzado|superior|grado|"
    r"primer nivel|licenciatura|maestria)\b|\bgrado\s+universitario\b",
    re.IGNORECASE,
)
_OWN_DEGREE_LEVELS: tuple[tuple[re.Pattern[str], DegreeLevel], ...] = (
    (re.compile(r"doctor|ph\.?\s?d", re.I), "doctorate"),
    (re.compile(r"premier cycle|primer nivel|grado|licen|first|bachelor|undergrad", re.I),
     "bachelor"),
    (re.compile(r"superieur|avance|avanzado|superior|deuxieme cycle|master|maitrise|maestria"
                r"|advanced|graduate|second", re.I), "master"),
)
_SUBSTITUTION = re.compile(
    r"in lieu|instead|in combination|combined with|may be accepted|can be accepted|accepted|"
    r"substitut|additional|plus|with\s+(?:at least\s+)?\S+\s+(?:\(\d+\)\s+)?years|en lieu|"
    r"au lieu|a defaut|combine|en combinacion|en lugar|acompanad|adicional|supplementaires|"
    r"additionnelles|de plus|equivalent combination|\bor\s+\d{1,2}\s+years?",
)
# Options joined by "or" (English, French, Spanish) or a semicolon.
_ALTERNATIVE = re.compile(r"\bor\b|\bou\b|(?<=\w) o (?=\w)|;")
_DEGREE_LABEL = re.compile(r"\s*(?:levels?|requirements?|type)\b")
_REPLACES_EXPERIENCE = re.compile(
    r"\b(?:may|can|could|will) (?:replace|substitute for|be substituted for|count (?:as|for))\b"
    r"[^.;]{0,40}\byears?\b"
)
_ADDITIONAL = re.compile(r"additional|further|extra|supplementa|additionnel|adicional")


@dataclass(frozen=True, slots=True)
class _Mention:
    level: DegreeLevel
    start: int
    end: int


def _degree_mentions(sentence: str) -> list[_Mention]:
    folded = fold(sentence)
    mentions: list[_Mention] = []
    for match in _DEGREE_MENTION.finditer(folded):
        phrase = sentence[match.start(): match.end()]
        level = vocab.degree_level(phrase)
        if level is None:
            for pattern, own in _OWN_DEGREE_LEVELS:
                if pattern.search(match.group(0)):
                    level = own
                    break
        if level is None and match.group(0).lower() in ("degree", "university degree"):
            if mentions and not folded[mentions[-1].end: match.start()].strip():
                # "Doctorate degree", "PhD degree": the word "degree" belongs to the mention
                # before it; alone it would read as a second, bachelor-level degree.
                last = mentions[-1]
                mentions[-1] = _Mention(last.level, last.start, match.end())
                continue
            if _DEGREE_LABEL.match(folded, match.end()):
                # "Degree level", "Degree requirements": a label or column heading, not a degree.
                continue
            level = "bachelor"
        if level is not None:
            mentions.append(_Mention(level, match.start(), match.end()))
    return mentions


def _alternatives(folded: str, mentions: Sequence[_Mention]) -> bool:
    """True for "N years with degree X; or M years with degree Y" (either order of the parts).

    Each degree of two or more different levels carries its own years, and the options are
    joined by "or" or a semicolon: the degrees are alternatives, not a list of requirements.
    """
    if len({m.level for m in mentions}) < 2 or not _ALTERNATIVE.search(folded):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))


def _year_segments(folded: str, mentions: Sequence[_Mention]) -> list[str]:
    """The text holding each mention's years: before it when the sentence states years first
    ("3 years of experience with an undergraduate degree; or 2 years with a graduate degree"),
    otherwise after it ("Bachelor's degree and 4 years, or Master's degree and 2 years")."""
    first_years = YEARS_RE.search(folded)
    years_first = first_years is not None and first_years.end() <= mentions[0].start
    segments: list[str] = []
    for index, mention in enumerate(mentions):
        if years_first:
            begin = mentions[index - 1].end if index else 0
            segments.append(folded[begin: mention.start])
        else:
            stop = mentions[index + 1].start if index + 1 < len(mentions) else len(folded)
            segments.append(folded[mention.end: stop])
    return segments


def _years_in(text: str) -> float | None:
    match = YEARS_RE.search(fold(text))
    return parse_number(match.group("num")) if match else None


def _fields_after(sentence: str, anchor_end: int) -> tuple[str, ...]:
    """Subjects listed after a degree or "experience" ("in law, economics or related")."""
    tail = re.sub(r"\([^)]*\)", " ", sentence[anchor_end:])
    match = re.match(r"[\s,]*(?:(?:or|ou|o) (?:equivalent|equivalente)\s+)?"
                     r"(?:preferably\s+|de preference\s+|preferiblemente\s+)?"
                     r"(?:in|en|of|within|dans|on)\s+(.+)", tail, re.IGNORECASE)
    if match is None:
        return ()
    body = re.split(
        r"\.|;|\bis (?:required|desirable|an asset|preferred)\b|\b(?:are|is) required\b"
        r"|\bwith\b|\bwhich\b|\bas well as\b|\bincluding\b|\best requis|\bes requerid",
        match.group(1),
        maxsplit=1,
    )[0]
    parts = [p for p in re.split(r"[,;]", body) if p.strip()]
    pieces: list[str] = []
    for index, part in enumerate(parts):
        alternatives = re.split(r"\band/or\b|\bor\b|\bou\b|(?<=\w) o (?=\w)", part)
        if index == len(parts) - 1 and len(parts) > 1:
            # "…, economics and law": the last item of a list may be joined by "and".
            alternatives = [
                a for alt in alternatives
                for a in re.split(r"\band\b|\bet\b|(?<=\w) y (?=\w)", alt)
            ]
        pieces.extend(alternatives)
    fields: list[str] = []
    for raw in pieces:
        item = re.sub(r"^\s*(?:a|an|the|other|any|un|une|le|la|el|los)\s+", "", raw.strip(" .:"))
        item = item.strip().lower()
        if not item or re.search(r"related|relevant|similar|connexe|afin|equivalent|pertinent"
                                 r"|relacionad|etc\b", item) or len(item.split()) > 6:
            continue
        fields.append(item)
    return tuple(dict.fromkeys(fields))


def education_requirement(
    lines: Sequence[str], experience_years: int | None
) -> tuple[EducationRequirement | None, int | None]:
    """The education requirement, and the years of experience it implies (or None).

    "Master's degree, or a first-level degree with two additional years" gives master with a
    bachelor substitute; "Bachelor's plus 4 years, or Master's with 2 years" gives the same, and
    implies 2 years of experience with the Master's.
    """
    main: DegreeLevel | None = None
    main_fields: tuple[str, ...] = ()
    implied: int | None = None
    evidence: list[str] = []
    candidates: list[tuple[DegreeLevel, float | None, str, str]] = []
    for sentence in sentences_of(lines):
        if len(sentence) > MAX_SENTENCE:
            continue
        mentions = _degree_mentions(sentence)[:MAX_MENTIONS]
        if not mentions:
            continue
        folded = fold(sentence)
        if _DESIRABLE_DEGREE.search(folded) and not _SUBSTITUTION.search(folded):
            # "An advanced university degree is an asset": not the requirement.
            continue
        if _REPLACES_EXPERIENCE.search(folded):
            # "A bachelor's degree may replace three years of work experience": the degree is
            # an option that shortens the experience asked for, not the required education.
            continue
        substituting = _SUBSTITUTION.search(folded) is not None or _alternatives(
            folded, mentions
        )
        plain: list[_Mention] = []
        with_years: list[tuple[_Mention, float, str]] = []
        for mention, segment in zip(mentions, _year_segments(folded, mentions), strict=True):
            years = _years_in(segment)
            if years is not None and substituting:
                with_years.append((mention, years, segment))
            else:
                plain.append(mention)
        had_main = main is not None
        if main is None and not plain and len({m.level for m, _, _ in with_years}) > 1:
            # Alternatives, each with its own years. The call's reference level is the option
            # a JPO typically holds: the Master's when it is offered (the standard JPO
            # requirement), else the highest degree below a doctorate (a doctorate is never
            # the minimum when a lower alternative is also offered). Its years are the
            # experience required; a lower degree is the substitute.
            options = (
                [t for t in with_years if t[0].level == "master"]
                or [t for t in with_years if t[0].level != "doctorate"]
                or with_years
            )
            top, top_years, _ = max(options, key=lambda t: DEGREE_LEVELS.index(t[0].level))
            main, implied = top.level, int(top_years)
            main_fields = _fields_after(sentence, top.end) or _fields_after(
                sentence, with_years[0][0].end
            )
            with_years = [t for t in with_years if t[0] is not top]
        elif main is None and plain:
            main = min((m.level for m in plain), key=DEGREE_LEVELS.index)
            first = next(m for m in plain if m.level == main)
            main_fields = _fields_after(sentence, first.end)
            if not main_fields:
                main_fields = _fields_after(sentence, max(plain, key=lambda m: m.end).end)
        if not had_main and main is not None:
            evidence.append(sentence.strip())
        candidates.extend((m.level, years, after, sentence) for m, years, after in with_years)
        if substituting and _ADDITIONAL.search(folded) and not with_years:
            # "or a first university degree with additional years of related work experience":
            # a lower degree is accepted, for a number of years the text does not give.
            lower = [m for m in plain if _UNNUMBERED_EXTRA.search(folded[m.end:])]
            candidates.extend((m.level, None, "", sentence) for m in lower)
    if main is None:
        return None, None
    base_years = experience_years if experience_years is not None else implied
    substitute = None
    for level, years, context, sentence in candidates:
        if DEGREE_LEVELS.index(level) < DEGREE_LEVELS.index(main):
            substitute = _substitute(level, years, context, base_years)
            if sentence.strip() not in evidence:
                evidence.append(sentence.strip())
            break
    return EducationRequirement(
        min_level=main, fields=main_fields, substitute=substitute, evidence=" … ".join(evidence)
    ), implied


_DESIRABLE_DEGREE = re.compile(
    r"\b(?:is|are|would be|will be) (?:an? )?(?:strong |distinct |definite )?"
    r"(?:asset|advantage|plus|desirable|preferred|advantageous)\b|\bpreferred\b|\bdesirable\b"
    r"|\best un atout\b|\bconstitue un atout\b|\bes deseable\b|\bse valorar"
)
# "… with additional years of experience" (no number): the years of a substitution route.
_UNNUMBERED_EXTRA = re.compile(
    r"^[^.;]{0,40}?\b(?:with|plus|and|in combination with|combined with)\s+(?:\w+\s+)?"
    r"(?:additional|further|extra|relevant additional)\s+years?\b"
)


def _substitute(
    level: DegreeLevel, years: float | None, context: str, experience_years: int | None
) -> Substitute:
    if years is None:
        return Substitute(level=level, extra_years=None)
    extra = int(years)
    if not _ADDITIONAL.search(context) and experience_years is not None and extra > (
        experience_years
    ):
        # "A Bachelor's plus 4 years" where the Master's needs 2: the extra is the difference.
        extra -= experience_years
    return Substitute(level=level, extra_years=extra)


# --------------------------------------------------------------------------- experience

_EXPERIENCE_WORD = re.compile(r"experien")


def experience_requirement(lines: Sequence[str], *, strict: bool) -> ExperienceRequirement | None:
    # "2 years (with a master's degree) or 4 years (with a bachelor's degree)": each degree
    # carries its own years; the first option's years count when nothing else states them.
    fallback: ExperienceRequirement | None = None
    for sentence in sentences_of(lines):
        if len(sentence) > MAX_SENTENCE:
            continue
        folded = fold(sentence)
        if strict and not _EXPERIENCE_WORD.search(folded):
            continue
        mentions = _degree_mentions(sentence)
        if mentions and (_SUBSTITUTION.search(folded) or _alternatives(folded, mentions)):
            # Years tied to degree options belong to the education requirement.
            if fallback is None and _EXPERIENCE_WORD.search(folded) and _own_years(
                folded, mentions
            ):
                first = _option_years(folded, mentions)
                if first is not None and 0 < first <= 30:
                    fallback = ExperienceRequirement(min_years=int(first))
            continue
        match = YEARS_RE.search(folded)
        if match is None:
            continue
        years = parse_number(match.group("num"))
        if years is None or not 0 < years <= 30:
            continue
        anchor = re.search(r"experien\w*", folded[match.end():])
        fields: tuple[str, ...] = ()
        if anchor:
            fields = _fields_after(sentence, match.end() + anchor.end())
        return ExperienceRequirement(min_years=int(years), fields=fields)
    return fallback


def _option_years(folded: str, mentions: Sequence[_Mention]) -> float | None:
    """The years of the reference option: the Master's when offered (as in
    :func:`education_requirement`), else the first degree named."""
    pairs = list(zip(mentions, _year_segments(folded, mentions), strict=True))
    chosen = next((seg for m, seg in pairs if m.level == "master"), pairs[0][1])
    return _years_in(chosen)


def _own_years(folded: str, mentions: Sequence[_Mention]) -> bool:
    """True when two or more degrees each carry their own years ("15 years with a master's
    and 17 with a bachelor's"), unlike a substitution rule that adds years to one degree."""
    if len({m.level for m in mentions}) < 2 or _ADDITIONAL.search(folded):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))
