"""Scraped-page lines cut back into headings, bullets and fields (matcher.unglue).

The snippets are invented, in the style of vacancies copied from agency job sites.
"""

from __future__ import annotations

import pytest

import matcher.unglue as unglue_module
from matcher.text import normalize_text
from matcher.unglue import unglue_lines


def test_all_is_sorted() -> None:
    assert unglue_module.__all__ == sorted(unglue_module.__all__)


def test_a_line_that_is_not_glued_is_kept_as_it_was() -> None:
    lines = [" Support the roll-out of the field guide to the regional office teams.", "", "x"]
    assert unglue_lines(lines) == lines


def test_glued_heading_and_bullets_are_cut_apart() -> None:
    line = (
        "2. Duties- Coordinate the registration of new arrivals in the camps.- Support the "
        "partners with the monthly reporting on protection indicators.- Review the data."
    )
    assert unglue_lines([line]) == [
        "2. Duties",
        "- Coordinate the registration of new arrivals in the camps.",
        "- Support the partners with the monthly reporting on protection indicators.",
        "- Review the data.",
    ]


def test_a_short_title_glued_to_a_long_bullet_is_cut() -> None:
    line = (
        "Support to the Ministry of Planning- Support the ministry with the design and "
        "deployment of a new case management system for its field offices"
    )
    assert unglue_lines([line]) == [
        "Support to the Ministry of Planning",
        "- Support the ministry with the design and deployment of a new case management "
        "system for its field offices",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Programme Analyst- Gender and Water, Lakeville",  # a title with a dash
        "For P3 - 5 years relevant experience with Undergraduate degree; or 4 with a Graduate",
        "The programme runs from 2026- 2028 in the three northern provinces of the country.",
    ],
)
def test_a_single_dash_inside_a_sentence_is_not_a_bullet(line: str) -> None:
    assert all(not piece.startswith("- ") for piece in unglue_lines([line]))


def test_headings_glued_to_their_text_become_lines_of_their_own() -> None:
    line = (
        "Perform other related duties as required.Minimum QualificationsYears of Experience "
        "/ Degree LevelFor P2 - 3 years relevant experience with Undergraduate degree"
    )
    # The ToR parser normalises first (a stop glued to a capital starts a line), then unglues.
    assert unglue_lines(normalize_text(line).split("\n")) == [
        "Perform other related duties as required.",
        "Minimum Qualifications",
        "Years of Experience / Degree Level",
        "For P2 - 3 years relevant experience with Undergraduate degree",
    ]


def test_a_heading_after_a_note_in_parentheses_gets_its_own_line() -> None:
    line = (
        "DM-Data Management(Functional Skills marked with an asterisk are essential)Language "
        "RequirementsKnowledge of English is mandatory."
    )
    assert unglue_lines([line]) == [
        "DM-Data Management(Functional Skills marked with an asterisk are essential)",
        "Language Requirements",
        "Knowledge of English is mandatory.",
    ]


def test_camel_case_words_are_never_cut() -> None:
    line = "Prepare PowerPoint decks and SharePoint pages for the LinkedIn campaign of the office."
    assert unglue_lines([line]) == [line]


def test_form_labels_run_together_are_cut_at_each_label() -> None:
    line = (
        "TERMS OF REFERENCE(Individual Contractor Agreement)Title: Field AssociateProject: "
        "[reference]Duty station: Riverton, ArcadiaSection/Unit: Protection"
    )
    assert unglue_lines([line]) == [
        "TERMS OF REFERENCE(Individual Contractor Agreement)",
        "Title: Field Associate",
        "Project: [reference]",
        "Duty station: Riverton, Arcadia",
        "Section/Unit: Protection",
    ]


def test_numbered_and_lettered_headings_glued_to_the_sentence_before() -> None:
    line = (
        "Other tasks as required.3. Qualifications and Experience(List the education required "
        "for the post.)a. Education (Level and area)First-level degree in education."
    )
    assert unglue_lines([line]) == [
        "Other tasks as required.",
        "3. Qualifications and Experience(List the education required for the post.)",
        "a. Education (Level and area)",
        "First-level degree in education.",
    ]


def test_roman_numbered_heading_glued_after_a_word() -> None:
    line = "Language: Required: English Desirable: another UN languageIV. EVALUATION AND REVIEW"
    assert unglue_lines([line])[-1] == "IV. EVALUATION AND REVIEW"


def test_rules_of_underscores_and_mojibake_bullets_split_lines() -> None:
    line = "Fluency in English.________________Personal AttributesStrong skills.ï€ Able to adapt."
    assert unglue_lines([line]) == [
        "Fluency in English.",
        "Personal Attributes",
        "Strong skills.",
        "- Able to adapt.",
    ]


def test_numbered_items_run_into_one_line_are_split() -> None:
    line = (
        "Data and Reporting 6. Maintain the dataset of referrals. 7. Prepare the weekly "
        "situation report for partners."
    )
    assert unglue_lines([line]) == [
        "Data and Reporting",
        "6. Maintain the dataset of referrals.",
        "7. Prepare the weekly situation report for partners.",
    ]


def test_items_joined_by_spaced_dashes_are_split() -> None:
    line = (
        "Induction on the emergency response cycle. - Orientation on cluster coordination. - "
        "Mentoring in negotiation techniques."
    )
    assert unglue_lines([line]) == [
        "- Induction on the emergency response cycle.",
        "- Orientation on cluster coordination.",
        "- Mentoring in negotiation techniques.",
    ]


def test_form_labels_without_colon_get_one() -> None:
    assert unglue_lines(["Locations Lakeville, Arcadia", "Required Languages French"]) == [
        "Locations: Lakeville, Arcadia",
        "Required Languages: French",
    ]
