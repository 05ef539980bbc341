"""Form-like CVs: Europass (English, French, Portuguese) and the UN P11 (English, French)."""

from __future__ import annotations

from eval.documents import CvDocument, Entry, Section
from tests.cv_formats.model import Expected, FormatFixture

__all__ = ["EUROPASS_EN", "EUROPASS_FR", "EUROPASS_PT", "P11_EN", "P11_FR"]

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
        jobs=(
            ("2021-09", None, True),
            ("2019-02", "2021-08", False),
            ("2017-07", "2017-12", False),
        ),
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
