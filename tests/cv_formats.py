"""CVs in the formats candidates send, as layout-free descriptions with the facts they state.

Each :class:`FormatFixture` is one invented person (``example.*`` domains) in one format:
Europass (dd/mm/yyyy dates, "Business or sector" lines, the CEFR self-assessment grid),
LinkedIn "Save to PDF", the UN Personal History Profile (P11), an academic CV, a third-person
bio and a half-page CV, in English, French, Spanish and Portuguese. The description renders to
every layout of :mod:`eval.documents`; ``expected`` holds what a careful reader takes from it,
written from the CV text, not from the parser. ``AS_OF`` is the day "present" means.

Language levels follow docs/cv-formats.md: a Europass grid gives the lower median of its
per-skill levels, LinkedIn's proficiency labels map Native or Bilingual -> C2, Full
Professional -> C1, Professional Working -> B2, Limited Working -> B1, Elementary -> A2, and a
P11 rating counts its "Easily" answers (4 -> C1, 3 -> B2, 1-2 -> B1, 0 -> A2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eval.documents import CvDocument, Entry, Section

__all__ = ["AS_OF", "FIXTURES", "Expected", "FormatFixture", "by_name"]

AS_OF = date(2026, 3, 15)


@dataclass(frozen=True, slots=True)
class Expected:
    """The facts a careful reader takes from one CV.

    Attributes:
        degrees: (level, year) of each degree held or in progress, in CV order.
        jobs: (start, end, current) of each dated job, in CV order; dates as "YYYY-MM" or
            "YYYY", end None for a current job.
        total_years: Years of dated experience after the first university degree.
        languages: (language, CEFR level) in CV order.
        nationalities: ISO 3166 alpha-2 codes, in CV order.
    """

    degrees: tuple[tuple[str, int | None], ...]
    jobs: tuple[tuple[str, str | None, bool], ...]
    total_years: float | None
    languages: tuple[tuple[str, str | None], ...]
    nationalities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormatFixture:
    """One CV in one format, with its expected facts."""

    name: str
    format: str
    language: str
    cv: CvDocument
    expected: Expected


# --------------------------------------------------------------------------- Europass

EUROPASS_EN = FormatFixture(
    name="europass_en",
    format="europass",
    language="en",
    cv=CvDocument(
        name="Sanne de Vries",
        contact=(
            "Address: Keizersgracht 100, 1015 AA Amsterdam (Netherlands)",
            "Telephone: +31 6 1234 5678",
            "E-mail: sanne.devries@example.nl",
            "Date of birth: 14/05/1993",
            "Nationality: Dutch",
        ),
        sections=(
            Section(
                "Work experience",
                (
                    Entry(
                        "01/09/2021 – Present",
                        body=(
                            "Programme Analyst",
                            "United Nations Development Programme (UNDP), Nairobi (Kenya)",
                            "- Monitoring of resilience projects in arid counties and reporting "
                            "to donors",
                            "Business or sector Public administration and defence",
                        ),
                    ),
                    Entry(
                        "01/02/2019 – 31/08/2021",
                        body=(
                            "Policy Officer",
                            "Ministry of Foreign Affairs, The Hague (Netherlands)",
                            "- Drafted policy notes on development cooperation with East Africa",
                            "Business or sector Public administration",
                        ),
                    ),
                    Entry(
                        "01/07/2017 – 31/12/2017",
                        body=(
                            "Intern",
                            "Netherlands Red Cross, The Hague (Netherlands)",
                            "Business or sector Humanitarian aid",
                        ),
                    ),
                ),
            ),
            Section(
                "Education and training",
                (
                    Entry(
                        "01/09/2016 – 31/08/2018",
                        body=(
                            "Master of Science in International Development Studies",
                            "Wageningen University, Wageningen (Netherlands)",
                            "EQF level 7",
                        ),
                    ),
                    Entry(
                        "01/09/2012 – 30/06/2015",
                        body=(
                            "Bachelor of Arts in Political Science",
                            "University of Amsterdam, Amsterdam (Netherlands)",
                            "EQF level 6",
                        ),
                    ),
                ),
            ),
            Section(
                "Personal skills",
                (
                    "Mother tongue(s) Dutch",
                    "Other language(s)",
                    "UNDERSTANDING SPEAKING WRITING",
                    "Listening Reading Spoken interaction Spoken production",
                    "English C1 C2 C1 C1 C1",
                    "Cambridge Certificate of Proficiency in English",
                    "French B1 B2 B1 A2 B1",
                    "Levels: A1 and A2: Basic user - B1 and B2: Independent user - C1 and C2: "
                    "Proficient user",
                    "Common European Framework of Reference for Languages",
                    "Communication skills: good presentation skills gained as a policy officer",
                    "Digital skills: Stata, R, ArcGIS",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2018), ("bachelor", 2015)),
        jobs=(("2021-09", None, True), ("2019-02", "2021-08", False), ("2017-07", "2017-12", False)),
        # From July 2015 (after the bachelor's of June 2015): 6 + 31 + 55 months.
        total_years=7.7,
        languages=(("Dutch", "C2"), ("English", "C1"), ("French", "B1")),
        nationalities=("NL",),
    ),
)

EUROPASS_FR = FormatFixture(
    name="europass_fr",
    format="europass",
    language="fr",
    cv=CvDocument(
        name="Claire Fontaine",
        contact=(
            "Adresse : 8 rue de la Paix, 69002 Lyon (France)",
            "Téléphone : +33 6 11 22 33 44",
            "Courriel : claire.fontaine@example.fr",
            "Nationalité : française",
        ),
        sections=(
            Section(
                "Expérience professionnelle",
                (
                    Entry(
                        "15/01/2020 – aujourd'hui",
                        body=(
                            "Chargée de programme",
                            "Organisation internationale de la Francophonie, Paris (France)",
                            "- Suivi des projets d'éducation en Afrique de l'Ouest",
                            "Secteur d'activité Organisations internationales",
                        ),
                    ),
                    Entry(
                        "01/10/2017 – 31/12/2019",
                        body=(
                            "Assistante de recherche",
                            "Institut de recherche pour le développement, Marseille (France)",
                            "Secteur d'activité Recherche scientifique",
                        ),
                    ),
                ),
            ),
            Section(
                "Éducation et formation",
                (
                    Entry(
                        "01/09/2015 – 30/06/2017",
                        body=(
                            "Master en sciences politiques, spécialité coopération internationale",
                            "Université Lumière Lyon 2, Lyon (France)",
                        ),
                    ),
                    Entry(
                        "01/09/2012 – 30/06/2015",
                        body=("Licence en science politique", "Université Jean Moulin Lyon 3"),
                    ),
                ),
            ),
            Section(
                "Compétences linguistiques",
                (
                    "Langue(s) maternelle(s) : français",
                    "Autre(s) langue(s) :",
                    "anglais",
                    "ÉCOUTE C1 LECTURE C2 ÉCRITURE B2",
                    "PRODUCTION ORALE C1 INTERACTION ORALE C1",
                    "espagnol",
                    "ÉCOUTE B1 LECTURE B2 ÉCRITURE A2",
                    "PRODUCTION ORALE B1 INTERACTION ORALE A2",
                ),
                sidebar=True,
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2017), ("bachelor", 2015)),
        jobs=(("2020-01", None, True), ("2017-10", "2019-12", False)),
        # From July 2015: 27 months, then January 2020 to March 2026 (75 months).
        total_years=8.5,
        languages=(("French", "C2"), ("English", "C1"), ("Spanish", "B1")),
        nationalities=("FR",),
    ),
)

EUROPASS_PT = FormatFixture(
    name="europass_pt",
    format="europass",
    language="pt",
    cv=CvDocument(
        name="Joana Carvalho Lopes",
        contact=(
            "Morada: Rua Augusta 25, 1100-048 Lisboa (Portugal)",
            "Telemóvel: +351 912 345 678",
            "Correio eletrónico: joana.lopes@example.pt",
            "Nacionalidade: portuguesa",
        ),
        sections=(
            Section(
                "Experiência profissional",
                (
                    Entry(
                        "01/03/2022 – até à data",
                        body=(
                            "Técnica de projetos",
                            "Instituto Camões, Maputo (Moçambique)",
                            "- Acompanhamento de projetos de cooperação na área da saúde",
                            "Ramo de atividade Cooperação para o desenvolvimento",
                        ),
                    ),
                    Entry(
                        "01/10/2019 – 28/02/2022",
                        body=(
                            "Assistente de investigação",
                            "Universidade de Lisboa, Lisboa (Portugal)",
                            "Ramo de atividade Ensino superior",
                        ),
                    ),
                ),
            ),
            Section(
                "Educação e formação",
                (
                    Entry(
                        "01/09/2017 – 31/07/2019",
                        body=(
                            "Mestrado em Estudos de Desenvolvimento",
                            "ISCTE – Instituto Universitário de Lisboa",
                        ),
                    ),
                    Entry(
                        "01/09/2014 – 31/07/2017",
                        body=("Licenciatura em Relações Internacionais", "Universidade do Minho"),
                    ),
                ),
            ),
            Section(
                "Competências pessoais",
                (
                    "Língua(s) materna(s) português",
                    "Outra(s) língua(s)",
                    "COMPREENDER FALAR ESCREVER",
                    "Compreensão oral Leitura Interação oral Produção oral",
                    "inglês C1 C1 B2 C1 C1",
                    "francês B2 B2 B1 B1 B1",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2019), ("bachelor", 2017)),
        jobs=(("2022-03", None, True), ("2019-10", "2022-02", False)),
        # From August 2017: October 2019 to March 2026.
        total_years=6.5,
        languages=(("Portuguese", "C2"), ("English", "C1"), ("French", "B1")),
        nationalities=("PT",),
    ),
)

# --------------------------------------------------------------------------- LinkedIn

LINKEDIN_EN = FormatFixture(
    name="linkedin_en",
    format="linkedin",
    language="en",
    cv=CvDocument(
        name="Siobhan Walsh",
        headline="Associate Protection Officer at UNHCR",
        contact=("siobhan.walsh@example.ie", "www.linkedin.com/in/siobhanwalsh-example (LinkedIn)"),
        sections=(
            Section(
                "Top Skills",
                ("Refugee Status Determination", "Humanitarian Protection", "Case Management"),
                sidebar=True,
            ),
            Section(
                "Languages",
                (
                    "English (Native or Bilingual)",
                    "Irish (Full Professional)",
                    "French (Professional Working)",
                    "Arabic (Limited Working)",
                    "Spanish (Elementary)",
                ),
                sidebar=True,
            ),
            Section("Certifications", ("Mediation Skills Certificate",), sidebar=True),
            Section(
                "Summary",
                (
                    "Irish national with six years of experience in refugee protection, "
                    "registration and community-based protection in the Middle East.",
                ),
            ),
            Section(
                "Experience",
                (
                    "UNHCR, the UN Refugee Agency",
                    "5 years 1 month",
                    Entry(
                        "March 2022 - Present (4 years 1 month)",
                        head=("Associate Protection Officer",),
                        body=(
                            "Amman, Jordan",
                            "Conducted refugee status determination interviews and drafted "
                            "assessments for urban refugees.",
                        ),
                    ),
                    Entry(
                        "March 2021 - February 2022 (1 year)",
                        head=("Protection Intern",),
                        body=("Geneva, Switzerland",),
                    ),
                    "Norwegian Refugee Council",
                    Entry(
                        "September 2019 - January 2021 (1 year 5 months)",
                        head=("Legal Assistance Officer",),
                        body=("Beirut, Lebanon",),
                    ),
                ),
            ),
            Section(
                "Education",
                (
                    "Trinity College Dublin",
                    "Master of Laws - LLM, International Human Rights Law · (2018 - 2019)",
                    "University College Cork",
                    "Bachelor of Civil Law - BCL, Law · (2014 - 2018)",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2019), ("bachelor", 2018)),
        jobs=(
            ("2022-03", None, True),
            ("2021-03", "2022-02", False),
            ("2019-09", "2021-01", False),
        ),
        # From January 2018 (a year-only bachelor's): 17 + 12 + 49 months.
        total_years=6.5,
        languages=(
            ("English", "C2"),
            ("Irish", "C1"),
            ("French", "B2"),
            ("Arabic", "B1"),
            ("Spanish", "A2"),
        ),
        nationalities=("IE",),
    ),
)

LINKEDIN_ES = FormatFixture(
    name="linkedin_es",
    format="linkedin",
    language="es",
    cv=CvDocument(
        name="Mariana Robles Ortiz",
        headline="Oficial de Programas en ONU Mujeres",
        contact=("mariana.robles@example.mx", "www.linkedin.com/in/marianarobles-example"),
        sections=(
            Section("Aptitudes principales", ("Igualdad de género", "Gestión de proyectos"),
                    sidebar=True),
            Section(
                "Idiomas",
                (
                    "Español (Competencia bilingüe o nativa)",
                    "Inglés (Competencia profesional completa)",
                    "Francés (Competencia básica limitada)",
                ),
                sidebar=True,
            ),
            Section("Nacionalidad", ("Mexicana",), sidebar=True),
            Section(
                "Extracto",
                (
                    "Especialista en igualdad de género con experiencia en programas de "
                    "prevención de la violencia en América Latina.",
                ),
            ),
            Section(
                "Experiencia",
                (
                    "ONU Mujeres",
                    Entry(
                        "marzo de 2021 - actualidad (5 años 1 mes)",
                        head=("Oficial de Programas",),
                        body=("Ciudad de México, México",),
                    ),
                    "Instituto Nacional de las Mujeres",
                    Entry(
                        "agosto de 2018 - febrero de 2021 (2 años 7 meses)",
                        head=("Analista de políticas públicas",),
                        body=("Ciudad de México",),
                    ),
                ),
            ),
            Section(
                "Educación",
                (
                    "El Colegio de México",
                    "Maestría en Estudios de Género · (2016 - 2018)",
                    "Universidad Nacional Autónoma de México",
                    "Licenciatura en Relaciones Internacionales · (2011 - 2015)",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2018), ("bachelor", 2015)),
        jobs=(("2021-03", None, True), ("2018-08", "2021-02", False)),
        # From January 2015: August 2018 to March 2026.
        total_years=7.7,
        languages=(("Spanish", "C2"), ("English", "C1"), ("French", "B1")),
        nationalities=("MX",),
    ),
)

# --------------------------------------------------------------------------- P11

P11_EN = FormatFixture(
    name="p11_en",
    format="p11",
    language="en",
    cv=CvDocument(
        name="PERSONAL HISTORY PROFILE",
        contact=(
            "1. Family name: OTIENO   First name: Grace   Middle name: Akinyi",
            "2. Date of birth: 12/04/1994   3. Place of birth: Kisumu, Kenya",
            "4. Nationality(ies) at birth: Kenyan",
            "5. Present nationality(ies): Kenyan",
            "6. Sex: Female",
            "7. Permanent address: P.O. Box 1234, Nairobi, Kenya",
            "8. E-mail: grace.otieno@example.co.ke",
        ),
        sections=(
            Section(
                "17. EDUCATION",
                (
                    "A. University or equivalent",
                    Entry(
                        "Attended from: 09/2012  To: 07/2016",
                        head=("Name, place and country: University of Nairobi, Nairobi, Kenya",),
                        body=(
                            "Degrees and academic distinctions obtained: Bachelor of Arts "
                            "(Economics)",
                            "Main course of study: Economics",
                        ),
                    ),
                    Entry(
                        "Attended from: 09/2017  To: 09/2018",
                        head=("Name, place and country: University of Sussex, Brighton, "
                              "United Kingdom",),
                        body=(
                            "Degrees and academic distinctions obtained: Master of Arts in "
                            "Development Economics",
                            "Main course of study: Development Economics",
                        ),
                    ),
                ),
            ),
            Section(
                "20. LANGUAGES",
                (
                    "Mother tongue: Swahili",
                    "Language: English  Read: Easily  Write: Easily  Speak: Easily  "
                    "Understand: Easily",
                    "Language: French  Read: Easily  Write: Not easily  Speak: Not easily  "
                    "Understand: Easily",
                ),
            ),
            Section(
                "21. EMPLOYMENT RECORD",
                (
                    Entry(
                        "From: 03/2021  To: Present",
                        body=(
                            "Exact title of your post: Economic Affairs Assistant",
                            "Name of employer: United Nations Economic Commission for Africa, "
                            "Addis Ababa, Ethiopia",
                            "Type of business: International organization",
                            "Description of your duties: Compiled macroeconomic data for the "
                            "economic report on Africa and drafted country notes.",
                        ),
                    ),
                    Entry(
                        "From: 10/2018  To: 02/2021",
                        body=(
                            "Exact title of your post: Research Analyst",
                            "Name of employer: Kenya Institute for Public Policy Research and "
                            "Analysis (KIPPRA), Nairobi, Kenya",
                            "Type of business: Public policy research",
                        ),
                    ),
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("bachelor", 2016), ("master", 2018)),
        jobs=(("2021-03", None, True), ("2018-10", "2021-02", False)),
        # From August 2016: October 2018 to March 2026.
        total_years=7.5,
        languages=(("Swahili", "C2"), ("English", "C1"), ("French", "B1")),
        nationalities=("KE",),
    ),
)

P11_FR = FormatFixture(
    name="p11_fr",
    format="p11",
    language="fr",
    cv=CvDocument(
        name="NOTICE PERSONNELLE",
        contact=(
            "1. Nom de famille : NDIAYE   Prénom : Awa",
            "2. Date de naissance : 03/11/1995   3. Lieu de naissance : Thiès, Sénégal",
            "4. Nationalité(s) à la naissance : sénégalaise",
            "5. Nationalité(s) actuelle(s) : sénégalaise, française",
            "6. Courriel : awa.ndiaye@example.sn",
        ),
        sections=(
            Section(
                "17. FORMATION",
                (
                    Entry(
                        "Du : 10/2013  Au : 07/2016",
                        head=("Établissement, lieu et pays : Université Cheikh Anta Diop, "
                              "Dakar, Sénégal",),
                        body=("Diplôme obtenu : Licence en sociologie",),
                    ),
                    Entry(
                        "Du : 09/2016  Au : 09/2018",
                        head=("Établissement, lieu et pays : Université Paris Cité, Paris, "
                              "France",),
                        body=("Diplôme obtenu : Master en démographie",),
                    ),
                ),
            ),
            Section(
                "20. CONNAISSANCES LINGUISTIQUES",
                (
                    "Langue maternelle : wolof",
                    "Français  Lire : Facilement  Écrire : Facilement  Parler : Facilement  "
                    "Comprendre : Facilement",
                    "Anglais  Lire : Facilement  Écrire : Facilement  Parler : Difficilement  "
                    "Comprendre : Facilement",
                ),
            ),
            Section(
                "21. EXPÉRIENCE PROFESSIONNELLE",
                (
                    Entry(
                        "Du : 01/2022  Au : à ce jour",
                        body=(
                            "Intitulé exact du poste : Assistante en démographie",
                            "Nom de l'employeur : Fonds des Nations Unies pour la population "
                            "(UNFPA), Dakar",
                        ),
                    ),
                    Entry(
                        "Du : 11/2018  Au : 12/2021",
                        body=(
                            "Intitulé exact du poste : Chargée d'études",
                            "Nom de l'employeur : Agence nationale de la statistique et de la "
                            "démographie, Dakar",
                        ),
                    ),
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("bachelor", 2016), ("master", 2018)),
        jobs=(("2022-01", None, True), ("2018-11", "2021-12", False)),
        # From August 2016: November 2018 to March 2026.
        total_years=7.4,
        languages=(("Wolof", "C2"), ("French", "C1"), ("English", "B2")),
        nationalities=("SN", "FR"),
    ),
)

# --------------------------------------------------------------------------- academic

ACADEMIC_EN = FormatFixture(
    name="academic_en",
    format="academic",
    language="en",
    cv=CvDocument(
        name="Dr. Marie-Claire Tremblay",
        contact=(
            "Citizenship: Canadian",
            "mc.tremblay@example.ca | +1 514 555 0199",
        ),
        sections=(
            Section(
                "Education",
                (
                    "PhD in Political Science, McGill University, 2021",
                    "MA in Political Science, Université de Montréal, 2016",
                    "BA in International Studies, University of Toronto, 2014",
                ),
            ),
            Section(
                "Academic Appointments",
                (
                    Entry("2021 – present", ("Postdoctoral Fellow, Graduate Institute Geneva",)),
                    Entry("2017 – 2021", ("Teaching Assistant, McGill University",)),
                ),
            ),
            Section(
                "Publications",
                (
                    "Tremblay, M.-C. (2023). Peacekeeping mandates and the protection of "
                    "civilians. Journal of Peace Research 60(2): 211-228.",
                    "Tremblay, M.-C. and Singh, R. (2021). Local ownership in peacebuilding. "
                    "International Peacekeeping 28(4): 501-525.",
                ),
            ),
            Section(
                "Conference Presentations",
                (
                    Entry("2024", ("Protection of civilians in UN mandates",),
                          ("International Studies Association Annual Convention, San Francisco",)),
                    Entry("2022", ("Local ownership and peace operations",),
                          ("ECPR General Conference, Innsbruck",)),
                ),
            ),
            Section(
                "Invited Talks",
                (Entry("2023", ("Seminar, United Nations Department of Peace Operations, "
                                "New York",)),),
            ),
            Section("Languages", ("English (native), French (fluent), Spanish (intermediate)",),
                    sidebar=True),
        ),
    ),
    expected=Expected(
        degrees=(("doctorate", 2021), ("master", 2016), ("bachelor", 2014)),
        jobs=(("2021", None, True), ("2017", "2021", False)),
        # From January 2014: January 2017 to March 2026.
        total_years=9.2,
        languages=(("English", "C2"), ("French", "C1"), ("Spanish", "B1")),
        nationalities=("CA",),
    ),
)

ACADEMIC_ES = FormatFixture(
    name="academic_es",
    format="academic",
    language="es",
    cv=CvDocument(
        name="Dra. Valentina Rojas Muñoz",
        contact=("Nacionalidad: chilena", "valentina.rojas@example.cl"),
        sections=(
            Section(
                "Formación académica",
                (
                    "Doctorado en Ciencias Ambientales, Universidad de Concepción, 2022",
                    "Magíster en Gestión Ambiental, Pontificia Universidad Católica de Chile, 2017",
                    "Licenciatura en Biología, Universidad de Chile, 2014",
                ),
            ),
            Section(
                "Experiencia profesional",
                (
                    Entry("2022 – actualidad", ("Investigadora postdoctoral, CEPAL, Santiago",)),
                    Entry("2017 – 2019", ("Analista ambiental, Ministerio del Medio Ambiente",)),
                ),
            ),
            Section(
                "Publicaciones",
                (
                    "Rojas, V. (2023). Glaciares y adaptación en los Andes. Revista de Geografía "
                    "Norte Grande 84: 55-72.",
                ),
            ),
            Section(
                "Ponencias en congresos",
                (Entry("2023", ("Adaptación al cambio climático en cuencas andinas",),
                       ("Congreso Latinoamericano de Ecología, Lima",)),),
            ),
            Section("Idiomas", ("Español: nativo; Inglés: avanzado (C1); Portugués: básico",)),
        ),
    ),
    expected=Expected(
        degrees=(("doctorate", 2022), ("master", 2017), ("bachelor", 2014)),
        jobs=(("2022", None, True), ("2017", "2019", False)),
        # From January 2014: 2017-2019 (36 months) and January 2022 to March 2026 (51).
        total_years=7.2,
        languages=(("Spanish", "C2"), ("English", "C1"), ("Portuguese", "A2")),
        nationalities=("CL",),
    ),
)

# --------------------------------------------------------------------------- third-person bios

BIO_EN = FormatFixture(
    name="bio_en",
    format="bio",
    language="en",
    cv=CvDocument(
        name="Abena Mensah",
        sections=(
            Section(
                "Biography",
                (
                    "Abena Mensah is a public health specialist based in Accra. A Ghanaian "
                    "national, she has worked since 2019 as a Health Programme Officer at UNICEF "
                    "Ghana, where she coordinates immunisation campaigns in the Northern Region.",
                    "From 2016 to 2018 she was a Research Assistant at the Noguchi Memorial "
                    "Institute for Medical Research.",
                    "She holds a Master of Public Health from the University of Cape Town (2016) "
                    "and a Bachelor of Science in Biochemistry from the University of Ghana "
                    "(2014).",
                    "She is fluent in English and French, speaks Twi as her mother tongue and "
                    "has a working knowledge of Portuguese.",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2016), ("bachelor", 2014)),
        jobs=(("2019", None, True), ("2016", "2018", False)),
        # From January 2014: 2016-2018 (36 months) and January 2019 to March 2026 (87).
        total_years=10.2,
        languages=(("English", "C1"), ("French", "C1"), ("Akan", "C2"), ("Portuguese", "B2")),
        nationalities=("GH",),
    ),
)

BIO_FR = FormatFixture(
    name="bio_fr",
    format="bio",
    language="fr",
    cv=CvDocument(
        name="Moussa Keïta",
        sections=(
            Section(
                "Biographie",
                (
                    "De nationalité malienne, Moussa Keïta est juriste spécialisé en droits "
                    "humains. Il travaille depuis 2020 comme chargé de programme au "
                    "Haut-Commissariat des Nations Unies aux droits de l'homme à Bamako.",
                    "De 2017 à 2019, il a été assistant juridique à la Commission nationale des "
                    "droits de l'homme du Mali.",
                    "Il est titulaire d'un master en droit international de l'Université Cheikh "
                    "Anta Diop (2017) et d'une licence en droit de l'Université des sciences "
                    "juridiques et politiques de Bamako (2015).",
                    "Il parle couramment le français et l'anglais ; le bambara est sa langue "
                    "maternelle.",
                ),
            ),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2017), ("bachelor", 2015)),
        jobs=(("2020", None, True), ("2017", "2019", False)),
        # From January 2015: 2017-2019 (36 months) and January 2020 to March 2026 (75).
        total_years=9.2,
        languages=(("French", "C1"), ("English", "C1"), ("Bambara", "C2")),
        nationalities=("ML",),
    ),
)

# --------------------------------------------------------------------------- half-page CVs

HALF_PAGE_EN = FormatFixture(
    name="half_page_en",
    format="half_page",
    language="en",
    cv=CvDocument(
        name="Léa Johansen-Martin",
        contact=(
            "lea.jm@example.org",
            "+33 6 12 34 56 78",
            "Dual nationality: French / Norwegian",
        ),
        sections=(
            Section(
                "Education",
                ("MA International Relations, Sciences Po Paris (2021) | BA Political Science, "
                 "Université de Strasbourg (2019)",),
            ),
            Section(
                "Experience",
                (
                    Entry("09/2022 – present", ("Associate Programme Officer, UNFPA, Dakar",)),
                    Entry("02/2021 – 07/2021", ("Intern, OECD, Paris",)),
                ),
            ),
            Section("Languages", ("French and Norwegian: native · English: C1",), sidebar=True),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2021), ("bachelor", 2019)),
        jobs=(("2022-09", None, True), ("2021-02", "2021-07", False)),
        # From January 2019: 6 months, then September 2022 to March 2026 (43).
        total_years=4.1,
        languages=(("French", "C2"), ("Norwegian", "C2"), ("English", "C1")),
        nationalities=("FR", "NO"),
    ),
)

HALF_PAGE_PT = FormatFixture(
    name="half_page_pt",
    format="half_page",
    language="pt",
    cv=CvDocument(
        name="Ana Beatriz Souza",
        contact=(
            "Nacionalidade: brasileira",
            "ana.souza@example.com.br · +55 61 99999-0000",
        ),
        sections=(
            Section(
                "Formação acadêmica",
                (
                    "Mestrado em Relações Internacionais, Universidade de Brasília (2020)",
                    "Bacharelado em Ciência Política, Universidade de São Paulo (2017)",
                ),
            ),
            Section(
                "Experiência profissional",
                (
                    Entry("mar. 2021 – atual", ("Oficial Associada de Programas, PNUD Brasil",)),
                    Entry("ago. 2019 – dez. 2020",
                          ("Estagiária, Ministério das Relações Exteriores",)),
                ),
            ),
            Section("Idiomas", ("Português (nativo), Inglês (fluente), Espanhol (intermediário)",),
                    sidebar=True),
        ),
    ),
    expected=Expected(
        degrees=(("master", 2020), ("bachelor", 2017)),
        jobs=(("2021-03", None, True), ("2019-08", "2020-12", False)),
        # From January 2017: 17 months, then March 2021 to March 2026 (61).
        total_years=6.5,
        languages=(("Portuguese", "C2"), ("English", "C1"), ("Spanish", "B1")),
        nationalities=("BR",),
    ),
)

#: Every fixture, in a fixed order.
FIXTURES: tuple[FormatFixture, ...] = (
    EUROPASS_EN,
    EUROPASS_FR,
    EUROPASS_PT,
    LINKEDIN_EN,
    LINKEDIN_ES,
    P11_EN,
    P11_FR,
    ACADEMIC_EN,
    ACADEMIC_ES,
    BIO_EN,
    BIO_FR,
    HALF_PAGE_EN,
    HALF_PAGE_PT,
)


def by_name(name: str) -> FormatFixture:
    """The fixture called ``name``.

    Raises:
        KeyError: no fixture has that name.
    """
    for fixture in FIXTURES:
        if fixture.name == name:
            return fixture
    raise KeyError(name)
