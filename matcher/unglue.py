"""Lines of a vacancy as job-site scrapes deliver them, cut back into headings, bullets, fields.

A vacancy copied from an agency's web page loses the markup between blocks: a heading runs into
its text ("Minimum QualificationsYears of Experience / Degree LevelFor P2 - 3 years…"), a list
becomes one line of glued bullets ("Duties- Support the needs assessment.- Provide…"), a form
runs its labels together ("Title: Education AssociateProject: …Duty station: N'Djamena"), and
rules of underscores separate what were boxes. :func:`unglue_lines` cuts such lines where the
block boundaries were, so that headings are found again; lines that are not glued pass
through unchanged. It works on text already through :func:`matcher.text.normalize_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.tor_layout import classify_heading

__all__ = ["unglue_lines"]

# Bullets that went through a wrong code page: symbol-font ones (U+F0xx read as cp1252: "ï€­",
# "ï‚·") and UTF-8 bullets read as cp1252 ("â€¢" for •, "â–ª" for ▪, "â—" for ● whose last
# byte has no cp1252 letter and is lost).
_MOJIBAKE_BULLET = re.compile(
    r"\s*(?:ï[€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ][\u00a0-\u00bf]?|â(?:€¢|–[ª«º]|—[\u0080-\u00bf‹]?))\s*"
)
_RULE = re.compile(r"\s*_{4,}\s*")
# "…strategies.- Provide support…": a bullet glued to the text before it.
_GLUED_BULLET = re.compile(r"(?<=[^\s\-–])[\-–] (?=[A-Z0-9ÀÉÈÊ])")
# "…as required.3. Qualifications": a numbered heading glued to the sentence before it;
# "…and Experience.3 years relevant experience": a number glued after a heading's stop.
# (trigger, cut): where a numbered or lettered heading, or a form label, was glued to the text
# before it. The trigger is a cheap test that most lines fail, so the zero-width cut (slow on a
# long line) runs only where it can match.
_GLUED_HEADINGS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(trigger), re.compile(cut))
    for trigger, cut in (
        # "…as required.3. Qualifications", "…and Experience.3 years relevant experience".
        (r"[.:]\d", r"(?<=[a-z)]{2}[.:])(?=\d{1,2}(?:\.|\s+(?:years?|ans?|anos?)\b))"),
        # "Years of Experience / Degree Level3 years relevant experience": a heading glued to
        # the years that follow it (a heading's last word; "Essential1 year" grades a line).
        # "Education (Level and area of required and/or preferred education)2 years …": the
        # same after the heading's note in parentheses.
        (r"[a-z)]\d{1,2}\s+(?:years?|ans?|anos?)\b",
         r"(?:(?<=\bLevel)|(?<=\bExperience)|(?<=\bRequirements)|(?<=\bQualifications)|(?<=\w\)))"
         r"(?=\d{1,2}\s+(?:years?|ans?|anos?)\b)"),
        # UNHCR's lettered ToR headings glued to the text before them: "…Qualifications and
        # Experiencea. EducationMinimum Bachelor's Degree in Lawb. Work ExperienceMinimum 3…".
        (r"[a-z][a-e]\.\s*(?:Education|Work Experience|Language Requirements|Key Competencies)",
         r"(?<=[a-z]{2})(?=[a-e]\.\s*(?:Education|Work Experience|Language Requirements|"
         r"Key Competencies)(?![a-z]))"),
        # "…(2025-2027).III. CANDIDATE MINIMUM REQUIREMENTS", "…UN languageIV. EVALUATION".
        (r"[IVX]\.\s+[A-Z]{3}",
         r"(?<=[a-z)][.])(?=(?:I{1,3}|IV|VI{0,3}|IX|X)\.\s+[A-Z]{3})"
         r"|(?<=[a-z])(?=(?:I{1,3}|IV|VI{0,3}|IX|X)\.\s+[A-Z]{3})"),
        # "…CRITERIA1. Required qualifications", "…de l'emploi4. Qualifications".
        (r"[A-Za-z]\d{1,2}\.\s+[A-Z][a-z]",
         r"(?<=[A-Z]{3})(?=\d{1,2}\.\s+[A-Z][a-z])|(?<=[a-z]{3})(?=\d{1,2}\.\s+[A-Z][a-z]{3})"),
        # "…de licence.b. Work Experience", "…(List the required education.)a. Education".
        (r"[.)][a-h]\.\s+[A-Z]",
         r"(?<=[^\W\d_]{3}[.)])(?=[a-h]\.\s+[A-Z][a-z]{3})"
         r"|(?<=[^\W\d_]{3}\.\))(?=[a-h]\.\s+[A-Z][a-z]{3})"),
        # "…work experience:Degree:Required": a form label glued after a colon.
        (r"[a-z]:[A-Z]", r"(?<=[a-z]:)(?=[A-Z][a-z]{2,}:)"),
        # "…in English (oral and written).Desired:": a heading glued after a stop, ending
        # the line.
        (r"[a-z)][.][A-Z][\w ]{2,40}:\s*$",
         r"(?<=[a-z)]{2}[.])(?=[A-Z][a-z]+(?: [A-Za-z]+){0,3}:\s*$)"),
    )
)
# A lowercase letter (or closing parenthesis) directly followed by a capital: where a heading
# or a field label was glued to the next block ("BackgroundThe", "LevelFor", "EducationIT").
_CAMEL = re.compile(r"(?<=[a-z)\]])(?=[A-Z])|(?<=\d)(?=[A-Z][a-z]+[^:\n]{0,25}:)")
_WORD = re.compile(r"[^\W\d_][\w'’&/-]*")
# Words written in camel case on purpose: never cut inside them.
_CAMEL_WORDS = re.compile(
    r"(?:Power(?:Point|BI|Shell|Apps|Query)|Share(?:Point|Drive)|LinkedIn|YouTube|"
    r"(?:Java|Type)Script|Git(?:Hub|Lab)|PostgreSQL|MySQL|NoSQL|MongoDB|(?:Dev|DevSec|Fin)Ops|"
    r"FinTech|One(?:Drive|Note)|WhatsApp|WordPress|TensorFlow|PyTorch|ServiceNow|"
    r"SuccessFactors|ActivityInfo|KoboToolbox|QuickBooks|NetSuite|BigQuery|TikTok|MailChimp|"
    r"DataBricks|Databricks|SnowFlake|OpenAI|ChatGPT|PhDs?|iPhone|eLearning|McKinsey|MacBook|"
    r"JavaScript|ArcGIS|QGIS|SurveyCTO|DHIS2?|RapidPro|ProGres|proGres|PowerPoint)"
)
# Labels of agency forms printed without their colon ("Locations Tacloban, Philippines",
# "Education & Work Experience Master's Degree - 2 year(s) experience OR …").
_FORM_LABEL = re.compile(
    r"^((?:Locations?|Duty Station|Required Languages?|Desired Languages?|"
    r"Education (?:&|and) Work Experience|Contract Duration|Job Schedule|Vacancy Type|"
    r"Apply Before|Vacancy Timeline|Office City))\s+(?=[A-Z0-9])"
)
_MAX_HEADING_WORDS = 8
_MAX_HEADING_CHARS = 90
_MIN_LINE = 40


def unglue_lines(lines: Sequence[str]) -> list[str]:
    """Cut glued page blocks apart (see the module docstring).

    Args:
        lines: Normalised lines of one vacancy.

    Returns:
        The lines, with each glued line replaced by the pieces it was made of.
    """
    out: list[str] = []
    for line in lines:
        line = _FORM_LABEL.sub(r"\1: ", line, count=1)
        if len(line) < _MIN_LINE:
            out.append(line)
            continue
        text = _MOJIBAKE_BULLET.sub("\n- ", line) if "ï" in line or "â" in line else line
        text = _RULE.sub("\n", text) if "____" in text else text
        pieces = [p for part in text.split("\n") for p in _split_piece(part)]
        if len(pieces) == 1 and pieces[0] == line.strip():
            # Not glued: keep the line as it was (leading spaces mark a lost bullet).
            out.append(line)
        else:
            out.extend(pieces)
    return out


def _split_piece(piece: str) -> list[str]:
    text = piece
    if len(_INLINE_GLYPH.findall(text)) >= 2:
        # "Education: · Completion of secondary school. · University degree in …": a list
        # whose bullet glyphs stayed inline; each glyph starts an item.
        text = _INLINE_GLYPH.sub("\n- ", text)
    for trigger, cut in _GLUED_HEADINGS:
        if trigger.search(text):
            text = cut.sub("\n", text)
    text = _split_inline_numbers(text)
    # "…emergency response cycle. - Orientation on WHO's role…": items run together with
    # spaced dashes after their stops.
    if _SPACED_DASH.search(text):
        # Every piece is an item, the first one too.
        text = "- " + _SPACED_DASH.sub("\n- ", text.lstrip("- "))
    text = "\n".join(_split_camel(part) for part in text.split("\n"))
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(_split_bullets(part))
    return [line.strip() if not line.startswith("- ") else line for line in lines if line.strip()]


_INLINE_GLYPH = re.compile(r"(?:^|\s)[·•▪●■]\s+")
_SPACED_DASH = re.compile(r"(?<=[a-z)][.;])\s+[-–]\s+(?=[A-Z])")
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\.\s+(?=[A-Z])")


def _split_inline_numbers(text: str) -> str:
    """"Health Emergency Response 6. Provide guidance… 7. Support…": numbered items run into
    one line. Two or more consecutive numbers cut the line before each."""
    matches = list(_INLINE_NUMBER.finditer(text))
    if len(matches) < 2:
        return text
    numbers = [int(m.group(1)) for m in matches]
    if any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        return text
    out, last = [], 0
    for match in matches:
        if match.start() > last:
            out.append(text[last: match.start()].rstrip())
        last = match.start()
    out.append(text[last:])
    return "\n".join(part for part in out if part)


def _split_bullets(line: str) -> list[str]:
    """"Duties- Support x.- Provide y" → "Duties", "- Support x.", "- Provide y".

    One glued "- " alone is a dash inside a sentence ("P2/NOB- 3 years", "Analyst- Gender");
    two or more, or one after a stop, make a list.
    """
    # "… 2024- 2028": a glued dash before a number is a range unless a stop precedes it.
    matches = [
        m for m in _GLUED_BULLET.finditer(line)
        if not line[m.end()].isdigit() or line[m.start() - 1] in ".;:)"
    ]
    if not matches:
        return [line]
    after_stop = [m for m in matches if line[m.start() - 1] in ".;:)"]
    if len(matches) == 1 and not after_stop and not _group_title(line, matches[0].start()):
        return [line]
    cuts = [m.start() for m in matches]
    pieces = [line[: cuts[0]]]
    for start, end in zip(cuts, [*cuts[1:], len(line)], strict=True):
        pieces.append("- " + line[start + 2: end].strip())
    return [p for p in pieces if p.strip(" -")]


def _group_title(line: str, at: int) -> bool:
    """"Support to the Refugee Department- Support the design of…": a short title without a
    stop glued to a long bullet (a title line such as "Analyst- Gender, Rome" is not one)."""
    before, after = line[:at], line[at + 2:]
    return len(before.split()) <= 12 and len(after.split()) >= 8


def _split_camel(line: str) -> str:
    """Cut where a heading or a field label was glued to the block after it."""
    cuts: list[int] = []
    start = 0
    for match in _CAMEL.finditer(line):
        at = match.start()
        if _inside_camel_word(line, at):
            continue
        offset = _heading_start(line[start:at])
        if offset is not None:
            # The heading becomes a line of its own: cut where it starts, too.
            segment = line[start:at]
            head = start + len(segment) - len(segment.lstrip())
            glued = offset > 0 and line[start + offset - 1] in ".!?;"
            if glued:
                head = start + offset  # a full stop glued to the heading: cut right after it
            if (glued or (start > 0 and line[start - 1] in ".!?)")) and (
                not cuts or cuts[-1] < head
            ):
                cuts.append(head)
            cuts.append(at)
            start = at
        elif _label_after(line, at):
            cuts.append(at)
            start = at
        elif line[at - 1] in ".!?)]":
            start = at
    tail = _heading_at_end(line)
    if tail is not None and (not cuts or cuts[-1] < tail):
        cuts.append(tail)
    if not cuts:
        return line
    bounds = [0, *cuts, len(line)]
    return "\n".join(line[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


_TAIL_HEADING_WORDS = 4


def _heading_at_end(line: str) -> int | None:
    """"…supporting inter-agency processesDesired Attributes": the page glued the next
    heading to the end of the last item; where that heading starts, or None."""
    last = None
    for match in _CAMEL.finditer(line, max(0, len(line) - 60)):
        last = match.start()
    if last is None or _inside_camel_word(line, last):
        return None
    tail = line[last:].strip()
    if len(tail.split()) > _TAIL_HEADING_WORDS or classify_heading(tail.rstrip(":")) is None:
        return None
    return last


def _inside_camel_word(line: str, at: int) -> bool:
    left = re.search(r"[\w]+$", line[:at])
    right = re.match(r"[\w]+", line[at:])
    token = (left.group(0) if left else "") + (right.group(0) if right else "")
    if _CAMEL_WORDS.fullmatch(token):
        return True
    # "PhD", "McKinsey", "eBay": a capital after one to three letters is part of the word.
    return left is not None and left.group(0).isalpha() and len(left.group(0)) < 4


def _heading_start(segment: str) -> int | None:
    """Where the heading that ends ``segment`` (from the last cut or stop to a glue point)
    starts in it, or None when the segment does not end with a heading."""
    # A heading may carry a note in parentheses ("a. Education (Level and area of required
    # education)"): the note does not count.
    plain = re.sub(r"\([^()]{0,200}\)", lambda m: " " * len(m.group(0)), segment)
    # The last sentence, also after a stop glued to it ("…activities.Minimum years of…").
    stops = list(_SENTENCE_STOP.finditer(plain))
    offset = stops[-1].end() if stops else 0
    text = plain[offset:].strip()
    offset += len(plain[offset:]) - len(plain[offset:].lstrip())
    text = re.sub(r"^(?:\d{1,2}|[IVX]{1,4}|[a-h])[.)]\s*", "", text).strip()
    if not text or len(text) > _MAX_HEADING_CHARS:
        return None
    words = _WORD.findall(text)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return None
    if all(w[0].isupper() for w in words if len(w) > 3):
        return offset
    # A heading in sentence case ("…activities.Minimum years of work experienceMinimum 2
    # years…") is one when it names a requirement section.
    if classify_heading(text) in _GLUED_KINDS:
        return offset
    return None


_SENTENCE_STOP = re.compile(r"(?<=[.!?:;])\s+|(?<=[a-z][.!?;])(?=[A-Z])")
_GLUED_KINDS = ("education", "experience", "languages")


def _label_after(line: str, at: int) -> bool:
    """True when a "Label:" of a form starts at ``at`` ("…AssociateProject: [DA reference]")."""
    match = re.match(r"([A-Z][\w/()' -]{1,30}?):", line[at:])
    if match is None:
        return False
    words = [w for w in match.group(1).split() if not w.startswith("(")]
    return 0 < len(words) <= 4
