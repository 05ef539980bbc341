"""The format rules of docs/cv-formats.md ("Generalisation to the real-format CVs"), each on an
invented snippet: a P11 form's language table and date hints, mother-tongue lists, Portuguese
bios, bios without headings, academic appointments, personal-data lines, wrapped LinkedIn
bullets.
"""

from __future__ import annotations

from datetime import date

import pytest

from matcher.cv import parse_cv
from matcher.models import Candidate, YearMonth

AS_OF = date(2026, 6, 1)


def _cv(text: str) -> Candidate:
    return parse_cv(text, "invented.txt", as_of=AS_OF)


def _levels(candidate: Candidate) -> dict[str, str | None]:
    return {s.language: s.level for s in candidate.languages}


_P11 = """PERSONAL HISTORY PROFILE
1. Family name: EXAMPLE
6. Present nationality(ies): Chilean
11. Have you taken any legal steps towards changing your present nationality? No
12. KNOWLEDGE OF LANGUAGES
What is your mother tongue? Spanish
Other languages | Read | Write | Speak | Understand
----------------+----------+----------+----------+----------
English | Easily | Easily | Easily | Easily
Portuguese | Easily | Not easily | Easily | Easily
German | Not easily | Not easily | Not easily | Not easily
13. EDUCATION
Degrees obtained: Master of Public Policy, 2019
14. EMPLOYMENT RECORD
From (Month/Year) 03/2021 To (Month/Year) present
Exact title of your post: Analyst, then Senior Analyst (from 02/2023)
Name of employer: Ministry of Planning
Type of business: Government
From (Month/Year) 01/2019 To (Month/Year) 02/2021
Exact title of your post: Research Assistant
Name of employer: Policy Institute
"""


def test_p11_language_table_under_knowledge_of_languages() -> None:
    levels = _levels(_cv(_P11))
    # All four "Easily" -> C1; three of four -> B2; none -> A2; the mother tongue is C2.
    assert levels == {"Spanish": "C2", "English": "C1", "Portuguese": "B2", "German": "A2"}


def test_p11_date_hints_do_not_split_the_range() -> None:
    jobs = _cv(_P11).experience
    assert [(j.start, j.end, j.current) for j in jobs] == [
        (YearMonth(2021, 3), None, True),
        (YearMonth(2019, 1), YearMonth(2021, 2), False),
    ]


def test_p11_title_field_with_a_date_stays_with_its_entry() -> None:
    jobs = _cv(_P11).experience
    # "(from 02/2023)" inside the title field opens no entry of its own.
    assert len(jobs) == 2
    assert jobs[0].organization == "Ministry of Planning"
    assert jobs[0].start == YearMonth(2021, 3)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The first language is one the vocabulary does not know: the rest is still native.
        ("Mother tongue(s): Temne, English", {"English": "C2"}),
        ("Langue(s) maternelle(s) : soussou, français", {"French": "C2"}),
        ("Língua(s) materna(s): emakhuwa, português", {"Portuguese": "C2"}),
        ("Mother tongue(s): Wolof, French", {"Wolof": "C2", "French": "C2"}),
        # The list ends where the line turns to other languages.
        ("Mother tongue: Swahili; other languages: English", {"Swahili": "C2", "English": None}),
        ("Mother tongues: Dutch, English (C1)", {"Dutch": "C2", "English": "C1"}),
    ],
)
def test_every_language_of_a_mother_tongue_list_is_native(
    line: str, expected: dict[str, str | None]
) -> None:
    assert _levels(_cv(f"A. Example\n\nLANGUAGES\n{line}\n")) == expected


def test_portuguese_bio_states_degrees_as_what_the_person_is() -> None:
    cv = _cv(
        "Carla Exemplo\n\nBiografia\n"
        "Carla Exemplo é mestre em Estudos do Desenvolvimento pela Universidade de Lisboa, "
        "título obtido em 2020, e bacharel em Economia pela Universidade do Porto, em 2017. "
        "Trabalha com análise de dados e avaliação de projetos desde 2018.\n"
    )
    assert [(d.level, d.year) for d in cv.degrees] == [("master", 2020), ("bachelor", 2017)]


_BIO_WITHOUT_HEADINGS = """Jeanne Exemple
Lyon, France

Jeanne Exemple travaille depuis 2018 sur la gestion des risques dans les
organisations humanitaires et sur les politiques de protection des données.

De mars 2018 à juin 2021, elle a été chargée de programme (Volontaire des
Nations Unies) au sein du Bureau de coordination à Bangui, où elle a suivi les
projets financés par le fonds commun.

Depuis juillet 2021, elle est analyste au Centre d'études humanitaires de
Genève, où elle rédige des notes et anime des formations pour les partenaires.
"""


def test_bio_without_headings_reads_every_job_sentence() -> None:
    jobs = _cv(_BIO_WITHOUT_HEADINGS).experience
    assert [(j.start, j.end, j.current) for j in jobs] == [
        (YearMonth(2018, 3), YearMonth(2021, 6), False),
        (YearMonth(2021, 7), None, True),
    ]


def test_present_tense_job_sentence_needs_a_date_and_a_title() -> None:
    # "elle est analyste" with "depuis" is a job; the same verb without a title is not.
    cv = _cv(
        "Nom Exemple\n\nBiographie\nDepuis mars 2022, elle est très engagée dans la vie "
        "associative de son quartier et dans plusieurs clubs de lecture locaux.\n"
    )
    assert cv.experience == ()


_ACADEMIC = """Dr. Example Person
Department of Geography | person@example.org

APPOINTMENTS
2022–present    Postdoctoral Research Fellow, School of Geography, University of Leeds
2019–2022       Teaching Fellow in Human Geography, University of Bristol

EDUCATION
PhD in Human Geography, Lund University, 2019

PUBLICATIONS
Person, E. (2023). Water governance in drylands. Geoforum, 140, 1-12.

INVITED TALKS
2024  Keynote, Nordic Geographers Meeting, Oslo
2021  Panel, Annual Meeting, Seattle
"""


def test_academic_appointments_are_jobs_and_talks_are_not() -> None:
    jobs = _cv(_ACADEMIC).experience
    assert [(j.start, j.current) for j in jobs] == [
        (YearMonth(2022, None), True),
        (YearMonth(2019, None), False),
    ]
    assert all("Keynote" not in (j.title or "") for j in jobs)


def test_spanish_academic_positions_heading_opens_experience() -> None:
    cv = _cv(
        "Dra. Ejemplo\n\nPOSICIONES PROFESIONALES Y ACADÉMICAS\n"
        "03/2022 – actualidad Investigadora asociada, Centro de Estudios Sociales, Quito\n"
        "09/2018 – 02/2022 Profesora asistente, Universidad Central\n"
        "PONENCIAS EN CONGRESOS\n2023 «Empleo rural», Congreso Andino, Quito\n"
    )
    assert [(j.start, j.current) for j in cv.experience] == [
        (YearMonth(2022, 3), True),
        (YearMonth(2018, 9), False),
    ]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Nacionalidade: Angolana Data de nascimento: 02/02/1995 Género: Feminino", "AO"),
        ("Nacionalidad: peruana Fecha de nacimiento: 01/01/1996", "PE"),
        ("Nationalité : sénégalaise Lieu de naissance : Thiès", "SN"),
    ],
)
def test_nationality_value_ends_at_the_next_personal_data_field(line: str, code: str) -> None:
    assert _cv(f"Nome Exemplo\n{line}\n").nationalities == (code,)


def test_wrapped_bullet_after_a_semicolon_is_not_a_new_job() -> None:
    cv = _cv(
        "Experience\nExample Relief Agency\nProtection Officer\n"
        "May 2023 - Present (3 years 1 month)\nAmman, Jordan\n"
        "- Community outreach: train and coordinate 30 refugee volunteers;\n"
        "participatory\n"
        "assessments with partners in three governorates.\n"
    )
    assert len(cv.experience) == 1
    assert cv.experience[0].current


def test_portuguese_sector_line_stays_with_its_job() -> None:
    cv = _cv(
        "EXPERIÊNCIA PROFISSIONAL\n01/03/2022 – ATUAL MAPUTO\n"
        "OFICIAL DE PROGRAMA – AGÊNCIA EXEMPLO\n- Gestão de subvenções.\n"
        "Setor de atividade: Organização humanitária\n"
        "01/01/2020 – 28/02/2022 BEIRA\nASSISTENTE – FUNDAÇÃO EXEMPLO\n- Apoio logístico.\n"
        "Setor de atividade: Administração pública\n"
    )
    assert all(j.start is not None for j in cv.experience)
    assert len(cv.experience) == 2


def test_bio_degree_named_in_two_words_is_one_degree() -> None:
    cv = _cv(
        "Amina Example\n\nBiography\nShe holds a Master's in Public Health from the "
        "University of Leeds (2017) and a Bachelor's degree in Nutrition from Makerere "
        "University (2014), and has worked since 2018 as a Nutrition Officer at WFP Chad.\n"
    )
    assert [(d.level, d.year) for d in cv.degrees] == [("master", 2017), ("bachelor", 2014)]


_BROKEN_BULLET = """A. Example
Experience
Kivu Early Warning Network
Information Officer
October 2025 - Present (8 months)
- Flag content with protection implications to the POC Unit, the Joint
Human Rights
Office and local protection committees; contributed to two local plans in
Rutshuru and Masisi.
- Draft the monthly bulletin for the coordinator.
Protection Analyst (Internship)
April 2025 - September 2025 (6 months)
- Analysed alerts from 40 community alert networks.
"""


def test_lines_that_carry_on_a_broken_bullet_are_not_jobs() -> None:
    candidate = _cv(_BROKEN_BULLET)
    assert [e.title for e in candidate.experience] == [
        "Information Officer", "Protection Analyst (Internship)",
    ]
    assert not candidate.has_undated_experience


def test_a_job_whose_dates_are_not_read_still_stands_after_a_broken_bullet() -> None:
    text = _BROKEN_BULLET.replace(
        "Protection Analyst (Internship)\nApril 2025 - September 2025 (6 months)",
        "Protection Analyst (Internship)\n(Goma) 04/25 - 09/25 internship",
    )
    candidate = _cv(text)
    assert candidate.has_undated_experience
