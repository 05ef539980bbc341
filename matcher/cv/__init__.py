"""CV parsing: plain text in, a :class:`~matcher.models.Candidate` out.

The parser finds sections by the meaning of their headings (English, French, Spanish), then
reads each section with its own rules: degrees from education, dated jobs from experience,
languages from the languages section (plus "native speaker of X" anywhere), nationality only
from explicit statements. Unknown stays unknown (docs/architecture.md): a CV without a languages
section gets no languages, never a guess; nationality is never inferred from an address.

One module per step: :mod:`~matcher.cv.rawtext` (clean-up), :mod:`~matcher.cv.headings` and
:mod:`~matcher.cv.sections` (which section each line belongs to), :mod:`~matcher.cv.dates`,
:mod:`~matcher.cv.education`, :mod:`~matcher.cv.experience`, :mod:`~matcher.cv.languages`,
:mod:`~matcher.cv.nationality` and :mod:`~matcher.cv.chunks` (what gets embedded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from matcher.cv.chunks import MAX_CHUNKS, STATEMENT_SECTIONS, join_wrapped, text_chunks
from matcher.cv.dates import find_spans
from matcher.cv.education import INSTITUTION_RE, parse_degrees
from matcher.cv.experience import TITLE_RE, is_description, parse_experience, total_years
from matcher.cv.language_id import text_language as _text_language
from matcher.cv.languages import parse_languages
from matcher.cv.nationality import parse_nationalities, resolve_congo
from matcher.cv.prose import paragraphs, prose_degrees, prose_jobs, sentences
from matcher.cv.sections import Line, sectioned_lines
from matcher.errors import EmptyDocumentError
from matcher.models import Candidate, Degree, ExperienceEntry, YearMonth
from matcher.text import normalize_text, normalized_content_id
from matcher.vocab import find_degrees, fold

__all__ = ["MAX_CHUNKS", "parse_cv"]


def _row_texts(lines: Sequence[Line], keep: Callable[[Line], bool]) -> list[str]:
    """Texts of the kept non-heading lines, the cells of one row and section joined by " | ".

    A table row split into cells ("English", "C1", "C2", ...) is one statement about one
    language; its cells are read together.
    """
    rows: list[str] = []
    last: Line | None = None
    for line in lines:
        if line.heading or not keep(line):
            continue
        if last is not None and last.row == line.row and last.section == line.section:
            rows[-1] = f"{rows[-1]} | {line.text}"
        else:
            rows.append(line.text)
        last = line
    return rows


_PROSE_SECTIONS = frozenset({"header", "profile", "other", "personal"})


def _degrees(
    lines: Sequence[Line], by_section: dict[str, list[str]], today: date
) -> list[tuple[Degree, YearMonth | None]]:
    """Degrees from the education section; else dated degree lines, else prose statements."""
    dated_degrees = parse_degrees(by_section.get("education", []), today)
    if dated_degrees or "education" in by_section:
        return dated_degrees
    fallback = [
        ln.text
        for ln in lines
        if ln.section in ("header", "profile", "other", "training")
        and not ln.heading
        and len(ln.text.split()) <= 20
        # Only the degree lines themselves: a dated job line is not part of a degree.
        and find_degrees(ln.text)
    ]
    dated_degrees = [d for d in parse_degrees(fallback, today) if d[0].year is not None]
    # A bio states its degrees in sentences, which a PDF may wrap into short lines that look
    # like degree lines: the reading that finds more degrees wins.
    stated = prose_degrees(sentences(_texts(lines, _PROSE_SECTIONS)), today)
    return stated if len(stated) >= len(dated_degrees) else dated_degrees


def _experience(
    lines: Sequence[Line], by_section: dict[str, list[str]]
) -> tuple[ExperienceEntry, ...]:
    """Jobs from the experience section; else dated job lines, else prose statements."""
    experience = parse_experience(by_section.get("experience", []))
    if not experience and set(by_section) <= {"header"}:
        # No headings at all: dated job-like lines still count, but never lines that name a
        # degree or a school (their dates are studies, not work).
        job_lines = [
            text
            for text in by_section.get("header", [])
            if find_spans(text)
            and TITLE_RE.search(fold(text))
            and not find_degrees(text)
            and not INSTITUTION_RE.search(fold(text))
            and not is_description(text)
        ]
        experience = parse_experience(job_lines)
        # A bio's sentences, wrapped at the page width, look like dated job lines: the
        # reading that finds more jobs wins, as for degrees.
        stated = prose_jobs(sentences(_texts(lines, _PROSE_SECTIONS)))
        if len(stated) >= len(experience):
            return stated
    if not experience:
        # A bio: "She has worked since 2019 as ...". Only when the sections list no job.
        return prose_jobs(sentences(_texts(lines, _PROSE_SECTIONS)))
    return experience


def _texts(lines: Sequence[Line], sections: frozenset[str]) -> list[str]:
    return [ln.text for ln in lines if not ln.heading and ln.section in sections]


def parse_cv(text: str, source: str, *, as_of: date | None = None) -> Candidate:
    """Parse one CV's plain text into a :class:`Candidate`.

    Args:
        text: The CV text (from a .txt, or extracted from a PDF/DOCX), in English, French,
            Spanish or Portuguese.
        source: The file name the text came from (kept for reports).
        as_of: The date "present" means, for experience still running; default today.

    Returns:
        The parsed candidate. Fields the CV does not state stay None or empty.

    Raises:
        EmptyDocumentError: ``text`` is empty or whitespace only.
    """
    normalized = normalize_text(text)
    if not normalized.strip():
        raise EmptyDocumentError("no extractable text")
    today = as_of if as_of is not None else date.today()
    lines = join_wrapped(sectioned_lines(text))
    by_section: dict[str, list[str]] = {}
    for line in lines:
        if not line.heading:
            by_section.setdefault(line.section, []).append(line.text)
    dated_degrees = _degrees(lines, by_section, today)
    experience = _experience(lines, by_section)
    languages = parse_languages(
        _row_texts(lines, lambda ln: ln.section == "languages"),
        _row_texts(lines, lambda ln: ln.section != "languages"),
        paragraphs(_texts(lines, STATEMENT_SECTIONS - {"languages"})),
    )
    nationalities = parse_nationalities(
        [ln.text for ln in lines if not ln.heading],
        by_section.get("nationality", []),
        _texts(lines, STATEMENT_SECTIONS),
    )
    return Candidate(
        # Same value as matcher.text.content_id(text), without normalising the text twice.
        id=normalized_content_id(normalized),
        source=source,
        degrees=tuple(d for d, _ in dated_degrees),
        experience=experience,
        total_years=total_years(experience, dated_degrees, today),
        languages=languages,
        nationalities=resolve_congo(nationalities, fold(normalized)),
        chunks=text_chunks(lines),
        text_language=_text_language(normalized),
        text=normalized,
    )
