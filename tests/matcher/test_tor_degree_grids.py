"""Degree grids and years wordings of real vacancies (invented snippets in each agency's style).

Each test names one rule of docs/parsing.md ("Fifth round") and fails without it.
"""

from __future__ import annotations

from tests.matcher.tor_samples import education, page, parse


def test_a_plain_university_degree_takes_the_level_its_parentheses_give() -> None:
    text = page(
        "Education: University degree (Master's or equivalent) in economics or a related field.",
        "Experience: A minimum of two years of relevant professional experience.",
    )
    assert education(text) == ("master", None, 2)


def test_an_unclosed_parenthesis_still_restates_the_degree() -> None:
    text = page(
        "Education: University degree (Master or higher in International Affairs, Economics or "
        "any other relevant field, or First University degree with additional years of related "
        "work experience.",
        "Experience: 5-10 years of progressively responsible professional experience.",
    )
    assert education(text) == ("master", ("bachelor", None), 5)


def test_the_experience_grid_raises_a_bachelors_requirement_to_the_masters_it_prefers() -> None:
    text = page(
        "Education: University degree (Bachelor's or equivalent) in International Relations.",
        "Experience: Minimum 3 years (with Bachelor's degree) or 2 years (with Master's degree) "
        "of experience in event management.",
    )
    assert education(text) == ("master", ("bachelor", 1), 2)


def test_years_per_degree_holder_are_options_even_when_joined_by_and() -> None:
    text = page(
        "Education: First Level (Bachelor) or Advanced University Degree (Master) in "
        "Environmental science or similar fields.",
        "Experience: At least 3 years of relevant experience (for advanced degree holders, and "
        "5 years for bachelor holders) in development work.",
    )
    assert education(text) == ("master", ("bachelor", 2), 3)


def test_a_grid_written_as_two_sentences_is_one_grid() -> None:
    text = page(
        "Education: University degree in Political Science, Economics or Statistics.",
        "Experience: For master's degree holders, at least three years of postgraduate "
        "professional experience are required. For a bachelor's degree holder, at least five "
        "years of indicated experience is required.",
    )
    assert education(text) == ("master", ("bachelor", 2), 3)


def test_a_heading_glued_to_the_years_of_a_french_grid_leaves_the_years_readable() -> None:
    text = page(
        "Expérience professionnelle / Niveau d'études3 ans d'expérience pertinente avec une "
        "licence ; ou 2 ans d'expérience pertinente avec un master ; ou 1 an d'expérience "
        "pertinente avec un doctorat.",
    )
    assert education(text) == ("master", ("bachelor", 1), 2)


def test_a_grade_before_a_dash_is_not_a_figure_of_years() -> None:
    text = page(
        "For G6 - 3 years relevant experience with High School Diploma; or 2 years relevant "
        "work experience with Bachelor or equivalent or higher",
    )
    assert education(text)[2] == 3


def test_a_years_line_without_its_stop_is_not_a_heading_over_the_next_line() -> None:
    text = page(
        "Education: First University degree in Supply Chain Management or related fields.",
        "Experience Knowledge & Skills:",
        "Minimum 5 years of experience in Supply Chain Operations",
        "Minimum one year of supervisory role in Supply Chain.",
        "Experience in analyzing operational context and trends.",
    )
    assert education(text) == ("bachelor", None, 5)


def test_a_unit_glued_to_the_next_word_still_gives_the_years() -> None:
    text = page(
        "Education: Master's degree in social sciences is required.",
        "Experience:",
        "At least 1 yearof relevant work experience in programme implementation is required.",
    )
    assert education(text) == ("master", None, 1)


def test_a_preference_about_part_of_the_years_leaves_the_years_required() -> None:
    text = page(
        "Education: Advanced University degree in Economics or Statistics.",
        "EXPERIENCES: Minimum of 4 years of professional experience in monitoring and "
        "evaluation, at least half of which of direct work experience with a UN agency "
        "preferred, or applied knowledge of the humanitarian architecture would be an asset.",
    )
    assert education(text) == ("master", None, 4)
    experience = parse(text).requirements.experience
    assert experience is not None
    assert all("half" not in field for field in experience.fields)


def test_a_degree_or_school_with_more_years_requires_no_degree_and_the_schools_years() -> None:
    text = page(
        "Education & Work Experience Bachelor's Degree - 3 year(s) experience OR High School "
        "certificate- 6 year(s) experience",
    )
    assert education(text) == (None, None, 6)


def test_an_unnamed_sign_language_is_no_language_rule_but_a_named_one_is() -> None:
    unnamed = page(
        "Languages: Fluency in English is required. Knowledge of one or more minority languages, "
        "including Russian, Romani and sign language is an asset.",
    )
    named = page(
        "Languages: Fluency in English is required. Knowledge of American Sign Language is an "
        "asset.",
    )
    unnamed_rules = parse(unnamed).requirements.languages
    assert all("Sign Language" not in (r.language, *r.any_of) for r in unnamed_rules)
    assert any("Romani" in r.any_of for r in unnamed_rules)
    named_rules = parse(named).requirements.languages
    assert [(r.language, r.required) for r in named_rules] == [
        ("English", True), ("Sign Language", False),
    ]


def test_the_grids_years_with_the_raised_degree_are_the_years_asked() -> None:
    text = page(
        "Required education level: Bachelor's degree in Political Science or Law.",
        "Required experience: 3 years",
        "Skills and experience: 3 years relevant experience with Undergraduate degree; or 2 years "
        "relevant experience with Graduate degree; or 1 year relevant experience with Doctorate "
        "degree.",
    )
    assert education(text) == ("master", ("bachelor", 1), 2)


def _nationality(title: str) -> tuple[str | None, tuple[str, ...]]:
    requirements = parse(f"{title}\n{page('Education: Bachelor degree in economics.')}")
    return requirements.requirements.nationality_rule, requirements.requirements.nationalities


def test_a_title_note_for_a_countrys_nationals_restricts_to_that_country() -> None:
    title = "Temporary Appointment: Programme Associate, GS-6 Level (For Vietnamese Nationals)"
    assert _nationality(title)[1] == ("VN",)


def test_open_to_non_nationals_with_a_stray_space_excludes_only_that_country() -> None:
    title = "Construction Specialist, P3, Tunis, Tunisia (Open to non- Tunisian nationals only)"
    assert _nationality(title)[1] == ()


def test_and_knowledge_of_opens_the_clause_a_french_asset_grades() -> None:
    text = page(
        "Langues: Avoir une bonne maîtrise du français et la connaissance de l'anglais seraient "
        "un atout.",
    )
    rules = [(r.language, r.required) for r in parse(text).requirements.languages]
    assert rules == [("French", True), ("English", False)]


def test_poular_is_the_fula_language() -> None:
    text = page("Languages:", "French, Level: Fluent, Required", "Poular, Level: Working "
                 "knowledge, Required")
    rules = [(r.language, r.required) for r in parse(text).requirements.languages]
    assert ("Fula", True) in rules
