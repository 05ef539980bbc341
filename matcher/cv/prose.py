"""Facts stated in sentences rather than in sections: third-person bios and profiles.

A bio ("She has worked since 2019 as a Health Programme Officer at UNICEF Ghana. From 2016
to 2018 she was a Research Assistant at ...") has no experience or education section. Its
jobs are the sentences that hold a date range, a work verb and a job title, and no degree;
its degrees are the sentences with a verb of holding ("holds", "est titulaire de", "obtuvo",
"concluiu") and a degree, each degree read up to the next one. The parser asks for jobs only
when no section lists one, and for degrees only when the CV has no education section, so a CV
with sections never gains facts from its summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from matcher.cv.dates import DateSpan, between_spans, find_spans
from matcher.cv.education import degrees_in_sentence
from matcher.cv.experience import TITLE_RE
from matcher.cv.lines import clip
from matcher.models import Degree, ExperienceEntry, YearMonth
from matcher.text import split_sentences
from matcher.vocab import find_degrees, fold

__all__ = ["paragraphs", "prose_degrees", "prose_jobs", "sentences"]

_WORK_VERB_RE = re.compile(
    r"\b(?:worked|works|working|has been|have been|was|were|served|serves|joined|held"
    r"|is currently|am currently|employed|interned|a travaille|travaille|a ete|etait|a occupe"
    r"|occupe|a rejoint|a servi|trabaja|trabajo|ha trabajado|fue|se desempena|se desempeno"
    r"|trabalha|trabalhou|foi|atua|atuou|exerce|exerceu"
    # "Since 2024 she is an analyst at ...": the present tense, with the person as subject.
    r"|(?:she|he) is|(?:elle|il) est|(?:ella|el) es)\b"
)
_STUDY_VERB_RE = re.compile(
    r"\b(?:studied|graduated|holds?|enrolled|etudie|a etudie|diplome|titulaire|estudio"
    r"|se graduo|licenciad[oa]|estudou|formou|concluiu)\b"
)
_HOLD_VERB_RE = re.compile(
    r"\b(?:holds?|holding|graduated|obtained|earned|received|completed|awarded|has an?"
    r"|est titulaire|titulaire|diplomee?|a obtenu|possede|obtuvo|tiene una?|cuenta con"
    r"|es licenciad[oa]|possui|e formad[oa]|concluiu|obteve|graduou-se|is pursuing|pursuing"
    r"|is completing|prepare"
    # Portuguese states a degree as what the person is: "é mestre em ...", "é bacharel em".
    r"|e (?:mestre|mestra|bacharel|licenciad[oa]|doutor|doutora|doutorad[oa])"
    r"|es (?:licenciad[oa]|master|magister|doctor|doctora|graduad[oa]))\b"
)
_ROLE_RE = re.compile(
    r"\b(?:as an?|as|comme|como|en tant que|en calidad de)\s+(?P<title>[^,.;]{3,80}?)\s+"
    r"(?:at|with|for|in|au|a la|a l'|aux|chez|en|no|na|em|del|de la|du)\s+(?P<org>[^,.;]{2,100})"
)


_SENTENCE_END_RE = re.compile(r"[.!?:;]\s*$")
# A bio's paragraphs run to a few hundred words; the cap keeps the work per paragraph bounded
# when a long text has no sentence ends at all.
_MAX_PARAGRAPH = 5000


def paragraphs(lines: Sequence[str]) -> list[str]:
    """Lines joined into paragraphs: a line that does not end a sentence runs on.

    PDF text wraps prose at the page width, often before a capitalised word ("... a Bachelor
    of Science in" / "Biochemistry from ..."), which the lower-case rule of the sectioning
    step cannot see.
    """
    out: list[list[str]] = []
    size = 0
    open_paragraph = False
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if open_paragraph and out and size + len(text) <= _MAX_PARAGRAPH:
            out[-1].append(text)
            size += len(text) + 1
        else:
            out.append([text])
            size = len(text)
        open_paragraph = not _SENTENCE_END_RE.search(text) and len(text.split()) >= 6
    return [" ".join(parts) for parts in out]


def sentences(lines: Sequence[str]) -> list[str]:
    """The sentences of prose paragraphs (ten words or more), in order."""
    out: list[str] = []
    for paragraph in paragraphs(lines):
        if len(paragraph.split()) >= 10:
            out.extend(s for s in split_sentences(paragraph) if s.strip())
    return out


def _role(segment: str) -> tuple[str | None, str | None]:
    match = _ROLE_RE.search(fold(segment))
    if match is None:
        return None, None
    title = segment[match.start("title") : match.end("title")].strip()
    org = segment[match.start("org") : match.end("org")].strip()
    return title, org


# In a sentence, dates of work come with a preposition ("since 2019", "from 2016 to 2018",
# "de 2017 à 2019", "desde 2019", "in 2015"); a date leading a list item does not.
_PROSE_DATE_RE = re.compile(r"(?:since|from|depuis|desde|de|du|des|between|entre|a partir de)\b")
_PROSE_DATE_BEFORE_RE = re.compile(r"\b(?:in|en|em|during|durante|pendant)\s*$")


def _stated_in_prose(folded: str, span: DateSpan) -> bool:
    return bool(
        _PROSE_DATE_RE.match(folded, span.begin)
        or _PROSE_DATE_BEFORE_RE.search(folded[max(0, span.begin - 12) : span.begin])
    )


def prose_jobs(prose: Sequence[str]) -> tuple[ExperienceEntry, ...]:
    """One job per date range in sentences that say the candidate worked somewhere."""
    entries: list[ExperienceEntry] = []
    for sentence in prose:
        folded = fold(sentence)
        between = between_spans(sentence)
        spans = tuple(
            sorted(
                (
                    *between,
                    *(
                        s
                        for s in find_spans(sentence)
                        if not any(b.begin <= s.begin < b.finish for b in between)
                    ),
                ),
                key=lambda s: s.begin,
            )
        )
        spans = tuple(s for s in spans if _stated_in_prose(folded, s))
        if (
            not spans
            or not _WORK_VERB_RE.search(folded)
            or not TITLE_RE.search(folded)
            or find_degrees(sentence)
            or _STUDY_VERB_RE.search(folded)
        ):
            continue
        for i, span in enumerate(spans):
            end = spans[i + 1].begin if i + 1 < len(spans) else len(sentence)
            title, org = _role(sentence[span.begin : end])
            if title is None:
                title, org = _role(sentence)
            entries.append(
                ExperienceEntry(
                    title=title,
                    organization=org,
                    start=span.start,
                    end=None if span.current else span.end,
                    current=span.current,
                    text=clip(sentence),
                )
            )
    return tuple(entries)


def prose_degrees(prose: Sequence[str], as_of: date) -> list[tuple[Degree, YearMonth | None]]:
    """Degrees of sentences that say the candidate holds (or is completing) them."""
    found: list[tuple[Degree, YearMonth | None]] = []
    for sentence in prose:
        if not _HOLD_VERB_RE.search(fold(sentence)):
            continue
        for degree in degrees_in_sentence(sentence, as_of):
            if all(degree[0] != d for d, _ in found):
                found.append(degree)
    return found
