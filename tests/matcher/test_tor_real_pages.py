"""The ToR parser on vacancies as job sites publish them (invented snippets in their style).

Each test names one rule of docs/parsing.md: a title line with its duty station, form labels,
requirement sections found by meaning, degree and experience wordings, duty lists that lost
their bullets.
"""

from __future__ import annotations

import pytest

from matcher.tor_layout import Section, heading_of, split_sections
from matcher.tor_units import list_units, section_units
from tests.matcher.tor_samples import education, parse

# --------------------------------------------------------------------------- title, stations


@pytest.mark.parametrize(
    ("text", "title", "stations"),
    [
        ("Logistics Officer, Lakeville, Kenya\nLocation: Kenya\nDuties\n- Plan the fleet.",
         "Logistics Officer", ("Lakeville",)),
        ("Programme Analyst, Port Sudan, Sudan\nDuties\n- Plan.", "Programme Analyst",
         ("Port Sudan",)),
        ("Field Analyst, Tacloban City, Philippines\nLocations Tacloban, Philippines\n",
         "Field Analyst", ("Tacloban City",)),
        ("Programme Analyst, Gender and Water, Riverton\nDuties\n- Plan.",
         "Programme Analyst, Gender and Water", ("Riverton",)),
        ("Project Analyst, Cambodia Resident Mission\nLocation: Cambodia Resident Mission\n",
         "Project Analyst", ("Cambodia",)),
        ("Finance Analyst-[Open to internal and external applicants who are nationals of the "
         "EU], Madrid, Spain\n", "Finance Analyst", ("Madrid",)),
        ("Data Engineer, Sofia, Bulgaria\nOffice City: Sofia\n", "Data Engineer", ("Sofia",)),
        ("Budget Officer, Tunis, Tunisia\nDUTY STATION (City, Country): Tunis, Tunisia\n"
         "Travel Requirements: travel to the regions and internationally.\n", "Budget Officer",
         ("Tunis",)),
        ("Executive Associate, Panama city, Panama\n", "Executive Associate",
         ("Panama city",)),
        ("Programme Associate, Vientiane, Lao PDR\n", "Programme Associate", ("Vientiane",)),
        ("Safeguards Officer, Riverbank Development Bank\nLocation: Riverbank Development Bank\n"
         "You will be based at our Resident Mission Office in Port Moresby, Papua New Guinea.\n",
         "Safeguards Officer", ("Port Moresby",)),
        ("Safeguards Officer, Vanuatu\nLocation: Vanuatu Pacific Country Office\n"
         "You will be based at our Pacific Country Office in Port Vila, Vanuatu (VAN PCO).\n",
         "Safeguards Officer", ("Port Vila",)),
        ("Investment Analyst, Bogota, Colombia\nLocation: Bogota,Colombia, Sao Paulo,Brazil, "
         "Mexico City,Mexico\n", "Investment Analyst", ("Bogota", "Sao Paulo", "Mexico City")),
    ],
)
def test_title_line_and_duty_station(text: str, title: str, stations: tuple[str, ...]) -> None:
    vacancy = parse(text)
    assert vacancy.title == title
    assert vacancy.duty_stations == stations


@pytest.mark.parametrize(
    "first",
    ["Deadline for Applications", "Junior Professional Officer (JPO) Programme",
     "TERMS OF REFERENCE", "12 March 2026"],
)
def test_chrome_and_programme_names_are_not_titles(first: str) -> None:
    assert parse(f"{first}\nJob no: 12\nDuties\n- Plan the fleet.").title is None


def test_a_labelled_title_wins_unless_it_is_the_programme_name() -> None:
    assert parse("Officer, Lakeville, Kenya\nTitle: Junior Professional Officer\n").title == (
        "Officer"
    )
    assert parse("Officer, Lakeville, Kenya\nTitle: Water Officer\n").title == "Water Officer"


# --------------------------------------------------------------------------- sections


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Hardship Level (not applicable for home-based)", "other"),
        ("Target Start Date", "other"),
        ("Experience with Power BI and Tableau is preferred", None),
        ("2. Purpose and Scope of Assignment (Concise and detailed description of activities, "
         "tasks and responsibilities to be undertaken)", "duties"),
        ("3. Qualifications and Experience.", "qualifications"),
        ("What you will bring:", "qualifications"),
        ("You will be responsible for:", "duties"),
        ("Key Performance Indicators", "other"),
        ("Expected outcomes:", "other"),
        ("The Personnel Experience Officer will be accountable for ensuring that:", "duties"),
        ("Minimum of seven (7) years (with Secondary Education) or", None),
    ],
)
def test_headings_by_meaning(line: str, kind: str | None) -> None:
    heading = heading_of(line)
    assert (heading[0] if heading else None) == kind


@pytest.mark.parametrize(
    ("label", "grade"),
    [
        ("Desirable requirements", "desirable"),
        ("Desired languages", "desirable"),
        ("Desired Candidate Profile", None),
        ("Desired experiences for entry into the role", None),
        ("Education (Level and area of required and/or preferred education)", None),
        ("Required Languages", "required"),
    ],
)
def test_headings_grade_their_sections(label: str, grade: str | None) -> None:
    assert Section("qualifications", [], label).grade == grade


def test_a_heading_right_under_a_graded_one_inherits_its_grade() -> None:
    sections = split_sections(["Desirable Languages", "Language Reading Writing Speaking",
                               "Arabic Level I"])
    assert sections[-1].grade == "desirable"


def test_group_titles_stay_inside_the_duties() -> None:
    lines = [
        "Duties and Responsibilities",
        "1. Supply planning",
        "- Support the ministry with the quantification of commodities.",
        "2. Distribution, Supervision and Last-Mile Support",
        "- Conduct supportive supervision visits.",
        "B. Technical Support and Capacity Building",
        "- Train the partners.",
        "Staff Supervision: Guide and supervise the junior staff of the unit.",
        "Monitoring, Evaluation & Data",
        "- Maintain the dataset.",
        "Qualifications",
    ]
    kinds = [s.kind for s in split_sections(lines)]
    assert kinds == ["preamble", "duties", "qualifications"]


def test_a_task_titling_its_group_stays_inside_the_duties() -> None:
    lines = [
        "Scope of Work:",
        "Contribute to the programme strategies in climate-smart agriculture:",
        "- Provide technical inputs to the programme proposals.",
        "Provide technical assistance and capacity development support to partners:",
        "- Provide technical guidance to implementing partners.",
        "- Train partners on results-based management.",
        "Education:",
        "Master's degree in agriculture.",
    ]
    sections = split_sections(lines)
    assert [s.kind for s in sections] == ["preamble", "duties", "education"]


def test_a_heading_over_tasks_right_after_the_duties_is_a_group_of_duties() -> None:
    lines = [
        "Duties and Accountabilities",
        "- Define research plans that align with the product roadmaps.",
        "Experience Design and communication",
        "- Use AI-assisted design tools to accelerate artifact creation.",
        "- Translate insights into actionable design recommendations.",
        "Experience:",
        "- Manage the design reviews.",
        "- At least 2 years of relevant experience.",
        "Core Competencies",
        "- Builds and maintains partnerships.",
        "- Drives results for impact.",
    ]
    sections = split_sections(lines)
    assert [s.kind for s in sections] == ["preamble", "duties", "experience", "competencies"]
    assert len(sections[1].lines) == 4


def test_the_number_after_a_numbered_heading_starts_a_section() -> None:
    lines = ["2. Scope of Work", "- Prepare the scholarship calls.",
             "3. Monitoring and Progress Controls", "- Guide for the scholarship calls"]
    sections = split_sections(lines)
    assert [s.kind for s in sections] == ["preamble", "duties", "other"]


# --------------------------------------------------------------------------- units

WEB_LIST = [
    "The Officer supports the country office in all aspects of the programme. The work covers "
    "four provinces.",
    "Support the design of the annual work plan with the partners.",
    "Coordinate the monthly partner meetings and prepare the minutes.",
    "Monitor the implementation of the activities in the field.",
    "The responsibilities of the post are designed to grow with the experience of the officer.",
]


def test_a_list_of_lines_is_one_unit_per_line_and_its_frame_is_left_out() -> None:
    is_list, units = list_units(WEB_LIST, unwrapped=True, tasks=True)
    assert is_list
    assert units == tuple(WEB_LIST[1:4])


def test_context_paragraphs_beside_a_list_are_not_units() -> None:
    context = Section("duties", ["UNFPA is the lead agency for reproductive health. It works in "
                                 "150 countries.", "In a world where rights are at risk, we "
                                 "need principled staff."], "How you can make a difference:")
    tasks = Section("duties", WEB_LIST[1:4], "You will be responsible for:")
    assert section_units([context, tasks], unwrapped=True, tasks=True) == tuple(WEB_LIST[1:4])


@pytest.mark.parametrize(
    ("lines", "count"),
    [
        # Numbered group titles over unnumbered tasks.
        (["1) Strengthen evidence and frameworks linking climate and protection",
          "Support the study on climate and protection.", "Contribute to the framework.",
          "2) Strengthen preparedness and response", "Provide support to the contingency plan.",
          "Participate in the working group."], 4),
        # Titles without a stop over items that end in ";".
        (["Provide technical support to the programme", "Support the partners;",
          "Review the proposals;", "Provide administrative support to the unit",
          "Make travel arrangements;", "Process payments;"], 4),
        # Lettered titles with a lead-in colon.
        (["a) Establish payroll oversight:", "Review the payroll policies.",
          "Assess the controls.", "b) Support the audits:", "Manage audit requests.",
          "Support the follow-up."], 4),
        # A lead-in and its short sub-items.
        (["Design the network architecture.", "Enable the hybrid connectivity.",
          "Own the edge services, including:", "DDoS protection", "SSL VPNs", "Load balancing",
          "Support the identity flows.", "Collaborate with the service providers."], 7),
        # "o" bullets.
        (["o Act as the front-office coordinator for the region.",
          "o Maintain the trackers.", "o Draft the weekly reports."], 3),
        # Numbered items of several sentences each.
        (["1. ANALYTICAL SUPPORT: The JPO collates data. The JPO analyses it.",
          "2. MONITORING: The JPO works with the team. It reports monthly.",
          "3. POLICY SUPPORT: The JPO attends meetings. The JPO drafts notes."], 3),
    ],
)
def test_list_shapes(lines: list[str], count: int) -> None:
    is_list, units = list_units(lines, unwrapped=True, tasks=True)
    assert is_list and len(units) == count, units


UN_WOMEN_GROUPS = [
    "Provide technical inputs to the programme of the country office",
    "Provide inputs to the annual workplan and budget;",
    "Lead the implementation of programme activities;",
    "Review the implementing partner reports;",
    "Provide technical assistance to programme partners",
    "Maintain relationships with national partners;",
    "Identify opportunities for capacity building of partners;",
    "Train partners on results-based management.",
    "Provide technical inputs to the monitoring of the programme",
    "Monitor progress of implementation of activities;",
    "Draft reports on monitoring missions;",
    "Prepare the donor reports.",
    "Provide technical support to inter-agency coordination",
    "Provide substantive technical support to the Representative.",
]


def test_titles_without_a_stop_over_groups_of_one_or_more_items_are_not_items() -> None:
    assert list_units(UN_WOMEN_GROUPS, unwrapped=True, tasks=True)[1] == tuple(
        line for line in UN_WOMEN_GROUPS if line.endswith((";", "."))
    )


def test_an_item_with_the_next_groups_title_glued_to_it_stays_an_item() -> None:
    # OCHA's page: a group's title glued after the last item of the group before.
    glued = [
        "Develops new human resources policies. General",
        "Monitors the implementation of human resources policies.",
        "Keeps abreast of developments in human resources.",
        "Prepares reports on special human resources projects.",
        "Supervises the work of the Unit. Recruitment and placement",
        "Projects and monitors vacant posts.",
        "Coordinates the preparation of vacancy announcements.",
        "Reviews recommendations on the selection of candidates.",
        "Prepares job offers for successful candidates. Administration of entitlements",
        "Reviews and recommends the remuneration of consultants.",
        "Provides advice on the application of rules.",
        "Performs other duties as required.",
    ]
    units = list_units(glued, unwrapped=True, tasks=True)[1]
    assert units == tuple(glued)


def test_a_short_list_of_tasks_is_a_list() -> None:
    assert list_units(["Represent the office in inter-agency meetings.",
                       "Perform other duties as required."], unwrapped=True, tasks=True)[0]


def test_learning_elements_win_over_training_components() -> None:
    text = """\
Associate Officer, Riverton, Kenya
Training components:
- Participation in the induction course.
- Access to online training.
Learning elements:
- Understanding of the programme cycle.
- Skills in negotiation.
- Knowledge of the regional context.
"""
    assert len(parse(text).learning_elements) == 3


def test_the_standard_job_description_duties_yield_to_the_vacancys_own() -> None:
    text = """\
Education Associate, Riverton, Kenya
Purpose and Scope of Assignment
- Prepare the scholarship calls with the field offices.
- Follow up the scholarship holders at the universities.
- Organise the workshops on job seeking.
Organizational Setting and Work Relationships
The associate supports the education sector.
Duties
- Assist the supervisor in managing the education sector.
- Conduct visits to the community schools.
- Assist in the identification of special needs.
"""
    assert parse(text).duties[0].startswith("Prepare the scholarship calls")
    assert len(parse(text).duties) == 3


def test_requirement_lines_scrambled_into_the_duties_are_not_duties() -> None:
    text = """\
Analyst, Riverton, Kenya
Duties and Responsibilities
- Coordinate the planning of the programme.
- Advanced university degree in public health or a related field.
- At least two years of professional experience in reproductive health.
- Represent the agency in the coordination fora.
"""
    assert len(parse(text).duties) == 2


# --------------------------------------------------------------------------- requirements


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A generic "university degree" with "2 years (or 3 with an undergraduate degree)".
        (["Education & Professional Background",
          "University degree in Law, Political Science or a related discipline.",
          "Minimum 2 years of relevant experience (or 3 years with an undergraduate degree) in "
          "asylum."], ("master", ("bachelor", 1), 2)),
        # UNHCR's grid, with no experience needed with the graduate degree.
        (["Minimum Qualifications",
          "For P1/NOA - 1 year relevant experience with Undergraduate degree; or no experience "
          "with Graduate degree; or no experience with Doctorate degree"],
         ("master", ("bachelor", 1), 0)),
        # The vacancy's own statement wins over the standard grid.
        (["Minimum Qualifications",
          "For P2/NOB - 3 years relevant experience with Undergraduate degree; or 2 years "
          "relevant experience with Graduate degree",
          "Desired Candidate Profile",
          "A minimum of 4 years relevant experience with Undergraduate degree."],
         ("bachelor", None, 4)),
        # A degree with additional years, number not given.
        (["Qualifications",
          "Advanced University degree in Finance or related fields; or a First University "
          "degree with additional years of related work experience.",
          "Minimum 5 years of total experience in a relevant role."],
         ("master", ("bachelor", None), 5)),
        # Form field without its colon.
        (["Education & Work Experience Master's Degree - 2 year(s) experience OR Bachelor's "
          "Degree - 4 year(s) experience"], ("master", ("bachelor", 2), 2)),
        (["Education", "Level - Advanced university", "Areas - economics, finance"],
         ("master", None, None)),
        (["Education: A Master/university degree in education is required."],
         ("master", None, None)),
        (["Qualifications", "Minimum 5 years (with master´s degree) or 7 years (with "
          "bachelor´s degree) of experience in accounting."], ("master", ("bachelor", 2), 5)),
    ],
)
def test_degree_and_years(
    lines: list[str], expected: tuple[str | None, tuple[str, int | None] | None, int | None]
) -> None:
    assert education("Officer, Riverton, Kenya\n" + "\n".join(lines) + "\n") == expected


@pytest.mark.parametrize(
    ("lines", "years"),
    [
        (["Experience", "Minimum one year of supervisory experience in a relevant role.",
          "Minimum 5 years of total experience in a relevant role."], 5),
        (["Experience", "At least 5 years of accounting experience in large banks is preferred",
          "Demonstrated expertise in loans."], None),
        (["Qualifications", "Education: Completion of secondary education is required.",
          "A bachelor's degree may replace three years of related work experience.",
          "Work Experience: A minimum of 5 years of relevant experience is required."], 5),
        (["Qualifications", "Master's degree in public health.",
          "At least four (4) years of relevant experience, for holders of a Bachelor degree, is "
          "required."], None),
        (["Qualifications", "Candidates must have a Master's degree and minimum 2 years relevant "
          "work experience after obtaining the first university degree."], 2),
        (["Experience", "At least 2 years in programme management."], 2),
        (["Experience", "An appointment of more than one year is subject to probation."], None),
    ],
)
def test_years_of_experience(lines: list[str], years: int | None) -> None:
    assert education("Officer, Riverton, Kenya\n" + "\n".join(lines) + "\n")[2] == years


def test_no_degree_from_a_degree_of_professionalism_or_an_asset() -> None:
    text = """\
Officer, Riverton, Kenya
Personal Attributes
High degree of professionalism, integrity, and discretion.
Qualifications
An advanced university degree in law is an asset.
"""
    assert parse(text).requirements.education is None


def test_field_taxonomies_of_a_form_are_not_degree_levels() -> None:
    text = """\
Officer, Riverton, Kenya
Qualifications
Bachelor of Arts: Law, Bachelor of Arts: Political Science
Minimum Qualifications
For P1/NOA - 1 year relevant experience with Undergraduate degree; or no experience with \
Graduate degree
"""
    assert education(text)[0] == "master"


def test_requirement_shaped_lines_after_page_chrome_are_read() -> None:
    text = """\
Officer, Riverton, Kenya
Education & Professional Background
Hardship Level (not applicable for home-based)
Terms of Reference
University degree in Law or a related discipline.
Minimum 3 years of relevant experience in refugee protection.
"""
    assert education(text) == ("bachelor", None, 3)


def test_every_requirement_keeps_its_evidence() -> None:
    text = """\
Officer, Riverton, Kenya
This post is addressed exclusively to nationals of Norway.
Qualifications
Master's degree in economics. A first-level degree with two additional years of experience \
may be accepted in lieu of the advanced degree.
Experience: At least two years of relevant experience.
Languages: Fluency in English is required.
"""
    req = parse(text).requirements
    assert req.education is not None and req.experience is not None
    assert req.education.evidence.startswith("Master's degree in economics.")
    assert "in lieu of the advanced degree" in req.education.evidence
    assert req.experience.evidence == "At least two years of relevant experience."
    assert req.languages[0].evidence == "Fluency in English is required."
    assert req.nationality_evidence.startswith("This post is addressed exclusively")


# --------------------------------------------------------------------------- lost headings


def test_a_run_of_tasks_without_a_duties_heading_is_the_duties_list() -> None:
    text = """\
Programme Policy Officer, Riverton, Kenya
ABOUT THE AGENCY: The agency works in forty countries.
Contract Type: Service Contract: Duty Station: Riverton, Kenya
Contribute to the design of the preparedness programme with the government.
Provide technical assistance to the disaster management authority.
Coordinate with the government, UN agencies and NGOs on early warning.
Programme support
Support the development of standard operating procedures.
Work closely with the logistics unit on the staging areas.
Perform other tasks assigned by the supervisor.
QUALIFICATIONS & EXPERIENCE REQUIRED
Education: Advanced university degree in climate science.
"""
    duties = parse(text).duties
    assert len(duties) == 6
    assert duties[0].startswith("Contribute to the design")


def test_tasks_under_a_reporting_line_heading_are_duties_when_no_duties_heading() -> None:
    text = """\
Partnership Officer, Riverton, Kenya
Reporting Line
Post holder reports to the Country Director.
Partnership Management:
Implement the partnership workplan with the donors.
Draft the donor proposals and reports.
Maintain the partner database.
Organise the donor field visits.
Prepare the briefing notes for the management.
STANDARD MINIMUM ACADEMIC QUALIFICATIONS
Education: Advanced University degree in communications.
"""
    assert len(parse(text).duties) == 5


def test_group_titles_right_under_an_empty_duties_heading() -> None:
    lines = [
        "Summary of key functions/accountabilities",
        "Technical Guidance and Coordination",
        "Strategic Programming and Technical Expertise",
        "1.Technical Guidance and Coordination",
        "Co-create and validate the youth employment models with the partners.",
        "Support the annual planning of the programme.",
        "Education",
    ]
    kinds = [s.kind for s in split_sections(lines)]
    assert kinds == ["preamble", "duties", "education"]


@pytest.mark.parametrize(
    "line",
    ["3. Responsabilité clés par domaine :", "Responsabilidad principal", "Key responsibility"],
)
def test_singular_responsibility_headings_open_duties(line: str) -> None:
    heading = heading_of(line)
    assert heading is not None and heading[0] == "duties"


def test_the_posts_name_repeated_is_not_a_heading() -> None:
    assert heading_of("Education Officer, NO-1, Temporary Position #00136752, Riverton") is None


def test_a_degree_line_after_the_last_task_opens_the_requirements() -> None:
    text = (
        "Analyst, Dushanbe, Tajikistan\n"
        "Accountabilities & Responsibilities\n"
        "Analyse clients' financials and growth prospects.\n"
        "Contribute to business development of advisory activities.\n"
        "Monitor portfolio companies' performance.\n"
        "Bachelor's degree (Business, Economics, Finance or equivalent work experience)\n"
        "Strong project management and organisational skills.\n"
        "Fluency in English, both written and verbal.\n"
    )
    vacancy = parse(text)
    assert len(vacancy.duties) == 3
    assert [lang.language for lang in vacancy.requirements.languages] == ["English"]
    assert vacancy.requirements.education is not None


def test_a_degree_line_amid_the_tasks_stays_out_of_requirements_sections() -> None:
    text = (
        "Officer, Incheon, Republic of Korea\n"
        "Duties\n"
        "Develop processes for the accreditation reviews.\n"
        "Master's degree in Business Administration or related field.\n"
        "Prepare briefs for the Board in English and Korean.\n"
        "Coordinate the pilot framework.\n"
    )
    vacancy = parse(text)
    assert len(vacancy.duties) == 3
    assert vacancy.requirements.languages == ()


@pytest.mark.parametrize(
    ("heading", "grade"),
    [("Need to Have - Your Essentials", "required"), ("Nice to Have", "desirable")],
)
def test_a_tech_teams_requirement_headings(heading: str, grade: str) -> None:
    found = heading_of(heading)
    assert found is not None and found[0] == "qualifications"
    kinds = split_sections(["Engineer", heading, "5+ years of hands-on QA experience"])
    assert kinds[-1].grade == grade


def test_a_sentence_glued_to_a_heading_does_not_grade_it() -> None:
    text = (
        "Programme Analyst, Sarajevo\n"
        "Education and Certification:\n"
        "Master's degree in social sciences is required.\n"
        "A project management certification would be an added advantage. Experience:\n"
        "At least 2 years of progressively responsible work experience in development "
        "programmes is required.\n"
    )
    assert education(text) == ("master", None, 2)
