"""The units of a ToR section: one per bullet or listed line; in prose, one per sentence.

Within the duties and learning sections a bulleted list gives one unit per bullet (the prose
around it is a lead-in or context, not a unit); a section without bullets is split into
sentences. Scraped web pages keep one item per line without its bullet: such a list of lines
is read line by line, with the titles of its groups ("1) Strengthen partnerships", "a.
Strategic Management", "Budget/admin tracking") left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.task_verbs import opens_with_action
from matcher.text import Item, group_items, is_bullet_line, split_sentences, strip_bullet
from matcher.tor_layout import Section, is_shaped
from matcher.vocab import fold

__all__ = ["list_units", "section_units", "units_of"]

_GROUP_LETTER_MARK = re.compile(r"^\s*(?:\d{1,2}|[A-Ha-h])[.)]\s*(?=\S)")


def units_of(lines: Sequence[str]) -> tuple[str, ...]:
    """One unit per bullet or listed line; prose, one per sentence. Lead-ins (…:) are dropped.

    Real vacancies also number their *groups* of duties ("1. Support to recruitment") and
    put the duties themselves on plain lines below; such a list is read item by item, with the
    group titles dropped. A scraped page keeps one item per line without its bullet: three or
    more lines that are mostly single sentences are such a list, one unit per line.
    """
    return list_units(lines)[1]


def section_units(
    sections: Sequence[Section], *, unwrapped: bool = False, tasks: bool = False
) -> tuple[str, ...]:
    """The units of several sections of one kind: when some of them list their items, the
    others (an introduction, "How can you make a difference?") are context, not units.

    ``unwrapped``: the text comes from a web page, where a line is a block (an item or a
    paragraph), never a PDF line wrapped at the text width. ``tasks``: the items are duties,
    so a list of lines must open with actions to be one (learning outcomes are often nouns:
    "Good knowledge of…").
    """
    parts = [
        list_units(s.lines, unwrapped=unwrapped, tasks=tasks)
        for s in sections
        if any(line.strip() for line in s.lines)
    ]
    listed = [units for is_list, units in parts if is_list]
    chosen = listed if listed else [units for _, units in parts]
    return tuple(unit for units in chosen for unit in units)


def list_units(
    lines: Sequence[str], *, unwrapped: bool = False, tasks: bool = False
) -> tuple[bool, tuple[str, ...]]:
    """(is a list, units) of one section's lines (see :func:`units_of`)."""
    items = _block_items(lines) if unwrapped else group_items(lines)
    if any(item.kind == "bullet" for item in items) and not _headed_groups(items):
        # On a web page, lines that open with a task among the bullets are items too (one
        # list printed half with, half without its markers).
        marked = [
            item.text for item in items
            if item.kind == "bullet" or (unwrapped and opens_with_action(item.text))
        ]
        return True, tuple(b for b in marked if not b.endswith(":") and len(b) > 2)
    texts = _without_group_titles(_plain_texts(items))
    # In a list, an item may be two words ("DDoS protection"); in prose, a fragment that short
    # is noise.
    listed = _is_line_list(texts, [split_sentences(t) for t in texts], tasks=tasks)
    shortest = 2 if listed else 3
    sentences = [
        [s for s in split_sentences(text) if not s.endswith(":") and len(s.split()) >= shortest]
        for text in texts
    ]
    if not listed and tasks and any(sentences) and all(
        len(found) == 1 and opens_with_action(found[0]) for found in sentences if found
    ):
        # "Other Responsibilities": "Represent WFP in…", "Perform other duties…": a short
        # list of tasks is a list too.
        listed = True
    if listed:
        return True, _line_units(texts, sentences, tasks=tasks)
    units: list[str] = []
    for found in sentences:
        for sentence in found:
            if not units and _LEAD_IN_SENTENCE.search(fold(sentence)):
                # "You can make a difference through delivering the following results."
                continue
            units.append(sentence)
    return False, tuple(units)


def _plain_texts(items: Sequence[Item]) -> list[str]:
    """The text items that may be units: lead-ins (…:), group titles and sub-headings out.

    Short lines right after a lead-in ("Own and improve edge services, including:", then "SSL
    VPNs") are its sub-items, never sub-headings.
    """
    texts: list[str] = []
    after_lead_in = False
    for index, item in enumerate(items):
        if item.text.endswith(":"):
            after_lead_in = True
            continue
        if opens_with_action(item.text):
            after_lead_in = False
        if not after_lead_in and index + 1 < len(items) and _is_subheading(item.text):
            continue
        if item.kind == "bullet":
            continue  # a group title
        texts.append(item.text)
    return texts


def _line_units(
    texts: Sequence[str], sentences: Sequence[Sequence[str]], *, tasks: bool
) -> tuple[str, ...]:
    """The units of a list of lines: one per line, the prose around the list left out."""
    lines_out = [text for text, found in zip(texts, sentences, strict=True) if found]
    if _numbered(lines_out):
        # The numbered items, without the prose around them.
        marks = [i for i, t in enumerate(lines_out) if re.match(r"\s*\d{1,2}[.)]", t)]
        span = lines_out[marks[0]: marks[-1] + 1]
        return tuple(_strip_marker(text) for text in span)
    lines_out = _drop_context(lines_out, sentences)
    if tasks:
        # Prose before the first task and after the last one ("The responsibilities of the
        # post are designed to…") frames the list; it is not an item.
        marks = [i for i, text in enumerate(lines_out) if opens_with_action(text)]
        lines_out = lines_out[marks[0]: marks[-1] + 1] if marks else lines_out
    return tuple(_strip_marker(text) for text in lines_out)


# A lower-case "o" standing for a hollow bullet ("o Act as the regional coordinator…").
_LETTER_O_BULLET = re.compile(r"^o\s+(?=[A-Z])")


def _block_items(lines: Sequence[str]) -> list[Item]:
    """Items of a web page's lines: one per line, a line opening in lowercase continuing the
    one before (a block broken inside a sentence).

    Only "- " marks a bullet: a numbered or lettered line ("1. Supply planning", "a. Strategic
    Management") stays text with its marker, so that a group title among the items is told
    apart by its form (:func:`_without_group_titles`).
    """
    items: list[Item] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        bullet = raw.lstrip().startswith("- ")
        body = strip_bullet(raw.lstrip()) if bullet else _LETTER_O_BULLET.sub("", text)
        if not body:
            continue
        if (
            items and not bullet and body[0].islower() and not items[-1].text.endswith(":")
            and not is_bullet_line(body)
        ):
            items[-1] = Item(items[-1].kind, f"{items[-1].text} {body}")
            continue
        items.append(Item("bullet" if bullet else "text", body))
    return items


def _is_line_list(
    texts: Sequence[str], sentences: Sequence[Sequence[str]], *, tasks: bool
) -> bool:
    """Three or more items, most of them a single sentence, most of them opening with an
    action ("Support…", "Coordinating…"): a list of tasks that lost its bullets. Paragraphs
    about the agency ("UNFPA is the lead agency…") are context, not a list."""
    found = [f for f in sentences if f]
    if len(found) < 3:
        return False
    if _numbered(texts):
        # "1. ANALYTICAL SUPPORT: The JPO collates…", "2. …": items numbered in sequence.
        return True
    single = sum(1 for f in found if len(f) == 1)
    actions = sum(1 for f in found if opens_with_action(f[0]))
    return single * 2 >= len(found) and (not tasks or actions * 2 >= len(found))


def _numbered(texts: Sequence[str]) -> bool:
    """Most items carry the numbers 1, 2, 3… in order."""
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"\s*(\d{1,2})[.)]", t))]
    return (
        len(numbers) >= 3
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        and numbers[0] <= 1
        and len(numbers) * 2 >= len(texts)
    )


def _drop_context(texts: list[str], sentences: Sequence[Sequence[str]]) -> list[str]:
    """A list's opening paragraph of several sentences, much longer than the items, is its
    context ("The JPO will support the team in … . Key tasks include:"), not an item."""
    if texts and _LEAD_IN_SENTENCE.search(fold(texts[0])):
        # "You can make a difference by delivering the following results."
        return texts[1:]
    counts = [len(found) for found in sentences if found]
    if len(texts) >= 4 and counts and counts[0] >= 2:
        lengths = sorted(len(t) for t in texts[1:])
        if len(texts[0]) > 2 * lengths[len(lengths) // 2]:
            return texts[1:]
    return texts


def _without_group_titles(texts: list[str]) -> list[str]:
    """Drop the titles of groups of items: lettered ones ("D. Management responsibilities"),
    and short lines without a stop ("Strengthen partnerships"), the first line among them,
    each followed by two or more longer items."""
    marked = [i for i, t in enumerate(texts) if _GROUP_LETTER_MARK.match(t)]
    titles = {
        i for i in marked
        if i + 1 < len(texts) and not _GROUP_LETTER_MARK.match(texts[i + 1])
        and not texts[i].endswith((".", ";"))
    }
    if len(titles) >= 2 or any(_is_group_title(texts[i]) for i in titles):
        # "1) Strengthen evidence and frameworks…" followed by unnumbered tasks: the numbers
        # head groups of tasks.
        texts = [t for i, t in enumerate(texts) if i not in titles]
    # A title states no sentence of its own; "… in filling these posts. Recruitment and
    # placement" is an item with the next group's title glued to it.
    open_ended = [
        i for i, t in enumerate(texts)
        if not t.endswith((".", ";", "!", "?", ":")) and ". " not in t
    ]
    bounds = [*open_ended, len(texts)]
    if (
        len(open_ended) >= 2
        and open_ended[0] == 0
        and 3 * len(open_ended) <= len(texts)
        # Each title heads two items or more; with four titles or more, one item may do.
        and all(
            b - a >= (2 if len(open_ended) >= 4 else 3)
            for a, b in zip(bounds, bounds[1:], strict=False)
        )
    ):
        # Items ending in ";" or "." under titles without a stop ("Provide technical inputs
        # to the monitoring of the programme" then "Monitor progress…;").
        return [t for i, t in enumerate(texts) if i not in set(open_ended)]
    short = [i for i, t in enumerate(texts) if _is_group_title(t)]
    if len(short) < 2 or short[0] > 1 or short[-1] == len(texts) - 1:
        return texts
    bounds = [*short, len(texts)]
    gaps = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
    # Each title heads two items or more; with many titles, one item each (or a title with
    # its sub-title: "Quality and productivity add-ons", then "Process improvement").
    least = 3 if len(short) < 4 else 1
    if any(gap < least for gap in gaps) or len(texts) - len(short) < 1.5 * len(short):
        return texts
    return [t for i, t in enumerate(texts) if i not in set(short)]


def _strip_marker(text: str) -> str:
    """An item without its number or letter ("3. Provide…" → "Provide…")."""
    return _GROUP_LETTER_MARK.sub("", text, count=1) if _GROUP_LETTER_MARK.match(text) else text


def _is_group_title(text: str) -> bool:
    words = len(_GROUP_LETTER_MARK.sub("", text).split())
    limit = 8 if _GROUP_LETTER_MARK.match(text) else 6
    return words <= limit and not text.endswith((".", ";", ",", ":", "!", "?"))


_LEAD_IN_SENTENCE = re.compile(r"\b(?:the following|as follows)\b")


def _headed_groups(items: Sequence[Item]) -> bool:
    """True when most bullets are group titles, each followed by plain lines of its own."""
    bullets = [i for i, item in enumerate(items) if item.kind == "bullet"]
    texts = sum(1 for item in items if item.kind == "text")
    followed = sum(
        1 for i in bullets if i + 1 < len(items) and items[i + 1].kind == "text"
        and not items[i].text.endswith((".", ";"))
    )
    return texts >= 2 * len(bullets) and followed * 2 > len(bullets)


def _is_subheading(text: str) -> bool:
    """A short title-case line without a stop ("Budget and Procurement"): a group title."""
    return (
        len(text.split()) <= 6 and not text.endswith((".", ";", ",", ":")) and is_shaped(text)
    )
