"""Nationality restrictions read from the sentence that states them (matcher.nationality_rules).

Invented sentences in the wording of JPO and local-post vacancies.
"""

from __future__ import annotations

import pytest

import matcher.nationality_rules as rules_module
from matcher.nationality_rules import (
    CARICOM_ASSOCIATES,
    CARICOM_MEMBERS,
    EEA_MEMBERS,
    EU_MEMBERS,
    nationality_restriction,
)
from matcher.tor import parse_vacancy


def restriction(*sentences: str) -> tuple[str | None, tuple[str, ...]] | None:
    found = nationality_restriction(sentences)
    return None if found is None else (found.rule, tuple(sorted(found.countries)))


def test_all_is_sorted() -> None:
    assert rules_module.__all__ == sorted(rules_module.__all__)


def test_the_groups_have_their_members() -> None:
    assert len(EU_MEMBERS) == 27 and "NO" not in EU_MEMBERS
    assert EEA_MEMBERS - EU_MEMBERS == {"IS", "LI", "NO"}
    assert len(CARICOM_MEMBERS) == 15 and not CARICOM_MEMBERS & CARICOM_ASSOCIATES


def test_caricom_is_expanded_with_its_associates_only_when_named() -> None:
    members = restriction("This position is open to nationals of Barbados, individuals "
                          "authorised to work in Barbados and CARICOM member states.")
    assert members == (None, tuple(sorted(CARICOM_MEMBERS)))
    both = restriction("This position is open to nationals CARICOM member states and "
                       "associate members.")
    assert both == (None, tuple(sorted(CARICOM_MEMBERS | CARICOM_ASSOCIATES)))


def test_a_list_announced_after_a_colon_is_the_list() -> None:
    found = restriction(
        "Candidates should be nationals of developing countries that appear on the list of "
        "eligible countries. This means that only nationals of the following countries can be "
        "considered for this position: Afghanistan, Benin, Democratic Rep. Congo (DRC), "
        "South-Sudan and Palestinian Territories."
    )
    assert found == (None, ("AF", "BJ", "CD", "PS", "SS"))


def test_an_announced_list_in_a_file_stays_unlisted() -> None:
    found = nationality_restriction([
        "This post is addressed exclusively to people with the nationality of one of the "
        "following eligible countries: eligible-countries-DC-JPOs-2025.pdf The initial duty "
        "station is Rome, Italy."
    ])
    assert found is not None and found.rule == "unlisted" and found.countries == ()


def test_nationals_only_in_a_local_posts_title_is_the_country_of_assignment() -> None:
    found = nationality_restriction(
        ["Associate Finance Officer - (Nationals Only) UNOCHA, Panama City, Panama"],
        assignment=("PA",),
    )
    assert found is not None and found.countries == ("PA",) and found.rule is None


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        ("This post is open in the context of the JPO scheme sponsored by the Government of "
         "Norway and is addressed exclusively to nationals of Norway.", ("NO",)),
        ("This post is open in the context of the JPO Programme, sponsored by the Government "
         "of Finland, and is addressed exclusively to Finnish citizens.: Title of Post: JPO "
         "Analyst Duty Station: Kathmandu, Nepal", ("FI",)),
        ("Associate Officer, P-2, Luanda/Angola (For Finnish Nationals only)", ("FI",)),
        ("Eligibility is limited to candidates holding Norwegian nationality.", ("NO",)),
        ("Only Applicants with Danish citizenship will be considered.", ("DK",)),
        ("This position is open to Tunisian nationals or residents with valid work permit only.",
         ("TN",)),
        ("It is open only to nationals and permanent residents of Viet Nam.", ("VN",)),
        ("Ce poste est ouvert uniquement aux ressortissant(e)s belges.", ("BE",)),
        ("Only candidates from Italy are eligible to apply.", ("IT",)),
    ],
)
def test_a_list_of_named_countries(sentence: str, countries: tuple[str, ...]) -> None:
    assert restriction(sentence) == (None, countries)


def test_eu_passport_and_eea_groups_are_expanded() -> None:
    assert restriction("Candidates must hold a valid EU passport or a valid permit to work in "
                       "the European Union.") == (None, tuple(sorted(EU_MEMBERS)))
    assert restriction("This vacancy is open to nationals of EU Member States, Iceland, "
                       "Liechtenstein, Norway, or Switzerland.") == (
        None, tuple(sorted(EEA_MEMBERS | {"CH"})))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Open to nationals of eligible developing countries only.", ("dac", ())),
        ("The JPO programme is open to nationals of Italy and of developing countries.",
         ("dac", ("IT",))),
        ("This post is addressed exclusively to people with the nationality of one of the "
         "following eligible countries: eligible-countries-2026.pdf", ("unlisted", ())),
        ("The bank only hires nationals of its 68 members.", ("unlisted", ())),
        ("Cidadania: Você deve ser cidadão de um dos 48 países membros.", ("unlisted", ())),
    ],
)
def test_dac_and_unlisted_rules(sentence: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert restriction(sentence) == expected


def test_a_list_wins_over_an_unlisted_rule_and_a_dac_rule_over_both() -> None:
    local = "This opening is a local staff position open only to nationals of Nepal."
    bank = "The bank only hires nationals of its 68 members."
    assert restriction(bank, local) == (None, ("NP",))
    assert restriction(local, "Open to nationals of developing countries only.") == (
        "dac", ("NP",))


@pytest.mark.parametrize(
    "sentence",
    [
        "UNICEF encourages applications from all qualified candidates, regardless of "
        "nationality.",
        "Nationals of Ruritania are encouraged to apply.",
        "The vacancy is open to applications of non-nationals of Belize.",
        "Open to Non-Afghan Nationals only.",
        "Candidate must be a national of a country other than the country of assignment.",
        "UNDP reserves the right to select one or more candidates from this vacancy "
        "announcement.",
        "For currently serving staff, only the UN-recognized nationality will be considered.",
        "The post is based in Nairobi, Kenya, and covers Uganda and Tanzania.",
    ],
)
def test_no_restriction(sentence: str) -> None:
    assert restriction(sentence) is None


def test_a_bare_citizenship_line_in_a_requirement_list() -> None:
    found = nationality_restriction([], ["Finnish citizenship", "Master's degree"])
    assert found is not None and found.countries == ("FI",) and found.rule is None
    assert found.evidence == "Finnish citizenship"


PAGE = """\
Programme Analyst, Riverton, Kenya
Background
UNDP works in Kenya, Uganda and Somalia with the national government on climate finance.
Duties and Responsibilities
- Support the partners of the programme in Ethiopia with the quarterly reports.
Qualifications
Education: Master's degree in economics.
"""


def test_duty_station_and_context_countries_are_never_restrictions() -> None:
    requirements = parse_vacancy(PAGE, "page.txt").requirements
    assert requirements.nationalities == ()
    assert requirements.nationality_rule is None


def test_a_restriction_in_the_title_line_counts_and_keeps_its_evidence() -> None:
    text = PAGE.replace("Programme Analyst, Riverton, Kenya",
                        "Programme Analyst (Open to Dutch nationals only), Riverton, Kenya")
    requirements = parse_vacancy(text, "page.txt").requirements
    assert requirements.nationalities == ("NL",)
    assert "Open to Dutch nationals only" in requirements.nationality_evidence


def test_an_eligibility_rule_in_a_context_section_counts() -> None:
    text = PAGE.replace(
        "UNDP works in Kenya",
        "The bank only hires nationals of its 68 members. UNDP works in Kenya",
    )
    requirements = parse_vacancy(text, "page.txt").requirements
    assert requirements.nationality_rule == "unlisted"


def test_an_abbreviations_stop_in_a_country_list_ends_no_sentence() -> None:
    text = (
        "Associate Protection Officer, Cairo, Egypt\n"
        "Eligibility\n"
        "This means that only nationals of the following countries can be considered for this "
        "position: Benin, Democratic Rep. Congo (DRC), Kenya, Dem. Rep. Congo and "
        "Uganda. Candidates must show their interest in development.\n"
    )
    found = parse_vacancy(text, "page.txt").requirements
    assert sorted(found.nationalities) == ["BJ", "CD", "KE", "UG"]


def test_national_candidates_of_a_named_country_only() -> None:
    assert restriction("This position is open to qualified Somali national candidates only.") \
        == (None, ("SO",))


def test_national_candidates_only_with_no_country_are_the_posts() -> None:
    found = nationality_restriction(
        ["This position is open to qualified national candidates only."], assignment=("SO",)
    )
    assert found is not None and found.countries == ("SO",)


def test_national_candidates_encouraged_restrict_nothing() -> None:
    assert restriction("Qualified national candidates are encouraged to apply.") is None


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        ("This vacancy announcement is for Bangladeshi Nationals.", ("BD",)),
        ("TYPE OF CONTRACT: Special Service Agreement for Lao Nationals Only", ("LA",)),
        ("Education Officer, NO-2, UNICEF Sarajevo (for BiH nationals only)", ("BA",)),
        ("This local post opens for Nationals of Cambodia and applicants with a valid work "
         "permit.", ("KH",)),
        ("National Programme Specialist, Addis Ababa Ethiopia, NOC (open to Ethiopian "
         "National)", ("ET",)),
        ("Citizenship: You are either a citizen of Belize, Costa Rica or Panama, or hold "
         "residency in one of these countries", ("BZ", "CR", "PA")),
    ],
)
def test_whom_a_local_call_is_for(sentence: str, countries: tuple[str, ...]) -> None:
    assert restriction(sentence) == (None, countries)


def test_a_citizen_or_any_non_citizen_allowed_to_work_is_open() -> None:
    assert restriction(
        "Citizenship: You are either a citizen of Brazil or a non-citizen eligible to obtain "
        "residency or authorization to work in the country in which you are to be assigned."
    ) is None


def test_a_country_excluded_from_an_eligible_list_is_not_on_it() -> None:
    assert restriction(
        "THIS POSITION IS OPEN TO CANDIDATES WITH THE NATIONALITY OF ONE OF THE FOLLOWING "
        "ELIGIBLE COUNTRIES, excluding Ethiopia, due to the restriction that nationals of the "
        "country where the position is located cannot be considered: countries.pdf"
    ) == ("unlisted", ())


def test_a_sentence_about_the_call_counts_under_a_job_description_heading() -> None:
    text = (
        "National Consultant, Jakarta, Indonesia\n"
        "Job Description\n"
        "PLEASE NOTE THAT THIS VACANCY IS ONLY FOR NATIONALS OF INDONESIA\n"
        "Support the nationals of the region in the case management reform.\n"
    )
    vacancy = parse_vacancy(text, "page.txt")
    assert vacancy.requirements.nationalities == ("ID",)
