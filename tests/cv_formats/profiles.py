"""Free-form CVs: LinkedIn "Save to PDF", academic CVs, third-person bios, half-page CVs."""

from __future__ import annotations

from eval.documents import CvDocument, Entry, Section
from tests.cv_formats.model import Expected, FormatFixture

__all__ = [
    "ACADEMIC_EN",
    "ACADEMIC_ES",
    "BIO_EN",
    "BIO_FR",
    "HALF_PAGE_EN",
    "HALF_PAGE_PT",
    "LINKEDIN_EN",
    "LINKEDIN_ES",
]

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
