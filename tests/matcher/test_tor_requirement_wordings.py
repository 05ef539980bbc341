"""Requirement wordings of real vacancies (invented snippets in the style of each agency's page).

Each test names one rule of docs/parsing.md and fails without it.
"""

from __future__ import annotations

import pytest

from tests.matcher.tor_samples import education, parse


def test_a_degree_line_scrambled_into_the_purpose_section_is_the_education() -> None:
    text = (
        "Operations Specialist, Incheon, Republic of Korea\n"
        "Purpose\n"
        "Develops guidance and templates for accreditation reviews.\n"
        "Master's degree in Business Administration or other relevant field; or a bachelor's "
        "degree combined with an additional two (2) years of relevant professional experience "
        "in lieu of an advanced degree.\n"
        "Delivers reports on the pilot framework.\n"
        "Requirements\n"
        "8 years or more relevant experience in project management.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 8)


def test_or_higher_level_degree_keeps_the_named_degree_as_the_minimum() -> None:
    text = (
        "Officer, Incheon, Republic of Korea\n"
        "Requirements\n"
        "Master's or higher-level degree in Public Administration; or a bachelor's degree "
        "combined with an additional two (2) years of relevant experience in lieu of an "
        "advanced degree.\n"
        "Minimum 3 years of relevant experience.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 3)


def test_a_first_degree_with_qualifying_experience_is_a_substitute_of_unstated_years() -> None:
    text = (
        "Finance Officer, Abuja, Nigeria\n"
        "Education\n"
        "Advanced university degree (Master's degree or equivalent) in accounting or finance. "
        "A first-level university degree (Bachelor's degree or equivalent) in combination with "
        "qualifying experience may be accepted in lieu of the advanced university degree.\n"
        "Work Experience\n"
        "A minimum of two years of progressively responsible experience in finance is required.\n"
    )
    assert education(text) == ("master", ("bachelor", None), 2)


def test_a_masters_degree_with_relevant_experience_names_no_substitute() -> None:
    text = (
        "Officer, Abuja, Nigeria\n"
        "Education\n"
        "Master's degree in law combined with relevant experience. Bachelor's degree in law is "
        "required.\n"
    )
    assert education(text)[1] is None


def test_no_experience_required_with_the_main_degree_is_zero_years() -> None:
    text = (
        "Programme Analyst, Malakal, South Sudan\n"
        "Education\n"
        "Master's degree in social sciences or a related field.\n"
        "Applicants holding a master's degree (or equivalent) in a relevant field of study are "
        "not required to have prior professional work experience.\n"
    )
    assert education(text)[2] == 0
    assert education("Analyst, Kabul\nRelevant experience:\nNo experience required\n")[2] == 0


def test_a_degree_named_as_preferred_is_not_an_option_that_takes_the_years() -> None:
    text = (
        "Industry Analyst, Washington, United States\n"
        "Selection Criteria\n"
        "Bachelor's degree (graduate degree preferred) in Finance, Economics or related field "
        "with at least 2-3 years relevant experience.\n"
    )
    assert education(text)[2] == 2


def test_required_years_glued_to_a_desirable_sentence_are_still_required() -> None:
    text = (
        "Humanitarian Affairs Officer, Maiduguri, Nigeria\n"
        "Work Experience\n"
        "A minimum of two years of progressively responsible experience in law is required "
        "A minimum of four (4) years of relevant experience in the field is desirable.\n"
    )
    assert education(text)[2] == 2


def test_a_sentence_case_requirement_heading_glued_between_sentences_opens_its_section() -> None:
    text = (
        "Protection Associate, Ankara, Turkey\n"
        "Desirable:\n"
        "Good computer skills\n"
        "Prior exposure to refugee operations and programme activities.Minimum years of work "
        "experienceMinimum 2 years of relevant professional experience in protection.\n"
    )
    assert education(text)[2] == 2


def nationality(text: str) -> tuple[str | None, tuple[str, ...]]:
    req = parse(text).requirements
    return req.nationality_rule, req.nationalities


def test_nationals_of_the_country_of_assignment_are_those_of_the_duty_station() -> None:
    text = (
        "Communication Associate, Bishkek, Kyrgyzstan\n"
        "Eligibility criteria\n"
        "Nationality: Candidate must be a national, legal resident or hold refugee status in "
        "the country of assignment.\n"
    )
    assert nationality(text) == (None, ("KG",))
    other = text.replace(
        "a national, legal resident or hold refugee status in",
        "a national of a country other than",
    )
    assert nationality(other) == (None, ())


def test_nationals_of_member_countries_in_the_second_person_are_an_unlisted_rule() -> None:
    bank = (
        "Operations Officer, Abidjan, Cote d'Ivoire\n"
        "Requirements\n"
        "To apply for this position, you need to be national of one of AfDB member countries.\n"
    )
    assert nationality(bank) == ("unlisted", ())
    idb = (
        "Health Specialist, Washington, United States\n"
        "What you'll need\n"
        "Citizenship: You are a citizen of one of our 48-member countries.\n"
    )
    assert nationality(idb) == ("unlisted", ())


def test_a_national_driving_licence_restricts_no_nationality() -> None:
    text = "Driver, Kabul, Afghanistan\nRequirements\nCandidates must have a national licence.\n"
    assert nationality(text) == (None, ())


def test_a_requirements_heading_after_the_tasks_is_not_a_group_title() -> None:
    text = (
        "Analyst, Banking, Almaty, Kazakhstan\n"
        "Accountabilities & Responsibilities:\n"
        "Assist with the designing and processing of technical cooperation assignments.\n"
        "Help coordinate the activities of the consulting firms.\n"
        "Knowledge, Skills, Experience & Qualifications:\n"
        "The Analyst will bring regional language capabilities (Russian, Kazakh and/or Uzbek), "
        "along with local networks and contextual knowledge.\n"
    )
    languages = parse(text).requirements.languages
    assert [set(lang.any_of) for lang in languages] == [{"Russian", "Kazakh", "Uzbek"}]


def test_a_masters_degree_preferred_leaves_the_bachelors_as_the_requirement() -> None:
    text = (
        "Analyst, Almaty, Kazakhstan\n"
        "General requirements:\n"
        "Bachelor's degree from a leading university; Master's degree preferred or equivalent "
        "experience in the areas of expertise.\n"
    )
    assert education(text)[0] == "bachelor"


def test_preferable_grades_a_language_as_desirable() -> None:
    text = (
        "Specialist, Washington, United States\n"
        "Requirements\n"
        "Languages: Proficiency in Spanish and English is required. Additional knowledge of "
        "French and Portuguese is preferable.\n"
    )
    graded = {lang.language: lang.required for lang in parse(text).requirements.languages}
    assert graded == {"Spanish": True, "English": True, "French": False, "Portuguese": False}


def test_a_degree_that_is_not_a_requirement_is_not_the_education() -> None:
    text = (
        "Project Associate, Dhaka, Bangladesh\n"
        "Education\n"
        "Secondary Education is required.\n"
        "University degree (Bachelor's degree) in Social Science or related fields will be given "
        "due consideration but is not a requirement.\n"
    )
    assert education(text)[0] is None


def test_years_with_secondary_education_as_an_option_mean_no_degree_is_required() -> None:
    text = (
        "Project Associate, Dhaka, Bangladesh\n"
        "Experience\n"
        "Minimum 6 years (with Secondary Education) and 3 years (with bachelor's degree) of "
        "experience in project planning and monitoring.\n"
    )
    assert education(text)[0] is None


def test_years_that_may_be_substituted_for_a_degree_ask_for_no_degree() -> None:
    text = (
        "Fundraising Associate, Kuala Lumpur, Malaysia\n"
        "Education\n"
        "Completion of secondary education is required.\n"
        "Three (3) additional years of experience may be substituted for a bachelor's degree and "
        "an additional two (2) years of experience may be substituted for a master's degree.\n"
    )
    assert education(text)[:2] == (None, None)


def test_one_language_or_the_other_with_knowledge_of_the_other_asks_for_both() -> None:
    text = (
        "Operations Officer, Abidjan, Cote d'Ivoire\n"
        "Requirements\n"
        "Communicate and write effectively in French or English, with strong working knowledge "
        "of the other language;\n"
    )
    graded = {lang.language: lang.required for lang in parse(text).requirements.languages}
    assert graded == {"French": True, "English": True}


def test_both_grades_only_the_languages_of_the_sentence_right_before_it() -> None:
    text = (
        "Officer, Bogota, Colombia\n"
        "Desirable Languages\n"
        "Portuguese UN Level III\n"
        "Evaluation may include an assessment exercise.\n"
        "Staff members are either recruited or reassigned, as required.\n"
    )
    graded = {lang.language: lang.required for lang in parse(text).requirements.languages}
    assert graded == {"Portuguese": False}


def test_the_city_a_post_is_based_in_wins_over_a_country_office_label() -> None:
    text = (
        "Safeguards Officer, Pakistan Resident Mission\n"
        "Location: Pakistan Resident Mission\n"
        "Organizational Setting: You will be based at our Resident Mission Office in Islamabad, "
        "Pakistan.\n"
    )
    assert parse(text).duty_stations == ("Islamabad",)
    assert parse(text.replace(" in Islamabad, Pakistan", "")).duty_stations == ("Pakistan",)


def test_a_degree_restated_in_parentheses_is_one_degree() -> None:
    text = (
        "Programme Analyst, Belgrade, Serbia\n"
        "Required Skills and Experience\n"
        "Education:\n"
        "Advanced university degree (Master's or equivalent) in Economics or related field is "
        "required; or A first-level university degree (Bachelor's) in combination with an "
        "additional two years of qualifying experience will be given due consideration in lieu "
        "of the advanced university degree.\n"
        "Experience:\n"
        "Minimum 2 years of relevant experience in programme management is required.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 2)
    assert parse(text).requirements.education.fields[:1] == ("economics",)  # type: ignore[union-attr]


def test_the_experience_line_with_years_per_degree_offers_the_lower_degree() -> None:
    text = (
        "Health Program Analyst, Caracas, Venezuela\n"
        "Education:\n"
        "Advanced university degree (master's degree or equivalent) in Public Health.\n"
        "Experience:\n"
        "Minimum 2 years (with master's degree) or 4 years (with bachelor's degree) of relevant "
        "experience in public health programmes.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 2)


def test_the_years_per_degree_win_over_a_looser_additional_years_phrase() -> None:
    text = (
        "Associate Officer, Manila, Philippines\n"
        "Education:\n"
        "Advanced university degree (master's degree or equivalent) in Economics is required, OR "
        "a first level university degree (bachelor's degree or equivalent) with additional 4 "
        "years of relevant experience will be given due consideration in lieu of master's "
        "degree.\n"
        "Experience:\n"
        "Minimum 2 years (with master's degree) or 4 years (with bachelor's degree) of relevant "
        "working experience is required.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 2)


def test_where_the_studies_took_place_is_not_the_degree_asked_for() -> None:
    text = (
        "JPO Emergency Officer, P-2, Addis Ababa, Ethiopia\n"
        "Requirements\n"
        "Substantive parts of the candidates' academic training (Bachelor and/or Master) must "
        "have taken place in a developing country. Education: Master's degree or equivalent in "
        "public health is required.\n"
        "Work Experience: A minimum of 2 years of relevant working experience with a Master's "
        "degree, or a minimum of 4 years with a Bachelor's degree is required.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 2)


def test_a_ceiling_on_un_experience_is_not_the_years_asked_for() -> None:
    text = (
        "JPO WASH Officer, P-2, Gaza, State of Palestine\n"
        "Work Experience\n"
        "Work experience within the UN system should not exceed 1 year, including UNV.\n"
        "A minimum of 2 years of relevant working experience is required.\n"
    )
    assert education(text)[2] == 2


def test_a_bracketed_placeholder_number_and_a_footnote_mark_are_read() -> None:
    text = (
        "Operations Associate, Nairobi, Kenya\n"
        "Education\n"
        "Level - Advanced* university degree from an accredited institution\n"
        "Work Experience:\n"
        "At least [2] years of relevant work experience is required.\n"
    )
    assert education(text) == ("master", None, 2)


def test_two_degrees_sharing_one_figure_give_its_years() -> None:
    text = (
        "Software Engineer, Chennai, India\n"
        "Education & Experience:\n"
        "Bachelor's or Master's degree with 2 years of experience or equivalent combination of "
        "education and experience.\n"
    )
    assert education(text) == ("bachelor", None, 2)


def test_years_stated_under_the_education_heading_count_in_document_order() -> None:
    text = (
        "Programme Analyst, Dhaka, Bangladesh\n"
        "Qualifications and Experience:\n"
        "Education:\n"
        "Two years professional experience in the field of development.\n"
        "Advanced degree in public health.\n"
        "Knowledge and Experience:\n"
        "At least one year prior experience working on climate change.\n"
    )
    assert education(text) == ("master", None, 2)


def test_years_of_study_under_the_education_heading_are_not_experience() -> None:
    text = (
        "Health Analyst, Caracas, Venezuela\n"
        "Education:\n"
        "At least 4 years of university studies in public health.\n"
    )
    assert education(text)[2] is None


def test_the_vacancys_own_figure_equal_to_the_grids_lower_degree_years_is_the_grid() -> None:
    text = (
        "Associate Officer, Bassikounou, Mauritania\n"
        "Minimum Qualifications\n"
        "Years of Experience / Degree Level\n"
        "For P2/NOB - 3 years relevant experience with Undergraduate degree; or 2 years "
        "relevant experience with Graduate degree; or 1 year relevant experience with "
        "Doctorate degree\n"
        "Relevant Job Experience\n"
        "Minimum 3 years relevant work experience.\n"
    )
    assert education(text) == ("master", ("bachelor", 1), 2)


def test_a_forms_bare_years_count_and_the_assignments_figure_binds() -> None:
    text = (
        "Adolescents and Youth Specialist, Vientiane, Lao PDR\n"
        "Eligibility criteria\n"
        "Age: 18 - 80\n"
        "Required experience: 3 years\n"
        "Assignment requirements\n"
        "Relevant experience:\n"
        "5 years\n"
        "Required education level:\n"
        "Master's degree in social sciences\n"
    )
    assert education(text) == ("master", None, 5)


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Advanced University (Master) degree in Economics, or First University (Bachelor) "
         "degree with additional years of related work experience.", "master"),
        ("Master's level degree in economics. Bachelor's degree in similar fields with an "
         "additional two (2) years of relevant experience may be considered in lieu of the "
         "Master's degree requirement.", "master"),
        ("Diplôme universitaire de niveau supérieur en logistique, ou diplôme universitaire de "
         "premier cycle complété par plusieurs années d'expérience professionnelle.", "master"),
        ("Educação: Mestrado (ou grau avançado equivalente) em Engenharia.", "master"),
        ("A master's degree in economics is required (PhD strongly preferred).", "master"),
    ],
)
def test_degree_wordings_of_other_templates(line: str, level: str) -> None:
    text = f"Officer, Lima, Peru\nEducation:\n{line}\n"
    assert education(text)[0] == level


def test_mastery_of_a_tool_is_not_a_maitrise() -> None:
    text = ("Assistant, Conakry, Guinea\nRequired education level:\nTechnical/vocational "
            "diploma\nCompetencies:\nMaîtrise des outils de collecte de données ;\n")
    assert education(text)[0] is None


def test_a_degree_that_is_considered_but_not_a_requirement_is_not_required() -> None:
    text = (
        "Finance Associate, Copenhagen, Denmark\n"
        "Education:\n"
        "Completion of Secondary Education is required.\n"
        "First level University degree (Bachelor's Degree) in Finance will be given due "
        "consideration, but not a requirement\n"
        "Experience:\n"
        "Minimum of seven (7) years (with Secondary Education) or\n"
        "four (4) years (with Bachelor's degree) in corporate treasury\n"
    )
    assert education(text) == (None, None, 7)


def test_a_lost_stop_between_the_degree_and_the_years_is_restored() -> None:
    text = (
        "Principal Transport Specialist, Manila, Philippines\n"
        "You will need:\n"
        "Master's degree in Transport Economics; or University degree and at least 5 years' "
        "specialized experience relevant to the position can be considered\n"
        "At least 12 years of relevant experience in the transport sector.\n"
    )
    assert education(text) == ("master", ("bachelor", 5), 12)


def test_preferred_years_in_a_note_do_not_grade_the_required_ones() -> None:
    text = ("Economist, Washington, United States\nExperience: At least seven (7) years of "
            "relevant experience (ten (10) years preferred) in international development.\n")
    assert education(text)[2] == 7


@pytest.mark.parametrize(
    "line",
    [
        "A Masters' level degree in science, engineering or finance;",
        "You hold a master's or equivalent degree in Business Administration.",
    ],
)
def test_a_masters_degree_written_loosely_is_one_masters_degree(line: str) -> None:
    text = f"Officer, Lima, Peru\nSelection Criteria\n{line}\n"
    assert education(text)[0] == "master"


def test_a_masters_degree_or_equivalent_preferred_leaves_the_bachelors_required() -> None:
    text = (
        "Officer, Ulaanbaatar, Mongolia\n"
        "You will need:\n"
        "Bachelor's degree in engineering, accounting or economics, a Master's degree or "
        "equivalent is preferred.\n"
    )
    assert education(text)[0] == "bachelor"


def test_additional_years_in_parentheses_alone_are_counted() -> None:
    text = (
        "Officer, Kampala, Uganda\n"
        "Education\n"
        "An advanced university degree in public health is required. A Bachelor's degree "
        "combined with (2) additional years of professional experience may be accepted in lieu "
        "of an advanced university degree.\n"
        "Experience\n"
        "A minimum of five years of professional experience.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 5)


def test_secondary_school_required_makes_a_degree_named_later_a_route() -> None:
    text = (
        "Executive Associate, Panama City, Panama\n"
        "Education\n"
        "Completion of secondary education is required. Bachelor's degree in business "
        "administration is desirable.\n"
        "Candidates with a first level university degree and three years of experience may be "
        "considered.\n"
        "Experience\n"
        "At least 6 years of progressively responsible experience in administration.\n"
    )
    assert education(text) == (None, None, 6)


def test_the_main_degrees_own_years_come_before_a_narrower_line() -> None:
    text = (
        "Architect, Singapore\n"
        "Selection Criteria\n"
        "A master's degree in computer science with at least 8 years of relevant experience, "
        "or a bachelor's degree with a minimum of 10 years of project management experience.\n"
        "Minimum of 7 years' experience in enterprise low code application architecture.\n"
    )
    assert education(text) == ("master", ("bachelor", 2), 8)


def test_a_web_paragraph_ending_in_a_comma_does_not_run_into_the_next() -> None:
    long_line = (
        "At least ten (10) years of progressively responsible experience in the field of "
        "information and communication technologies for development with strong technical "
        "experience in advising and implementing ICT solutions in agriculture development "
        "projects, markets and value chains development, rural finance and agritech,"
    )
    text = (
        "Lead Specialist, Rome, Italy\n"
        "Experience:\n"
        f"{long_line}\n"
        "Proven experience in the management of regional capacity building grants is "
        "desirable.\n"
        "At least five (5) years of relevant experience in an inter-governmental organization.\n"
    )
    assert education(text)[2] == 10


def test_a_short_form_in_parentheses_is_not_a_degree() -> None:
    text = (
        "Officer, Niamey, Niger\n"
        "Functional Skills\n"
        "DM-Data management; IT-Business Analysis (BA)\n"
    )
    assert education(text)[0] is None


def test_a_university_degree_that_is_a_plus_is_not_the_requirement() -> None:
    text = (
        "Programme Associate, Maputo, Mozambique\n"
        "Education: Completion of secondary school education. A university degree is a plus.\n"
    )
    assert education(text)[0] is None


def test_a_line_under_experience_that_opens_with_its_years() -> None:
    text = (
        "Programme Associate, Vientiane, Lao PDR\n"
        "EXPERIENCE:\n"
        "Six years of progressively responsible work with the UN, NGOs or CSOs in rural "
        "development.\n"
    )
    assert education(text)[2] == 6


def test_a_preferred_post_graduate_level_leaves_the_degree_required() -> None:
    text = (
        "Analyst, Manila, Philippines\n"
        "You will need:\n"
        "A University degree in Business Administration or Finance, at post-graduate level or "
        "its equivalent is preferred.\n"
    )
    assert education(text)[0] == "bachelor"


def test_a_sentence_that_opens_with_preferably_grades_its_degree() -> None:
    text = (
        "Travel Coordinator, Rome, Italy\n"
        "Education: Completion of secondary school education with a post-secondary "
        "certificate. Preferably a first university (Bachelor) degree in the related area.\n"
    )
    assert education(text)[0] is None
