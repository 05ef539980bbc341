"""Hard requirements read from the requirement sections of a ToR.

Education (degree level, fields, the lower degree accepted in lieu and its extra years),
experience (years), languages (required or desirable, one-of rules) and nationality
restrictions. Each function takes the lines of the sections that hold the requirement; anything
the text does not state stays None or empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from matcher.degree_mentions import (
    PREFERRED_AFTER,
    Mention,
    degree_mentions,
    offered,
    with_higher,
)
from matcher.models import (
    DEGREE_LEVELS,
    DegreeLevel,
    EducationRequirement,
    ExperienceRequirement,
    Substitute,
)
from matcher.quantities import YEARS_RE, parse_number
from matcher.tor_layout import MAX_MENTIONS, MAX_SENTENCE
from matcher.vocab import fold

__all__ = ["education_requirement", "experience_requirement", "substitute_from_experience"]

# --------------------------------------------------------------------------- education

_SUBSTITUTION = re.compile(
    # "Bachelor's plus 4 years" substitutes; "a university degree is a plus" grades.
    r"in lieu|instead|in combination|combined with|may be accepted|can be accepted|accepted|"
    r"substitut|additional|(?<!\ba )plus|with\s+(?:at least\s+)?\S+\s+(?:\(\d+\)\s+)?years|en lieu|"
    r"au lieu|a defaut|combine|en combinacion|en lugar|acompanad|adicional|supplementaires|"
    r"additionnelles|de plus|equivalent combination|equivalent (?:work |professional )?experience|"
    r"\bor\s+\d{1,2}\s+years?|"
    r"completee? par|complementad|(?:can|may|could) be considered",
)
# Options joined by "or" (English, French, Spanish) or a semicolon.
_ALTERNATIVE = re.compile(r"\bor\b|\bou\b|(?<=\w) o (?=\w)|;")
# "3 years (for advanced degree holders, and 5 years for bachelor holders)": years per holder
# of each degree are options even when joined by "and".
_HOLDERS = re.compile(r"\bholders?\b|\btitulaires?\b")
_REPLACES_EXPERIENCE = re.compile(
    r"\b(?:may|can|could|will) (?:replace|substitute for|be substituted for|count (?:as|for))\b"
    r"[^.;]{0,40}\byears?\b"
    # "Three additional years of experience may be substituted for a bachelor's degree": the
    # years stand in for the degree, which is then not required either.
    r"|\byears? of (?:\w+ )?experience (?:may|can|could) (?:be substituted for|substitute for|"
    r"replace)\b"
)
_ADDITIONAL = re.compile(r"additional|further|extra|supplementa|additionnel|adicional")


def _alternatives(folded: str, mentions: Sequence[Mention]) -> bool:
    """True for "N years with degree X; or M years with degree Y" (either order of the parts).

    Each degree of two or more different levels carries its own years, and the options are
    joined by "or" or a semicolon: the degrees are alternatives, not a list of requirements.
    """
    if len({m.level for m in mentions}) < 2 or not (
        _ALTERNATIVE.search(folded) or _HOLDERS.search(folded)
    ):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))


def _year_segments(folded: str, mentions: Sequence[Mention]) -> list[str]:
    """The text holding each mention's years: before it when the sentence states years first
    ("3 years of experience with an undergraduate degree; or 2 years with a graduate degree"),
    otherwise after it ("Bachelor's degree and 4 years, or Master's degree and 2 years")."""
    first_years = YEARS_RE.search(folded)
    years_first = first_years is not None and first_years.end() <= mentions[0].start
    segments: list[str] = []
    for index, mention in enumerate(mentions):
        if years_first:
            begin = mentions[index - 1].end if index else 0
            # The years nearest before the degree are its own ("2 years (or 3 years with an
            # undergraduate degree)": 3 belong to the undergraduate degree).
            found = list(_YEARS_OR_NONE.finditer(folded, begin, mention.start))
            last = found[-1] if found else None
            segments.append(folded[last.start() if last else begin: mention.start])
        else:
            stop = mentions[index + 1].start if index + 1 < len(mentions) else len(folded)
            segments.append(folded[mention.end: stop])
    return segments


def _years_in(text: str) -> float | None:
    folded = fold(text)
    match = YEARS_RE.search(folded)
    if match is None:
        # "or no experience with Graduate degree" (UNHCR's grid): none needed with it.
        return 0.0 if _NO_EXPERIENCE.search(folded) else None
    return parse_number(match.group("num"))


_NO_EXPERIENCE = re.compile(
    r"\bno (?:\w+ )?(?:work )?experience\b|\bwithout (?:\w+ )?experience\b|"
    r"\bsans experience\b|\bsin experiencia\b"
)
_YEARS_OR_NONE = re.compile(YEARS_RE.pattern + "|" + _NO_EXPERIENCE.pattern)


def _implied_higher(folded: str, mentions: Sequence[Mention]) -> tuple[int, float] | None:
    """(base years, years with the lower degree) for "Minimum 2 years of experience (or 3 years
    with an undergraduate degree)": the base years go with the degree above it."""
    if len(mentions) != 1 or mentions[0].level != "bachelor" or mentions[0].generic:
        return None
    years = list(YEARS_RE.finditer(folded, 0, mentions[0].start))
    if len(years) < 2 or not re.search(r"\bor\b", folded[years[0].end(): years[-1].start()]):
        return None
    base, lower = parse_number(years[0].group("num")), parse_number(years[-1].group("num"))
    if base is None or lower is None or lower <= base:
        return None
    return int(base), lower


def _fields_after(sentence: str, anchor_end: int) -> tuple[str, ...]:
    """Subjects listed after a degree or "experience" ("in law, economics or related")."""
    tail = sentence[anchor_end:]
    inside, closing, after = tail.partition(")")
    if closing and "(" not in inside and len(inside) < 40:
        # The anchor closes a parenthesis ("degree (Master's or equivalent) in law").
        tail = after
    tail = re.sub(r"\([^)]*\)", " ", tail)
    match = re.match(r"[\s,]*(?:(?:or|ou|o) (?:equivalent|equivalente)\s+)?"
                     r"(?:preferably\s+|de preference\s+|preferiblemente\s+)?"
                     r"(?:in|en|of|within|dans|on)\s+(.+)", tail, re.IGNORECASE)
    if match is None:
        return ()
    body = re.split(
        r"\.|;|\bis (?:required|desirable|an asset|preferred)\b|\b(?:are|is) required\b"
        r"|\bwith\b|,\s*(?:at least\s+)?(?:\w+\s+)?of which\b|\bwhich\b|\bas well as\b"
        r"|\bincluding\b|\best requis|\bes requerid",
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
        if _NOT_A_FIELD.search(item):
            # "…, preferably at post graduate level", "one of the following fields", "first
            # university degree": a level, a lead-in or another degree, not a subject.
            continue
        fields.append(item)
    return tuple(dict.fromkeys(fields))


_NOT_A_FIELD = re.compile(
    r"^(?:preferabl|ideally)|\blevel\b|\bthe following\b|\bdegree\b|\bdiploma\b"
)


# "For P2/NOB - 3 years relevant experience with Undergraduate degree; or …": the grid of a
# standard job description, which holds for every post of the grade. A requirement the
# vacancy itself states wins over it.
_GRADE_TEMPLATE = re.compile(
    r"^\W*for\s+(?:p|g|gs|no|nob|noa|noc|nod|fs|ns)-?\d?(?:\s*/\s*[a-z]{1,3}-?\d?)*\s*[-–:]"
)


# "… can be considered At least 12 years of relevant experience …": a page lost the stop
# between two requirements; a capitalised "At least N years" starts the second.
_LOST_STOP = re.compile(
    r"(?<=[a-z)])\s+(?=(?:At least|A minimum of|Minimum of|Minimum)\s+\S+\s+(?:\(\d+\)\s+)?"
    r"(?:years?|yrs)\b)"
    # "… or related field is required Master's degree in … is an asset": two bullets that
    # lost their marks and stops, the first ending in its grade.
    r"|(?:(?<=\brequired)|(?<=\bessential)|(?<=\bmandatory)|(?<=\basset)|(?<=\bdesirable)"
    r"|(?<=\bpreferred)|(?<=\badvantage))\s+(?=(?:An?|Advanced|Master'?s?|Bachelor'?s?|"
    r"University|First|Second|Post-?graduate|Graduate|Undergraduate|PhD|Doctorate)\b"
    r"|(?:[Aa] minimum of|[Aa]t least|[Mm]inimum)\s+\S+\s+(?:\(\d+\)\s+)?(?:years?|yrs)\b)"
)
# "Bachelor of Arts: Law, Master's: Political Science": a form's list of fields of study.
_FIELD_TAXONOMY = re.compile(r"\b(?:Bachelor|Master|Doctor)(?:'s| of (?:Arts|Science)s?):")


def _sentences(sentences: Sequence[str], *, templates: bool) -> list[str]:
    """The ``sentences`` that may state a requirement: the vacancy's own, or (with
    ``templates``) only the grids of a standard job description."""
    chosen: list[str] = []
    for sentence in _join_open_options(
        [part for whole in sentences for part in _LOST_STOP.split(whole)]
    ):
        if len(sentence) > MAX_SENTENCE or len(_FIELD_TAXONOMY.findall(sentence)) >= 2:
            # "Bachelor of Arts: Law, Bachelor of Arts: Political Science": a form's list of
            # fields of study, not a degree level asked for.
            continue
        if bool(_GRADE_TEMPLATE.match(fold(sentence))) == templates:
            chosen.append(sentence)
    return chosen


# "-Bachelor's degree in relevant area or" / "-Completion of secondary school.": a bullet that
# ends in "or" leaves its option open; the next bullet is the other option.
_OPEN_OPTION = re.compile(r"\s(?:or|and/or|ou|o)\s*$", re.IGNORECASE)
# The bullet of the next option, as a scraped page keeps it ("-Completion of …").
_LEADING_DASH = re.compile(r"^\s*[-–•*]\s*")


def _join_open_options(sentences: Sequence[str]) -> list[str]:
    out: list[str] = []
    for sentence in sentences:
        if out and _OPEN_OPTION.search(out[-1]):
            out[-1] = f"{out[-1].rstrip()} {_LEADING_DASH.sub('', sentence)}"
        else:
            out.append(sentence)
    return out


def education_requirement(
    sentences: Sequence[str], experience_years: int | None, *, templates: bool = False
) -> tuple[EducationRequirement | None, int | None]:
    """The education requirement, and the years of experience it implies (or None).

    "Master's degree, or a first-level degree with two additional years" gives master with a
    bachelor substitute; "Bachelor's plus 4 years, or Master's with 2 years" gives the same, and
    implies 2 years of experience with the Master's. The vacancy's own statement wins over the
    grid of a standard job description ("For P2/NOB - 3 years with Undergraduate degree; …").

    Args:
        sentences: Requirement sentences, in document order (:func:`matcher.tor_layout.
            sentences_of` of each section: sentences never run across sections).
        experience_years: The years of experience the call asks with the main degree, when
            known (to compute the extra years of a "Bachelor's plus 4 years" substitution).
        templates: Read only the grids of a standard job description (the caller tries the
            vacancy's own sentences first).
    """
    return _education_from(_sentences(sentences, templates=templates), experience_years)


@dataclass(slots=True)
class _Reading:
    """What the sentences read so far say about the education asked for."""

    main: DegreeLevel | None = None
    #: The main degree was "a university degree" of unstated level.
    generic: bool = False
    fields: tuple[str, ...] = ()
    implied: int | None = None
    #: A sentence required secondary school before any degree was named.
    secondary: bool = False
    evidence: list[str] = field(default_factory=list)
    #: (lower level, its years or None, the text holding them, the sentence).
    candidates: list[tuple[DegreeLevel, float | None, str, str]] = field(default_factory=list)


def _education_from(
    sentences: Sequence[str], experience_years: int | None
) -> tuple[EducationRequirement | None, int | None]:
    reading = _Reading()
    for sentence in sentences:
        _read_degrees(reading, sentence)
    if reading.main is None:
        return None, None
    # "Master's and 2 years, or Bachelor's and 4 years": the lower degree's years are counted
    # from the main option's years in the same statement, whatever the experience section
    # says elsewhere (a UNHCR grid beside the vacancy's own "Minimum 3 years").
    base_years = reading.implied if reading.implied is not None else experience_years
    substitute = None
    for level, years, context, sentence in reading.candidates:
        if DEGREE_LEVELS.index(level) < DEGREE_LEVELS.index(reading.main):
            substitute = _substitute(level, years, context, base_years)
            if sentence.strip() not in reading.evidence:
                reading.evidence.append(sentence.strip())
            break
    return EducationRequirement(
        min_level=reading.main, fields=reading.fields, substitute=substitute,
        evidence=" … ".join(reading.evidence),
    ), reading.implied


def substitute_from_experience(
    education: EducationRequirement | None,
    experience: ExperienceRequirement | None,
    sentences: Sequence[str] = (),
) -> tuple[EducationRequirement | None, int | None]:
    """The lower degree the experience line offers, when it ties years to each degree, and
    the years that line asks with the main degree (or None).

    "Minimum 2 years (with master's degree) or 4 years (with bachelor's degree)" under the
    experience heading accepts a Bachelor's with 2 more years, even where the education
    heading names only the Master's. It states the total years with each degree, so it wins
    over an education line's looser "with additional 4 years … in lieu of master's degree".
    When the education line asks for the lower degree ("University degree (Bachelor's)") and
    the experience line asks fewer years with a higher one ("3 years (with Bachelor's) or 2
    years (with Master's)"), the higher degree with its years is the requirement and the
    lower one the substitute: the grid reading of RULES.md.

    Args:
        education: The education requirement read so far.
        experience: The experience requirement; its evidence is read first.
        sentences: The experience section's other sentences, read after it.
    """
    if education is None or experience is None or experience.min_years is None:
        return education, None
    for line in _experience_lines(experience.evidence, sentences):
        reading = _Reading()
        _read_degrees(reading, line)
        if reading.main is None:
            continue
        rank = DEGREE_LEVELS.index(reading.main)
        graded = [(level, years, context, sentence)
                  for level, years, context, sentence in reading.candidates
                  if years is not None and DEGREE_LEVELS.index(level) < rank]
        higher = rank > DEGREE_LEVELS.index(education.min_level)
        if reading.main != education.min_level and not (
            higher and any(level == education.min_level for level, *_ in graded)
        ):
            continue
        if graded:
            level, years, context, sentence = graded[0]
            evidence = education.evidence
            if sentence.strip() not in evidence:
                evidence = f"{evidence} … {sentence.strip()}" if evidence else sentence.strip()
            base = reading.implied if reading.implied is not None else experience.min_years
            return replace(
                education, min_level=reading.main,
                substitute=_substitute(level, years, context, base), evidence=evidence,
            ), reading.implied
    return education, None


def _experience_lines(evidence: str, sentences: Sequence[str]) -> list[str]:
    """The experience sentences, then each two neighbours read as one.

    "For master's degree holders, at least three years … For a bachelor's degree holder, at
    least five years …": one grid, written as two sentences; joined by a semicolon, they read
    as the options of one statement.
    """
    # The evidence is usually one of the section's sentences too: read each sentence once.
    lines = list(dict.fromkeys((evidence, *sentences)))
    with_degree = [line for line in lines
                   if degree_mentions(line) and YEARS_RE.search(fold(line))]
    pairs = [f"{first.rstrip(' .')}; {second}"
             for first, second in zip(with_degree, with_degree[1:], strict=False)]
    return lines + pairs


def _read_degrees(reading: _Reading, sentence: str) -> None:
    """Update ``reading`` with what one sentence says about degrees."""
    place = _STUDY_PLACE.search(fold(sentence))
    if place is not None:
        # "Academic training (Bachelor and/or Master) must have taken place in a developing
        # country": where the studies were done, not the degree asked for (a page may have
        # glued it to the education sentence before it).
        sentence = sentence[: place.start()]
    folded = fold(sentence)
    named = degree_mentions(sentence)[:MAX_MENTIONS]
    # "Bachelor's degree; Master's degree preferred": the preference is no requirement, and
    # its word does not grade the degree asked for.
    mentions = with_higher(folded, offered(folded, named))
    if not named and reading.main is None and _SECONDARY_REQUIRED.search(folded):
        reading.secondary = True
    if not mentions or reading.secondary:
        # "Completion of secondary education is required. … Candidates with a first level
        # university degree and three years of experience may be considered": with school
        # the requirement, a degree named later is a shorter route or an asset.
        return
    if _asks_no_degree(reading, folded, named, mentions):
        return
    implied_pair = _implied_higher(folded, mentions)
    if implied_pair is not None and (reading.main is None or reading.generic):
        # "Minimum 2 years (or 3 years with an undergraduate degree)": the 2 years go with a
        # graduate degree, the undergraduate one is the substitute.
        reading.main, reading.implied, reading.generic = "master", implied_pair[0], False
        reading.candidates.append(("bachelor", implied_pair[1], "", sentence))
        reading.evidence.append(sentence.strip())
        return
    _read_options(reading, sentence, folded, mentions)


def _asks_no_degree(
    reading: _Reading, folded: str, named: Sequence[Mention], mentions: Sequence[Mention]
) -> bool:
    """True when the sentence names degrees but asks a candidate for none of them (an asset,
    a route for staff only, a degree that shortens the experience, school as the minimum)."""
    graded = folded
    for mention in named:
        if mention not in mentions:
            stop = PREFERRED_AFTER.match(folded, mention.end)
            end = stop.end() if stop else mention.end
            graded = graded[: mention.start] + " " * (end - mention.start) + graded[end:]
    # "A University degree in Finance, at post-graduate level or its equivalent is preferred":
    # the preference is for the level; the degree itself is asked for.
    graded = _LEVEL_PREFERENCE.sub(" ", graded)
    if _DESIRABLE_DEGREE.search(graded) and not _SUBSTITUTION.search(folded):
        # "An advanced university degree is an asset": not the requirement.
        return True
    if reading.main is not None and _INTERNAL_ONLY.search(folded):
        # "… may be taken in lieu of an advanced university degree (this flexibility only
        # applies to internal UNICEF staff …)": no route for the candidates of the call.
        return True
    if _REPLACES_EXPERIENCE.search(folded):
        # "A bachelor's degree may replace three years of work experience": the degree is an
        # option that shortens the experience asked for, not the required education.
        return True
    if _SECONDARY_ROUTE.search(folded) and YEARS_RE.search(folded):
        # "Minimum 6 years (with Secondary Education) and 3 years (with bachelor's degree)":
        # secondary school with more years also qualifies, so no degree is required.
        return True
    if reading.main is None and _SECONDARY_OPTION.search(folded):
        # "Bachelor's degree in relevant area or completion of secondary school": school is
        # the minimum, as if it were stated alone.
        reading.secondary = True
        return True
    return False


def _read_options(
    reading: _Reading, sentence: str, folded: str, mentions: Sequence[Mention]
) -> None:
    """The main degree and the substitutes of a sentence that asks for degrees."""
    substituting = _SUBSTITUTION.search(folded) is not None or _alternatives(folded, mentions)
    if reading.main is None and len({m.level for m in mentions}) < 2:
        # "Bachelor's degree … with at least 2 years of experience": one degree and its
        # years; nothing is substituted yet.
        substituting = False
    plain: list[Mention] = []
    with_years: list[tuple[Mention, float, str]] = []
    # What follows each mention up to the next one: "Advanced degree, or a degree with
    # additional years" gives the additional years to the second degree only.
    after: dict[int, str] = {}
    for mention, segment in zip(mentions, _year_segments(folded, mentions), strict=True):
        after[mention.start] = segment
        years = _years_in(segment)
        if years is not None and substituting:
            with_years.append((mention, years, segment))
        else:
            plain.append(mention)
    had_main = reading.main is not None
    # Lower degrees offered "with additional years" of a number the text does not give.
    routes = [m for m in plain if substituting and _UNNUMBERED_EXTRA.search(after[m.start])]
    if reading.main is None and with_years and routes and len(routes) == len(plain) and all(
        DEGREE_LEVELS.index(m.level) < min(DEGREE_LEVELS.index(t[0].level) for t in with_years)
        for m in routes
    ):
        # "Advanced University degree with minimum 3 years …, or First University degree with
        # additional years of related work experience": the degree with its years is the
        # requirement, the lower one with unstated extra years its substitute.
        with_years = _main_of_alternatives(reading, sentence, with_years)
        reading.candidates.extend((m.level, None, "", sentence) for m in routes)
    elif reading.main is None and not plain and len({m.level for m, _, _ in with_years}) > 1:
        with_years = _main_of_alternatives(reading, sentence, with_years)
    elif reading.main is None and plain:
        _main_of_plain(reading, sentence, after, plain, substituting=substituting)
    if not had_main and reading.main is not None:
        reading.evidence.append(sentence.strip())
    reading.candidates.extend((m.level, years, after, sentence) for m, years, after in with_years)
    if substituting and not with_years:
        # "or a first university degree with additional years of related work experience": a
        # lower degree is accepted, for a number of years the text does not give.
        reading.candidates.extend((m.level, None, "", sentence) for m in routes)


def _main_of_alternatives(
    reading: _Reading, sentence: str, with_years: list[tuple[Mention, float, str]]
) -> list[tuple[Mention, float, str]]:
    """Alternatives, each with its own years; returns the options left as substitutes.

    The call's reference level is the option a JPO typically holds: the Master's when it is
    offered (the standard JPO requirement), else the highest degree below a doctorate (a
    doctorate is never the minimum when a lower alternative is also offered). Its years are
    the experience required; a lower degree is the substitute.
    """
    options = (
        [t for t in with_years if t[0].level == "master"]
        or [t for t in with_years if t[0].level != "doctorate"]
        or with_years
    )
    top, top_years, _ = max(options, key=lambda t: DEGREE_LEVELS.index(t[0].level))
    reading.main, reading.implied = top.level, int(top_years)
    reading.fields = _fields_after(sentence, top.end) or _fields_after(
        sentence, with_years[0][0].end
    )
    return [t for t in with_years if t[0] is not top]


def _main_of_plain(
    reading: _Reading, sentence: str, after: dict[int, str], plain: list[Mention], *,
    substituting: bool,
) -> None:
    """The lowest degree named without years is the minimum; "Advanced degree …; or a first
    degree with additional years": the one with additional years is the substitute.
    ``after`` holds what follows each mention (by its start) up to the next mention."""
    extra = [m for m in plain if substituting and _UNNUMBERED_EXTRA.search(after[m.start])]
    core = [m for m in plain if m not in extra] or plain
    main = min((m.level for m in core), key=DEGREE_LEVELS.index)
    first = next(m for m in core if m.level == main)
    reading.main = main
    reading.generic = all(m.generic for m in core if m.level == main)
    reading.fields = _fields_after(sentence, first.end) or _fields_after(
        sentence, max(plain, key=lambda m: m.end).end
    )


_INTERNAL_ONLY = re.compile(
    r"\b(?:flexibility|substitution|exception|provision)\b[^.;]{0,20}?\b(?:only applies|applies "
    r"only|is only applicable|is applicable only|is limited)\b[^.;]{0,20}?\b(?:internal|current|"
    r"serving)\b"
)
_STUDY_PLACE = re.compile(
    r"(?:\bsubstantive parts? of\s+)?(?:\b(?:the\s+)?candidates?'?s?\s+)?\b(?:academic training|"
    r"studies|education|degrees?)\s*(?:\([^)]{0,40}\)\s*)?(?:must|should|shall)\s+have\s+"
    r"(?:taken place|been (?:obtained|completed|earned|awarded))\s+(?:in|at|from)\b"
)
_SECONDARY_ROUTE = re.compile(
    r"\b(?:with|and|plus)\s+(?:a\s+|the\s+)?(?:completed\s+)?(?:secondary|high school)\b"
    # "Bachelor's Degree - 3 year(s) experience OR High School certificate- 6 year(s)".
    r"|\bor\s+(?:a\s+)?(?:secondary|high school)\s+(?:school\s+)?(?:certificate|diploma|education)"
)
_SCHOOL = r"(?:secondary|high school)\s+(?:school\s+)?(?:education|diploma|certificate|degree)\b"
_SECONDARY_OPTION = re.compile(
    # "Bachelor's degree in relevant area or completion of secondary school".
    r"\bdegree\b[^.;]{0,60}?\bor\s+(?:the\s+)?(?:completion of\s+|completed\s+)?(?:a\s+|the\s+)?"
    r"(?:secondary|high school)\s+(?:school|education|diploma|certificate)\b"
    # "High School Diploma with 3 years of relevant experience; or Bachelor's degree with 1
    # year", "Completion of High School Diploma or Bachelor's degree": school first, then the
    # degree as the other option.
    r"|^\W*(?:for [\w-]+\s*:\s*)?(?:(?:the\s+)?completion of\s+|completed\s+)?(?:an?\s+)?"
    + _SCHOOL + r"[^.]{0,80}?(?:\bor\b|;)"
    # "Minimum 2 years for High School Diploma and 1 years for BA": years per holder.
    r"|\byears?\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:for|with)\s+(?:an?\s+)?" + _SCHOOL
)
_LEVEL_PREFERENCE = re.compile(
    r",?\s*(?:at|of) (?:a )?(?:post-?graduate|graduate|master'?s?|advanced) level"
    r"(?: or (?:its |an )?equivalent)? (?:is |being )?(?:strongly |highly )?preferred\b"
)
_SECONDARY_REQUIRED = re.compile(
    r"\b(?:secondary (?:education|school)|high school (?:diploma|education)?)[^.;]{0,40}?\b"
    r"(?:is|are) (?:required|essential|mandatory)\b|^\W*(?:completion of )?secondary "
    r"(?:school )?(?:education|school)(?: diploma| certificate)?\W*$"
)
_DESIRABLE_DEGREE = re.compile(
    # "Preferably a first university (Bachelor) degree in …": a sentence that opens so.
    r"^\W*(?:preferabl[ey]|ideally)\b|"
    r"\b(?:is|are|would be|will be) (?:an? )?(?:strong |distinct |definite )?"
    r"(?:asset|advantage|plus|desirable|preferred|advantageous)\b|\bpreferred\b|\bdesirable\b"
    r"|\best un atout\b|\bconstitue un atout\b|\bes deseable\b|\bse valorar"
    # "… will be given due consideration but is not a requirement".
    r"|\b(?:is|are|but) not (?:a )?(?:requirement|required|mandatory)\b(?! to)"
)
# "… with additional years of experience" (no number): the years of a substitution route.
_UNNUMBERED_EXTRA = re.compile(
    r"^[^.;]{0,40}?\b(?:(?:with|plus|and|in combination with|combined with)\s+(?:\w+\s+)?"
    r"(?:additional|further|extra|relevant additional)\s+years?\b"
    # "First University degree in Law with additional relevant experience and training",
    # "Advanced university degree or university degree and equivalent experience".
    r"|with\s+(?:additional|further|extra)\s+(?:relevant\s+|professional\s+|qualifying\s+)?"
    r"(?:work\s+)?experience\b|(?:and|with|plus)\s+equivalent\s+(?:work\s+|professional\s+)?"
    r"experience\b"
    # "… de premier cycle complété par plusieurs années d'expérience".
    r"|(?:completee?|complementado|complementada)\s+(?:par|con)\s+(?:plusieurs|quelques|des|"
    r"varios|algunos)\s+(?:annees|anos)\b"
    # "A first-level degree in combination with qualifying experience may be accepted in lieu
    # of the advanced degree": a route whose years the text leaves to the recruiter.
    r"|(?:in combination with|combined with|together with)\s+(?:\w+\s+)?(?:qualifying|"
    r"relevant|professional)\s+(?:\w+\s+)?experience\b[^.;]{0,60}?\b(?:in lieu|instead|"
    r"(?:may|can) be accepted))"
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
# "3 years" alone on a line under an experience heading (a form's field value).
_BARE_YEARS = re.compile(r"^\W*" + YEARS_RE.pattern + r"\W*$")
# "At least 4 years of university studies": years of education, not of work.
_STUDY_YEARS = re.compile(
    r"\b(?:years?|ans|annees|anos)\s+(?:of\s+|d'|de\s+)(?:\w+\s+)?(?:stud|school|universit|"
    r"academic|course|education|etudes|estudios)"
)
# "At least 2 years in …", "Six years of progressively responsible work with the UN": a line
# under an Experience heading that opens with its years.
_YEARS_FIRST = re.compile(
    r"^\W*(?:an?\s+)?(?:minimum|at least|no less than)\b|^\W*(?:" + YEARS_RE.pattern + ")"
)


def experience_requirement(
    sentences: Sequence[str],
    *,
    strict: bool,
    main_level: DegreeLevel | None = None,
    templates: bool = False,
) -> ExperienceRequirement | None:
    """The years of experience asked with the main degree, and the sentence saying so.

    Args:
        sentences: Requirement sentences, in document order (the first one stating years
            wins).
        strict: Only sentences that speak of experience count (lines of a section that is
            not about experience).
        main_level: The degree the education requirement asks for, when known: years tied
            to a lower degree ("4 years for holders of a Bachelor's degree") are the
            substitution's, not the requirement's.
        templates: Read only the grids of a standard job description.

    Returns:
        The requirement, or None when no sentence states a number of years.
    """
    return _experience_from(
        _sentences(sentences, templates=templates), strict=strict, main_level=main_level
    )


def _experience_from(
    sentences: Sequence[str], *, strict: bool, main_level: DegreeLevel | None
) -> ExperienceRequirement | None:
    # "2 years (with a master's degree) or 4 years (with a bachelor's degree)": each degree
    # carries its own years; the first option's years count when nothing else states them.
    fallback: ExperienceRequirement | None = None
    stated: list[ExperienceRequirement] = []
    for sentence in sentences:
        folded = fold(sentence)
        if not _EXPERIENCE_WORD.search(folded) and (
            strict or not (_YEARS_FIRST.match(folded) or _BARE_YEARS.match(folded))
            or _STUDY_YEARS.search(folded)
        ):
            # Under an "Experience" heading a line may leave the word out ("At least 2 years
            # in …"); anywhere else, years without experience are a contract or an age.
            continue
        if _REPLACES_EXPERIENCE.search(folded) or _CAPPED.search(folded):
            # "A bachelor's degree may replace three years of work experience"; "Work
            # experience within the UN system should not exceed 1 year": a ceiling.
            continue
        mentions = offered(folded, degree_mentions(sentence))
        if _NONE_REQUIRED.search(folded) and not YEARS_RE.search(folded) and (
            main_level is None or all(m.level == main_level for m in mentions)
        ):
            # "No experience required"; "Applicants holding a master's degree are not
            # required to have prior professional work experience": none with that degree.
            stated.append(ExperienceRequirement(min_years=0, evidence=sentence.strip()))
            continue
        if len({m.level for m in mentions}) > 1 and (
            _SUBSTITUTION.search(folded) or _alternatives(folded, mentions)
        ):
            # Years tied to degree options belong to the education requirement.
            own = _own_years(folded, mentions)
            if (fallback is None or own) and _EXPERIENCE_WORD.search(folded):
                # "Bachelor's or Master's degree with 2 years of experience": with no
                # years of their own, the degrees share the first figure.
                first = (
                    _option_years(folded, mentions) if own
                    else _shared_years(folded, mentions)
                )
                if first is not None and 0 <= first <= 30:
                    option = ExperienceRequirement(min_years=int(first),
                                                   evidence=sentence.strip())
                    if own:
                        # "A master's … with at least 8 years …, or a bachelor's with 10":
                        # the main degree's own years are the requirement, ahead of a
                        # narrower line ("Minimum of 7 years' experience in low code").
                        stated.append(option)
                    else:
                        fallback = option
            continue
        if main_level is None and mentions and _CONSIDERED.search(folded):
            # No degree is required: "Candidates with a first level university degree and
            # three years of experience may be considered" is the degree's shorter route.
            continue
        found = _stated_years(sentence, folded, mentions, main_level)
        if found is not None and main_level is None and _SECONDARY_ROUTE.search(folded):
            # "Bachelor's Degree - 3 year(s) experience OR High School certificate- 6 year(s)":
            # with no degree required, the years asked with school alone bind.
            figures = [parse_number(m.group("num")) for m in YEARS_RE.finditer(folded)]
            known = [int(f) for f in figures if f is not None and 0 < f <= 30]
            found = replace(found, min_years=max(known, default=found.min_years))
        if found is not None:
            stated.append(found)
    if not stated:
        return fallback
    # "Minimum one year of supervisory experience … Minimum 5 years of total experience": the
    # total is the requirement; otherwise the first statement is.
    total = [e for e in stated if _TOTAL.search(fold(e.evidence))]
    bare = [e for e in stated if _BARE_YEARS.match(fold(e.evidence))]
    if not total and len(bare) > 1 and len(bare) == len(stated):
        # A form's "Required experience: 3 years" (the category's minimum) and "Relevant
        # experience: 5 years" (the assignment's): both hold, so the larger binds.
        return max(bare, key=lambda e: e.min_years or 0)
    return (total or stated)[0]


_CONSIDERED = re.compile(r"\b(?:may|can|could|will) (?:also )?be considered\b")
_CAPPED = re.compile(
    r"\b(?:not|never) (?:to )?exceed|\bno more than\b|\bnot more than\b|\bat (?:the )?most\b"
    r"|\b(?:a )?maximum of\b|\bup to (?:a maximum of )?\S+ years?\b"
)
_NONE_REQUIRED = re.compile(
    r"\bno (?:prior |previous |work |professional )*experience (?:is )?(?:required|needed|"
    r"necessary)\b|\bnot required to have (?:any )?(?:prior |previous |professional |work |"
    r"relevant )*(?:work )?experience\b|\bno minimum (?:years of )?experience\b"
)
_TOTAL = re.compile(r"\b(?:total|overall|in total|cumulative)\b")


def _stated_years(
    sentence: str, folded: str, mentions: Sequence[Mention], main_level: DegreeLevel | None
) -> ExperienceRequirement | None:
    """The years one sentence asks for, or None (no number, an asset, a lower degree's)."""
    match = YEARS_RE.search(folded)
    if match is None:
        return None
    years = parse_number(match.group("num"))
    if years is None or not 0 < years <= 30:
        return None
    # The clause ends at a semicolon, or at "is required" when a page lost the full stop
    # before the next sentence ("… is required A minimum of four years … is desirable"), or
    # where a preference about part of the years begins ("…, at least half of which with a
    # UN agency preferred").
    clause = re.split(r";|\b(?:is|are) required\b|,\s*(?:at least\s+)?(?:\w+\s+)?of which\b",
                      folded[match.start():], maxsplit=1)[0]
    # "At least seven (7) years … (ten (10) years preferred)": the note grades itself only.
    clause = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", " ", clause)
    if _DESIRABLE_DEGREE.search(clause):
        # "At least 5 years of accounting experience … is preferred".
        return None
    if (
        main_level is not None
        and mentions
        and all(DEGREE_LEVELS.index(m.level) < DEGREE_LEVELS.index(main_level) for m in mentions)
        and len(YEARS_RE.findall(folded)) < 2
    ):
        # "At least 4 years … for holders of a Bachelor's degree": the years of the lower
        # degree (with two numbers, "2 years (4 with a first-level degree)", the first is the
        # main degree's).
        return None
    anchor = re.search(r"experien\w*", folded[match.end():])
    fields: tuple[str, ...] = ()
    if anchor:
        fields = _fields_after(sentence, match.end() + anchor.end())
    return ExperienceRequirement(min_years=int(years), fields=fields, evidence=sentence.strip())


def _option_years(folded: str, mentions: Sequence[Mention]) -> float | None:
    """The years of the reference option: the Master's when offered (as in
    :func:`education_requirement`), else the first degree named."""
    pairs = list(zip(mentions, _year_segments(folded, mentions), strict=True))
    chosen = next((seg for m, seg in pairs if m.level == "master"), pairs[0][1])
    return _years_in(chosen)


def _shared_years(folded: str, mentions: Sequence[Mention]) -> float | None:
    """The years after "X or Y degree with N years", None when they are additional ones (a
    substitution's) or the degrees are not named together first."""
    first = YEARS_RE.search(folded)
    if first is None or _ADDITIONAL.search(folded) or first.start() < mentions[0].end:
        return None
    between = folded[mentions[0].end: mentions[1].start]
    if not re.fullmatch(r"[\s,]*(?:or|and/or|/)\s*(?:an?\s+)?", between):
        return None
    return parse_number(first.group("num"))


def _own_years(folded: str, mentions: Sequence[Mention]) -> bool:
    """True when two or more degrees each carry their own years ("15 years with a master's
    and 17 with a bachelor's"), unlike a substitution rule that adds years to one degree."""
    if len({m.level for m in mentions}) < 2 or _ADDITIONAL.search(folded):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))
