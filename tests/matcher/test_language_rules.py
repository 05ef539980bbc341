"""Language rules of a ToR: one-of groups, 'another UN language', grades (matcher.language_rules).

Every snippet is invented, in the wording UN vacancies use.
"""

from __future__ import annotations

import pytest

import matcher.language_rules as rules_module
from matcher.language_rules import language_requirements
from matcher.tor import parse_vacancy
from matcher.tor_layout import Section

Rules = dict[tuple[str, ...], bool]


def rules(*lines: str, kind: str = "languages", label: str = "Languages") -> Rules:
    found = language_requirements([Section(kind, list(lines), label)])
    return {lang.alternatives: lang.required for lang in found}


def test_all_is_sorted() -> None:
    assert rules_module.__all__ == sorted(rules_module.__all__)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Fluency in English and French is required.",
         {("English",): True, ("French",): True}),
        ("Fluency in English and either French or Spanish is required.",
         {("English",): True, ("French", "Spanish"): True}),
        ("Knowledge of Arabic, French or Spanish is an asset.",
         {("Arabic", "French", "Spanish"): False}),
        ("Desirable: French, Spanish and/or Arabic (3 - Good)",
         {("French", "Spanish", "Arabic"): False}),
        ("Required: English, Armenian Desirable: Russian",
         {("English",): True, ("Armenian",): True, ("Russian",): False}),
        ("Either Arabic or Chinese (Mandarin) or Russian is desirable.",
         {("Arabic", "Chinese", "Russian"): False}),
        ("Proficiency in Portuguese and English required.",
         {("Portuguese",): True, ("English",): True}),
        ("Korean language skills strongly recommended.", {("Korean",): False}),
        ("Fluency in English and proficiency in the local language (Russian or Kyrgyz, both "
         "considered an asset).", {("English",): True, ("Russian", "Kyrgyz"): False}),
        ("Spoken and written knowledge of Finnish or Swedish knowledge of any other UN language "
         "is always an asset",
         {("Finnish", "Swedish"): True,
          ("Arabic", "Chinese", "English", "French", "Russian", "Spanish"): False}),
    ],
)
def test_one_rule_per_group(line: str, expected: Rules) -> None:
    assert rules(line) == expected


def test_one_of_rule_reads_as_one_requirement() -> None:
    found = language_requirements([Section("languages", [
        "Fluency in English; working knowledge of either French or Spanish is required.",
    ])])
    one_of = next(lang for lang in found if lang.any_of)
    assert one_of.language == "French or Spanish"
    assert one_of.any_of == ("French", "Spanish")
    assert one_of.level == "B2"
    assert one_of.evidence.startswith("Fluency in English; working knowledge")


@pytest.mark.parametrize(
    ("lines", "others"),
    [
        (["Fluency in English and Arabic is required.",
          "Knowledge of another official UN language is desirable."],
         ("Chinese", "French", "Russian", "Spanish")),
        (["Working knowledge of English.",
          "Preferably have working knowledge of a second official UN language next to English."],
         ("Arabic", "Chinese", "French", "Russian", "Spanish")),
    ],
)
def test_another_un_language_is_the_official_languages_not_named(
    lines: list[str], others: tuple[str, ...]
) -> None:
    assert rules(*lines)[others] is False


OTHER_FIVE = ("Arabic", "Chinese", "French", "Russian", "Spanish")


def test_a_listed_un_language_is_the_list() -> None:
    # As the seed ToRs' expected facts read it: the language preferred is the rule.
    assert rules(
        "Fluency in English is required. Knowledge of a second official UN language, "
        "preferably French, is an advantage."
    ) == {("English",): True, ("French",): False}


@pytest.mark.parametrize(
    "line",
    [
        "Working knowledge of another UNDP official language is an asset.",
        "Working knowledge of an official UN Languages an advantage.",
    ],
)
def test_other_un_language_wordings(line: str) -> None:
    found = rules("Fluency in English is required.", line)
    assert {tuple(sorted(k)): v for k, v in found.items()} == {
        ("English",): True, OTHER_FIVE: False}


def test_the_list_after_a_second_un_language_is_one_rule() -> None:
    found = rules(
        "Fluency (level C) in English language.",
        "Intermediate knowledge (level B) of a second official UN language: Arabic, Chinese, "
        "French, Russian, Spanish, and/or WFP's working language, Portuguese is considered an "
        "advantage.",
    )
    assert {tuple(sorted(k)): v for k, v in found.items()} == {
        ("English",): True, tuple(sorted((*OTHER_FIVE, "Portuguese"))): False}


def test_a_language_that_is_not_named_gives_no_rule() -> None:
    assert rules("Fluency in English. Knowledge of the local language would be an asset.") == {
        ("English",): True,
    }


def test_languages_named_first_and_required_by_the_next_sentence() -> None:
    assert rules("French and English are the languages of the Mission. Fluency in both is "
                 "required.") == {("French",): True, ("English",): True}


def test_a_later_sentence_about_these_languages_does_not_regrade_them() -> None:
    assert rules(
        "English is required. Either Arabic or Russian is desirable.",
        "The table below shows the minimum required level for each skill in these languages.",
    ) == {("English",): True, ("Arabic", "Russian"): False}


def test_a_table_row_under_a_one_of_rule_adds_nothing() -> None:
    found = language_requirements([
        Section("languages", ["Either Arabic or Russian is desirable."], "Languages"),
        Section("languages", [], "Desirable Languages"),
        Section("languages", ["Arabic UN Level I UN Level I", "Russian UN Level I UN Level I"],
                "Language Reading Writing Listening Speaking", outer_grade="desirable"),
    ])
    assert [lang.alternatives for lang in found] == [("Arabic", "Russian")]


def test_a_desirable_heading_grades_its_section() -> None:
    assert rules("French", label="Desired languages") == {("French",): False}


@pytest.mark.parametrize(
    "line",
    [
        "This position is reserved for candidates with Finnish citizenship.",
        "Minimum qualification requirements for all Dutch funded JPOs: see the website.",
        "Experience in French-speaking countries is desirable.",
        "Experience of working in Latin America is an asset.",
    ],
)
def test_nationalities_and_regions_are_not_languages(line: str) -> None:
    assert rules(line, kind="qualifications", label="Requirements") == {}


def test_the_standard_job_description_rule_holds_only_without_the_vacancys_own() -> None:
    template = "For International Professional jobs: Knowledge of English and UN working language."
    assert rules(template, "La connaissance de l'anglais constitue un atout") == {
        ("English",): False,
    }
    assert rules(template) == {("English",): True}


def test_languages_in_the_duties_are_not_requirements() -> None:
    text = """\
Programme Associate, Lakeville, Arcadia
Duties and Responsibilities
- Translate outreach material into Swahili and Somali for the camp committees.
- Support the weekly coordination meetings with the French-speaking partners.
Qualifications
Education: A bachelor's degree in social sciences.
Languages: Fluency in English is required.
"""
    languages = parse_vacancy(text, "t.txt").requirements.languages
    assert [(lang.language, lang.required) for lang in languages] == [("English", True)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Fluency in English and Bahasa Malaysia is required.",
         {("English",): True, ("Malay",): True}),
        ("Fluency in both oral and written communication in Myanmar and English.",
         {("Burmese",): True, ("English",): True}),
        ("Kirghiz, Level: Working knowledge, Desirable", {("Kyrgyz",): False}),
        ("Knowledge of Solomon Islands Pidgin is an advantage",
         {("Solomon Islands Pijin",): False}),
        ("Working knowledge of Kanuri is an asset.", {("Kanuri",): False}),
        ("Fluency in English, Russian and Turkmen is required.",
         {("English",): True, ("Russian",): True, ("Turkmen",): True}),
        ("Proficiência em português, oral e escrito, é obrigatória. Conhecimento adicional de "
         "espanhol e inglês é desejável.",
         {("Portuguese",): True, ("Spanish",): False, ("English",): False}),
    ],
)
def test_languages_by_the_names_vacancies_use(line: str, expected: Rules) -> None:
    assert rules(line) == expected


def test_a_named_language_or_a_un_language_is_one_rule() -> None:
    line = ("Fluency in English is essential; knowledge of Korean and/or a United Nations "
            "language is an advantage.")
    assert rules(line) == {
        ("English",): True,
        ("Korean", "Arabic", "Chinese", "French", "Russian", "Spanish"): False,
    }


def test_a_named_language_and_a_un_language_stay_two_rules() -> None:
    line = "Fluency in English and Korean is required; another UN language is an asset."
    assert rules(line) == {
        ("English",): True, ("Korean",): True,
        ("Arabic", "Chinese", "French", "Russian", "Spanish"): False,
    }


def test_a_preference_for_a_language_is_desirable() -> None:
    line = ("Excellent oral and written communication skills in English, and French is "
            "essential, and preference for Portuguese as well.")
    assert rules(line, kind="qualifications", label="Qualifications") == {
        ("English",): True, ("French",): True, ("Portuguese",): False,
    }


def test_one_or_more_of_a_list_of_languages_is_one_rule() -> None:
    line = ("Knowledge of one or more minority languages relevant for the country, including "
            "Russian, Romani, Gagauzian, Bulgarian and Ukrainian, is an asset.")
    assert rules(line) == {("Russian", "Romani", "Gagauz", "Bulgarian", "Ukrainian"): False}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Knowledge of another official UN language is desirable (French).",
         {("French",): False}),
        ("Fluency in English and Dhivehi is required.", {("English",): True, ("Dhivehi",): True}),
        ("Working knowledge of local languages Fiji Hindi / Itaukei is an asset.",
         {("Fiji Hindi", "Fijian"): False}),
    ],
)
def test_more_rules_of_real_calls(line: str, expected: Rules) -> None:
    assert rules(line) == expected
