"""Sample CV texts (synthetic people) for parser and matching tests.

Each constant is one CV as plain text, as a reader would extract it from a .txt/.pdf/.docx.
They differ on purpose: language (English, French, Spanish), layout (UN-style headings,
underlined headings, two columns, tables), and content (degree in progress, no languages
section, undated jobs, overlapping jobs). ``AS_OF`` is the date tests pass as ``as_of`` so
"present" is stable.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "AS_OF",
    "BACHELOR_JUNIOR",
    "DEGREE_IN_PROGRESS",
    "ENGLISH_UN",
    "FRENCH_CV",
    "KUWAITI_POLICY",
    "LONG_OVERLAPPING",
    "NO_LANGUAGES",
    "SAMPLES",
    "SPANISH_CV",
    "TWO_COLUMN",
    "UNDATED_EXPERIENCE",
]

AS_OF = date(2026, 3, 15)

ENGLISH_UN = """\
ANNA MÜLLER
Berlin, Germany | anna.mueller@example.org | +49 151 2345 6789 | linkedin.com/in/annamueller

PROFILE
Humanitarian affairs professional with four years of experience in coordination of emergency
response, needs assessments and inter-agency reporting in East Africa.

EDUCATION
MA in International Relations, Sciences Po Paris, 2017 – 2019
BA in Political Science, Freie Universität Berlin, 2014 – 2017

WORK EXPERIENCE
Jan 2022 – present | Humanitarian Affairs Officer, OCHA, Nairobi
• Coordinated inter-cluster needs assessments in drought-affected counties.
• Drafted situation reports and briefing notes for the Humanitarian Coordinator.

Sep 2019 – Dec 2021 | Programme Associate, UNDP, Kampala
• Supported the monitoring and evaluation of resilience projects worth USD 12 million.
• Organised capacity-building workshops for local government partners.

Jun 2016 – Aug 2016 | Intern, German Red Cross, Berlin
• Assisted with volunteer management for refugee reception centres.

LANGUAGES
German (native), English: C1, French – working knowledge, Spanish (basic)

PERSONAL DETAILS
Nationality: German
Date of birth: 12 March 1994
"""

FRENCH_CV = """\
Camille Dubois
12 rue des Lilas, 75011 Paris — camille.dubois@example.fr — 06 12 34 56 78
Nationalité : française

Profil
Juriste spécialisée en droits humains, avec une expérience de terrain en Afrique de l'Ouest et
une solide pratique de la rédaction de rapports.

Formation
2018 – 2020   Master 2 Droit international des droits de l'homme, Université Paris 1
2015 – 2018   Licence en droit, Université de Lyon

Expérience professionnelle
Juriste, Commission nationale des droits de l'homme, Dakar
sept. 2021 – aujourd'hui
- Rédaction de notes juridiques sur la détention provisoire et le suivi des recommandations.
- Organisation de formations pour les magistrats et les forces de sécurité.

Stagiaire, Haut-Commissariat des Nations Unies aux droits de l'homme, Genève
janv. 2021 – juin 2021
- Appui à la préparation des sessions de l'Examen périodique universel.

Langues
Français : langue maternelle
Anglais : courant (C1)
Espagnol : notions
"""

SPANISH_CV = """\
LUCÍA FERNÁNDEZ GARCÍA
Madrid, España · lucia.fernandez@example.es · +34 600 123 456
Nacionalidad: española

PERFIL PROFESIONAL
Economista con experiencia en cooperación internacional al desarrollo y en la gestión de
proyectos de seguridad alimentaria en América Latina.

FORMACIÓN ACADÉMICA
Máster en Cooperación Internacional, Universidad Complutense de Madrid (2020)
Grado en Economía, Universidad de Sevilla (2014 - 2018)

EXPERIENCIA PROFESIONAL
Técnica de proyectos, Agencia Española de Cooperación Internacional, Lima
enero 2021 – actualidad
- Seguimiento técnico y financiero de proyectos de seguridad alimentaria en la región andina.
- Elaboración de informes para donantes y contrapartes locales.

Asistente de investigación, Universidad de Sevilla
10/2018 - 07/2019
- Análisis de datos de encuestas de hogares sobre pobreza rural.

IDIOMAS
Español: lengua materna
Inglés: avanzado (C1)
Francés: intermedio
"""

BACHELOR_JUNIOR = """\
James Okoro
Lagos, Nigeria
james.okoro@example.com

Summary
Recent graduate in economics with internship experience in public financial management.

Education
Bachelor of Science in Economics
University of Lagos, 2023

Experience
Finance Intern, Federal Ministry of Finance, Abuja (Jun 2023 – Dec 2023)
- Compiled budget execution data for quarterly reports.
Research Assistant, Centre for the Study of the Economies of Africa (Jan 2024 – Jun 2025)
- Cleaned and analysed household survey data in Stata.

Languages
English – fluent; Yoruba – native; French – basic

Citizenship: Nigeria
"""

DEGREE_IN_PROGRESS = """\
SOFIA ROSSI
Rome, Italy  |  sofia.rossi@example.it

EDUCATION
MSc in Environmental Policy, London School of Economics, expected 2026
Bachelor of Arts in Geography, Università di Bologna, 2022

EXPERIENCE
Climate Policy Intern, FAO, Rome — Mar 2023 – Aug 2023
- Reviewed national adaptation plans for agriculture and food security.
Junior Researcher, Italian Institute for International Political Studies (ISPI), Milan
Oct 2023 – Sep 2024
- Wrote policy briefs on climate finance and loss and damage negotiations.

LANGUAGES
Italian: mother tongue
English: C1
Spanish: B1

Nationality: Italian
"""

NO_LANGUAGES = """\
Daniel Kim
Seoul | daniel.kim@example.kr

Professional Experience
Data Analyst, Korea International Cooperation Agency (KOICA), Seoul, 2020 – 2024
- Built dashboards tracking official development assistance disbursements.
- Automated quarterly reporting with Python and SQL.

Education
Master of Public Policy, KDI School of Public Policy and Management, 2019
Bachelor of Arts in Statistics, Yonsei University, 2017

Skills
Python, SQL, Tableau, R, results-based management
"""

UNDATED_EXPERIENCE = """\
Maria Haddad
Beirut, Lebanon — maria.haddad@example.com

EDUCATION
Master's degree in Public Health, American University of Beirut, 2020

EXPERIENCE
Health Programme Officer, International Medical Corps, Beirut, 2021 – 2023
- Supervised primary health care activities in informal refugee settlements.
Field Coordinator, Local NGO supporting refugee women
- Coordinated outreach teams and community health volunteers.

LANGUAGES
Arabic: native
English: fluent
French: intermediate
"""

LONG_OVERLAPPING = """\
Peter Jansen
Utrecht, the Netherlands
peter.jansen@example.nl | www.peterjansen.nl

Professional summary
Governance specialist with a long record of public sector reform work in fragile states. Led
multi-donor programmes on local government, decentralisation and public financial management.
Experienced in leading teams of up to twenty staff and managing budgets above EUR 5 million.

Education
PhD in Development Studies, Institute of Social Studies, The Hague, 2012
MSc Public Administration, Utrecht University, 2007
BSc Economics, University of Amsterdam, 2005

Employment history
2019 – present   Senior Governance Adviser, Netherlands Ministry of Foreign Affairs, The Hague
- Advises embassies on rule of law and local governance programming.
2017 – 2020   Part-time Lecturer, Utrecht University
- Taught the graduate course on public sector reform.
2013 – 2018   Programme Manager, SNV Netherlands Development Organisation, Juba
- Managed a local government strengthening programme in South Sudan.
2008 – 2012   Research Associate, Institute of Social Studies, The Hague
- Field research on decentralisation in Uganda and Ghana.
2004 – 2005   Student Assistant, University of Amsterdam

Languages
Dutch – native; English – fluent; French – working knowledge; German – basic

Nationality: Dutch
"""

KUWAITI_POLICY = """\
Fatima Al-Sabah
Kuwait City, Kuwait

Profile
Policy analyst with experience in economic diversification, sustainable development goals
reporting and Gulf cooperation. Kuwaiti citizen.

Academic background
MPhil in Public Policy, University of Cambridge, 2021
B.A. in Economics, Kuwait University, 2018

Work experience
Policy Analyst, Kuwait Fund for Arab Economic Development — 03/2022 - 02/2025
- Appraised infrastructure loans and prepared policy notes for the Board.
Research Fellow, Kuwait Institute for Scientific Research — 09/2021 - 02/2022
- Contributed to the national voluntary review of the Sustainable Development Goals.

Language skills
Arabic | Native
English | Fluent
"""

TWO_COLUMN = """\
AMINA DIALLO                                  CONTACT
Monitoring & Evaluation Specialist            amina.diallo@example.sn
                                              +221 77 123 45 67
EXPERIENCE                                    LANGUAGES
M&E Officer, UNICEF Senegal                   French: native
Apr 2021 - Present                            English: fluent
- Designed the results framework for the      Wolof: native
  child protection programme.
M&E Assistant, World Food Programme           NATIONALITY
Feb 2019 - Mar 2021                           Senegalese
- Managed post-distribution monitoring surveys
  across three regions.
                                              SKILLS
EDUCATION                                     KoboToolbox, Stata, Power BI
Master en Statistique appliquée, Université Cheikh Anta Diop, 2018
Licence en Mathématiques, Université Gaston Berger, 2016
"""

SAMPLES: dict[str, str] = {
    "english_un": ENGLISH_UN,
    "french_cv": FRENCH_CV,
    "spanish_cv": SPANISH_CV,
    "bachelor_junior": BACHELOR_JUNIOR,
    "degree_in_progress": DEGREE_IN_PROGRESS,
    "no_languages": NO_LANGUAGES,
    "undated_experience": UNDATED_EXPERIENCE,
    "long_overlapping": LONG_OVERLAPPING,
    "kuwaiti_policy": KUWAITI_POLICY,
    "two_column": TWO_COLUMN,
}
