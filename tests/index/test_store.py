"""Store: round trips, hashed tokens, erasure that leaves no bytes behind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from index.store import (
    AuditEntry,
    Store,
    VectorRow,
    candidate_from_record,
    candidate_to_record,
    hash_token,
    new_token,
    vacancy_from_record,
    vacancy_to_record,
)
from matcher.errors import StoreError
from matcher.models import (
    Candidate,
    Degree,
    EducationRequirement,
    ExperienceEntry,
    ExperienceRequirement,
    LanguageRequirement,
    LanguageSkill,
    Requirements,
    Substitute,
    Vacancy,
    YearMonth,
)

MARKER = "zanzibarquokka7731"


def _vacancy() -> Vacancy:
    return Vacancy(
        id="v1",
        source="tor.txt",
        title="JPO",
        reference="R-1",
        organization="DPO",
        duty_stations=("New York",),
        duration_months=12,
        duties=("Draft reports.",),
        learning_elements=("Learn planning.",),
        requirements=Requirements(
            education=EducationRequirement("master", ("law",), Substitute("bachelor", 2)),
            experience=ExperienceRequirement(2, ("policy",)),
            languages=(LanguageRequirement("English", True, "C1"),),
            nationalities=("KW",),
            skills=("Excel",),
        ),
    )


def _candidate() -> Candidate:
    return Candidate(
        id="c1",
        source="cv.txt",
        degrees=(Degree("master", "law", 2020, "Uni", False, "MA Law"),),
        experience=(
            ExperienceEntry("Officer", "UN", YearMonth(2020, 3), None, True, "x"),
            ExperienceEntry("Intern", None, YearMonth(2019), YearMonth(2019, 9)),
        ),
        total_years=4.5,
        languages=(LanguageSkill("French", "C2", "native"),),
        nationalities=("FR",),
        chunks=(f"I am {MARKER}.", "Drafted reports."),
        text_language="en",
        text=f"I am {MARKER}. Drafted reports.",
    )


def test_records_round_trip() -> None:
    assert vacancy_from_record(vacancy_to_record(_vacancy())) == _vacancy()
    rules = dataclasses.replace(_vacancy(), requirements=Requirements(
        education=EducationRequirement("master", substitute=Substitute("bachelor", None),
                                       evidence="Master's degree."),
        experience=ExperienceRequirement(2, evidence="Two years."),
        languages=(LanguageRequirement("French or Spanish", True, any_of=("French", "Spanish"),
                                       evidence="Either French or Spanish."),),
        nationalities=("FI",),
        nationality_rule="dac",
        nationality_evidence="Open to nationals of developing countries and Finland.",
    ))
    assert vacancy_from_record(vacancy_to_record(rules)) == rules
    cand = _candidate()
    assert candidate_from_record(candidate_to_record(cand), cand.text) == cand


def test_records_written_before_rules_and_evidence_still_load() -> None:
    record = vacancy_to_record(_vacancy())
    req = record["requirements"]
    del req["nationality_rule"], req["nationality_evidence"]
    del req["education"]["evidence"], req["experience"]["evidence"]
    for lang in req["languages"]:
        del lang["any_of"], lang["evidence"]
    assert vacancy_from_record(record) == _vacancy()


def test_vacancy_and_candidate_rows_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    store.put_vacancy("v1", "tor.txt", vacancy_to_record(_vacancy()), "h1")
    store.put_candidate("c1", "cv.txt", candidate_to_record(_candidate()), "text", "h2", None)
    row = store.get_vacancy("v1")
    assert row is not None and row.data["title"] == "JPO" and row.owner is None
    assert store.vacancy_by_hash("h1") == row
    crow = store.get_candidate("c1")
    assert crow is not None and crow.text == "text"
    assert store.get_vacancy("nope") is None
    assert [r.id for r in store.list_candidates()] == ["c1"]
    store.close()


def test_vectors_round_trip_and_ids_never_reused(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    vecs = np.eye(3, 4, dtype=np.float32)
    rows = [VectorRow("chunk", "c1", i, "chunk", f"t{i}", vecs[i]) for i in range(3)]
    store.put_candidate("c1", "cv", {"id": "c1", "source": "cv"}, "t", "h", None)
    vids = store.add_vectors(rows, "m", "r")
    got_vids, meta, matrix = store.load_vectors("chunk", 4)
    assert np.array_equal(got_vids, vids)
    assert np.array_equal(matrix, vecs)
    assert meta[1] == ("c1", 1, "chunk", "t1")
    assert store.vector_models() == {("m", "r")}
    removed = store.delete_candidate("c1")
    assert sorted(removed) == sorted(vids.tolist())
    store.put_candidate("c2", "cv", {"id": "c2", "source": "cv"}, "t", "h", None)
    again = store.add_vectors(rows[:1], "m", "r")
    # AUTOINCREMENT: an erased vector's id never comes back under another owner.
    assert int(again[0]) > int(vids.max())
    with pytest.raises(StoreError):
        store.load_vectors("chunk", 8)
    store.close()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    with pytest.raises(RuntimeError), store.transaction():
        store.put_vacancy("v1", "tor.txt", {}, "h1")
        raise RuntimeError("boom")
    assert store.count("vacancies") == 0
    with pytest.raises(StoreError):
        store.count("sqlite_master")
    store.close()


def test_tokens_are_random_and_stored_hashed(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    token = new_token()
    assert token != new_token() and len(token) >= 40
    store.add_recruiter("r1", "Alice", hash_token(token))
    store.add_recruiter("r2", "Bob", hash_token(new_token()))
    assert store.recruiter_by_token_hash(hash_token(token)) == "r1"
    assert store.recruiter_by_token_hash(hash_token("wrong")) is None
    store.close()
    assert token.encode() not in (tmp_path / "s.sqlite").read_bytes()


def test_schema_version_mismatch_is_refused(tmp_path: Path) -> None:
    import sqlite3

    Store(tmp_path / "s.sqlite").close()
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version"):
        Store(tmp_path / "s.sqlite")


def test_erasure_leaves_no_bytes_in_any_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    cand = _candidate()
    store.put_vacancy("v1", "tor.txt", vacancy_to_record(_vacancy()), "h1")
    store.put_candidate(cand.id, cand.source, candidate_to_record(cand), cand.text, "h", None)
    store.add_application("a1", "v1", cand.id, hash_token("t"))
    rows = [
        VectorRow("chunk", cand.id, i, "chunk", c, np.ones(4, np.float32))
        for i, c in enumerate(cand.chunks)
    ]
    store.add_vectors(rows, "m", "r")
    assert any(MARKER.encode() in p.read_bytes() for p in tmp_path.iterdir())
    store.delete_candidate(cand.id)
    store.checkpoint()
    assert store.get_application("a1") is None and store.count("vectors") == 0
    for path in tmp_path.iterdir():
        assert MARKER.encode() not in path.read_bytes(), path.name
    store.close()
    for path in tmp_path.iterdir():
        assert MARKER.encode() not in path.read_bytes(), path.name


def test_audit_rows_and_expiry(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    store.add_audit([AuditEntry("vh", "ch", "m@r", "cfg", 55.0, None, {"rank": 1})])
    rows = store.audit_rows()
    assert rows[0]["score"] == 55.0 and rows[0]["eligible"] is None
    assert rows[0]["detail"] == {"rank": 1}
    store.put_candidate("old", "cv", {}, "t", "h", expires=1.0)
    store.put_candidate("new", "cv", {}, "t", "h", expires=None)
    assert store.expired_candidates(now=2.0) == ["old"]
    store.close()
