"""Unit tests for matcher.text: normalisation, sentence splitting, ids and item grouping."""

from __future__ import annotations

import pytest

import matcher.text as text_module
from matcher.text import (
    BULLET,
    Item,
    content_id,
    group_items,
    is_bullet_line,
    normalize_text,
    split_sentences,
    strip_bullet,
)


def test_all_lists_the_public_names_sorted() -> None:
    public = sorted(
        name
        for name in vars(text_module)
        if not name.startswith("_")
        and name
        not in {
            "annotations",
            "hashlib",
            "re",
            "unicodedata",
            "Counter",
            "Sequence",
            "dataclass",
            "Literal",
        }
    )
    assert sorted(text_module.__all__) == public


@pytest.mark.parametrize(
    "glyph", ["\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "•", "▪", "◦", "–", "*", "-", "➢"]
)
def test_bullet_glyphs_become_the_canonical_marker(glyph: str) -> None:
    assert normalize_text(f"{glyph} Draft reports\n  {glyph}\tAttend meetings") == (
        f"{BULLET}Draft reports\n{BULLET}Attend meetings"
    )


def test_markdown_emphasis_and_negative_numbers_are_not_bullets() -> None:
    assert normalize_text("**Note** this\n-5 degrees") == "**Note** this\n-5 degrees"


def test_spaces_soft_hyphens_and_line_endings() -> None:
    raw = "A\u00a0B\u2009C\u00adD  E   \r\nnext\rline\t\u200bend"
    assert normalize_text(raw) == "A B CD E\nnext\nline end"


def test_curly_quotes_become_straight() -> None:
    assert normalize_text("the JPO\u2019s \u201cwork\u201d") == 'the JPO\'s "work"'


def test_hyphenated_line_breaks_are_joined_even_across_blank_lines() -> None:
    assert normalize_text("improves the organi-\n\nzation of work") == (
        "improves the organization of work"
    )
    # Real compounds keep their hyphen.
    assert normalize_text("multi-\nlateral partners") == "multi-lateral partners"
    # A capital after the hyphen is not a continuation.
    assert normalize_text("Pre-\nAmble") == "Pre-\nAmble"


def test_page_numbers_and_page_lines_are_removed() -> None:
    raw = "Intro text\nPage 1 of 3\nMore text\n2\nEven more\n3\nEnd"
    assert normalize_text(raw) == "Intro text\nMore text\nEven more\nEnd"


def test_a_single_number_line_is_kept() -> None:
    assert normalize_text("Duration in years\n2\nend") == "Duration in years\n2\nend"


def test_running_headers_on_form_feed_pages_are_removed() -> None:
    pages = [f"UNDP Terms of Reference\nBody of page {i}\nConfidential" for i in range(4)]
    out = normalize_text("\f".join(pages))
    assert "UNDP Terms of Reference" not in out
    assert "Confidential" not in out
    assert "Body of page 3" in out


def test_blank_runs_collapse_and_single_leading_space_is_kept() -> None:
    assert normalize_text("a\n\n\n\n b\n   \n") == "a\n\n b"


def test_normalize_is_idempotent() -> None:
    raw = "\uf0b7 One\r\n\r\n\r\nTwo\u00a0words  \nmulti-\nlateral"
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_content_id_is_stable_under_cosmetic_changes() -> None:
    assert content_id("Hello world\n") == content_id("Hello\u00a0world\r\n")
    assert content_id("Hello world") != content_id("Hello there")
    assert len(content_id("x")) == 16
    int(content_id("x"), 16)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Work with partners, e.g. UNHCR. Next.", ["Work with partners, e.g. UNHCR.", "Next."]),
        ("That is, i.e. This. Then.", ["That is, i.e. This.", "Then."]),
        ("The U.N. System works. Yes.", ["The U.N. System works.", "Yes."]),
        ("Ref. No. 5 applies. Dr. Smith agrees.", ["Ref. No. 5 applies.", "Dr. Smith agrees."]),
        ("Growth was 2.5 percent. Good.", ["Growth was 2.5 percent.", "Good."]),
        ("Reports, notes, etc. Then more.", ["Reports, notes, etc.", "Then more."]),
        ("lower case. after stop", ["lower case. after stop"]),
        ("Line one\ncontinues here. New.", ["Line one continues here.", "New."]),
        ("Block one\n\nBlock two", ["Block one", "Block two"]),
        ('He said "Go." Then left.', ['He said "Go."', "Then left."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_space_before_stop_still_sees_the_abbreviation() -> None:
    assert split_sentences("Partners, e.g . UNHCR act. Next.") == [
        "Partners, e.g . UNHCR act.",
        "Next.",
    ]


@pytest.mark.timeout(30)
def test_split_sentences_long_abbreviation_chain_is_one_sentence() -> None:
    # Quadratic rescanning of the sentence so far took tens of seconds here; the pass is linear.
    chain = "e.g. U.N. " * 20_000
    assert split_sentences(chain + "\n\nEnd. Next.") == [chain.strip(), "End.", "Next."]


@pytest.mark.timeout(30)
def test_long_chain_of_hyphenated_breaks_is_joined_in_capped_lines() -> None:
    lines = normalize_text(("multi-\n" * 28_571)[:200_000]).split("\n")
    # Joined lines stop growing past the wrapped-line cap (1000 characters), keeping "multi-".
    assert len(lines) > 100
    assert all(set(line.split("-")) <= {"multi", "m", "mu", "mul", "mult", ""} for line in lines)
    assert max(len(line) for line in lines) <= 1010
    assert normalize_text("infor-\nma-\ntion sys-\n\ntems") == "information systems"


@pytest.mark.parametrize(
    ("line", "bullet", "stripped"),
    [
        ("- Draft notes", True, "Draft notes"),
        ("1. Draft notes", True, "Draft notes"),
        ("2) Draft notes", True, "Draft notes"),
        ("a) Draft notes", True, "Draft notes"),
        ("(iv) Draft notes", True, "Draft notes"),
        ("e.g. not a bullet", False, "e.g. not a bullet"),
        ("2025. A year", False, "2025. A year"),
        ("Draft notes", False, "Draft notes"),
    ],
)
def test_bullet_lines(line: str, bullet: bool, stripped: str) -> None:
    assert is_bullet_line(line) is bullet
    if bullet:
        assert strip_bullet(line) == stripped


def test_group_items_joins_wrapped_bullets_and_keeps_lead_ins() -> None:
    lines = [
        "To this effect, the JPO will:",
        "",
        "- Support the roll-out of guidance to",
        "",
        "field missions;",
        "- Organize forums.",
    ]
    assert group_items(lines) == [
        Item("text", "To this effect, the JPO will:"),
        Item("bullet", "Support the roll-out of guidance to field missions;"),
        Item("bullet", "Organize forums."),
    ]


def test_group_items_detects_bullets_whose_glyph_was_lost() -> None:
    lines = [
        "On completion, the JPO will be able to:",
        " Draft policy analysis and supporting materials for submission to and approval of the",
        "",
        "senior leadership team.",
        " Identify upcoming policy challenges to be addressed by the department and its units.",
        " Plan and implement project related support tasks including budget and planning",
        "",
        "DPKO/DFS senior leadership.",
    ]
    items = group_items(lines)
    assert [item.kind for item in items] == ["text", "bullet", "bullet", "bullet"]
    assert items[1].text.endswith("approval of the senior leadership team.")
    assert items[3].text.endswith("budget and planning DPKO/DFS senior leadership.")


def test_group_items_one_indented_line_is_not_a_list() -> None:
    items = group_items([" Content and methodology:", "The JPO reports weekly."])
    assert [item.kind for item in items] == ["text", "text"]


def test_group_items_short_prose_lines_end_their_paragraph() -> None:
    lines = [
        "Proven ability to adapt to a fluid environment",
        "Proficiency in computer skills and use of databases, including MS Word, Excel and the",
        "Internet, as well as familiarity with social media applications and platforms.",
    ]
    items = group_items(lines)
    assert len(items) == 2
    assert items[1].text.startswith("Proficiency") and items[1].text.endswith("platforms.")


def test_glued_sentences_bullets_and_template_headings_are_split() -> None:
    raw = (
        "Raise risks to a supervisor.- Perform other related duties as required."
        "Minimum QualificationsYears of Experience apply.\nKeep U.N. e.g. 2.5 and proGres intact."
    )
    lines = normalize_text(raw).split("\n")
    assert lines[0] == "Raise risks to a supervisor."
    assert lines[1] == BULLET + "Perform other related duties as required."
    assert lines[2] == "Minimum Qualifications"
    assert lines[3] == "Years of Experience apply."
    assert lines[4] == "Keep U.N. e.g. 2.5 and proGres intact."
