"""Write ``labels.json`` of the ``jpo`` evaluation set from hand-recorded facts and grades.

Everything a recruiter judges by reading is recorded by hand below, per CV:

* the facts read from the CV (degrees held with their completion date, dated jobs, languages
  with levels, stated nationality; ``None`` where the CV says nothing);
* a **thematic** grade 0-3 per seed (how well the work matches the post's duties), with a note.

The script only applies the written rules of ``docs/architecture.md`` to those facts (eligibility:
met/unmet/unknown checks) and the capping rule of ``LABELS.md`` (final relevance =
``min(thematic, 1 if ineligible, 2 if eligibility unknown, 3 if eligible)``). Keeping the rules in
code makes the 240 labels consistent; keeping the facts and thematic grades by hand keeps them a
human reading. Run from the repository root::

    .venv/bin/python eval/data/make_labels.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "AS_OF", "CVS", "OTHERS", "SEEDS", "VACANCIES", "VACANCY_IDS", "build_labels", "new_cvs",
    "other_grades", "themes",
]

DATA_DIR = Path(__file__).resolve().parent
AS_OF = "2026-11-23"
_AS_OF_MONTH = (2026, 11)

S0, S1, S2, S3, S4 = (
    "000_cd5431b3734e23ae.txt",
    "001_7792897bda67b344.txt",
    "002_43fea7913431b70e.txt",
    "003_7cdb167dd092bd14.txt",
    "004_249af54981b55b58.txt",
)
SEEDS: tuple[str, ...] = (S0, S1, S2, S3, S4)
#: JPO ToRs of other agencies, in ``vacancies/`` (graded in ``grades/`` and ``new_cvs_*.json``).
T1, T2, T3, T4, T5, T6, T7, T8 = (
    "tor_01_undp_amman.txt",
    "tor_02_unicef_kampala.txt",
    "tor_03_wfp_niamey.txt",
    "tor_04_fao_rome.txt",
    "tor_05_unhcr_beirut.txt",
    "tor_06_ocha_nairobi.txt",
    "tor_07_unesco_dakar_fr.txt",
    "tor_08_oit_lima_es.txt",
)
OTHERS: tuple[str, ...] = (T1, T2, T3, T4, T5, T6, T7, T8)

Level = Literal["bachelor", "master", "doctorate"]
_DEGREE_RANK = {"bachelor": 1, "master": 2, "doctorate": 3}
_CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True, slots=True)
class VacancyReq:
    """Hard requirements of one seed, as a careful reader takes them from the ToR."""

    title: str
    min_level: Level
    substitute_extra_years: int | None
    min_years: int
    languages: dict[str, str]
    nationalities: tuple[str, ...] = ()
    desirable: str = ""
    #: "unlisted": the call restricts nationality to a list it does not give ("nationals of a
    #: country sponsoring the JPO Programme"); no CV can be checked against it.
    nationality_rule: str | None = None


VACANCIES: dict[str, VacancyReq] = {
    S0: VacancyReq(
        "JPO in Policy Planning (DPKO/DPET, New York; Kuwaiti nationals only)",
        "master", None, 2, {"English": "C1"}, ("KW",),
        "French fluency highly desirable; policy development or research experience preferred",
    ),
    S1: VacancyReq(
        "JPO in Political Affairs (Peacekeeping) - lessons learning, security of peacekeepers",
        "master", None, 2, {"English": "C1"}, (),
        "French desirable; peacekeeping field experience and data analytics desirable",
    ),
    S2: VacancyReq(
        "JPO in Civil Affairs (DPO/DPET/PBPS, New York) - local conflict analysis, data",
        "master", 2, 2, {"English": "C1"}, (),
        "French an advantage; PowerBI desirable; field experience in conflict country desirable",
    ),
    S3: VacancyReq(
        "JPO in Security Sector Reform (DPO/OROLSI SSR Unit, New York)",
        "master", 2, 2, {"English": "C1"}, (),
        "another UN language an advantage; project management and research required as "
        "experience content (not mechanically checkable)",
    ),
    S4: VacancyReq(
        "JPO in Political Affairs (Protection of Civilians & Information Integrity), "
        "Goma then New York",
        "master", None, 2, {"English": "C1", "French": "C1"}, (),
        "data analysis, international setting, training design desirable",
    ),
    T1: VacancyReq(
        "JPO Climate Change and Resilience (UNDP, Amman; Dutch nationals only)",
        "master", None, 2, {"English": "C1"}, ("NL",), "Arabic an asset",
    ),
    T2: VacancyReq(
        "JPO Child Protection (UNICEF, Kampala; Italian nationals only)",
        "master", 2, 2, {"English": "C1"}, ("IT",), "working knowledge of French desirable",
    ),
    T3: VacancyReq(
        "JPO Programme Policy Officer, cash-based transfers (WFP, Niamey)",
        "master", None, 3, {"English": "C1", "French": "C1"}, (), "",
    ),
    T4: VacancyReq(
        "APO Fisheries and Aquaculture statistics (FAO, Rome; Japanese nationals only)",
        "master", 2, 2, {"English": "B2"}, ("JP",), "working knowledge of Spanish desirable",
    ),
    T5: VacancyReq(
        "JPO Associate Protection Officer (UNHCR, Beirut; Danish nationals only)",
        "master", 1, 2, {"English": "C1"}, ("DK",), "Arabic or French desirable",
    ),
    T6: VacancyReq(
        "JPO Humanitarian Affairs (OCHA, Nairobi)",
        "master", 2, 3, {"English": "C1"}, (), "Swahili desirable",
        nationality_rule="unlisted",
    ),
    T7: VacancyReq(
        "JPO Education (UNESCO, Dakar, ToR in French; Belgian nationals only)",
        "master", None, 2, {"French": "C1"}, ("BE",), "good knowledge of English an asset",
    ),
    T8: VacancyReq(
        "JPO Youth Employment (ILO, Lima, ToR in Spanish; Spanish nationals only)",
        "master", 2, 2, {"Spanish": "C1", "English": "C1"}, ("ES",), "Portuguese an asset",
    ),
}
VACANCY_IDS: tuple[str, ...] = SEEDS + OTHERS

Month = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Facts:
    """What a recruiter reads in one CV (``None`` = the CV does not say)."""

    degrees: tuple[tuple[Level, Month], ...] | None
    jobs: tuple[tuple[Month, Month | None], ...]
    languages: dict[str, str | None] | None
    nationality: str | None
    in_progress: str = ""


@dataclass(frozen=True, slots=True)
class CvLabel:
    """Hand labels of one CV: facts, thematic grades per seed, notes."""

    file: str
    language: Literal["en", "fr", "es", "pt"]
    summary: str
    facts: Facts
    thematic: tuple[int, int, int, int, int]
    notes: tuple[str, str, str, str, str]
    kind: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: How the CV is written (europass, linkedin, p11, academic, bio, half_page; plain
    #: for the CVs of the first two rounds) and the layout it was rendered in.
    cv_format: str = "plain"
    layout: str = ""


def _m(text: str) -> Month:
    year, month = text.split("-")
    return int(year), int(month)


def _jobs(*spans: str) -> tuple[tuple[Month, Month | None], ...]:
    """Parse ``"2019-08..now"`` style spans."""
    out: list[tuple[Month, Month | None]] = []
    for span in spans:
        start, end = span.split("..")
        out.append((_m(start), None if end == "now" else _m(end)))
    return tuple(out)


def _deg(*items: str) -> tuple[tuple[Level, Month], ...]:
    """Parse ``"master:2020-06"`` items (year-only degrees are recorded as June)."""
    out: list[tuple[Level, Month]] = []
    for item in items:
        level, when = item.split(":")
        if level not in _DEGREE_RANK:
            raise ValueError(level)
        lvl: Level = "bachelor" if level == "bachelor" else (
            "master" if level == "master" else "doctorate")
        out.append((lvl, _m(when)))
    return tuple(out)


def _months_after(first_degree: Month, jobs: tuple[tuple[Month, Month | None], ...]) -> int:
    """Months covered by dated jobs after the first degree (union, inclusive of both ends)."""
    covered: set[int] = set()
    start_index = first_degree[0] * 12 + first_degree[1]
    for start, end in jobs:
        stop = end if end is not None else _AS_OF_MONTH
        for idx in range(start[0] * 12 + start[1], stop[0] * 12 + stop[1] + 1):
            if idx > start_index:
                covered.add(idx)
    return len(covered)


Status = Literal["met", "unmet", "unknown"]


def _checks(facts: Facts, req: VacancyReq) -> list[tuple[str, Status, str]]:
    checks: list[tuple[str, Status, str]] = []
    months: int | None
    if facts.degrees is None:
        months = None
    elif not facts.degrees:
        months = 0
    else:
        first = min(when for _, when in facts.degrees)
        months = _months_after(first, facts.jobs)
    years = None if months is None else months / 12
    # Experience.
    if years is None:
        checks.append(("experience", "unknown", "no university degree stated to count from"))
    elif years >= req.min_years:
        checks.append(("experience", "met", f"{years:.1f} years after first degree"))
    else:
        checks.append(("experience", "unmet", f"{years:.1f} years after first degree"))
    # Education (with the ToR's substitution rule).
    if facts.degrees is None:
        checks.append(("education", "unknown", "no education section"))
    else:
        best = max((_DEGREE_RANK[lvl] for lvl, _ in facts.degrees), default=0)
        if best >= _DEGREE_RANK[req.min_level]:
            checks.append(("education", "met", "advanced degree held"))
        elif best == 1 and req.substitute_extra_years is not None and years is not None:
            need = req.min_years + req.substitute_extra_years
            status: Status = "met" if years >= need else "unmet"
            checks.append(("education", status,
                           f"bachelor + {years:.1f} years (substitution needs {need})"))
        elif best == 0:
            checks.append(("education", "unmet", "no completed university degree"
                           + (f" ({facts.in_progress} in progress)" if facts.in_progress else "")))
        else:
            checks.append(("education", "unmet", "bachelor only, no substitution in this ToR"
                           + (f" ({facts.in_progress} in progress)" if facts.in_progress else "")))
    # Required languages.
    for lang, need_level in req.languages.items():
        if facts.languages is None:
            checks.append((f"language:{lang}", "unknown", "no languages section"))
        elif lang not in facts.languages:
            checks.append((f"language:{lang}", "unmet", "not listed"))
        else:
            have = facts.languages[lang]
            if have is None:
                checks.append((f"language:{lang}", "unknown", "listed without level"))
            elif _CEFR.index(have) >= _CEFR.index(need_level):
                checks.append((f"language:{lang}", "met", have))
            else:
                checks.append((f"language:{lang}", "unmet", f"{have} < {need_level}"))
    # Nationality (only when the call is restricted).
    if req.nationality_rule == "unlisted":
        checks.append(("nationality", "unknown", "restricted to a list the ToR does not give"))
    elif req.nationalities:
        if facts.nationality is None:
            checks.append(("nationality", "unknown", "not stated"))
        elif set(facts.nationality.split("/")) & set(req.nationalities):
            # "IT/BR": a dual national holds each nationality.
            checks.append(("nationality", "met", facts.nationality))
        else:
            checks.append(("nationality", "unmet", facts.nationality))
    return checks


def _eligible(checks: list[tuple[str, Status, str]]) -> bool | None:
    statuses = {status for _, status, _ in checks}
    if "unmet" in statuses:
        return False
    if "unknown" in statuses:
        return None
    return True


def _cap(eligible: bool | None) -> int:
    return 1 if eligible is False else (2 if eligible is None else 3)


def _cv(file: str, language: Literal["en", "fr", "es"], summary: str, facts: Facts,
        thematic: tuple[int, int, int, int, int], notes: tuple[str, str, str, str, str],
        kind: str) -> CvLabel:
    return CvLabel(file, language, summary, facts, thematic, notes, kind)


def _l(**levels: str | None) -> dict[str, str | None]:
    return dict(levels)


CVS: tuple[CvLabel, ...] = (
    _cv("cv01_al_mutairi.txt", "en",
        "Kuwaiti diplomat, MA IR; peacekeeping policy, C34 statements, talking points",
        Facts(_deg("bachelor:2018-06", "master:2020-06"), _jobs("2020-09..2022-08", "2022-09..now"),
              _l(Arabic="C2", English="C2", French="B1"), "KW"),
        (3, 2, 1, 1, 1),
        ("peacekeeping policy drafting for senior officials and Member State outreach",
         "peacekeeping policy, but no lessons-learning work",
         "UN political work, no local conflict analysis or data",
         "no SSR work", "peacekeeping policy, no POC/information work"),
        "ideal S0"),
    _cv("cv02_al_rashidi.txt", "en",
        "Kuwaiti policy analyst, BA only, 7 years ministry policy planning on UN issues",
        Facts(_deg("bachelor:2019-06"), _jobs("2019-08..now"),
              _l(Arabic="C2", English="C1", French="A2"), "KW"),
        (3, 2, 1, 1, 1),
        ("policy planning, speeches and talking points on UN peace issues",
         "UN policy, no lessons-learning", "no civil affairs/data work", "no SSR work",
         "no POC/information work"),
        "near miss S0 (degree)"),
    _cv("cv03_haddad.txt", "en",
        "Jordanian LLM, peace-operations policy researcher and DPPA consultant",
        Facts(_deg("bachelor:2017-06", "master:2019-06"), _jobs("2019-10..2024-02", "2024-03..now"),
              _l(Arabic="C2", English="C2", French="C1"), "JO"),
        (3, 2, 1, 1, 1),
        ("policy options papers and speaking notes on peace operations",
         "peace-operations policy research, not lessons learning/security of peacekeepers",
         "no local conflict data work", "no SSR work", "no POC/information integrity work"),
        "near miss S0 (nationality)"),
    _cv("cv04_al_enezi.txt", "en",
        "Kuwaiti MA diplomacy, 1.4 years as junior researcher on peacekeeping policy",
        Facts(_deg("bachelor:2024-06", "master:2025-06"), _jobs("2025-07..now"),
              _l(Arabic="C2", English="C1", French="A2"), "KW"),
        (3, 2, 1, 1, 1),
        ("peacekeeping policy research and briefs", "policy research on peacekeeping",
         "no civil affairs work", "no SSR work", "no POC work"),
        "near miss S0 (years)"),
    _cv("cv05_solberg.pdf", "en",
        "Lessons-learned/best practices officer UNMISS, after-action reviews of attacks; NUPI",
        Facts(_deg("bachelor:2017-06", "master:2019-06"), _jobs("2019-09..2022-01", "2022-02..now"),
              _l(Norwegian="C2", English="C2", French="B2"), None),
        (2, 3, 2, 1, 1),
        ("peacekeeping guidance and talking points, not HQ policy planning",
         "after-action reviews and lessons on security of peacekeepers, knowledge repository",
         "mission knowledge data, Power BI; not local conflict analysis",
         "no SSR work", "peacekeeping field, no POC/information integrity"),
        "ideal S1 (pdf)"),
    _cv("cv06_diallo.txt", "fr",
        "Senegalese, lessons-learned officer MINUSMA (after-action reviews of attacks), IHEDS",
        Facts(_deg("bachelor:2016-06", "master:2018-06"),
              _jobs("2018-10..2020-12", "2021-01..2024-06", "2024-07..now"),
              _l(French="C2", Wolof="C2", English="C1", Arabic="A2"), "SN"),
        (2, 3, 1, 1, 2),
        ("peacekeeping analysis for leadership, not policy planning",
         "lessons from attacks on peacekeepers, best-practice network, TCC seminars (other words)",
         "no local conflict data work", "contingent training, not SSR",
         "francophone mission political analysis, no POC/info integrity"),
        "ideal S1 in French"),
    _cv("cv07_mensah.txt", "en",
        "Ghanaian BA, MA in progress; KAIPTC research on attacks against peacekeepers, 6 years",
        Facts(_deg("bachelor:2020-07"), _jobs("2020-09..now"),
              _l(English="C2", French="B1", Twi="C2"), "GH", in_progress="MA"),
        (2, 3, 2, 2, 1),
        ("peace-operations research, not policy planning",
         "incident dataset and lessons on security of peacekeepers",
         "incident data analysis, some conflict dynamics",
         "training of police/military contingents, donor reporting",
         "no POC/information work"),
        "near miss S1 (degree in progress)"),
    _cv("cv08_fernandez.txt", "es",
        "Argentine MA; CAECOPAZ lessons-learned analyst on security incidents; English B1",
        Facts(_deg("bachelor:2018-06", "master:2021-06"), _jobs("2018-07..2021-02", "2021-03..now"),
              _l(Spanish="C2", English="B1", Portuguese="B1"), "AR"),
        (2, 3, 1, 1, 1),
        ("peacekeeping research, not HQ policy",
         "lessons from security incidents, after-action reviews, best-practice base",
         "no civil affairs work", "no SSR work", "no POC/information work"),
        "near miss S1 (English level)"),
    _cv("cv09_becker.txt", "en",
        "German MA peace studies, 1.8 years on how UN missions learn from security incidents",
        Facts(_deg("bachelor:2023-07", "master:2024-09"), _jobs("2025-03..now"),
              _l(German="C2", English="C2", French="B2"), None),
        (2, 3, 1, 1, 1),
        ("policy research on peacekeeping", "organisational learning from security incidents",
         "no civil affairs work", "no SSR work", "no POC work"),
        "near miss S1 (years)"),
    _cv("cv10_achieng.txt", "en",
        "Kenyan civil affairs officer UNMISS: local conflict analysis, QIP database, Power BI",
        Facts(_deg("bachelor:2015-06", "master:2018-06"), _jobs("2019-01..2021-03", "2021-04..now"),
              _l(English="C1", Swahili="C2"), "KE"),
        (1, 2, 3, 1, 2),
        ("UN field work, no policy planning", "mission field experience, not lessons learning",
         "local conflict analysis, activity/QIP database, dashboards, community engagement",
         "no SSR work", "field protection-related work and early warning, no French"),
        "ideal S2"),
    _cv("cv11_rios.docx", "es",
        "Colombian bachelor + 10 years: UN Verification Mission local conflict analysis, Power BI",
        Facts(_deg("bachelor:2016-06"), _jobs("2016-08..2020-01", "2020-02..now"),
              _l(Spanish="C2", English="C1", French="A2"), "CO"),
        (1, 2, 3, 1, 2),
        ("UN mission, no policy planning", "mission analysis, not lessons learning",
         "local conflict analysis, activity database, QIP dashboards (other words)",
         "some liaison with security forces only", "conflict monitoring and early warning"),
        "ideal S2 via substitution (docx)"),
    _cv("cv12_raman.txt", "en",
        "Indian BA sociology, 3.4 years conflict incident data analyst for a peace NGO",
        Facts(_deg("bachelor:2023-05"), _jobs("2023-07..now"),
              _l(English="C1", Tamil="C2", Hindi="C1"), None),
        (1, 1, 3, 1, 1),
        ("no policy work", "no peacekeeping", "conflict incident data, hotspot maps, dashboards",
         "no SSR work", "conflict data, no POC/information integrity"),
        "near miss S2 (bachelor without enough years)"),
    _cv("cv13_mukendi.txt", "fr",
        "Congolese MONUSCO civil affairs assistant, Goma: local conflicts, protection; English A2",
        Facts(_deg("bachelor:2016-06", "master:2019-06"), _jobs("2016-10..2020-02", "2020-03..now"),
              _l(French="C2", Swahili="C1", Lingala="C1", English="A2"), "CD"),
        (1, 2, 3, 1, 3),
        ("no policy planning", "mission field work, not lessons learning",
         "local conflict analysis, QIP database, community dialogue",
         "no SSR work", "Goma POC: local protection plans, alerts, POC reporting"),
        "near miss S2 and S4 (English)"),
    _cv("cv14_kowalczyk.docx", "en",
        "DCAF/OSCE programme officer in security sector governance and defence reform",
        Facts(_deg("bachelor:2015-06", "master:2017-06"), _jobs("2017-10..2020-12", "2021-01..now"),
              _l(Polish="C2", English="C2", French="B2", Russian="B2"), None),
        (1, 2, 1, 3, 1),
        ("security governance, not peacekeeping policy planning",
         "peace and security programme work", "no local conflict data work",
         "SSR programmes, guidance notes, workshops, high-level dialogues",
         "no POC/information work"),
        "ideal S3 (docx)"),
    _cv("cv15_coulibaly.txt", "fr",
        "Malian deputy SSR adviser EUCAP Sahel; security governance NGO projects",
        Facts(_deg("bachelor:2016-06", "master:2019-06"), _jobs("2019-10..2022-03", "2022-04..now"),
              _l(French="C2", Bambara="C2", English="C1"), None),
        (1, 2, 1, 3, 1),
        ("no peacekeeping policy planning", "peace and security work",
         "community-security dialogue only", "SSR advice, guidance notes, partner coordination",
         "security forces accountability, no POC/information integrity"),
        "ideal S3 in French"),
    _cv("cv16_petrenko.txt", "en",
        "Ukrainian BA IR, 3.8 years on democratic control of armed forces and police reform",
        Facts(_deg("bachelor:2022-06"), _jobs("2023-02..now"),
              _l(Ukrainian="C2", English="C1", Polish="B1"), "UA"),
        (1, 1, 1, 3, 1),
        ("no peacekeeping policy", "security research, no peacekeeping",
         "no conflict data work", "oversight of armed forces and police, milestones, round tables",
         "no POC work"),
        "near miss S3 (bachelor without enough years)"),
    _cv("cv17_torres.txt", "es",
        "Guatemalan MA security; UNDP police reform programme officer; English B1",
        Facts(_deg("bachelor:2015-06", "master:2018-06"), _jobs("2016-01..2019-04", "2019-05..now"),
              _l(Spanish="C2", English="B1"), None),
        (1, 1, 1, 3, 1),
        ("no peacekeeping policy", "no peacekeeping", "no conflict data work",
         "police reform programme, policy notes, workshops", "no POC work"),
        "near miss S3 (English level)"),
    _cv("cv18_karimi.txt", "en",
        "Afghan-Canadian MPP; donor programme on civilian oversight of police/armed forces",
        Facts(_deg("bachelor:2014-06", "master:2016-06"), _jobs("2016-07..2019-02", "2019-03..now"),
              _l(Dari="C2", Pashto="C2", English="C1", Urdu="B2"), None),
        (1, 2, 1, 3, 1),
        ("no peacekeeping policy", "peace and security programme work",
         "perception research only", "SSR described in other words: oversight, vetting, "
         "practice notes, peer network, resource mobilisation", "no POC work"),
        "ideal S3 in other words"),
    _cv("cv19_benali.txt", "en",
        "Belgian LLM; online harmful-content analyst, NRC protection officer in Goma",
        Facts(_deg("bachelor:2017-06", "master:2019-06"), _jobs("2019-09..2023-05", "2023-06..now"),
              _l(French="C2", English="C1", Arabic="B1"), "BE"),
        (1, 1, 2, 1, 3),
        ("no policy planning", "no lessons learning/peacekeeper security",
         "local protection plans, community committees, dashboards",
         "no SSR work",
         "POC monitoring in North Kivu plus mis/disinformation monitoring and training"),
        "ideal S4"),
    _cv("cv20_kasongo.pdf", "fr",
        "Congolese journalist; social-media monitoring of hate speech, protection cluster officer",
        Facts(_deg("bachelor:2016-06", "master:2018-06"),
              _jobs("2016-09..2019-02", "2019-03..2021-12", "2022-01..now"),
              _l(French="C2", English="C1", Swahili="C2"), "CD"),
        (1, 1, 2, 1, 3),
        ("no policy planning", "no peacekeeping lessons work",
         "incident data and local alert committees", "no SSR work",
         "information integrity and protection in eastern DRC (other words, in French)"),
        "ideal S4 in French (pdf)"),
    _cv("cv21_okafor.docx", "en",
        "Nigerian POC analyst UNMISS and disinformation researcher; no French listed",
        Facts(_deg("bachelor:2016-06", "master:2019-06"), _jobs("2019-09..2021-12", "2022-01..now"),
              _l(English="C2", Hausa="C1", Arabic="B1"), "NG"),
        (1, 2, 2, 1, 3),
        ("no policy planning", "mission analysis, not lessons learning",
         "incident tracking and data tools", "no SSR work",
         "POC analysis, tracking matrix, disinformation monitoring"),
        "near miss S4 (French missing; docx)"),
    _cv("cv22_schmidt.txt", "en",
        "German MA human rights; information-integrity researcher and trainer; French B1",
        Facts(_deg("bachelor:2018-06", "master:2020-06"), _jobs("2020-10..2022-03", "2022-04..now"),
              _l(German="C2", English="C2", French="B1"), None),
        (1, 2, 1, 1, 3),
        ("no policy planning", "guidance/training for mission staff, community of practice",
         "protection data management only", "no SSR work",
         "harmful information and civilians, training, community of practice"),
        "near miss S4 (French level)"),
    _cv("cv23_morales.txt", "es",
        "Chilean MA human rights; 1.7 years monitoring hate narratives in CAR/DRC",
        Facts(_deg("bachelor:2022-12", "master:2024-06"), _jobs("2025-04..now"),
              _l(Spanish="C2", French="C1", English="C1"), "CL"),
        (1, 1, 1, 1, 3),
        ("no policy planning", "no peacekeeping lessons work", "no conflict data work",
         "no SSR work", "disinformation monitoring against minorities and peacekeepers"),
        "near miss S4 (years)"),
    _cv("cv24_adeyemi.txt", "en", "WASH specialist UNICEF Goma, civil engineer",
        Facts(_deg("bachelor:2012-06", "master:2015-06"), _jobs("2015-08..2021-05", "2021-06..now"),
              _l(English="C1", French="B2", Yoruba="C2"), None),
        (1, 1, 1, 1, 1), ("UN humanitarian, other field",) * 5, "other UN field (WASH)"),
    _cv("cv25_rakotomalala.txt", "fr", "UNDP finance associate (IPSAS, Quantum), Madagascar",
        Facts(_deg("bachelor:2012-06", "master:2014-06"), _jobs("2014-09..2017-01", "2017-02..now"),
              _l(Malagasy="C2", French="C1", English="C1"), "MG"),
        (1, 1, 1, 1, 1), ("UN finance, other field",) * 5, "other UN field (finance)"),
    _cv("cv26_hernandez.txt", "es", "WFP logistics officer, industrial engineer",
        Facts(_deg("bachelor:2012-06"), _jobs("2014-01..2018-02", "2018-03..now"),
              _l(Spanish="C2", English="C1", French="B1"), "MX"),
        (1, 1, 1, 1, 1), ("UN logistics, other field",) * 5, "other UN field (logistics)"),
    _cv("cv27_bello.txt", "en", "WHO epidemiologist, medical doctor with MPH",
        Facts(_deg("bachelor:2011-06", "master:2015-06"),
              _jobs("2012-01..2014-08", "2015-10..2019-04", "2019-05..now"),
              _l(English="C2", Hausa="C2", French="B2"), None),
        (1, 1, 1, 1, 1), ("UN health emergencies, other field",) * 5, "other UN field (health)"),
    _cv("cv28_kovacs.txt", "en", "UNHCR HR associate (contracts, recruitment)",
        Facts(_deg("bachelor:2014-06", "master:2016-06"), _jobs("2016-09..2018-10", "2018-11..now"),
              _l(Hungarian="C2", English="C1", German="B2", French="A2"), "HU"),
        (1, 1, 1, 1, 1), ("UN human resources, other field",) * 5, "other UN field (HR)"),
    _cv("cv29_abdi.txt", "en",
        "OCHA humanitarian affairs officer Somalia: access, civil-military, protection concerns",
        Facts(_deg("bachelor:2013-06", "master:2016-06"), _jobs("2017-01..2019-02", "2019-03..now"),
              _l(Somali="C2", English="C1", Arabic="B2"), None),
        (1, 1, 2, 1, 2),
        ("humanitarian, not policy planning", "humanitarian, no peacekeeping lessons",
         "community consultations, access incident database",
         "civil-military liaison only",
         "protection concerns, civil-military coordination; no French"),
        "other UN field (humanitarian)"),
    _cv("cv30_habonimana.txt", "fr",
        "Burundian OHCHR human rights assistant in CAR; English B2",
        Facts(_deg("bachelor:2014-06", "master:2017-06"), _jobs("2015-01..2019-05", "2019-06..now"),
              _l(Kirundi="C2", French="C1", English="B2", Swahili="B1"), "BI"),
        (1, 1, 1, 1, 2),
        ("human rights, not policy planning", "human rights, no peacekeeping lessons",
         "no conflict data work", "detention monitoring only",
         "documenting violations against civilians with MINUSCA"),
        "other UN field (human rights)"),
    _cv("cv31_qiao.txt", "en", "Backend software engineer in fintech (short)",
        Facts(_deg("bachelor:2017-06"), _jobs("2017-07..2021-02", "2021-03..now"),
              _l(English="C1", Mandarin="C2"), None),
        (0, 0, 0, 0, 0), ("software engineering, unrelated",) * 5, "non-UN (software)"),
    _cv("cv32_moreau.txt", "fr",
        "French chef; no education or languages section (short)",
        Facts(None, _jobs("2014-04..2019-02", "2019-03..now"), None, "FR"),
        (0, 0, 0, 0, 0), ("cooking, unrelated",) * 5, "non-UN (chef)"),
    _cv("cv33_quispe.txt", "es", "Peruvian audit supervisor / accountant, MBA; English B2",
        Facts(_deg("bachelor:2014-06", "master:2019-06"), _jobs("2014-03..2017-12", "2018-01..now"),
              _l(Spanish="C2", Quechua="C2", English="B2"), "PE"),
        (0, 0, 0, 0, 0), ("private-sector audit, unrelated",) * 5, "non-UN (accountant)"),
    _cv("cv34_bennett.txt", "en", "British head of brand and social media, FMCG",
        Facts(_deg("bachelor:2012-06", "master:2014-06"),
              _jobs("2014-10..2016-08", "2016-09..2020-04", "2020-05..now"),
              _l(English="C2", Spanish="B1"), "GB"),
        (0, 0, 0, 0, 1),
        ("marketing, unrelated", "marketing, unrelated", "marketing, unrelated",
         "marketing, unrelated", "social-media listening only marginally related"),
        "non-UN (marketing)"),
    _cv("cv35_mitchell.txt", "en",
        "Keyword-stuffed: ToR terms pasted as skills; sales and real-estate experience",
        Facts(_deg("bachelor:2019-06", "master:2022-06"), _jobs("2019-06..2021-12", "2022-01..now"),
              _l(English="C2", French="A2"), None),
        (0, 0, 0, 0, 0), ("keyword list without any matching experience",) * 5,
        "keyword stuffing"),
    _cv("cv36_ortega.txt", "es", "Spanish secondary-school history teacher",
        Facts(_deg("bachelor:2010-06", "master:2012-06"), _jobs("2012-09..2013-06", "2013-09..now"),
              _l(Spanish="C2", Catalan="C2", English="B2", French="B1"), None),
        (0, 0, 0, 0, 0), ("school teaching, unrelated",) * 5, "non-UN (teacher)"),
    _cv("cv37_lindqvist.pdf", "en",
        "Swedish PhD on attacks on peacekeepers; UN consultant on learning from incidents (long)",
        Facts(_deg("bachelor:2010-06", "master:2012-06", "doctorate:2017-06"),
              _jobs("2010-06..2011-08", "2012-09..2017-08", "2016-02..2016-07",
                    "2017-09..2019-12", "2020-01..2023-08", "2023-09..now"),
              _l(Swedish="C2", English="C2", French="C1", German="A2"), "SE"),
        (2, 3, 2, 1, 2),
        ("policy briefs and Member State briefings on peacekeeping",
         "method for learning from security incidents, lessons syntheses, guidance, TCC briefings",
         "conflict event dataset and analysis", "no SSR work",
         "protection research in Mali/DRC, no information integrity"),
        "ideal S1, long (pdf)"),
    _cv("cv38_hossain.txt", "en",
        "Bangladeshi ex-captain, MINUSCA/MONUSCO staff officer, BIPSOT course director (long)",
        Facts(_deg("bachelor:2014-12", "master:2019-06"), _jobs("2015-01..2023-06", "2023-07..now"),
              _l(Bengali="C2", English="C1", French="A2", Hindi=None), "BD"),
        (1, 3, 1, 2, 2),
        ("operations, not policy planning",
         "after-action reviews of convoy attacks, lessons notes, TCC seminars",
         "no conflict data work", "military training and defence links, not SSR programmes",
         "POC tasks with civilian sections in CAR/DRC"),
        "ideal S1, long"),
    _cv("cv39_lima.txt", "en",
        "Portuguese MSc conflict data; MINUSCA civil affairs data assistant (half page)",
        Facts(_deg("bachelor:2019-06", "master:2021-06"), _jobs("2021-10..now"),
              _l(Portuguese="C2", English="C1", French="C1"), None),
        (1, 1, 3, 1, 2),
        ("no policy planning", "no lessons work",
         "civil affairs and QIP databases, Power BI, local conflict analysis", "no SSR work",
         "francophone mission data work, no POC/information integrity"),
        "ideal S2, short"),
    _cv("cv40_al_kandari.txt", "en",
        "Kuwaiti diplomatic attaché, MIA Columbia; UN peace operations policy papers (half page)",
        Facts(_deg("bachelor:2019-06", "master:2021-06"), _jobs("2021-10..now"),
              _l(Arabic="C2", English="C1", French="B2"), "KW"),
        (3, 2, 1, 1, 1),
        ("policy papers, statements and briefing notes on peace operations",
         "peace operations policy, not lessons learning", "no civil affairs work",
         "no SSR work", "no POC work"),
        "ideal S0, short"),
    _cv("cv41_traore.txt", "fr",
        "Ivorian civil affairs officer MINUSCA Bambari: local conflict workshops, QIPs, Power BI",
        Facts(_deg("bachelor:2015-06", "master:2017-06"), _jobs("2018-03..2020-12", "2021-01..now"),
              _l(French="C2", English="C1", Dioula="C1"), None),
        (1, 1, 3, 1, 2),
        ("no policy planning", "no lessons work",
         "local conflict analysis workshops, QIP database, dashboards (in French)",
         "no SSR work", "community protection plans, no information integrity"),
        "ideal S2 in French"),
    _cv("cv42_lefevre.txt", "fr",
        "French MA international security; arms control/DDR researcher at an NGO",
        Facts(_deg("bachelor:2019-06", "master:2021-06"), _jobs("2021-01..2021-06", "2021-10..now"),
              _l(French="C2", English="C1", Spanish="B2"), "FR"),
        (1, 2, 1, 2, 1),
        ("arms control research, not peacekeeping policy planning",
         "disarmament research and seminars (listed field)", "no conflict data work",
         "DDR and small arms, adjacent to SSR", "no POC work"),
        "related (disarmament)"),
    _cv("cv43_haddad_ines.txt", "fr",
        "French law graduate (licence 2025), Master 1 in progress, asylum-law intern (short)",
        Facts(_deg("bachelor:2025-06"), _jobs("2023-09..now", "2025-07..2025-12"),
              _l(French="C2", Arabic="C1", English="B2"), None, in_progress="Master 1"),
        (1, 1, 1, 1, 1), ("junior legal/human rights, marginal",) * 5, "junior, other field"),
    _cv("cv44_villalobos.txt", "es",
        "Uruguayan MA strategic studies; MoD analyst on lessons from incidents against contingents",
        Facts(_deg("bachelor:2015-06", "master:2018-06"), _jobs("2016-03..2019-03", "2019-04..now"),
              _l(Spanish="C2", English="C1", French="B1", Portuguese="B2"), "UY"),
        (2, 3, 1, 1, 1),
        ("position notes and speeches on peacekeeping",
         "lessons from incidents against deployed personnel, post-incident reviews (in Spanish)",
         "no civil affairs work", "no SSR work", "no POC work"),
        "ideal S1 in Spanish"),
    _cv("cv45_pineda.txt", "es",
        "Salvadoran UNDP community violence-prevention specialist; local dialogue",
        Facts(_deg("bachelor:2014-06", "master:2017-06"), _jobs("2015-02..2018-05", "2018-06..now"),
              _l(Spanish="C2", English="C1"), None),
        (1, 1, 2, 1, 1),
        ("no policy planning", "no peacekeeping", "community dialogue and local conflict plans",
         "no SSR work", "no POC work"),
        "related (community engagement)"),
    _cv("cv46_hussain.txt", "en",
        "Undergraduate (BA expected 2027), Model UN volunteer (short)",
        Facts(_deg(), _jobs("2024-09..now", "2025-01..now"),
              _l(English="C2", Urdu="C1"), None, in_progress="BA"),
        (1, 1, 0, 0, 0),
        ("student interest in peacekeeping only", "student interest in peacekeeping only",
         "unrelated", "unrelated", "unrelated"),
        "student, degree in progress"),
    _cv("cv47_yusuf.txt", "en",
        "AU SSR officer, MA international security; no languages or nationality stated",
        Facts(_deg("bachelor:2016-06", "master:2018-06"), _jobs("2018-09..2020-04", "2020-05..now"),
              None, None),
        (2, 2, 1, 3, 1),
        ("speeches and briefing notes on peace and security", "peace and security work",
         "no conflict data work", "SSR strategies, knowledge portal, practitioners' forum",
         "no POC work"),
        "strong S3 fit, languages unknown"),
    _cv("cv48_nkemelu.txt", "en",
        "Canadian-Nigerian MA journalism; civilian safety and online rumour analyst in Goma",
        Facts(_deg("bachelor:2018-06", "master:2020-06"), _jobs("2020-09..2022-01", "2022-02..now"),
              _l(English="C2", French="C1", Igbo=None), None),
        (1, 1, 2, 1, 3),
        ("no policy planning", "no lessons work", "incident spreadsheets and community alerts",
         "no SSR work", "POC and information integrity described in other words"),
        "ideal S4 in other words"),
)


def _format(file: str) -> str:
    return file.rsplit(".", 1)[1]


Grades = dict[str, tuple[int, str]]


def _grade_pair(value: object, where: str) -> tuple[int, str]:
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], int)
            or isinstance(value[0], bool) or not 0 <= value[0] <= 3
            or not isinstance(value[1], str)):
        raise ValueError(f"{where}: expected [grade 0-3, note], got {value!r}")
    return value[0], value[1]


def other_grades() -> dict[str, Grades]:
    """``grades/<tor>.json``: per other-agency ToR, the thematic grade of each of cv01-cv48."""
    out: dict[str, Grades] = {}
    for tor in OTHERS:
        path = DATA_DIR / "grades" / (tor.rsplit(".", 1)[0] + ".json")
        data = json.loads(path.read_text(encoding="utf-8"))
        out[tor] = {cv: _grade_pair(v, f"{path.name}/{cv}") for cv, v in data["grades"].items()}
    return out


def themes() -> dict[str, str]:
    """What thematic 3 meant for each other-agency ToR (``theme`` of its grades file)."""
    return {
        tor: json.loads((DATA_DIR / "grades" / (tor.rsplit(".", 1)[0] + ".json"))
                        .read_text(encoding="utf-8"))["theme"]
        for tor in OTHERS
    }


def new_cvs() -> tuple[tuple[CvLabel, Grades], ...]:
    """CVs written for the other-agency ToRs (``new_cvs_*.json``): facts and all 13 grades."""
    out: list[tuple[CvLabel, Grades]] = []
    for path in sorted(DATA_DIR.glob("new_cvs_*.json")):
        for file, entry in json.loads(path.read_text(encoding="utf-8")).items():
            degrees = entry["degrees"]
            facts = Facts(
                None if degrees is None else _deg(*degrees),
                _jobs(*entry["jobs"]),
                entry["languages"],
                entry["nationality"],
                entry.get("in_progress", ""),
            )
            grades = {v: _grade_pair(g, f"{path.name}/{file}/{v}")
                      for v, g in entry["grades"].items()}
            if set(grades) != set(VACANCY_IDS):
                raise ValueError(f"{path.name}/{file}: grades must cover {VACANCY_IDS}")
            label = CvLabel(
                file, entry["language"], entry["summary"], facts,
                tuple(grades[s][0] for s in SEEDS),  # type: ignore[arg-type]
                tuple(grades[s][1] for s in SEEDS),  # type: ignore[arg-type]
                entry["kind"],
                cv_format=entry.get("format", "plain"),
                layout=entry.get("layout", _format(file)),
            )
            out.append((label, grades))
    return tuple(out)


def build_labels() -> dict[str, object]:
    """Apply the rules to the hand-recorded facts and grades.

    Returns:
        The ``labels.json`` document.
    """
    vacancies = {
        seed: {
            "title": req.title,
            "education": {"min_level": req.min_level,
                          "substitute": None if req.substitute_extra_years is None
                          else {"level": "bachelor", "extra_years": req.substitute_extra_years}},
            "experience_min_years": req.min_years,
            "required_languages": req.languages,
            "nationalities": list(req.nationalities),
            "nationality_rule": req.nationality_rule,
            "desirable_not_checked": req.desirable,
        }
        for seed, req in VACANCIES.items()
    }
    others = other_grades()
    labelled: list[tuple[CvLabel, Grades]] = []
    for cv in CVS:
        grades = {seed: (t, note) for seed, t, note in zip(SEEDS, cv.thematic, cv.notes,
                                                             strict=True)}
        for tor in OTHERS:
            if cv.file not in others[tor]:
                raise ValueError(f"grades/{tor}: no grade for {cv.file}")
            grades[tor] = others[tor][cv.file]
        labelled.append((cv, grades))
    labelled.extend(new_cvs())
    cvs: dict[str, object] = {}
    for cv, grades in labelled:
        relevance: dict[str, int] = {}
        eligible: dict[str, bool | None] = {}
        why: dict[str, str] = {}
        checks_out: dict[str, list[dict[str, str]]] = {}
        for seed in VACANCY_IDS:
            grade, note = grades[seed]
            checks = _checks(cv.facts, VACANCIES[seed])
            elig = _eligible(checks)
            eligible[seed] = elig
            relevance[seed] = min(grade, _cap(elig))
            failing = [f"{name} {status} ({detail})" for name, status, detail in checks
                       if status != "met"]
            why[seed] = f"thematic {grade}: {note}; " + (
                "; ".join(failing) if failing else "all hard requirements met")
            checks_out[seed] = [{"requirement": n, "status": s, "detail": d}
                                for n, s, d in checks]
        facts = cv.facts
        cvs[cv.file] = {
            "language": cv.language,
            "format": _format(cv.file),
            "cv_format": cv.cv_format,
            "layout": cv.layout or _format(cv.file),
            "summary": cv.summary,
            "kind": cv.kind,
            "relevance": relevance,
            "eligible": eligible,
            "thematic": {seed: grades[seed][0] for seed in VACANCY_IDS},
            "why": why,
            "checks": checks_out,
            "facts": {
                "degrees": None if facts.degrees is None else [
                    {"level": lvl, "completed": f"{when[0]:04d}-{when[1]:02d}"}
                    for lvl, when in facts.degrees],
                "degree_in_progress": facts.in_progress or None,
                "languages": facts.languages,
                "nationality": facts.nationality,
            },
        }
    return {"as_of": AS_OF, "vacancies": vacancies, "cvs": cvs}


if __name__ == "__main__":
    out = DATA_DIR / "labels.json"
    out.write_text(json.dumps(build_labels(), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    sys.stdout.write(f"wrote {out}\n")
