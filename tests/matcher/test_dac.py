"""The OECD-DAC List of ODA Recipients shipped as data (matcher.dac)."""

from __future__ import annotations

import pytest

import matcher.dac as dac
from matcher.dac import DAC_RECIPIENTS, is_dac_recipient


def test_all_is_sorted() -> None:
    assert dac.__all__ == sorted(dac.__all__)


def test_the_list_holds_141_countries_and_territories_as_iso_codes() -> None:
    assert len(DAC_RECIPIENTS) == 141
    assert all(len(code) == 2 and code.isupper() for code in DAC_RECIPIENTS)


@pytest.mark.parametrize(
    "code",
    # An LDC, lower- and upper-middle income countries, territories, and the two still listed
    # for 2024-2025 flows although their graduation was decided or deferred.
    ["AF", "KE", "IN", "ke", "BR", "CN", "UA", "PS", "XK", "TK", "NR", "MS", "GY", "PA"],
)
def test_members(code: str) -> None:
    assert is_dac_recipient(code)


@pytest.mark.parametrize(
    # DAC members, EU members, G8 and graduated countries (Chile, Uruguay, Seychelles 2018;
    # Cook Islands 2020; Antigua and Barbuda 2022), high-income Gulf states.
    "code",
    ["NL", "NO", "JP", "US", "RU", "BG", "RO", "HR", "CL", "UY", "SC", "CK", "AG", "SA", "KR"],
)
def test_non_members(code: str) -> None:
    assert not is_dac_recipient(code)
