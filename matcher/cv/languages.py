"""Language skills with their CEFR levels, from the languages section and a few statements.

The languages section is read line by line (a table row's cells joined into one line): each
language takes the level stated next to it (:func:`matcher.cv.language_levels.stated_level`),
or on the lines right below it (a table split into cells, a labelled Europass grid). Outside
that section only unmistakable lines count: "Languages: ..." and "Mother tongue: ..." lines,
Europass grid rows ("English C1 C2 C1 C1 C1"), and, in the parts of a CV that describe the
candidate rather than their work, statements such as "She is fluent in English and French"
or "le bambara est sa langue maternelle", read clause by clause so that each level stays with
its own language. A language named only in a job description is never a skill.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.cv.language_levels import cefr_levels, grid_level, lower_median, stated_level
from matcher.cv.lines import clip
from matcher.models import LanguageSkill
from matcher.vocab import cv_language_level, find_languages, fold

__all__ = ["parse_languages"]

_LANG_SEPARATORS = re.compile(r"[,;|\u2022\u00b7/\n]|\s-\s|\.\s")
# Between two languages of one run: "and", "et l'", "y el", "e o", a comma, a slash.
_CONNECTOR_RE = re.compile(
    r"^[\s,/&+]*(?:and|et|y|e|&|,|/|\+)?[\s,/&+]*(?:(?:the|le|la|les|el|o|a)\s+|l')?$",
    re.IGNORECASE,
)
_RUN_LEVEL_RE = re.compile(r"^\s*[:\-\u2013\u2014=]")
_PLURAL_MARK_RE = re.compile(r"\((?:s|es|ies)\)")
_LANGUAGE_LINE_RE = re.compile(
    r"^\W*(?:languages?(?: skills)?|langues?(?: parlees)?|idiomas?|lenguas?|linguas?"
    r"|mother tongues?|native languages?|langues? maternelles?|lenguas? maternas?"
    r"|linguas? maternas?|other languages?|autres langues|otros idiomas|outras linguas)"
    r"\s*[:\-\u2013]",
)
_NATIVE_SPEAKER_RE = re.compile(
    r"native (?:speaker|speaking)|mother tongue|first language|langues? maternelles?"
    r"|lenguas? maternas?|linguas? maternas?|hablante nativ|locuteur natif|locutrice native"
    r"|falante nativ|bilingual|bilingue"
)
# A sentence about the candidate's own languages.
_STATEMENT_RE = re.compile(
    r"\b(?:fluent in|fluency in|speaks?|proficient in|working knowledge of|good command of"
    r"|native speaker|mother tongue|bilingual in|parle|maitrise (?:du|de la|de l'|l')"
    r"|langue maternelle|habla|hablo|domina|lengua materna|fala|falo|fluente em"
    r"|lingua materna)\b"
)
_CLAUSE_BREAK_RE = re.compile(r"[,;]\s*|\s(?:and|et|y|e)\s")
_ARTICLE_RE = re.compile(r"^(?:the|le|la|les|el|o|a|l')\s*", re.IGNORECASE)
# A Europass grid row anywhere: a language, then only levels and separators.
_GRID_ROW_RE = re.compile(
    r"^[\W\d]*[^\W\d]+(?:\s+[^\W\d]+)?(?:[\s|:,;/\-\u2013]+[ABC]\s?[12]){4,}\W*$"
)
_LEVEL_LABEL_RE = re.compile(r"level|niveau|nivel|proficiency|competence|dominio")
# A line that opens with a mother-tongue label: every language it lists is a mother tongue
# ("Mother tongue(s): Wolof, French"), unless it states its own level.
_PLURAL = r"(?:s|\((?:s|es)\))?"
_NATIVE_LIST_RE = re.compile(
    rf"^\W*(?:mother tongue{_PLURAL}|native language{_PLURAL}|first language{_PLURAL}"
    rf"|langue{_PLURAL} maternelle{_PLURAL}|lengua{_PLURAL} materna{_PLURAL}"
    rf"|lingua{_PLURAL} materna{_PLURAL})\s*[:\-\u2013]"
)
_NATIVE_LIST_END_RE = re.compile(
    r"[.;]|\b(?:others?|autres?|otr[oa]s|outr[ao]s|foreign|etrangeres?|extranjer[oa]s)\b"
)
_MAX_GRID_LINES = 3


def _levels_of_mentions(line: str, mentions: list[tuple[str, int, int]]) -> list[str | None]:
    from_before: list[bool] = []
    levels: list[str | None] = []
    for i, (_, start, end) in enumerate(mentions):
        next_start = mentions[i + 1][1] if i + 1 < len(mentions) else len(line)
        prev_end = mentions[i - 1][2] if i > 0 else 0
        after = line[end:next_start]
        before_full = line[prev_end:start]
        parts = _LANG_SEPARATORS.split(before_full)
        before = parts[-1] if parts else before_full
        level = stated_level(after)
        by_before = False
        if level is None:
            level = cv_language_level(before)
            by_before = level is not None
        if level is None and i > 0 and from_before[i - 1] and _CONNECTOR_RE.match(before_full):
            # "Fluent in English and French": the level in front covers the whole run.
            level, by_before = levels[i - 1], True
        levels.append(level)
        from_before.append(by_before)
    shared = [False] * len(mentions)
    for i in range(len(mentions) - 2, -1, -1):
        # "Dari and Pashto: native", "English, French – fluent": a level after the last of a
        # run joined by connectors (not "(B2)" in brackets, which is per language) covers it.
        next_end = mentions[i + 2][1] if i + 2 < len(mentions) else len(line)
        between = line[mentions[i][2] : mentions[i + 1][1]]
        if (
            levels[i] is None
            and levels[i + 1] is not None
            and not from_before[i + 1]
            and _CONNECTOR_RE.match(between)
            and (shared[i + 1] or _RUN_LEVEL_RE.match(line[mentions[i + 1][2] : next_end]))
        ):
            levels[i] = levels[i + 1]
            shared[i] = True
    return levels


def _languages_in_line(line: str) -> list[LanguageSkill]:
    mentions = find_languages(line)
    if not mentions:
        return []
    levels = _levels_of_mentions(line, mentions)
    native = _NATIVE_LIST_RE.match(fold(line))
    if native is not None:
        # The list ends where the line goes on to other languages ("...; other: French").
        stop = _NATIVE_LIST_END_RE.search(fold(line), native.end())
        end = stop.start() if stop else len(line)
        levels = [
            level or ("C2" if start < end else None)
            for level, (_, start, _) in zip(levels, mentions, strict=True)
        ]
    evidence = clip(line, 200)
    return [
        LanguageSkill(language, level, evidence)
        for (language, _, _), level in zip(mentions, levels, strict=True)
    ]


def _clauses(sentence: str) -> list[str]:
    """Split a statement where a new clause starts, never inside a run of languages.

    "She is fluent in English and French, speaks Twi as her mother tongue and has a working
    knowledge of Portuguese" gives three clauses; the "and" between two languages stays.
    """
    clauses: list[str] = []
    start = 0
    starts = [s for _, s, _ in find_languages(sentence)]
    for match in _CLAUSE_BREAK_RE.finditer(sentence):
        if not any(start <= s < match.start() for s in starts):
            continue  # "Bilingual and biliterate in Spanish": no clause ends before a language
        rest = _ARTICLE_RE.sub("", sentence[match.end() : match.end() + 40], count=1)
        mentions = find_languages(rest)
        if mentions and mentions[0][1] == 0:
            continue
        clauses.append(sentence[start : match.start()])
        start = match.end()
    clauses.append(sentence[start:])
    return [c for c in clauses if c.strip()]


def _statement_skills(line: str) -> list[LanguageSkill]:
    """Levelled languages of a prose statement, clause by clause, with the line as evidence."""
    skills: list[LanguageSkill] = []
    for clause in _clauses(line):
        for skill in _languages_in_line(clause):
            if skill.level is not None:
                skills.append(LanguageSkill(skill.language, skill.level, clip(line, 200)))
    return skills


def _level_below(lines: Sequence[str], index: int) -> tuple[str | None, int]:
    """The level stated on the lines after a language that stands alone on line ``index``.

    Table rows split into cells ("French" then "Fluent", or a "Level" label cell between) and
    labelled Europass grids ("LISTENING C1 READING C2 WRITING B2" on the next lines).

    Returns:
        The level (None when none is stated) and the number of lines it took.
    """
    grid: list[str] = []
    used = 0
    for nxt in lines[index + 1 : index + 1 + _MAX_GRID_LINES]:
        levels = cefr_levels(nxt)
        if not levels or find_languages(nxt) or len(nxt.split()) > 10:
            break
        grid.extend(levels)
        used += 1
    if len(grid) >= 4:
        return lower_median(grid), used
    if index + 1 >= len(lines):
        return None, 0
    step = 2 if _LEVEL_LABEL_RE.fullmatch(fold(lines[index + 1]).strip(" :")) else 1
    nxt = lines[index + step] if index + step < len(lines) else ""
    if find_languages(nxt) or len(nxt.split()) > 5:
        return None, 0
    level = stated_level(nxt)
    return level, (step if level is not None else 0)


def _section_skills(lines: Sequence[str]) -> list[LanguageSkill]:
    found: list[LanguageSkill] = []
    for i, line in enumerate(lines):
        skills = _languages_in_line(line)
        if len(skills) == 1 and skills[0].level is None:
            level, used = _level_below(lines, i)
            if level is not None:
                evidence = clip(" ".join(lines[i : i + used + 1]))
                skills = [LanguageSkill(skills[0].language, level, evidence)]
        found.extend(skills)
    return found


def _other_skills(line: str) -> list[LanguageSkill]:
    folded = _PLURAL_MARK_RE.sub("", fold(line))
    if _LANGUAGE_LINE_RE.match(folded):
        return _languages_in_line(line)
    if _GRID_ROW_RE.match(line) and grid_level(line) is not None:
        return [s for s in _languages_in_line(line)[:1] if s.level is not None]
    if _NATIVE_SPEAKER_RE.search(folded):
        return _statement_skills(line)
    return []


def parse_languages(
    section_lines: Sequence[str],
    other_lines: Sequence[str],
    statements: Sequence[str] = (),
) -> tuple[LanguageSkill, ...]:
    """Language skills, in order of first mention, each with the best level stated for it.

    Args:
        section_lines: Lines of the languages section (a table row's cells joined).
        other_lines: Every other line, in order.
        statements: Paragraphs that describe the candidate (profile, personal data, header;
            wrapped lines joined): only there do prose statements ("She is fluent in ...")
            count.

    Returns:
        One skill per language; a language listed without a level has level None.
    """
    found = _section_skills(section_lines)
    for line in other_lines:
        found.extend(_other_skills(line))
    for paragraph in statements:
        if _STATEMENT_RE.search(_PLURAL_MARK_RE.sub("", fold(paragraph))):
            found.extend(_statement_skills(paragraph))
    merged: dict[str, LanguageSkill] = {}
    for skill in found:
        known = merged.get(skill.language)
        if known is None or (known.level is None and skill.level is not None):
            merged[skill.language] = skill
    return tuple(merged.values())
