"""Jobs from the experience section, and the years of experience they add up to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from matcher.cv.dates import PRESENT_RE, DateSpan, find_spans, month_interval
from matcher.cv.education import experience_cutoff
from matcher.cv.lines import clip, is_bullet, is_date_only, strip_bullet, word_count
from matcher.models import Degree, ExperienceEntry, YearMonth
from matcher.vocab import fold

__all__ = ["TITLE_RE", "is_description", "parse_experience", "total_years"]

TITLE_RE = re.compile(
    r"\b(?:officer|assistant|intern|internship|trainee|consultant|analyst|coordinator"
    r"|co-ordinator|manager|associate|advis[eo]r|researcher|research fellow|specialist"
    r"|director|head|lead|expert|fellow|teacher|lecturer|professor|volunteer|engineer"
    r"|economist|lawyer|attorney|clerk|secretary|representative|delegate|programme"
    r"|program|project|stagiaire|stage|charge|chargee|responsable|assistante|conseiller"
    r"|conseillere|chef|directeur|directrice|chercheur|chercheuse|benevole|juriste"
    r"|asistente|pasante|practicante|coordinador|coordinadora|oficial|consultor|consultora"
    r"|becario|becaria|tecnico|tecnica|asesor|asesora|investigador|investigadora|voluntario"
    r"|voluntaria|jefe|jefa|gerente|abogado|abogada|especialista|analista|profesor"
    r"|profesora|administrator|administrateur|editor|journalist|writer|translator"
    r"|interpreter|facilitator|monitor|supervisor|team leader|founder|co-founder|ceo"
    r"|developer|scientist|statistician|policy|accountant|auditor|nurse|technician|cashier"
    r"|agent|designer|architect|planner|inspector|executive|instructor|tutor|trainer"
    r"|comptable|enseignant|enseignante|ingenieur|contador|contadora|docente|maestro"
    r"|maestra|ingeniero|ingeniera|coordonnateur|coordonnatrice|gestionnaire|charge de"
    r"|analyste|coordinateur|coordinatrice)\b"
)
_ORG_RE = re.compile(
    r"\b(?:united nations|un|undp|unicef|unhcr|unfpa|wfp|who|fao|ilo|iom|unesco|unep|ocha"
    r"|ohchr|unwomen|un women|unops|unido|unctad|unodc|unaids|world bank|imf|oecd|eu"
    r"|european|ministry|ministere|ministerio|bank|banque|banco|agency|agence|agencia"
    r"|organization|organisation|organizacion|office|bureau|oficina|ngo|ong|foundation"
    r"|fondation|fundacion|embassy|ambassade|embajada|institute|institut|instituto"
    r"|university|universite|universidad|company|ltd|gmbh|inc|s\.a\.|council|conseil"
    r"|consejo|commission|comision|committee|comite|secretariat|mission|delegation|red cross"
    r"|croix-rouge|cruz roja|government|gouvernement|gobierno|association|asociacion"
    r"|centre|center|centro|fund|fonds|fondo|network|reseau|red|society|group|groupe|grupo"
    r"|corporation|consulting|partners|ambassade|parliament|parlement|parlamento|court"
    r"|tribunal|giz|usaid|oxfam|care|msf|save the children|plan international|think tank)\b"
)
_PART_SPLIT_RE = re.compile(r"\s*(?:[,;|\u2013\u2014/]|\s-\s|\s+(?:at|chez|@|en la|en el)\s+)\s*")


def _balanced(part: str) -> str:
    """Trim unmatched brackets: "Agency (KOICA" -> "Agency (KOICA)", "(Geneva" -> "Geneva"."""
    part = part.strip()
    if part.count("(") > part.count(")"):
        part = part + ")" if "(" in part[1:] else part.lstrip("(")
    elif part.count(")") > part.count("("):
        part = part.rstrip(")") if part.endswith(")") else part
    return part.strip(" ()") if part.startswith("(") and part.endswith(")") else part


def _title_and_org(header: str) -> tuple[str | None, str | None]:
    text = header
    for span in reversed(find_spans(text)):
        text = text[: span.begin] + " | " + text[span.finish :]
    text = re.sub(r"\((?:\s*\|?\s*)\)|\(\s*\)", " ", text)
    parts = [_balanced(p.strip(" .:[]")) for p in _PART_SPLIT_RE.split(text)]
    parts = [p for p in parts if p and word_count(p) > 0]
    if not parts:
        return None, None
    title_idx = next((i for i, p in enumerate(parts) if TITLE_RE.search(fold(p))), None)
    org_idx = next(
        (
            i
            for i, p in enumerate(parts)
            if i != title_idx
            and (_ORG_RE.search(fold(p)) or re.fullmatch(r"[A-Z]{2,8}(?:\s+[A-Z][\w-]*)*", p))
        ),
        None,
    )
    if title_idx is None:
        title_idx = 0 if org_idx != 0 else (1 if len(parts) > 1 else None)
    if org_idx is None and title_idx is not None:
        others = [i for i in range(len(parts)) if i != title_idx]
        org_idx = others[0] if others else None
    title = parts[title_idx] if title_idx is not None else None
    org = parts[org_idx] if org_idx is not None else None
    return title, org


_DATE_PREP_RE = re.compile(
    r"\b(?:in|during|by|since|until|before|after|of|en|durant|pendant|avant|apres|depuis"
    r"|durante|antes|despues|hasta|desde)\s*$",
    re.IGNORECASE,
)


_ACTION_VERBS = frozenset(
    "led grew built wrote ran taught made drew oversaw undertook held met won gave set "
    "sought brought kept".split()
)
_NOT_VERBS = frozenset("united limited applied advanced integrated associated red".split())


def is_description(line: str) -> bool:
    if is_bullet(line):
        return True
    stripped = line.strip()
    spans = find_spans(stripped)
    if spans and len(stripped.split()) < 25:
        # A line that opens or closes with its dates is a job line, however long the
        # organisation's name; a date inside a sentence ("grew sales by 10% in 2015") is not.
        first, last = spans[0], spans[-1]
        before = stripped[: first.begin].strip(" |:-\u2013\u2014([")
        after = stripped[last.finish :].strip(" |:-\u2013\u2014)].,")
        led_by_prep = bool(_DATE_PREP_RE.search(stripped[: last.begin])) or fold(
            stripped[last.begin : last.finish]
        ).startswith(("from ", "du ", "desde "))
        if not before or (not after and not led_by_prep):
            return False
    words = len(stripped.split())
    if words >= 14:
        return True
    first_word = stripped.split(maxsplit=1)[0].lower() if stripped else ""
    if words >= 4 and (
        first_word in _ACTION_VERBS
        or (len(first_word) >= 5 and first_word.endswith("ed") and first_word not in _NOT_VERBS)
    ):
        # "Increased sales by 10% in 2015": an achievement line, not a job title.
        return True
    return bool(words >= 6 and stripped.endswith(".") and not find_spans(stripped))


@dataclass(slots=True)
class _EntryDraft:
    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    def dated(self) -> bool:
        return any(find_spans(h) for h in self.header)


_RANGE_TAIL_RE = re.compile(
    r"(?:^|\s)(?:-{1,2}|\u2013|\u2014|to|until|till|au|a|à|hasta|al|through)\s*$", re.IGNORECASE
)
_RANGE_HEAD_RE = re.compile(
    r"^\s*(?:-{1,2}|\u2013|\u2014|to|until|till|au|à|hasta|through)(?:\s|$)", re.IGNORECASE
)


def _join_date_lines(lines: Sequence[str]) -> list[str]:
    """Re-join date ranges that PDF extraction split over lines ("10/2012" / "to" / "11/2015")."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        prev_is_date = bool(out) and is_date_only(out[-1]) and bool(find_spans(out[-1]))
        rest = _RANGE_HEAD_RE.sub("", text, count=1) if _RANGE_HEAD_RE.match(text) else None
        continues = rest is not None and (
            not rest.strip() or is_date_only(rest) or bool(PRESENT_RE.fullmatch(fold(rest)))
        )
        head = _RANGE_TAIL_RE.sub("", out[-1]) if out else ""
        ends_open = (
            bool(out)
            and bool(_RANGE_TAIL_RE.search(out[-1]))
            and is_date_only(head)
            and bool(find_spans(head))
        )
        if out and (
            (prev_is_date and continues)
            or (ends_open and (is_date_only(text) or bool(PRESENT_RE.fullmatch(fold(text)))))
        ):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


# Lines of an entry that describe it rather than start the next one: Europass's "Business or
# sector", the P11's "Type of business", "Reason for leaving" and their French, Spanish and
# Portuguese forms.
_FIELD_LINE_RE = re.compile(
    r"^\W*(?:business or sector|type of business|activities and sectors|address of employer"
    r"|name of supervisor|reason for leaving|number and kind of employees supervised"
    r"|description of (?:your )?duties|secteur d'activite|type d'activite|motif du depart"
    r"|sector(?: de actividad)?|tipo de actividad|motivo de (?:la )?salida|ramo de atividade"
    r"|tipo de atividade|setor(?: de atividade)?)\b"
)
# Form labels in front of a title or an employer: the value is what names the job.
_FIELD_NAME_RE = re.compile(
    r"^\W*(?:exact title of (?:your )?post|name of employer|title of post|employer"
    r"|intitule exact (?:du|de votre) poste|nom de l'employeur|titulo exacto del puesto"
    r"|nombre del empleador|cargo|empregador)\s*:\s*",
    re.IGNORECASE,
)


def _split_off_next_lead(current: _EntryDraft) -> list[str]:
    """Header lines at the end of ``current`` that lead the next entry.

    An entry's lines before its dates (title, organisation) come in the same number for every
    entry of a CV; when the next dates arrive, that many undated lines after the current
    entry's dates belong to the next entry, not to this one ("UNDP / Officer / 2019 - 2021 /
    Nairobi / UNICEF / Intern / 2017 - 2018": "UNICEF / Intern" lead the second job).
    """
    first_dated = next(i for i, h in enumerate(current.header) if find_spans(h))
    trailing = len(current.header) - first_dated - 1
    move = min(first_dated, trailing)
    if move == 0:
        return []
    lead = current.header[-move:]
    del current.header[-move:]
    return lead


#: How many lines after a job's first header line its dates may come (LinkedIn: employer,
#: its total duration, title, dates).
_LEAD_LINES = 3


_DATE_LIKE = re.compile(r"\b\d{1,2}[/.-]\d{2,4}\b|\b(?:19|20)\d{2}\b")


def _continues_bullet(previous: str, line: str, upcoming: Sequence[str]) -> bool:
    """True when ``line`` carries on the description line ``previous``: that one breaks off
    with no full stop, ``line`` is no bullet and no dates follow it in ``upcoming`` (the next
    :data:`_LEAD_LINES` lines) before the next bullet (a job's header lines always come with
    dates)."""
    text = strip_bullet(previous).strip()
    if not text or text.endswith((".", ";", ":", "!", "?")) or is_bullet(line):
        return False
    ahead: list[str] = []
    for later in upcoming:
        if is_bullet(later):
            break
        ahead.append(later)
    # A date the parser cannot read ("07/15 - 10/16") still marks a job's header.
    return not any(_DATE_LIKE.search(x) for x in (line, *ahead))


def _experience_drafts(lines: Sequence[str]) -> list[_EntryDraft]:
    drafts: list[_EntryDraft] = []
    current = _EntryDraft()
    joined = _join_date_lines(lines)
    for index, line in enumerate(joined):
        ahead = joined[index + 1: index + 1 + _LEAD_LINES]
        if current.body and _continues_bullet(current.body[-1], line, ahead):
            # "- Flag content … to the Joint Human Rights" / "Office and local protection
            # committees; contributed to two local protection plans in": the bullet goes on.
            current.body.append(line)
            continue
        if is_description(line) or (current.header and _FIELD_LINE_RE.match(fold(line))):
            current.body.append(line)
            continue
        if current.header and not current.body and _FIELD_NAME_RE.match(line):
            # "Exact title of your post: Attaché, then Third Secretary (from 01/2020)": a
            # form's title or employer field belongs to the entry above, whatever it dates.
            current.header.append(line)
            continue
        dated = bool(find_spans(line))
        if current.body or (dated and current.dated()):
            lead = _split_off_next_lead(current) if dated and not current.body else []
            drafts.append(current)
            current = _EntryDraft(header=lead)
        current.header.append(line)
    if current.header or current.body:
        drafts.append(current)
    return drafts


def _entry_from_draft(draft: _EntryDraft) -> ExperienceEntry | None:
    if not draft.header:
        # Description lines with no job line above them: attach to nothing, they are chunks.
        return None
    spans = [s for h in draft.header for s in find_spans(h)]
    header_text = " | ".join(_FIELD_NAME_RE.sub("", strip_bullet(h)) for h in draft.header)
    title, org = _title_and_org(header_text)
    if title is None and org is None and not spans:
        return None
    text = clip(" ".join([header_text, *(strip_bullet(b) for b in draft.body)]))
    if not spans:
        return ExperienceEntry(title, org, None, None, False, text)
    span = spans[0]
    return ExperienceEntry(
        title=title,
        organization=org,
        start=span.start,
        end=None if span.current else span.end,
        current=span.current,
        text=text,
    )


def parse_experience(lines: Sequence[str]) -> tuple[ExperienceEntry, ...]:
    entries: list[ExperienceEntry] = []
    for draft in _experience_drafts(lines):
        entry = _entry_from_draft(draft)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def total_years(
    entries: Iterable[ExperienceEntry],
    degrees: Sequence[tuple[Degree, YearMonth | None]],
    as_of: date,
) -> float | None:
    intervals: list[tuple[int, int]] = []
    for entry in entries:
        if entry.start is None:
            continue
        span = DateSpan(entry.start, entry.end, entry.current, 0, 0)
        intervals.append(month_interval(span, as_of))
    if not intervals:
        return None
    cutoff = experience_cutoff(degrees)
    now = as_of.year * 12 + as_of.month
    if (
        cutoff is None
        and degrees
        and all(d.in_progress and d.level == "bachelor" for d, _ in degrees)
    ):
        # The CV's only degree is a first degree still in progress: no experience comes after
        # a first university degree yet (DESIGN). A master's in progress implies an earlier
        # degree of unknown date, so that case keeps counting every dated job.
        return 0.0
    clipped = sorted(
        (max(s, cutoff) if cutoff is not None else s, min(e, now)) for s, e in intervals
    )
    total = 0
    cur_start, cur_end = -1, -1
    for start, end in clipped:
        if end <= start:
            continue
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    total += cur_end - cur_start
    return round(total / 12, 1)
