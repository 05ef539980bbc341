"""matcher.duplicates: identical texts and near copies of CVs in one pool."""

from __future__ import annotations

from matcher import duplicates
from matcher.duplicates import NEAR_COPY_JACCARD, find_copy, jaccard, text_print

CV = """Kwame Mensah
EXPERIENCE
Field officer, WFP Accra, 2018 - 2023
- Coordinated food distributions for 40,000 refugees in three camps.
- Negotiated access with district authorities and community leaders.
- Trained 25 enumerators on mobile data collection and quality checks.
EDUCATION
MSc Development Economics, University of Ghana, 2017
LANGUAGES
English (native), French (B2)
"""


def test_public_names_are_sorted() -> None:
    assert duplicates.__all__ == sorted(duplicates.__all__)


def test_case_spacing_and_punctuation_do_not_make_a_new_cv() -> None:
    same = CV.upper().replace("\n", "\n\n").replace(" - ", " – ").replace(",", " ,")
    assert text_print(same).fingerprint == text_print(CV).fingerprint
    assert find_copy(text_print(same), [("a.txt", text_print(CV))]) == ("a.txt", "identical")


def test_one_edited_line_is_a_near_copy() -> None:
    edited = CV.replace("40,000 refugees", "45,000 refugees")
    doc, original = text_print(edited), text_print(CV)
    assert doc.fingerprint != original.fingerprint
    assert jaccard(doc.shingles, original.shingles) >= NEAR_COPY_JACCARD
    assert find_copy(doc, [("a.txt", original)]) == ("a.txt", "near_copy")


def test_another_persons_cv_from_the_same_template_is_not_a_copy() -> None:
    other = """Ama Owusu
EXPERIENCE
Protection assistant, UNHCR Tamale, 2019 - 2024
- Registered asylum seekers and referred survivors of violence to services.
- Ran community outreach sessions on documentation and legal aid.
- Monitored detention centres and reported on access to procedures.
EDUCATION
LLM International Law, University of Cape Coast, 2018
LANGUAGES
English (native), Dagbani (native)
"""
    assert find_copy(text_print(other), [("a.txt", text_print(CV))]) is None
    assert jaccard(text_print(other).shingles, text_print(CV).shingles) < 0.2


def test_identical_beats_an_earlier_near_copy() -> None:
    edited = text_print(CV.replace("40,000", "41,000"))
    assert find_copy(text_print(CV), [("near.txt", edited), ("same.txt", text_print(CV))]) == (
        "same.txt", "identical")


def test_short_texts_compare_by_fingerprint_only() -> None:
    assert text_print("Jane Doe").shingles == frozenset()
    assert find_copy(text_print("Jane Doe"), [("x", text_print("Jane Roe"))]) is None
    assert jaccard(frozenset(), frozenset()) == 0.0
