"""Tests for matcher.statements: the texts the encoder sees for ToR units and CV chunks."""

from __future__ import annotations

import pytest

from matcher.cv import parse_cv
from matcher.models import Vacancy
from matcher.statements import chunk_texts, unit_texts
from matcher.text import acronym_definitions, is_open_ended_task
from matcher.tor import parse_vacancy

TOR = """JPO in Security Sector Reform (SSR)

Duties and responsibilities
- Support promotion of UN SSR knowledge assets to partners.
- Draft Security Sector Reform briefing notes on SSR.
- Liaise with the Department of Peace Operations (DPO) and DPO field missions.
- Perform other duties as required.

Learning elements
- In-depth knowledge about SSR at country level.
"""


def _vacancy(
    title: str | None = None, duties: tuple[str, ...] = ("Draft reports.",)
) -> Vacancy:
    return Vacancy(
        id="v", source="v.txt", title=title, reference=None, organization=None,
        duty_stations=(), duration_months=None, duties=duties, learning_elements=(),
    )


# --------------------------------------------------------------------------- ToR units


def test_acronym_definitions_follow_the_document() -> None:
    text = (
        "Security Sector Reform (SSR), the Department of Peacekeeping Operations (DPKO) and "
        "the Protection of Civilians (POC). Not acronyms: (see annex), (2019), (a)."
    )
    assert acronym_definitions(text) == (
        ("SSR", "Security Sector Reform"),
        ("DPKO", "Department of Peacekeeping Operations"),
        ("POC", "Protection of Civilians"),
    )
    assert acronym_definitions("The UNHCR (UNHCR) and an orphan (XYZ).") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Perform other related duties as required.",
        "Any other task assigned by the supervisor.",
        "Providing support and undertaking other tasks within reason and as required.",
        "The incumbent performs other duties within their functional profile as deemed "
        "necessary for the efficient functioning of the Office and the Organization.",
        "Autres tâches selon les besoins.",
        "Realizar otras tareas asignadas por el supervisor.",
    ],
)
def test_open_ended_duties_are_recognised(text: str) -> None:
    assert is_open_ended_task(text)


@pytest.mark.parametrize(
    "text",
    [
        "Other duties related to software development, as required.",
        "Liaise with other agencies on refugee protection.",
        "Draft briefing notes and talking points as required.",
    ],
)
def test_duties_that_name_work_are_kept(text: str) -> None:
    assert not is_open_ended_task(text)


def test_units_put_the_title_first_and_leave_out_open_ended_duties() -> None:
    vacancy = parse_vacancy(TOR, "ssr.txt")
    assert vacancy.duties[-1] == "Perform other duties as required."  # as the ToR writes it
    kinds, texts = zip(*vacancy.units(), strict=True)
    assert texts[0] == vacancy.title
    assert "Perform other duties as required." not in texts
    assert kinds == ("duty",) * 4 + ("learning",)


def test_units_without_title_or_with_only_open_ended_duties() -> None:
    assert _vacancy().units() == (("duty", "Draft reports."),)
    only = _vacancy(title="Officer", duties=("Other duties as required.",))
    # Nothing else names the work: the duty stays rather than leave the title alone.
    assert only.units() == (("duty", "Officer"), ("duty", "Other duties as required."))
    assert _vacancy(title="Officer", duties=()).units() == ()


def test_unit_texts_spell_out_the_tors_own_acronyms() -> None:
    vacancy = parse_vacancy(TOR, "ssr.txt")
    assert dict(vacancy.acronyms)["SSR"] == "Security Sector Reform"
    texts = unit_texts(vacancy)
    assert len(texts) == len(vacancy.units())
    assert texts[0] == "JPO in Security Sector Reform (SSR)"  # spelled out already: unchanged
    assert "Support promotion of UN Security Sector Reform knowledge assets to partners." in texts
    # Already spelled out in the unit: the acronym stays.
    assert "Draft Security Sector Reform briefing notes on SSR." in texts
    assert (
        "Liaise with the Department of Peace Operations (DPO) and DPO field missions." in texts
    )
    assert texts[-1] == "In-depth knowledge about Security Sector Reform at country level."


def test_unit_texts_without_acronyms_are_the_units() -> None:
    vacancy = _vacancy(title="Officer", duties=("Support SSR.",))
    assert unit_texts(vacancy) == ["Officer", "Support SSR."]


# --------------------------------------------------------------------------- CV chunks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profile\nShe coordinated her team's reports herself.\n",
         "They coordinated their team's reports themselves."),
        ("Profile\nHe led his unit; the board thanked him. He/she, s/he.\n",
         "They led their unit; the board thanked them. They, they."),
        ("Profile\nManaged HE sector grants for the shelter and Herzegovina.\n",
         "Managed HE sector grants for the shelter and Herzegovina."),
    ],
)
def test_chunk_texts_make_english_pronouns_neutral(text: str, expected: str) -> None:
    candidate = parse_cv(text, "cv.txt")
    assert chunk_texts(candidate) == [expected]
    assert candidate.chunks == (text.splitlines()[1],)  # evidence quotes the CV's own words


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Profil\nElle a coordonné les activités de la société et il faut que elle parte pour "
         "les ONG du pays.\n", "fr",
         "Il a coordonné les activités de la société et il faut que il parte pour les ONG du "
         "pays."),
        # Spanish "he trabajado" is "I have worked": only "ella" is a gendered pronoun here.
        ("Perfil\nHe trabajado con ella en los programas de salud para el país y sus "
         "comunidades.\n", "es",
         "He trabajado con él en los programas de salud para el país y sus comunidades."),
        ("Perfil\nEla coordenou as atividades do escritório e a equipe dela apoiou os parceiros "
         "nas comunidades do país.\n", "pt",
         "Ele coordenou as atividades do escritório e a equipe dele apoiou os parceiros nas "
         "comunidades do país."),
    ],
)
def test_chunk_texts_follow_the_cv_language(text: str, language: str, expected: str) -> None:
    candidate = parse_cv(text, f"{language}.txt")
    assert candidate.text_language == language
    assert chunk_texts(candidate) == [expected]


def test_chunk_texts_are_the_same_for_he_and_she() -> None:
    she = parse_cv("Profile\nShe drafted her donor reports and briefed herself.\n", "a.txt")
    he = parse_cv("Profile\nHe drafted his donor reports and briefed himself.\n", "b.txt")
    assert she.chunks != he.chunks
    assert chunk_texts(she) == chunk_texts(he)
