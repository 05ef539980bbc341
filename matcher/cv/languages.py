"""Language skills with their CEFR levels, from the languages section and a few statements."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.cv.lines import clip
from matcher.models import LanguageSkill
from matcher.vocab import cv_language_level, find_languages, fold

__all__ = ["parse_languages"]

_LANG_SEPARATORS = re.compile(r"[,;|\u2022/\n]|\s-\s|\.\s")
_CONNECTOR_RE = re.compile(r"^[\s,/&+]*(?:and|et|y|e|&|,|/|\+)?[\s,/&+]*$", re.IGNORECASE)
_RUN_LEVEL_RE = re.compile(r"^\s*[:\-\u2013\u2014=]")
_LANGUAGE_LINE_RE = re.compile(
    r"^\W*(?:languages?(?: skills)?|langues?(?: parlees)?|idiomas?|lenguas?|mother tongues?"
    r"|native languages?|langue maternelle|lengua materna|other languages?|autres langues"
    r"|otros idiomas)\s*[:\-\u2013]",
)
_NATIVE_SPEAKER_RE = re.compile(
    r"native (?:speaker|speaking)|mother tongue|first language|langue maternelle"
    r"|lengua materna|hablante nativ|locuteur natif|locutrice native|bilingual|bilingue"
)


def _languages_in_line(line: str) -> list[LanguageSkill]:
    mentions = find_languages(line)
    if not mentions:
        return []
    skills: list[LanguageSkill] = []
    from_before: list[bool] = []
    levels: list[str | None] = []
    for i, (_, start, end) in enumerate(mentions):
        next_start = mentions[i + 1][1] if i + 1 < len(mentions) else len(line)
        prev_end = mentions[i - 1][2] if i > 0 else 0
        after = line[end:next_start]
        before_full = line[prev_end:start]
        parts = _LANG_SEPARATORS.split(before_full)
        before = parts[-1] if parts else before_full
        level = cv_language_level(after)
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
    evidence = clip(line, 200)
    for (language, _, _), level in zip(mentions, levels, strict=True):
        skills.append(LanguageSkill(language, level, evidence))
    return skills


_LEVEL_LABEL_RE = re.compile(r"level|niveau|nivel|proficiency|competence|dominio")


def parse_languages(
    section_lines: Sequence[str], other_lines: Sequence[str]
) -> tuple[LanguageSkill, ...]:
    found: list[LanguageSkill] = []
    lines = list(section_lines)
    for i, line in enumerate(lines):
        skills = _languages_in_line(line)
        if len(skills) == 1 and skills[0].level is None and i + 1 < len(lines):
            # Table rows split into cells: "French" then "Fluent" on the next cell (or after
            # a "Level" label cell).
            step = 2 if _LEVEL_LABEL_RE.fullmatch(fold(lines[i + 1]).strip(" :")) else 1
            nxt = lines[i + step] if i + step < len(lines) else ""
            if not find_languages(nxt) and len(nxt.split()) <= 5:
                level = cv_language_level(nxt)
                if level is not None:
                    skills = [LanguageSkill(skills[0].language, level, clip(f"{line} {nxt}"))]
        found.extend(skills)
    for line in other_lines:
        folded = fold(line)
        if _LANGUAGE_LINE_RE.match(folded):
            found.extend(_languages_in_line(line))
        elif _NATIVE_SPEAKER_RE.search(folded):
            found.extend(s for s in _languages_in_line(line) if s.level is not None)
    merged: dict[str, LanguageSkill] = {}
    for skill in found:
        known = merged.get(skill.language)
        if known is None or (known.level is None and skill.level is not None):
            merged[skill.language] = skill
    return tuple(merged.values())
