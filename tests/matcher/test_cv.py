"""Tests for matcher.cv.parse_cv on varied synthetic CVs (tests/matcher/cv_samples.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from matcher import cv
from matcher.cv import parse_cv
from matcher.cv.language_id import MIN_KNOWN_SHARE, language_scores, text_language
from matcher.errors import EmptyDocumentError
from matcher.models import Candidate, YearMonth
from matcher.text import content_id, normalize_text
from tests.matcher import cv_samples
from tests.matcher.cv_samples import AS_OF, SAMPLES


def _parse(name: str) -> Candidate:
    return parse_cv(SAMPLES[name], f"{name}.txt", as_of=AS_OF)


def _degrees(c: Candidate) -> list[tuple[str | None, str | None, int | None, bool]]:
    return [(d.level, d.field, d.year, d.in_progress) for d in c.degrees]


def _jobs(c: Candidate) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [
        (
            e.title,
            e.organization,
            str(e.start) if e.start else None,
            "present" if e.current else (str(e.end) if e.end else None),
        )
        for e in c.experience
    ]


def _languages(c: Candidate) -> list[tuple[str, str | None]]:
    return [(s.language, s.level) for s in c.languages]


def test_all_exports_only_parse_cv_and_its_chunk_cap() -> None:
    assert cv.__all__ == ["MAX_CHUNKS", "parse_cv"]


def test_samples_module_lists_at_least_eight_varied_cvs() -> None:
    assert len(SAMPLES) >= 8
    assert sorted(cv_samples.__all__) == cv_samples.__all__


# --------------------------------------------------------------------------- per sample


def test_english_un_cv() -> None:
    c = _parse("english_un")
    assert _degrees(c) == [
        ("master", "international relations", 2019, False),
        ("bachelor", "political science", 2017, False),
    ]
    assert [d.institution for d in c.degrees] == ["Sciences Po Paris", "Freie Universität Berlin"]
    assert _jobs(c) == [
        ("Humanitarian Affairs Officer", "OCHA", "2022-01", "present"),
        ("Programme Associate", "UNDP", "2019-09", "2021-12"),
        ("Intern", "German Red Cross", "2016-06", "2016-08"),
    ]
    # Sep 2019–Dec 2021 (28 months) + Jan 2022–Mar 2026 (51); the 2016 internship predates
    # the first degree (2017) and does not count.
    assert c.total_years == 6.6
    assert _languages(c) == [
        ("German", "C2"),
        ("English", "C1"),
        ("French", "B2"),
        ("Spanish", "A2"),
    ]
    assert c.nationalities == ("DE",)
    assert c.text_language == "en"
    assert not c.has_undated_experience


def test_french_cv() -> None:
    c = _parse("french_cv")
    assert _degrees(c) == [
        ("master", "droit international des droits de l'homme", 2020, False),
        ("bachelor", "droit", 2018, False),
    ]
    assert _jobs(c) == [
        ("Juriste", "Commission nationale des droits de l'homme", "2021-09", "present"),
        (
            "Stagiaire",
            "Haut-Commissariat des Nations Unies aux droits de l'homme",
            "2021-01",
            "2021-06",
        ),
    ]
    assert c.total_years == 5.1
    assert _languages(c) == [("French", "C2"), ("English", "C1"), ("Spanish", "A2")]
    assert c.nationalities == ("FR",)
    assert c.text_language == "fr"


def test_spanish_cv() -> None:
    c = _parse("spanish_cv")
    assert _degrees(c) == [
        ("master", "cooperación internacional", 2020, False),
        ("bachelor", "economía", 2018, False),
    ]
    assert _jobs(c) == [
        (
            "Técnica de proyectos",
            "Agencia Española de Cooperación Internacional",
            "2021-01",
            "present",
        ),
        ("Asistente de investigación", "Universidad de Sevilla", "2018-10", "2019-07"),
    ]
    assert c.total_years == 6.1
    assert _languages(c) == [("Spanish", "C2"), ("English", "C1"), ("French", "B1")]
    assert c.nationalities == ("ES",)
    assert c.text_language == "es"


def test_bachelor_only_junior() -> None:
    c = _parse("bachelor_junior")
    assert _degrees(c) == [("bachelor", "economics", 2023, False)]
    assert c.degrees[0].institution == "University of Lagos"
    assert _jobs(c) == [
        ("Finance Intern", "Federal Ministry of Finance", "2023-06", "2023-12"),
        (
            "Research Assistant",
            "Centre for the Study of the Economies of Africa",
            "2024-01",
            "2025-06",
        ),
    ]
    assert c.total_years == 2.1
    assert _languages(c) == [("English", "C1"), ("Yoruba", "C2"), ("French", "A2")]
    assert c.nationalities == ("NG",)


def test_degree_in_progress_is_not_held_and_does_not_set_the_cutoff() -> None:
    c = _parse("degree_in_progress")
    assert _degrees(c) == [
        ("master", "environmental policy", 2026, True),
        ("bachelor", "geography", 2022, False),
    ]
    assert c.total_years == 1.5
    assert _languages(c) == [("Italian", "C2"), ("English", "C1"), ("Spanish", "B1")]
    assert c.nationalities == ("IT",)
    institute = "Italian Institute for International Political Studies (ISPI)"
    assert c.experience[1].organization == institute


def test_no_languages_section_means_no_languages() -> None:
    c = _parse("no_languages")
    assert c.languages == ()
    assert c.nationalities == ()
    assert _degrees(c) == [
        ("master", "public policy", 2019, False),
        ("bachelor", "statistics", 2017, False),
    ]
    assert _jobs(c) == [
        ("Data Analyst", "Korea International Cooperation Agency (KOICA)", "2020", "2024")
    ]
    # Year-only ranges read January..December, months inclusive: 2020–2024 is five years.
    assert c.total_years == 5.0


def test_undated_experience_is_kept_as_an_undated_entry() -> None:
    c = _parse("undated_experience")
    assert _jobs(c) == [
        ("Health Programme Officer", "International Medical Corps", "2021", "2023"),
        ("Field Coordinator", "Local NGO supporting refugee women", None, None),
    ]
    assert c.has_undated_experience
    assert c.total_years == 3.0
    # An address in Beirut says nothing about nationality.
    assert c.nationalities == ()
    assert _languages(c) == [("Arabic", "C2"), ("English", "C1"), ("French", "B1")]


def test_long_cv_with_overlapping_jobs_merges_intervals() -> None:
    c = _parse("long_overlapping")
    assert _degrees(c) == [
        ("doctorate", "development studies", 2012, False),
        ("master", "public administration", 2007, False),
        ("bachelor", "economics", 2005, False),
    ]
    assert len(c.experience) == 5
    assert c.experience[0].current
    # 2005 (the student job, from the first degree's year on) + 2008–2012 (5 years) +
    # 2013–March 2026 merged with the overlapping 2017–2020 job (13 years 3 months).
    assert c.total_years == 19.2
    assert _languages(c) == [("Dutch", "C2"), ("English", "C1"), ("French", "B2"), ("German", "A2")]
    assert c.nationalities == ("NL",)


def test_kuwaiti_policy_profile() -> None:
    c = _parse("kuwaiti_policy")
    assert c.nationalities == ("KW",)
    assert _degrees(c) == [
        ("master", "public policy", 2021, False),
        ("bachelor", "economics", 2018, False),
    ]
    assert _jobs(c) == [
        ("Policy Analyst", "Kuwait Fund for Arab Economic Development", "2022-03", "2025-02"),
        ("Research Fellow", "Kuwait Institute for Scientific Research", "2021-09", "2022-02"),
    ]
    assert c.total_years == 3.5
    assert _languages(c) == [("Arabic", "C2"), ("English", "C1")]


def test_two_column_layout() -> None:
    c = _parse("two_column")
    assert _degrees(c) == [
        ("master", "statistique appliquée", 2018, False),
        ("bachelor", "mathématiques", 2016, False),
    ]
    assert _jobs(c) == [
        ("M&E Officer", "UNICEF Senegal", "2021-04", "present"),
        ("M&E Assistant", "World Food Programme", "2019-02", "2021-03"),
    ]
    assert c.total_years == 7.2
    assert _languages(c) == [("French", "C2"), ("English", "C1"), ("Wolof", "C2")]
    assert c.nationalities == ("SN",)
    # The wrapped bullet is re-joined across the right column's cells.
    assert "Designed the results framework for the child protection programme." in c.chunks


# --------------------------------------------------------------------------- chunks


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_chunks_exclude_contact_headings_and_fragments(name: str) -> None:
    c = _parse(name)
    assert c.chunks, name
    headings = {"education", "languages", "experience", "work experience", "langues", "idiomas"}
    for chunk in c.chunks:
        assert "@" not in chunk
        assert "www." not in chunk and "linkedin" not in chunk.lower()
        assert not re.search(r"\+\d{2,3}[\s\d]{6,}", chunk)
        assert len(re.findall(r"[^\W\d_]{2,}", chunk)) >= 3
        assert chunk.lower().strip(": ") not in headings
        assert not chunk.lower().startswith(("nationality", "nationalité", "nacionalidad"))
        assert not chunk.lower().startswith(("date of birth", "citizenship"))
    lowered = [" ".join(ch.lower().split()) for ch in c.chunks]
    assert len(lowered) == len(set(lowered))


def test_chunks_keep_document_order_and_split_long_paragraphs() -> None:
    c = _parse("long_overlapping")
    assert c.chunks[0].startswith("Governance specialist")
    assert c.chunks[1].startswith("Led multi-donor programmes")
    assert c.chunks[2].startswith("Experienced in leading teams")
    # Name, town and URL lines above the first heading are not chunks.
    assert "Peter Jansen" not in c.chunks
    assert "Utrecht, the Netherlands" not in c.chunks


def test_identity_text_and_source() -> None:
    c = _parse("english_un")
    assert c.id == content_id(SAMPLES["english_un"])
    assert len(c.id) == 16
    assert c.text == normalize_text(SAMPLES["english_un"])
    assert c.source == "english_un.txt"
    assert parse_cv(SAMPLES["english_un"], "other.pdf", as_of=AS_OF).id == c.id


def test_present_ends_at_as_of() -> None:
    text = SAMPLES["english_un"]
    later = parse_cv(text, "a.txt", as_of=date(2027, 3, 15))
    assert later.total_years == 7.6


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n  \f"])
def test_empty_text_raises(text: str) -> None:
    with pytest.raises(EmptyDocumentError, match="no extractable text"):
        parse_cv(text, "empty.txt")


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "EDUCATION\nEXPERIENCE\nLANGUAGES",
        "!!!! ???? 2020 - 2019 ////",
        "\x00\x01 binary-ish \ufffd text 1999–",
        "Experience\n" + "- did things\n" * 300,
        "Languages:\nEducation: MA\n2030 - 2040 Intern",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    c = parse_cv(text, "odd.txt", as_of=AS_OF)
    assert isinstance(c, Candidate)


def test_experience_date_formats() -> None:
    text = """Work experience
Programme Officer, UNDP, 01/2020 - 03/2022
- Did work.
Consultant, World Bank, depuis 2023
Analyst, Ministry of Planning, enero 2018 – dic. 2019
Intern, UNHCR, Sept. 2017 – 2017
Researcher, Institute X, 2016 – to date
"""
    c = parse_cv(text, "dates.txt", as_of=AS_OF)
    assert [(e.start, e.end, e.current) for e in c.experience] == [
        (YearMonth(2020, 1), YearMonth(2022, 3), False),
        (YearMonth(2023), None, True),
        (YearMonth(2018, 1), YearMonth(2019, 12), False),
        (YearMonth(2017, 9), YearMonth(2017), False),
        (YearMonth(2016), None, True),
    ]
    # No degree year known: all dated experience counts (2016 to March 2026, merged).
    assert c.total_years == 10.2


def test_no_dated_experience_gives_none() -> None:
    text = "Experience\nVolunteer teacher, local school\n- Taught English to children.\n"
    c = parse_cv(text, "u.txt", as_of=AS_OF)
    assert c.total_years is None
    assert c.has_undated_experience


def test_experience_before_degree_gives_zero() -> None:
    text = "Education\nBA in History, 2024\n\nExperience\nClerk, Town Hall, 2019 - 2021\n"
    c = parse_cv(text, "z.txt", as_of=AS_OF)
    assert c.total_years == 0.0


def test_education_ranges_do_not_count_as_experience() -> None:
    text = "Education\n2015 - 2019 BA in Economics, University of Ghana\n"
    c = parse_cv(text, "e.txt", as_of=AS_OF)
    assert c.experience == ()
    assert c.total_years is None
    assert _degrees(c) == [("bachelor", "economics", 2019, False)]


@pytest.mark.parametrize(
    ("line", "in_progress"),
    [
        ("MA in Law, University of Oslo (in progress)", True),
        ("Master en économie, Université de Genève, en cours", True),
        ("Máster en Derecho, Universidad de Chile (en curso)", True),
        ("PhD candidate in Sociology, EUI", True),
        ("MSc Economics, LSE, 2024 – 2027", True),
        ("MSc Economics, LSE, Sep 2025 – present", True),
        ("MSc Economics, LSE, 2024 – 2025", False),
    ],
)
def test_degree_in_progress_markers(line: str, in_progress: bool) -> None:
    c = parse_cv(f"EDUCATION\n{line}\n", "p.txt", as_of=AS_OF)
    assert len(c.degrees) == 1
    assert c.degrees[0].in_progress is in_progress


def test_degree_layout_with_institution_first_and_year_on_next_line() -> None:
    text = """Education
University of Oxford
MSc in Refugee and Forced Migration Studies
2018 – 2019
Makerere University
Bachelor of Social Sciences
2012 – 2015
"""
    c = parse_cv(text, "o.txt", as_of=AS_OF)
    assert [(d.level, d.year, d.institution) for d in c.degrees] == [
        ("master", 2019, "University of Oxford"),
        ("bachelor", 2015, "Makerere University"),
    ]
    assert c.degrees[0].field == "refugee and forced migration studies"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "Languages\nEnglish (native), French: C1, Spanish – basic\n",
            [("English", "C2"), ("French", "C1"), ("Spanish", "A2")],
        ),
        (
            "Languages\nFrench | Fluent\nArabic | Intermediate\n",
            [("French", "C1"), ("Arabic", "B1")],
        ),
        (
            "Languages\nMother tongue: German. Other languages: English C1\n",
            [("German", "C2"), ("English", "C1")],
        ),
        ("Languages\nFluent in English and French\n", [("English", "C1"), ("French", "C1")]),
        (
            "Langues\nAnglais : bilingue ; Espagnol : intermédiaire\n",
            [("English", "C1"), ("Spanish", "B1")],
        ),
        ("Idiomas\nInglés (B2), Portugués (nativo)\n", [("English", "B2"), ("Portuguese", "C2")]),
        ("Languages\nEnglish, Swahili\n", [("English", None), ("Swahili", None)]),
        (
            "LANGUAGES\nEnglish\nNative\nFrench\nWorking knowledge\n",
            [("English", "C2"), ("French", "B2")],
        ),
    ],
)
def test_language_section_formats(section: str, expected: list[tuple[str, str | None]]) -> None:
    c = parse_cv("Jane Doe\n\n" + section, "l.txt", as_of=AS_OF)
    assert _languages(c) == expected


def test_languages_outside_the_section() -> None:
    text = """Profile
Native speaker of Portuguese with ten years in public health programmes.

Skills
Languages: English (fluent), Spanish (intermediate)
Stata, R
"""
    c = parse_cv(text, "x.txt", as_of=AS_OF)
    assert _languages(c) == [("English", "C1"), ("Spanish", "B1"), ("Portuguese", "C2")]


def test_languages_mentioned_only_in_experience_are_not_skills() -> None:
    text = "Experience\nTranslator, Agency X, 2020 - 2022\n- Translated reports from French.\n"
    assert parse_cv(text, "t.txt", as_of=AS_OF).languages == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nationality: German", ("DE",)),
        ("Citizenship: Kuwait", ("KW",)),
        ("Nationalité : française", ("FR",)),
        ("Nacionalidad: española", ("ES",)),
        ("I am a German citizen based in Nairobi.", ("DE",)),
        ("Dual citizenship: Canadian and Irish", ("CA", "IE")),
        ("Nationality: Swiss / Italian", ("CH", "IT")),
        ("Nationalities: Danish, Norwegian", ("DK", "NO")),
        ("Address: 5 Rue du Lac, Geneva, Switzerland", ()),
        ("Place of birth: Nairobi, Kenya", ()),
    ],
)
def test_nationality_statements(line: str, expected: tuple[str, ...]) -> None:
    text = f"Alex Example\n{line}\n\nEducation\nMA in Economics, University of Geneva, 2020\n"
    assert parse_cv(text, "n.txt", as_of=AS_OF).nationalities == expected


def test_nationality_never_inferred_from_university_or_address() -> None:
    c = _parse("no_languages")
    assert c.nationalities == ()
    c = parse_cv(
        "Lagos, Nigeria\n\nEducation\nBA in Law, University of Nigeria, 2019\n",
        "n.txt",
        as_of=AS_OF,
    )
    assert c.nationalities == ()


def test_underlined_and_colon_headings() -> None:
    text = """Work Experience:
Project Assistant, IOM, Jan 2021 - Dec 2022

Education
=========
Bachelor of Laws (LLB), University of Nairobi, 2020
"""
    c = parse_cv(text, "h.txt", as_of=AS_OF)
    assert _degrees(c) == [("bachelor", "laws", 2020, False)]
    assert _jobs(c) == [("Project Assistant", "IOM", "2021-01", "2022-12")]
    assert c.total_years == 2.0


def test_text_language_unclear_for_keyword_lists() -> None:
    c = parse_cv("Skills\nPython, SQL, Stata\n", "k.txt", as_of=AS_OF)
    assert c.text_language is None


def test_text_language_of_telegraphic_portuguese_and_french_lines() -> None:
    pt = ("EXPERIÊNCIA\n09/2022 – atual | Oficial de Proteção à Criança, Plan International\n"
          "· Gestão de casos e apoio psicossocial para crianças desacompanhadas; busca e "
          "reunificação familiar com o ACNUR.\n· Formação de equipes comunitárias.\n")
    fr = ("EXPÉRIENCE PROFESSIONNELLE\n2021 – 2023 Chargée de suivi-évaluation, UNICEF Mali\n"
          "Collecte et analyse des données ; élaboration des rapports trimestriels ; "
          "appui aux partenaires de mise en œuvre.\n")
    assert text_language(pt) == "pt"
    assert text_language(fr) == "fr"


def test_text_language_stays_unknown_for_a_language_it_does_not_know() -> None:
    # German is none of the four: most of its trigrams occur in no profile, so it is not read
    # as the nearest one (English here).
    de = ("Berufserfahrung. Projektkoordinatorin bei der Deutschen Gesellschaft für "
          "Internationale Zusammenarbeit in Bonn. Verantwortlich für die Planung und Überwachung "
          "von Entwicklungsprojekten in Westafrika, Erstellung von Berichten für Geldgeber und "
          "Zusammenarbeit mit lokalen Partnern. Sprachen: Deutsch Muttersprache, Englisch "
          "fließend, Französisch gut.")
    scores, known_share = language_scores(de)
    assert known_share < MIN_KNOWN_SHARE
    assert max(scores, key=lambda lang: scores[lang]) == "en"
    assert text_language(de) is None


def test_date_range_split_over_lines_by_pdf_extraction() -> None:
    text = """Experience
Investment Accountant
Acme Funds
10/2012
to
11/2015
- Reconciled mutual fund accounts.
Analyst, Beta Bank
Jan 2016
– present
"""
    c = parse_cv(text, "pdf.txt", as_of=AS_OF)
    assert [(e.start, e.end, e.current) for e in c.experience] == [
        (YearMonth(2012, 10), YearMonth(2015, 11), False),
        (YearMonth(2016, 1), None, True),
    ]
    assert c.experience[0].title == "Investment Accountant"


def test_dates_inside_sentences_are_not_job_lines() -> None:
    text = """Experience
Sales Lead, Shop Co, 2012 - 2016
Increased sales over 10% from 2013 to 2015
Grew the customer base during 2014 with new campaigns
"""
    c = parse_cv(text, "s.txt", as_of=AS_OF)
    assert len(c.experience) == 1
    assert (c.experience[0].start, c.experience[0].end) == (YearMonth(2012), YearMonth(2016))


def test_letter_o_is_not_a_bullet() -> None:
    text = (
        "Profile\nAccomplished professional who adds energy and value to an\n"
        "organization's quest for excellence.\n"
    )
    c = parse_cv(text, "o.txt", as_of=AS_OF)
    assert c.chunks == (
        "Accomplished professional who adds energy and value to an organization's quest for "
        "excellence.",
    )


@pytest.mark.parametrize(
    "line",
    [
        "Trained officers of the Afghan National Police in logistics.",
        "Founded a Spanish national newspaper with a team of ten.",
        "Represented 400 Danish citizens in consular matters.",
        "Set up a working group on dual citizenship in Denmark.",
        "Member of the American Citizens Services team.",
    ],
)
def test_work_sentences_do_not_state_nationality(line: str) -> None:
    text = f"Experience\nConsular Assistant, Embassy, 2015 - 2018\n- {line}\n"
    assert parse_cv(text, "w.txt", as_of=AS_OF).nationalities == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dual citizenship American and Brazilian, raised in Geneva.", ("US", "BR")),
        ("Nationality Indian   Date of birth 01.01.1990", ("IN",)),
        ("I am a US Citizen and willing to relocate.", ("US",)),
        ("Kenyan national, based in Nairobi.", ("KE",)),
    ],
)
def test_nationality_statements_without_colon(line: str, expected: tuple[str, ...]) -> None:
    text = f"Profile\n{line}\n\nEducation\nBA in Economics, University of Nairobi, 2015\n"
    assert parse_cv(text, "s.txt", as_of=AS_OF).nationalities == expected


def test_nationality_heading_with_value_below() -> None:
    text = "NATIONALITY\nSenegalese\n\nEDUCATION\nLicence en droit, Université de Dakar, 2016\n"
    assert parse_cv(text, "n.txt", as_of=AS_OF).nationalities == ("SN",)


def test_uppercase_name_above_headings_is_not_a_section() -> None:
    text = "JOHN SMITH\nDevelopment economist with ten years in rural finance programmes.\n"
    c = parse_cv(text, "n.txt", as_of=AS_OF)
    assert c.chunks == ("Development economist with ten years in rural finance programmes.",)


def test_cv_without_headings_still_finds_dated_jobs_but_not_studies() -> None:
    text = """Rita Gomez
Programme Officer, UNDP Bolivia, 2019 - 2023
BA in Sociology, Universidad Mayor de San Andrés, 2014 - 2018
Supported municipal planning in rural areas with local authorities.
"""
    c = parse_cv(text, "plain.txt", as_of=AS_OF)
    assert _jobs(c) == [("Programme Officer", "UNDP Bolivia", "2019", "2023")]
    assert _degrees(c) == [("bachelor", "sociology", 2018, False)]
    assert c.total_years == 5.0


# --------------------------------------------------------------------------- flattened layouts

# A resume exported from a web builder: every field on its own line, placeholders for the
# employer and place, all-caps degree abbreviations and job titles inside the sections.
_FLAT_RESUME = """\
OPERATIONS ANALYST
Summary
Analyst with a record of process improvement in logistics firms.
Highlights
Process mapping
Budget tracking
Experience
Operations Analyst
01/2019
to
Current
Company Name
City , State
Mapped warehouse processes and cut picking errors by a fifth.
SHIFT SUPERVISOR
06/2015 to 12/2018
Company Name
City , State
Supervised a team of twelve on the night shift.
Education and Training
BS
:
Business Administration
2014
Lakeside State University
City , State
MBA
2018
Northgate University
High School Diploma
2010
Riverside High School
Skills
Excel, SQL, Lean
"""


def test_flattened_resume_keeps_caps_entries_inside_their_sections() -> None:
    c = parse_cv(_FLAT_RESUME, "flat.txt", as_of=AS_OF)
    # The high school diploma is not a university degree.
    assert sorted((d.level, d.year, d.in_progress) for d in c.degrees) == [
        ("bachelor", 2014, False),
        ("master", 2018, False),
    ]
    assert [(e.start, e.current) for e in c.experience] == [
        (YearMonth(2019, 1), True),
        (YearMonth(2015, 6), False),
    ]
    # 06/2015..12/2018 (43 months) + 01/2019..03/2026 (87 months), after the 2014 degree.
    assert c.total_years == 10.8
    assert not any(ch.startswith(("City", "Company Name")) for ch in c.chunks)


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Associate of Applied Science : Nursing , 2012 Valley Community College", None),
        ("High School Diploma , 2008 Central High School", None),
        ("Bachelor of Science : Accounting , 2011 State University", "bachelor"),
        ("B.S. in Biology, Hill University, 2013", "bachelor"),
        ("BS Business Administration, Desert University — 2019", "bachelor"),
        ("MBBS (Medicine), Coastal University — 2011", "bachelor"),
        ("Master of Arts, History, 2016, Lake University", "master"),
        ("Ingeniería Industrial — Instituto Tecnológico del Norte, 2012", "bachelor"),
        ("Profesional en Ciencia Política — Universidad del Valle, 2016", "bachelor"),
    ],
)
def test_degree_wording_in_an_education_section(line: str, level: str | None) -> None:
    c = parse_cv(f"Education\n{line}\n", "d.txt", as_of=AS_OF)
    assert [d.level for d in c.degrees] == ([level] if level else [])


def test_state_codes_are_not_degrees() -> None:
    text = "Experience\nClerk, Harbor Bank, Boston, MA\n2016 - 2019\nEducation\nMS, 2015\n"
    c = parse_cv(text, "s.txt", as_of=AS_OF)
    assert [d.level for d in c.degrees] == ["master"]


def test_caps_heading_run_into_its_content() -> None:
    text = (
        "Profile\nDeveloper.\n"
        "EDUCATION 2012 – 2016 | Lakeside University, Master's degree in Computer Science\n"
    )
    c = parse_cv(text, "h.txt", as_of=AS_OF)
    assert _degrees(c) == [("master", "computer science", 2016, False)]


def test_degree_month_sets_the_experience_cutoff() -> None:
    text = (
        "FORMATION\nLicence de droit — Université de Lyon, juin 2024\n"
        "EXPÉRIENCE\nStagiaire juridique, Cabinet Martin, janvier 2024 – décembre 2024\n"
    )
    c = parse_cv(text, "m.txt", as_of=AS_OF)
    # July..December 2024: the months before graduation do not count.
    assert c.total_years == 0.5


def test_only_a_first_degree_in_progress_gives_zero_years() -> None:
    text = (
        "Education\nBA Politics, City University — expected June 2027\n"
        "Experience\nBarista, Corner Café — 2022 – 2024\n"
    )
    c = parse_cv(text, "p.txt", as_of=AS_OF)
    assert c.total_years == 0.0


def test_level_after_a_run_of_languages_covers_the_run() -> None:
    c = parse_cv("Languages\nDari and Pashto — native\nEnglish, French (B2)\n", "l.txt")
    assert _languages(c) == [("Dari", "C2"), ("Pashto", "C2"), ("English", None), ("French", "B2")]


def test_congolese_nationality_resolved_by_a_drc_address() -> None:
    text = "Goma, République démocratique du Congo\nNationalité : congolaise\n"
    assert parse_cv(text, "n.txt").nationalities == ("CD",)
    text_roc = "Brazzaville\nNationalité : congolaise\n"
    assert parse_cv(text_roc, "n.txt").nationalities == ("CG",)


def test_mojibake_is_repaired_before_parsing() -> None:
    text = "Experience\nAnalyst\n02/2013\n\u00ef\u00bc\u200b\n08/2015\nCompany Name\n"
    c = parse_cv(text, "j.txt", as_of=AS_OF)
    assert [(str(e.start), str(e.end)) for e in c.experience] == [("2013-02", "2015-08")]
    c2 = parse_cv(
        "Profile\nCaf\u00c3\u00a9 manager with \u00e2\u20ac\u0153results\u00e2\u20ac\u009d.\n",
        "k.txt",
    )
    assert "Caf\u00e9 manager" in c2.chunks[0]


def test_flattened_education_dates_belong_to_their_own_entry() -> None:
    degree_led = (
        "Education\nMaster of Fine Arts\n2016\nHill University\nDesign Course\n2013\n"
        "Art Institute\nBachelor of Science\n:\nArt Education\n1990\nLake University\n"
    )
    c = parse_cv(degree_led, "a.txt", as_of=AS_OF)
    assert sorted((d.level, d.year) for d in c.degrees) == [("bachelor", 1990), ("master", 2016)]
    date_led = (
        "Education\n12/2010\nBachelor of Arts\n:\nHistory\nNorth University\n"
        "07/2007\nAssociate of Arts\n:\nHistory\nCounty College\n"
    )
    c = parse_cv(date_led, "b.txt", as_of=AS_OF)
    assert [(d.level, d.year) for d in c.degrees] == [("bachelor", 2010)]

