"""ToR layouts the parser was not tuned on: other agencies, glyphs, languages and orderings."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.tor import classify_heading, parse_duration_months, parse_vacancy
from matcher.tor_layout import heading_of

UNICEF_STYLE = """\
UNICEF – Junior Professional Officer Programme

Vacancy number: JPO-2026-0042

Position title: JPO in Child Protection
Duty station: Nairobi, Kenya
Duration: Two (2) years

Background
UNICEF works in over 190 countries and territories to save children's lives.

Qualifications
Education: A Master's degree in social work, psychology or law is required.
Experience: At least three years of professional experience in child protection.
Language: Fluency in English is required; knowledge of Swahili is an asset.

Key functions and accountabilities
• Support the design of child protection programmes.
• Monitor the implementation of case management systems;
• Draft donor reports and briefing notes.

Training and learning elements
* Gain experience in programme management.
* Learn UNICEF results-based management.
"""

NUMBERED = """\
TERMS OF REFERENCE
Title: JPO in Environmental Affairs
Duty Station: Geneva, Switzerland
Duration of assignment: 1 year, with possible extension

Main tasks:
1. Prepare background papers on chemicals policy.
2. Organize expert group meetings
and follow up on their recommendations.
3. Maintain the project database.

Learning elements:
a) Understanding of multilateral environmental agreements.
b) Skills in project management.

Required qualifications:
Bachelor's degree in environmental science plus 4 years of relevant experience, or a
Master's degree with 2 years.
Languages: English (fluency required). Spanish is an advantage.
"""

FRENCH = """\
Termes de référence

Titre du poste : Jeune Expert Associé en gouvernance
Lieu d'affectation : Dakar, Sénégal
Durée : 12 mois

Fonctions et responsabilités
- Appuyer la préparation des rapports annuels du bureau.
- Organiser des ateliers avec les partenaires nationaux.
- Assurer le suivi des projets de gouvernance locale.

Formation
Diplôme universitaire supérieur (master) en sciences politiques, droit ou économie.

Expérience professionnelle
Au moins deux ans d'expérience professionnelle dans le domaine de la gouvernance.

Langues
La maîtrise du français est requise. La connaissance de l'anglais est un atout.
"""

SPANISH_AND_GERMANY = """\
Junior Professional Officer – Call for applications

This call is open to nationals of Germany only.

Title: JPO in Migration Policy
Location: Panama City, Panama
Duration: 24 months

Duties and responsibilities
The JPO will support the regional office in migration data analysis. \
The JPO will draft policy briefs for governments in the region. \
The JPO will also coordinate with partner agencies, e.g. UNHCR and IOM.

Education
Advanced university degree in migration studies or a related field.

Work experience
Minimum of two years of relevant experience.

Languages
Fluency in English is required. Spanish is an advantage.
"""

UNDP_STYLE = """\
JOB DESCRIPTION

Junior Professional Officer (JPO) in Climate Finance
Location: Bangkok, THAILAND
Type of Contract: JPO
Starting Date: 01-Jan-2027
Duration of Initial Contract: One year, renewable for a second year
Expected Duration of Assignment: 2 years
Languages Required: English

Background
UNDP partners with people at all levels of society to help build nations that can withstand crisis.
This JPO position is open to Japanese nationals only.

Duties and Responsibilities
Summary of Key Functions:
 Support to climate finance programming;
 Knowledge management and partnerships;
 Monitoring and reporting.

Support to climate finance programming, focusing on achievement of the following results:
Analysis of national climate finance policies;
Preparation of project documents.

Competencies
Corporate Competencies:
Demonstrates integrity by modeling the UN's values and ethical standards;

Required Skills and Experience
Education:
Master's Degree or equivalent in Economics, Environmental Science or related field.
Experience:
Minimum 2 years of relevant experience at the national or international level in climate finance.
Language Requirements:
Fluency in written and spoken English is required. Working knowledge of Thai is desirable.

Training and Learning
The JPO will attend the UNDP JPO induction training. The JPO will have access to a
duty-related travel and training allocation.
"""

DONOR_LIST = """\
Title: JPO in Humanitarian Affairs
The JPO programme is open to nationals of the following donor countries: Belgium, Denmark,
Finland, France, Germany, Italy, Japan, Netherlands, Norway, Sweden and Switzerland.
Duties:
- Coordinate humanitarian needs assessments.
"""


def test_reordered_sections_and_glyph_bullets() -> None:
    vacancy = parse_vacancy(UNICEF_STYLE, "unicef.txt")
    assert vacancy.title == "JPO in Child Protection"
    assert vacancy.reference == "JPO-2026-0042"
    assert vacancy.duty_stations == ("Nairobi",)
    assert vacancy.duration_months == 24
    assert len(vacancy.duties) == 3
    assert vacancy.duties[0] == "Support the design of child protection programmes."
    assert len(vacancy.learning_elements) == 2
    req = vacancy.requirements
    assert req.education is not None and req.education.min_level == "master"
    assert "social work" in req.education.fields
    assert req.experience is not None and req.experience.min_years == 3
    langs = {lang.language: lang.required for lang in req.languages}
    assert langs == {"English": True, "Swahili": False}
    assert req.nationalities == ()


def test_numbered_and_lettered_items_with_wrapped_line() -> None:
    vacancy = parse_vacancy(NUMBERED, "numbered.txt")
    assert vacancy.duties == (
        "Prepare background papers on chemicals policy.",
        "Organize expert group meetings and follow up on their recommendations.",
        "Maintain the project database.",
    )
    assert len(vacancy.learning_elements) == 2
    assert vacancy.duration_months == 12
    assert vacancy.duty_stations == ("Geneva",)


def test_bachelor_plus_years_substitution_counts_the_difference() -> None:
    req = parse_vacancy(NUMBERED, "numbered.txt").requirements
    assert req.education is not None
    assert req.education.min_level == "master"
    assert req.education.substitute is not None
    assert req.education.substitute.level == "bachelor"
    assert req.education.substitute.extra_years == 2
    langs = {lang.language: lang.required for lang in req.languages}
    assert langs == {"English": True, "Spanish": False}


@pytest.mark.parametrize(
    "wording",
    [
        # Years first, options from the lowest degree up, doctorate last (UNHCR style).
        "Four years of professional experience with a first-level university degree; or two "
        "years with an advanced university degree; or one year with a PhD.",
        # Degree first, Master's first.
        "A Master's degree and 2 years of relevant work experience, or a Bachelor's degree and "
        "4 years of relevant work experience.",
        # Degree first, Bachelor's first, no substitution cue word at all.
        "Bachelor's degree and 4 years of experience, or Master's degree and 2 years.",
        # French.
        "Licence et 4 ans d'experience professionnelle, ou master et 2 ans d'experience.",
    ],
)
def test_degree_alternatives_with_their_own_years(wording: str) -> None:
    text = f"Title: Associate Officer\n\nQualifications\n\n{wording}\n"
    req = parse_vacancy(text, "alternatives.txt").requirements
    assert req.education is not None
    assert req.education.min_level == "master"
    assert req.education.substitute is not None
    assert req.education.substitute.level == "bachelor"
    assert req.education.substitute.extra_years == 2
    assert req.experience is not None and req.experience.min_years == 2


def test_degree_level_label_and_doctorate_degree_are_not_bachelor_mentions() -> None:
    text = (
        "Qualifications\n\nDegree Level / Years of Experience\n"
        "3 years of experience with a Doctorate degree; or 5 years with a Graduate degree.\n"
    )
    req = parse_vacancy(text, "labels.txt").requirements
    assert req.education is not None
    assert req.education.min_level == "master"
    assert req.education.substitute is None
    assert req.experience is not None and req.experience.min_years == 5


def test_french_tor() -> None:
    vacancy = parse_vacancy(FRENCH, "fr.txt")
    assert vacancy.title is not None and "gouvernance" in vacancy.title
    assert vacancy.duty_stations == ("Dakar",)
    assert vacancy.duration_months == 12
    assert len(vacancy.duties) == 3
    req = vacancy.requirements
    assert req.education is not None and req.education.min_level == "master"
    assert req.experience is not None and req.experience.min_years == 2
    langs = {lang.language: lang.required for lang in req.languages}
    assert langs == {"French": True, "English": False}


def test_prose_duties_and_exclusive_nationality() -> None:
    vacancy = parse_vacancy(SPANISH_AND_GERMANY, "de.txt")
    assert vacancy.requirements.nationalities == ("DE",)
    assert len(vacancy.duties) == 3
    assert vacancy.duties[2].endswith("e.g. UNHCR and IOM.")
    assert vacancy.duty_stations == ("Panama City",)
    langs = {lang.language: lang.required for lang in vacancy.requirements.languages}
    assert langs == {"English": True, "Spanish": False}
    assert vacancy.requirements.experience is not None
    assert vacancy.requirements.experience.min_years == 2


def test_a_donor_country_list_given_after_its_colon_is_the_list() -> None:
    vacancy = parse_vacancy(DONOR_LIST, "donors.txt")
    assert vacancy.requirements.nationality_rule is None
    assert sorted(vacancy.requirements.nationalities) == sorted(
        "BE DK FI FR DE IT JP NL NO SE CH".split()
    )
    assert vacancy.duties == ("Coordinate humanitarian needs assessments.",)


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("This position is open exclusively to Danish citizens.", ("DK",)),
        ("Candidates must be Italian nationals only.", ("IT",)),
        ("The post is reserved for nationals of Japan.", ("JP",)),
        ("Open only to nationals of the donor countries and of developing countries.", ()),
        ("Sponsored by the Government of the Netherlands.", ()),
    ],
)
def test_nationality_wordings(sentence: str, codes: tuple[str, ...]) -> None:
    assert parse_vacancy(sentence, "x.txt").requirements.nationalities == codes


def test_missing_sections_stay_empty() -> None:
    vacancy = parse_vacancy("Title: JPO in Logistics\n\nSome words without structure.", "m.txt")
    assert vacancy.title == "JPO in Logistics"
    assert vacancy.reference is None
    assert vacancy.duty_stations == ()
    assert vacancy.duration_months is None
    assert vacancy.duties == ()
    assert vacancy.learning_elements == ()
    req = vacancy.requirements
    assert req.education is None
    assert req.experience is None
    assert req.languages == ()
    assert req.nationalities == ()
    assert req.skills == ()


@pytest.mark.parametrize(
    "garbage",
    ["", "   \n\n  ", "\x00\x01\x02", ":" * 500, "- " * 300, "I.\nII.\nIII.", "é" * 5000],
)
def test_garbage_gives_a_mostly_empty_vacancy(garbage: str) -> None:
    vacancy = parse_vacancy(garbage, "junk.txt")
    assert vacancy.source == "junk.txt"
    assert vacancy.title is None
    assert vacancy.requirements.education is None
    assert vacancy.duration_months is None


def test_two_year_split_keeps_all_bullets_and_both_stations() -> None:
    text = (
        "Duty Station: 1st year: Juba, South Sudan, 2nd year: Addis Ababa, Ethiopia\n"
        "Duties and responsibilities\n"
        "1st year: In the field office, the JPO will:\n"
        "- Monitor local conflicts.\n- Report on incidents.\n"
        "2nd year: At headquarters, the JPO will:\n"
        "- Draft policy notes.\n"
    )
    vacancy = parse_vacancy(text, "split.txt")
    assert vacancy.duty_stations == ("Juba", "Addis Ababa")
    assert vacancy.duties == (
        "Monitor local conflicts.",
        "Report on incidents.",
        "Draft policy notes.",
    )


def test_same_text_same_id_and_different_text_different_id() -> None:
    first = parse_vacancy(FRENCH, "a.txt")
    assert parse_vacancy(FRENCH.replace("\n", "\r\n"), "b.txt").id == first.id
    assert parse_vacancy(NUMBERED, "a.txt").id != first.id


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Duties, Responsibilities and Output Expectations", "duties"),
        ("Main tasks", "duties"),
        ("Tâches et responsabilités", "duties"),
        ("Funciones", "duties"),
        ("Training and learning elements", "learning"),
        ("Éléments de formation", "learning"),
        ("Qualifications and Experience", "qualifications"),
        ("Formation", "education"),
        ("Work experience", "experience"),
        ("Idiomas", "languages"),
        ("Required competencies", "competencies"),
        ("Supervision", "supervision"),
        ("Evaluation", None),
        ("The JPO will support the office", None),
    ],
)
def test_heading_synonyms(heading: str, kind: str | None) -> None:
    assert classify_heading(heading) == kind


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("2 years", 24),
        ("one year with possible extension", 12),
        ("Two (2) years", 24),
        ("18 months", 18),
        ("12 mois", 12),
        ("dos años", 24),
        ("as soon as possible", None),
    ],
)
def test_duration_wordings(value: str, months: int | None) -> None:
    assert parse_duration_months(value) == months


def test_agency_layout_with_run_in_labels() -> None:
    vacancy = parse_vacancy(UNDP_STYLE, "undp.txt")
    assert vacancy.title == "Junior Professional Officer (JPO) in Climate Finance"
    assert vacancy.organization == "UNDP"
    assert vacancy.duty_stations == ("Bangkok",)
    # "Expected Duration of Assignment" wins over "Duration of Initial Contract".
    assert vacancy.duration_months == 24
    assert vacancy.duties[0] == "Support to climate finance programming;"
    assert len(vacancy.duties) == 3
    assert len(vacancy.learning_elements) == 2
    req = vacancy.requirements
    assert req.education is not None
    assert req.education.fields == ("economics", "environmental science")
    assert req.nationalities == ("JP",)
    assert {lang.language: lang.level for lang in req.languages} == {"English": "C1", "Thai": "B2"}


@pytest.mark.parametrize(
    "text",
    [
        "Title:" + "\n" * 50_000 + "x",
        "x-\n\n" * 20_000,
        "Languages:\n" + "English French " * 10_000,
        "exclusively to nationals " * 8_000,
        " X\n" * 20_000,
        "Education: " + "Master's degree " * 5_000,
        "e.g. U.N. " * 20_000,
        ("multi-\n" * 28_571)[:200_000],
    ],
)
@pytest.mark.timeout(30)
def test_pathological_text_is_parsed_in_bounded_time(text: str) -> None:
    # The guard is the timeout (a backtracking regex or quadratic loop takes minutes), not a
    # wall-clock assertion; the parse must still give a well-formed vacancy.
    vacancy = parse_vacancy(text, "big.txt")
    assert vacancy.source == "big.txt"
    assert len(vacancy.id) == 16


# ----------------------------------------------------------------- headings by meaning
# Short synthetic calls in the style of real agency postings (flattened, free-form headings).

DIFFERENCE_STYLE = """\
Programme Associate, Lusaka, Zambia
Job no: 000001
For every child, a fair chance
How can you make a difference?
You can make a difference by delivering the following results.
1. Planning support
Compile inputs for the annual work plan of the section, in consultation with the programme teams.
Track the status of programme commitments in the system and flag delays to the supervisor.
2. Reporting
Draft quarterly progress reports for donors, drawing on field monitoring data and partner reports.
To qualify as an advocate for every child you will have...
Minimum requirements:
Education: Advanced university degree (Master's or equivalent) in economics. A first-level
university degree in combination with two additional years of qualifying experience may be
accepted in lieu of the advanced university degree.
Work Experience: A minimum of five years of relevant experience in programme support.
Language Requirements: Fluency in English is required; knowledge of French is an asset.
Remarks
Only shortlisted candidates will be contacted.
"""

WFP_STYLE = """\
ORGANIZATIONAL CONTEXT:: The office supports school feeding in three provinces.
KEY ACCOUNTABILITIES (not all-inclusive, within delegated authority): 1. Monitor the stock \
of commodities in the warehouses of the sub-office and report any losses.
2. Prepare the monthly distribution plans with partners.
3. Perform other related duties as required.
DESIRED EXPERIENCES FOR ENTRY INTO THE ROLE::
At least 3 years of relevant work experience
REMINDERS BEFORE YOU SUBMIT YOUR APPLICATION:
Applications are only accepted online.
"""

WHAT_YOU_DO = """\
About this position
The unit manages partnerships with private foundations.
What you'll do
Support the preparation of partner briefs and meeting notes.
Maintain the partner database and dashboards.
What you'll need
Education: A bachelor's degree in communications or business.
Languages: Fluency in English and Spanish.
Our culture
We value diversity.
"""

NO_DUTIES_HEADING = """\
Consultancy on data systems
The consultant will review the national data systems and will draft a roadmap.
Requisitos:
Maestría en estadística. Mínimo 3 años de experiencia.
"""


def test_question_heading_opens_duties_and_group_titles_are_dropped() -> None:
    vacancy = parse_vacancy(DIFFERENCE_STYLE, "difference.txt")
    assert vacancy.duties == (
        "Compile inputs for the annual work plan of the section, in consultation with the "
        "programme teams.",
        "Track the status of programme commitments in the system and flag delays to the "
        "supervisor.",
        "Draft quarterly progress reports for donors, drawing on field monitoring data and "
        "partner reports.",
    )


def test_qualify_heading_ends_duties_and_requirements_are_read() -> None:
    req = parse_vacancy(DIFFERENCE_STYLE, "difference.txt").requirements
    assert req.education is not None
    assert req.education.min_level == "master"
    assert req.education.substitute is not None
    assert (req.education.substitute.level, req.education.substitute.extra_years) == (
        "bachelor", 2
    )
    assert req.experience is not None and req.experience.min_years == 5
    assert {lang.language: lang.required for lang in req.languages} == {
        "English": True, "French": False,
    }


def test_labelled_accountabilities_with_inline_list_end_at_the_next_heading() -> None:
    vacancy = parse_vacancy(WFP_STYLE, "wfp.txt")
    assert len(vacancy.duties) == 3
    assert vacancy.duties[0].startswith("Monitor the stock of commodities")
    assert vacancy.requirements.experience is not None
    assert vacancy.requirements.experience.min_years == 3


def test_what_you_will_do_is_duties_and_what_you_need_is_requirements() -> None:
    vacancy = parse_vacancy(WHAT_YOU_DO, "idb.txt")
    assert vacancy.duties == (
        "Support the preparation of partner briefs and meeting notes.",
        "Maintain the partner database and dashboards.",
    )
    assert vacancy.requirements.education is not None
    assert vacancy.requirements.education.min_level == "bachelor"


def test_duties_are_never_guessed_without_a_duties_heading() -> None:
    assert parse_vacancy(NO_DUTIES_HEADING, "consultancy.txt").duties == ()


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("How can you make a difference?", "duties"),
        ("Key functions, accountabilities and related duties/tasks:", "duties"),
        ("Your responsibilities", "duties"),
        ("Scope of work assignment", "duties"),
        ("To qualify as an advocate for every child you will have...", "qualifications"),
        ("Desired experiences for entry into the role::", "experience"),
        ("Years of Experience / Degree Level", "education"),
        ("How to apply:", "other"),
        ("Why join us?", "other"),
    ],
)
def test_real_style_headings_are_classified_by_meaning(heading: str, kind: str) -> None:
    parsed = heading_of(heading)
    assert parsed is not None and parsed[0] == kind


@pytest.mark.parametrize(
    "line",
    [
        "Coordinate tasks of the field team",  # a flattened bullet, not a heading
        "Under the guidance of the supervisor, the JPO will:",  # a lead-in
        "Accountability",  # a competency
        "Duty station: Lusaka",  # a field
        "Description of assignment title: Data Officer",  # a field
    ],
)
def test_lines_that_only_mention_a_section_word_are_not_headings(line: str) -> None:
    parsed = heading_of(line)
    assert parsed is None or parsed[0] not in ("duties", "qualifications", "supervision")


def test_degree_that_replaces_experience_is_not_the_education_requirement() -> None:
    text = (
        "Duties and responsibilities\n- Process invoices.\n"
        "Qualifications\nEducation: Completion of secondary education. A bachelor's degree in a "
        "relevant field may replace three years of related work experience.\n"
        "Experience: At least 5 years of relevant work experience.\n"
    )
    req = parse_vacancy(text, "gs.txt").requirements
    assert req.education is None
    assert req.experience is not None and req.experience.min_years == 5


def test_years_stated_per_degree_give_the_masters_years() -> None:
    text = (
        "Qualifications\nAdvanced university degree in public administration.\n"
        "Minimum of 2 years (with master's degree) or 4 years (with bachelor's degree) of "
        "progressive working experience in project planning.\n"
    )
    req = parse_vacancy(text, "undp.txt").requirements
    assert req.experience is not None and req.experience.min_years == 2



def test_a_roman_numbered_qualifications_heading_after_prose_duties_is_not_a_duty() -> None:
    # Seed 000 put "IV. Qualifications and Experience" among its duties: after wrapped prose
    # duties (a wrapped line opening with "include"), the short shaped line read as a group
    # title because its numbering hid its kind.
    seed = Path(__file__).resolve().parents[2] / "examples" / "vacancies"
    text = (seed / "000_cd5431b3734e23ae.txt").read_text(encoding="utf-8")
    vacancy = parse_vacancy(text, "000.txt")
    assert vacancy.duties and all("Qualifications" not in duty for duty in vacancy.duties)
    assert vacancy.requirements.education is not None
    assert vacancy.requirements.education.min_level == "master"


@pytest.mark.parametrize(
    ("top", "stations"),
    [
        ("Portfolio Specialist (Home based) - [Open to Tier 0 applicants], New York, United "
         "States\n", ("Home-based", "New York")),
        ("Research Specialist, Florence, Italy\nResearch Specialist, P-3, Temporary Position, "
         "remote/work from home\n", ("Home-based", "Florence")),
        ("Research Specialist, Florence, Italy\n", ("Florence",)),
    ],
)
def test_a_home_based_post_says_so_first(top: str, stations: tuple[str, ...]) -> None:
    text = top + "Duties:\n- Coordinate research on learning outcomes.\n"
    assert parse_vacancy(text, "page.txt").duty_stations == stations


def test_a_nationals_only_note_is_cut_from_the_title() -> None:
    text = ("Associate Finance Officer - (Nationals Only) UNOCHA, Panama City, Panama\n"
            "Duties:\n- Prepare the monthly financial reports.\n")
    vacancy = parse_vacancy(text, "page.txt")
    assert vacancy.title == "Associate Finance Officer UNOCHA"
    assert vacancy.requirements.nationalities == ("PA",)


def test_a_repeated_post_name_and_a_us_state_in_the_title_line() -> None:
    text = ("CFCI Officer, CFCI Officer, Port of Spain, Trinidad and Tobago\n"
            "Duties:\n- Support the municipalities.\n")
    assert parse_vacancy(text, "page.txt").title == "CFCI Officer"
    text = ("Financial Officer, Washington, United States\nLocation: Washington, DC,United "
            "States\nDuties:\n- Prepare the financial statements.\n")
    assert parse_vacancy(text, "page.txt").duty_stations == ("Washington, DC",)
