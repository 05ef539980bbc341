"""The OECD-DAC List of ODA Recipients, as ISO 3166 alpha-2 codes.

A JPO call "open to nationals of (eligible) developing countries" restricts nationality to the
countries and territories on this list (``Requirements.nationality_rule == "dac"``).

Source: OECD Development Assistance Committee, "DAC List of ODA Recipients, effective for
reporting on 2024 and 2025 flows" (adopted at the 2023 triennial review;
https://www.oecd.org/en/topics/sub-issues/oda-eligibility-and-conditions/dac-list-of-oda-recipients.html).
The OECD page could not be read in full from this machine, so the list below was written from
knowledge of that list and checked against what the page states about the review: no country
graduated for 2024-2025 flows; Nauru (graduation effective 1 January 2026) and Montserrat
(decision deferred to October 2025) remain on it; Guyana and Panama, above the high-income
threshold in 2022, remain until the 2026 review; Bhutan's move from the LDC group changes its
column, not its membership. Kosovo has no ISO code; the list uses the user-assigned "XK", as
the European Commission and the World Bank do. West Bank and Gaza Strip is "PS".

The grouping by income (LDCs, other low income, lower- and upper-middle income) does not
matter to a nationality check and is kept only as comments.
"""

from __future__ import annotations

__all__ = ["DAC_LIST_SOURCE", "DAC_RECIPIENTS", "is_dac_recipient"]

#: Where :data:`DAC_RECIPIENTS` comes from (shown in check details and docs).
DAC_LIST_SOURCE = "OECD DAC List of ODA Recipients, reporting on 2024 and 2025 flows"

# Least developed countries (UN list).
_LEAST_DEVELOPED = (
    "AF AO BD BJ BF BI KH CF TD KM CD DJ ER ET GM GN GW HT KI LA LS LR MG MW ML MR MZ MM NP NE "
    "RW ST SN SL SB SO SS SD TZ TL TG TV UG YE ZM"
)
# Other low income countries.
_LOW_INCOME = "KP SY"
# Lower middle income countries and territories.
_LOWER_MIDDLE = (
    "DZ BT BO CV CM CG CI EG SV SZ GH HN IN ID IR JO KE KG FM MN MA NI NG PK PG PH WS LK TJ "
    "TK TN UA UZ VU VN PS ZW"
)
# Upper middle income countries and territories.
_UPPER_MIDDLE = (
    "AL AR AM AZ BY BZ BA BW BR CN CO CR CU DM DO EC GQ FJ GA GE GD GT GY IQ JM KZ XK LB LY "
    "MY MV MH MU MX MD ME MS NA NR NU MK PW PA PY PE SH LC VC RS ZA SR TH TO TR TM VE WF"
)

#: ISO 3166 alpha-2 codes of every country and territory on the list.
DAC_RECIPIENTS: frozenset[str] = frozenset(
    " ".join((_LEAST_DEVELOPED, _LOW_INCOME, _LOWER_MIDDLE, _UPPER_MIDDLE)).split()
)


def is_dac_recipient(code: str) -> bool:
    """True when the ISO alpha-2 ``code`` is on the DAC List of ODA Recipients.

    Args:
        code: An ISO 3166 alpha-2 code, any case ("ke", "KE").

    Returns:
        Membership of :data:`DAC_RECIPIENTS`.
    """
    return code.strip().upper() in DAC_RECIPIENTS
