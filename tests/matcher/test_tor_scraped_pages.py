"""Requirement wordings and page damage of scraped vacancies (invented snippets in each agency's
style).

Each test names one rule of docs/parsing.md ("Sixth round") and fails without it.
"""

from __future__ import annotations

from matcher.models import Vacancy
from tests.matcher.tor_samples import education, page, parse


def _languages(vacancy: Vacancy) -> set[tuple[str, bool]]:
    return {(lang.language, lang.required) for lang in vacancy.requirements.languages}


# --------------------------------------------------------------------------- page damage


def test_utf8_bullets_read_through_the_wrong_code_page_still_cut_the_items() -> None:
    text = page(
        "\u00e2\u2014 A University degree in economics or a related field\u00e2\u2014 At least 6 "
        "years of work experience in developing countries.\u00e2\u2014 Written and verbal "
        "proficiency in English.\u00e2\u2014 Familiarity with the operations of development banks "
        "and their partners in the region.",
        heading="",
    )
    vacancy = parse(text)
    assert education(text) == ("bachelor", None, 6)
    assert _languages(vacancy) == {("English", True)}


def test_a_heading_glued_after_a_stop_at_the_end_of_a_line_starts_its_block() -> None:
    text = page(
        "Required:",
        "Strong analytical and report-writing skills.",
        "Professional competence in English (oral and written).Desired:",
        "Knowledge of French is a strong asset.",
        heading="Key Competencies",
    )
    assert _languages(parse(text)) == {("English", True), ("French", False)}


def test_required_and_desired_lines_grade_the_language_lines_below_them() -> None:
    text = page(
        "Desirable:",
        "Experience in data science and statistical analysis.",
        "Required:",
        "Professional competence in English (oral and written).",
        "Desired:",
        "Working knowledge of Spanish.",
    )
    assert _languages(parse(text)) == {("English", True), ("Spanish", False)}


def test_a_heading_glued_to_the_end_of_the_last_item_grades_what_follows() -> None:
    text = page(
        "Essential Requirements",
        "Experience supporting inter-agency coordination processesDesired Attributes",
        "Working knowledge of French, particularly to support francophone operations.",
        heading="Desired Candidate Profile",
    )
    assert _languages(parse(text)) == {("French", False)}


def test_a_heading_glued_to_the_years_after_it_lets_the_years_be_read() -> None:
    text = "\n".join((
        "Data Management Associate, Erbil, Iraq",
        "Duties",
        "- Manage the databases used in the operation.",
        "- Generate statistical reports.",
        "Years of Experience / Degree Level3 years relevant experience with High School Diploma; "
        "or 2 years relevant work experience with Bachelor or equivalent or higher",
    )) + "\n"
    assert education(text) == (None, None, 3)


def test_a_grade_word_glued_to_years_is_not_cut_as_a_heading() -> None:
    text = page(
        "Relevant Job Experience",
        "Essential1 year in data or statistical field.",
        "Minimum years of work experience: 5 years relevant work experience with Bachelor.",
        heading="Minimum Qualifications",
    )
    assert parse(text).requirements.experience is not None
    assert education(text)[2] == 5


def test_graded_bullets_that_lost_their_stops_are_two_requirements() -> None:
    text = page(
        "Candidates must meet one of the following educational requirements:",
        "Bachelor's degree in economics, political science, or related field is required",
        "Master's degree in economics, political science, or related field is an asset",
        heading="Education:",
    )
    assert education(text)[0] == "bachelor"


# --------------------------------------------------------------------------- degrees


def test_the_additional_years_belong_to_the_degree_they_follow() -> None:
    text = page(
        "Education: Advanced university degree, or a university degree with additional years of "
        "experience, and advanced training in one of the following disciplines: law, political "
        "science, international development.",
        "At least eight years of progressively responsible professional experience.",
    )
    assert education(text) == ("master", ("bachelor", None), 8)


def test_a_first_degree_with_additional_experience_is_a_route_of_unstated_years() -> None:
    text = page(
        "Advanced University degree in Law, or First University degree in Law with additional "
        "relevant experience and training in private, commercial or public Law.",
        "At least eight years of relevant progressively responsible experience in law.",
    )
    assert education(text) == ("master", ("bachelor", None), 8)


def test_a_university_degree_and_equivalent_experience_is_a_route_too() -> None:
    text = page(
        "Education: Advanced university degree or university degree and equivalent experience in "
        "one of the following disciplines: social sciences, agriculture.",
        "At least five years of postgraduate professional experience.",
    )
    assert education(text) == ("master", ("bachelor", None), 5)


def test_the_degree_with_years_is_the_requirement_beside_a_route_without_them() -> None:
    text = page(
        "Education and experience: Advanced University degree in Computer Science with minimum 3 "
        "years of related work experience, or First University degree with additional years of "
        "related work experience.",
    )
    assert education(text) == ("master", ("bachelor", None), 3)


def test_a_bullet_ending_in_or_leaves_the_next_bullet_as_its_other_option() -> None:
    text = page(
        "-Bachelor's degree in relevant area or",
        "-Completion of secondary school. Relevant training and experience can be considered as "
        "an alternate to a degree.",
        "Minimum two years of work with a Bachelor's degree is required. In the absence of a "
        "degree, 4 years of relevant experience with a secondary school diploma is required.",
        heading="Min. Education requirements",
    )
    assert education(text)[0] is None


def test_university_educated_and_educated_to_degree_level_ask_for_a_degree() -> None:
    for line in ("University educated, or equivalent work experience",
                 "Educated to degree level or demonstrates equivalent professional experience."):
        assert education(page(line))[0] == "bachelor", line


def test_a_degree_level_label_is_still_no_degree() -> None:
    assert education(page("Degree level: see the vacancy announcement."))[0] is None


def test_a_bachelors_with_a_masters_asks_for_the_masters() -> None:
    text = page("Bachelor's degree in economics, finance, or related disciplines with a master's "
                 "degree or equivalent.")
    vacancy = parse(text)
    assert education(text)[0] == "master"
    assert vacancy.requirements.education is not None
    assert "economics" in vacancy.requirements.education.fields
    preferred = page("Bachelor's degree in economics, preferably with Master's degree or "
                      "equivalent.")
    assert education(preferred)[0] == "bachelor"


def test_a_substitution_open_only_to_internal_staff_is_no_route_for_candidates() -> None:
    text = page(
        "An Advanced University Degree in human resource management is required.",
        "A first level university degree (Bachelor's), in conjunction with seven (7) years of "
        "relevant work experience, may be taken in lieu of an advanced university degree (this "
        "flexibility only applies to internal UNICEF staff on Continuing appointments).",
        "Five years of increasingly responsible professional experience is required.",
    )
    assert education(text) == ("master", None, 5)


def test_a_repeated_word_degree_after_the_parentheses_is_the_same_degree() -> None:
    text = page("Advanced university degree (master's or equivalent) degree in computer science, "
                 "mathematics or a related area is required.")
    assert education(text)[0] == "master"


def test_or_related_degree_closing_a_list_of_fields_is_no_second_degree() -> None:
    text = page("Education: An advanced university degree (Master's or higher) in one of the "
                 "following fields is required: Finance, Public Policy, Development, or related "
                 "degree.")
    assert education(text)[0] == "master"


def test_a_heading_that_is_a_degree_is_the_first_requirement() -> None:
    text = "\n".join((
        "Analyst, Operations Finance, London",
        "Accountabilities & Responsibilities",
        "- Checks all invoices against the underlying contracts.",
        "Knowledge, Skills, Experience & Qualifications",
        "University degree",
        "Ability to organise, prioritise and delegate tasks effectively",
    )) + "\n"
    assert education(text)[0] == "bachelor"


def test_a_degree_holders_heading_cut_at_its_colon_is_one_sentence_again() -> None:
    text = page(
        "Required Experience",
        "For master's degree holder or higher: Three years of post-graduate experience in "
        "logistics.",
        "For a candidate with a first university degree, at least five years of the above "
        "experience is required.",
    )
    assert education(text)[0] == "master"


# --------------------------------------------------------------------------- years


def test_a_stated_figure_below_the_grid_is_a_condition_on_part_of_the_years() -> None:
    text = page(
        "Years of Experience / Degree Level",
        "For P2/NOB - 3 years relevant experience with Undergraduate degree; or 2 years relevant "
        "experience with Graduate degree; or 1 year relevant experience with Doctorate degree",
        "Relevant Job Experience",
        "Essential",
        "Minimum 1 year of professional experience in journalism and/or communications.",
        heading="Education & Professional Work Experience",
    )
    assert education(text) == ("master", ("bachelor", 1), 2)


# --------------------------------------------------------------------------- languages


def test_a_language_rule_left_among_the_page_fields_is_read() -> None:
    text = "\n".join((
        "External Relations Officer, Damascus, Syria",
        "Deadline for Applications",
        "March 15, 2026",
        "- Previous involvement in complex emergencies.",
        "- Fluency in English is required. Knowledge of Arabic is highly desirable.",
        "Duties",
        "- Assist the implementation of a communications strategy.",
        "- Support senior management in the UN Country Team.",
    )) + "\n"
    assert _languages(parse(text)) == {("English", True), ("Arabic", False)}


def test_a_language_named_in_the_context_is_still_no_rule() -> None:
    text = "\n".join((
        "External Relations Officer, Damascus, Syria",
        "Deadline for Applications",
        "March 15, 2026",
        "The office works with Arabic-speaking communities and French partners.",
        "Duties",
        "- Assist the implementation of a communications strategy.",
    )) + "\n"
    assert _languages(parse(text)) == set()


def test_the_standard_rule_holds_beside_a_vacancy_that_only_adds_an_asset() -> None:
    text = page(
        "Desired Attributes",
        "Working knowledge of French, particularly to support francophone operations.",
        "Language Requirements",
        "For International Professional and Field Service jobs: Knowledge of English and UN "
        "working language of the duty station if not English.",
        heading="Essential Requirements",
    )
    assert _languages(parse(text)) == {("English", True), ("French", False)}


def test_a_languages_heading_that_states_the_rule_is_the_rule() -> None:
    text = page("Bulgarian", "English", heading="Required Language is English at C1 level")
    languages = parse(text).requirements.languages
    assert [(lang.language, lang.required, lang.level) for lang in languages][:1] == [
        ("English", True, "C1")
    ]


# --------------------------------------------------------------------------- found by
# parsing the corpus's unlabelled vacancies (never the labelled ones)


def test_inline_bullet_glyphs_cut_a_list_into_its_items() -> None:
    text = page(
        "Education: · Advanced University degree in Supply Chain or Logistics. · Fluency in "
        "English is required.",
        "Experience: · At least 5 years of experience in logistics and supply chain operations. "
        "· Experience working with UN agencies is highly desirable. · Experience in port "
        "operations",
    )
    assert education(text) == ("master", None, 5)


def test_a_web_page_line_does_not_run_on_into_the_next() -> None:
    long_line = "Background: " + "The programme supports school feeding in many districts. " * 8
    text = page(
        long_line,
        "Experience",
        "Minimum of eight years of relevant professional experience in school health and "
        "nutrition or school feeding related projects",
        "Strong experience in working with the higher-level officers of the Government agencies "
        "and with a wide range of other partners",
        "Experience in working with WFP or other UN agencies on school feeding programmes would "
        "be an advantage.",
    )
    assert education(text)[2] == 8


def test_years_after_a_graded_line_that_lost_its_stop_are_read() -> None:
    text = page(
        "An advanced university degree in public health is required.",
        "(While advanced university degrees for WASH positions are strongly preferable, offices "
        "are able to request a University degree at this level if they find difficulty)",
        "Additional relevant post-graduate courses that complement/supplement the main degree "
        "are a strong asset",
        "a minimum of two years of professional work experience in WASH & Climate change "
        "-related programmes for developing countries is required. HUMANITARIAN: nil Work "
        "Experience:",
        heading="Education:",
    )
    assert education(text) == ("master", None, 2)


def test_lettered_headings_glued_to_the_text_before_them_are_cut() -> None:
    text = "\n".join((
        "UNHCR Hired Lawyer, Mashad, Iran",
        "2. Purpose and Scope of Assignment",
        "- Provide legal counselling to refugees.",
        "3. Qualifications and Experiencea. EducationMinimum Bachelor's Degree in Lawb. Work "
        "ExperienceMinimum 3 years of experience as a certified member of the Bar Associationc. "
        "Language RequirementsBasic/working knowledge of Englishd. Key CompetenciesAdmission to "
        "practice law",
    )) + "\n"
    assert education(text) == ("bachelor", None, 3)


def test_a_heading_note_in_parentheses_glued_to_the_years_is_cut() -> None:
    text = "\n".join((
        "Senior Livelihood Assistant, Aweil, South Sudan",
        "Duties",
        "- Support livelihood programming.",
        "Education (Level and area of required and/or preferred education)2 years relevant "
        "experience with High School Diploma; or 1 year relevant work experience with Bachelor "
        "or equivalent or higher",
    )) + "\n"
    assert education(text) == (None, None, 2)


def test_a_degree_with_its_level_in_parentheses_left_among_the_duties_is_read() -> None:
    text = "\n".join((
        "Climate Investment Principal, Incheon",
        "Job Purpose",
        "- Lead the design of the investment strategy.",
        "- Advanced (Master's) degree in Finance, Economics or a related field; or a Bachelor's "
        "degree in a relevant field combined with an additional two (2) years of relevant "
        "professional experience.",
        "- Supervise multidisciplinary investment deal teams.",
        "Qualifications and Experience",
        "Minimum 11 years of progressively responsible experience in climate finance.",
    )) + "\n"
    assert education(text) == ("master", ("bachelor", 2), 11)


def test_a_high_school_degree_is_no_university_degree() -> None:
    assert education(page("High School Degree required"))[0] is None


def test_school_offered_first_or_with_its_own_years_is_the_minimum() -> None:
    for line in (
        "High School Diploma with 3 years of relevant experience; or Bachelor's degree with 1 "
        "year of relevant experience.",
        "Completion of High School Diploma or Bachelor's degree (Communication, Marketing).",
        "Minimum 1 year working experience for high school diploma and 0 year of experience for "
        "bachelor's degree holders.",
    ):
        assert education(page(line))[0] is None, line


def test_a_forms_list_of_fields_of_study_is_no_degree_asked() -> None:
    text = page("Bachelor's: Business Administration, Bachelor's: Journalism, High school "
                 "diploma: Communication", heading="Field(s) of Education")
    assert education(text)[0] is None


# --------------------------------------------------------------------------- nationality


def _nationality(text: str) -> tuple[str | None, tuple[str, ...]]:
    req = parse(text).requirements
    return req.nationality_rule, req.nationalities


def test_a_nationality_field_restricts_with_a_plural_demonym() -> None:
    text = page("Duty Station :Colombo: Nationality :Sri Lankans only",
                 heading="Additional Information")
    assert _nationality(text) == (None, ("LK",))


def test_a_nationality_heading_over_its_value_restricts() -> None:
    text = page("Contract Duration: 01 Year", "Nationality", "Sri Lankans only",
                 heading="Additional Information")
    assert _nationality(text) == (None, ("LK",))


def test_internationals_only_excludes_one_country_and_restricts_nothing() -> None:
    text = page("Nationality", "Internationals only", heading="Additional Information")
    assert _nationality(text) == (None, ())


def test_national_only_in_a_consultancys_title_restricts_to_the_country() -> None:
    text = "\n".join((
        "School Safety Consultant, Juba, South Sudan / Education, (National only, Remote)",
        "Location: South Sudan",
        "Duties",
        "- Develop the school safety toolkit.",
    )) + "\n"
    assert _nationality(text) == (None, ("SS",))
    named = "Consultant for gender-responsive skilling in ASEAN (Philippines national only)\n"
    assert _nationality(named) == (None, ("PH",))


# --------------------------------------------------------------------------- language lists


def _rules(line: str) -> set[tuple[str, bool]]:
    return _languages(parse(page(line, heading="Languages")))


def test_countries_in_a_list_of_member_states_are_no_languages() -> None:
    text = page(
        "Fluency in English is required.",
        "For this position, applicants from the following Member States, which are unrepresented "
        "in the UN Secretariat, are strongly encouraged to apply: Andorra, Kiribati, Lao People's "
        "Democratic Republic, Libya, San Marino, Russian Federation.",
        heading="Languages",
    )
    assert _languages(parse(text)) == {("English", True)}


def test_an_or_after_and_or_an_article_keeps_the_options_one_rule() -> None:
    assert _rules("Fluency in English Language and Shona and/ or Ndebele is required.") == {
        ("English", True), ("Shona or Ndebele", True)}
    assert _rules("Le consultant doit avoir une aptitude à lire et écrire l'Anglais ou le "
                  "Français.") == {("English or French", True)}
    assert _rules("Fluent written English, with French or/and Spanish highly desirable.") == {
        ("English", True), ("French or Spanish", False)}


def test_a_comma_then_a_new_proficiency_opens_the_clause_a_later_grade_is_about() -> None:
    assert _rules("Fluency in English, knowledge of Tagalog is desirable.") == {
        ("English", True), ("Filipino", False)}


def test_se_prefiere_grades_a_language_as_an_asset() -> None:
    assert _rules("Se prefiere tener conocimientos adicionales de francés y portugués.") == {
        ("French", False), ("Portuguese", False)}


def test_a_level_preference_or_a_lead_in_is_no_field_of_study() -> None:
    text = page("A University degree in climate sciences, social sciences or development "
                 "economics, preferably at post graduate level or its equivalent.")
    edu = parse(text).requirements.education
    assert edu is not None
    assert edu.fields == ("climate sciences", "social sciences", "development economics")
