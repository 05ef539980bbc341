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

from tests.cv_formats.forms import EUROPASS_EN, EUROPASS_FR, EUROPASS_PT, P11_EN, P11_FR
from tests.cv_formats.model import AS_OF, Expected, FormatFixture
from tests.cv_formats.profiles import (
    ACADEMIC_EN,
    ACADEMIC_ES,
    BIO_EN,
    BIO_FR,
    HALF_PAGE_EN,
    HALF_PAGE_PT,
    LINKEDIN_EN,
    LINKEDIN_ES,
)

__all__ = ["AS_OF", "FIXTURES", "Expected", "FormatFixture", "by_name"]

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
