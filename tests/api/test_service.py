"""MatchService flows on a temp data dir with the deterministic fake encoder."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.service import MatchService
from eval.locations import EXAMPLE_VACANCIES
from index.fakes import HashEncoder
from matcher.errors import (
    AuthError,
    EmptyDocumentError,
    ForbiddenError,
    InputError,
    NotFoundError,
)
from matcher.models import Candidate, UnitKind, Vacancy
from matcher.ports import STATEMENT_KIND
from matcher.statements import chunk_texts, unit_texts
from tests.api.conftest import CV_A

SEEDS = EXAMPLE_VACANCIES
MARKER = "quokkazanzibar4417"

CV = CV_A.replace("Amina Diallo", f"Amina Diallo ({MARKER})", 1).encode()

CV_OTHER = b"""Lukas Berg
EDUCATION
MSc Environmental Engineering, TU Munich, 2018
EXPERIENCE
Water engineer, Berlin Water Works, 2018 - 2024
- Designed water treatment plants and supervised construction contractors.
LANGUAGES
German (native), English (C1)
"""

TABLES = ("vacancies", "candidates", "vectors", "recruiters", "applications", "audit")


def _seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def service(tmp_path: Path) -> Iterator[MatchService]:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    yield svc
    svc.close()


def _counts(svc: MatchService) -> dict[str, int]:
    return {t: svc.store.count(t) for t in TABLES}


def _load(svc: MatchService, owner: str | None = None) -> list[str]:
    return [svc.add_vacancy(p.read_bytes(), p.name, owner=owner).id for p in _seeds()]


def test_add_vacancy_dedups_and_lists(service: MatchService) -> None:
    ids = _load(service)
    assert len(set(ids)) == 5
    again = service.add_vacancy(_seeds()[0].read_bytes(), "copy.txt")
    assert again.id == ids[0] and again.source == _seeds()[0].name
    assert [v.id for v in service.list_vacancies()] == ids
    assert service.get_vacancy(ids[1]).title
    with pytest.raises(NotFoundError):
        service.get_vacancy("nope")
    assert service.store.count("vacancies") == 5


def test_match_ranks_all_and_stores_nothing(service: MatchService) -> None:
    _load(service)
    before = _counts(service)
    cache = service.chunk_encoder
    cache_use = (cache.hits, cache.misses)  # type: ignore[attr-defined]
    results = service.match(CV, "cv.txt")
    # Not even the in-memory embedding cache saw the anonymous CV.
    assert (cache.hits, cache.misses) == cache_use  # type: ignore[attr-defined]
    assert len(results) == 5
    assert {r.vacancy_id for r in results} == {v.id for v in service.list_vacancies()}
    assert all(0.0 <= r.score <= 100.0 for r in results)
    assert _counts(service) == before
    assert service.match(CV, "cv.txt") == results  # deterministic


def test_match_of_empty_cv_is_rejected(service: MatchService) -> None:
    _load(service)
    with pytest.raises(EmptyDocumentError):
        service.match(b"   \n  ", "blank.txt")


def test_apply_get_delete_with_token(service: MatchService, tmp_path: Path) -> None:
    vid = _load(service)[0]
    app_id, token = service.apply(vid, CV, "cv.txt")
    got = service.get_application(app_id, token)
    assert got["vacancy_id"] == vid and got["candidate"]["nationalities"] == ["KW"]
    messages = set()
    for bad_id, bad_token in ((app_id, "wrong"), ("a-missing", token), (app_id, "")):
        with pytest.raises(NotFoundError) as info:
            service.get_application(bad_id, bad_token)
        messages.add(str(info.value))
        with pytest.raises(NotFoundError):
            service.delete_application(bad_id, bad_token)
    assert len(messages) == 1  # ids cannot be probed
    assert token.encode() not in (tmp_path / "data" / "store.sqlite").read_bytes()
    service.delete_application(app_id, token)
    with pytest.raises(NotFoundError):
        service.get_application(app_id, token)
    assert service.store.count("candidates") == 0 and service.store.count("applications") == 0
    assert len(service.catalog.indexes["chunk"]) == 0
    for path in (tmp_path / "data").iterdir():
        assert MARKER.encode() not in path.read_bytes(), path.name


def test_apply_to_missing_vacancy_is_not_found(service: MatchService) -> None:
    with pytest.raises(NotFoundError):
        service.apply("nope", CV, "cv.txt")


def test_recruiters_and_pool_authorisation(service: MatchService) -> None:
    tok_x = service.create_recruiter("X")
    tok_y = service.create_recruiter("Y")
    rx, ry = service.recruiter_for(tok_x), service.recruiter_for(tok_y)
    assert rx != ry
    with pytest.raises(AuthError):
        service.recruiter_for("not-a-token")
    vid = _load(service, owner=rx)[0]
    service.apply(vid, CV, "cv.txt")
    service.apply(vid, CV_OTHER, "other.txt")
    audit_before = service.store.count("audit")
    with pytest.raises(ForbiddenError):
        service.rank_pool(vid, ry)
    denied = service.store.audit_rows()[-1]
    assert denied["detail"]["event"] == "denied" and denied["detail"]["recruiter"] == ry
    with pytest.raises(NotFoundError):
        service.rank_pool("nope", rx)
    results = service.rank_pool(vid, rx)
    assert len(results) == 2
    # One audit row for the view (docs/reliability.md item 27), listing every ranked result.
    [row] = service.store.audit_rows()[audit_before + 1 :]
    assert row["model"] == service.model
    assert row["config_hash"] == service.config.config_hash()
    assert row["detail"]["event"] == "rank_pool"
    assert [r["score"] for r in row["detail"]["results"]] == [r.score for r in results]
    assert [r["rank"] for r in row["detail"]["results"]] == [1, 2]
    assert all(MARKER not in str(r) for r in service.store.audit_rows())


def test_pool_scores_equal_match_scores(service: MatchService) -> None:
    rid = service.recruiter_for(service.create_recruiter("X"))
    vid = _load(service, owner=rid)[2]
    service.apply(vid, CV, "cv.txt")
    pooled = service.rank_pool(vid, rid)[0]
    matched = next(r for r in service.match(CV, "cv.txt") if r.vacancy_id == vid)
    assert pooled.score == matched.score and pooled.checks == matched.checks


def test_reopen_keeps_everything_and_scores(tmp_path: Path) -> None:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    rid = svc.recruiter_for(svc.create_recruiter("X"))
    vid = _load(svc, owner=rid)[0]
    svc.apply(vid, CV, "cv.txt")
    first = svc.rank_pool(vid, rid)
    svc.close()
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    assert svc.catalog.reconcile_report == {"unit": "loaded", "chunk": "loaded"}
    assert svc.rank_pool(vid, rid) == first
    health = svc.health()
    assert health["status"] == "ok" and health["candidates"] == 1 and health["vacancies"] == 5
    assert health["index_sizes"]["chunks"] == len(svc.catalog.indexes["chunk"]) > 0
    svc.close()


def test_reopen_re_embeds_vacancies_whose_units_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A data directory written when units were the duties and learning elements only (before
    # the title became a unit and open-ended duties left): its vectors no longer line up.
    def old_units(self: Vacancy) -> tuple[tuple[UnitKind, str], ...]:
        return tuple(("duty", d) for d in self.duties) + tuple(
            ("learning", le) for le in self.learning_elements
        )

    with monkeypatch.context() as patch:
        patch.setattr(Vacancy, "units", old_units)
        svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
        rid = svc.recruiter_for(svc.create_recruiter("X"))
        vids = _load(svc, owner=rid)
        svc.apply(vids[0], CV, "cv.txt")
        old_sizes = len(svc.catalog.indexes["unit"])
        svc.close()
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    try:
        for vid in vids:
            vacancy = svc.get_vacancy(vid)
            owned = svc.catalog.vectors_of("unit", vid)
            assert owned is not None and list(owned.texts) == unit_texts(vacancy)
            assert vacancy.units()[0] == ("duty", vacancy.title)
        # Every vacancy is still ranked, with the scores a fresh directory gives.
        matched = {r.vacancy_id: r.score for r in svc.match(CV, "cv.txt")}
        assert set(matched) == set(vids)
        assert svc.catalog.check_consistency() == {"unit": True, "chunk": True}
        assert len(svc.catalog.indexes["unit"]) == svc.store.count("vectors") - len(
            svc.catalog.vectors_of("chunk", svc.rank_pool(vids[0], rid)[0].candidate_id).vids
        )
        assert len(svc.catalog.indexes["unit"]) != old_sizes
        fresh = MatchService.open(tmp_path / "fresh", encoder=HashEncoder())
        try:
            _load(fresh)
            assert {r.vacancy_id: r.score for r in fresh.match(CV, "cv.txt")} == matched
        finally:
            fresh.close()
    finally:
        svc.close()
    # Opening again finds nothing to re-embed: the vectors stay as they are.
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    try:
        assert svc.store.count("vectors") == len(svc.catalog.indexes["unit"]) + len(
            svc.catalog.indexes["chunk"]
        )
    finally:
        svc.close()


def test_expired_candidates_are_purged(tmp_path: Path) -> None:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder(), retention_days=0.0)
    vid = _load(svc)[0]
    svc.apply(vid, CV, "cv.txt")
    assert svc.purge_expired() == 1
    assert svc.store.count("candidates") == 0 and len(svc.catalog.indexes["chunk"]) == 0
    svc.close()


def test_hidden_text_is_flagged_not_embedded(service: MatchService) -> None:
    from index.store import hash_token
    from matcher.ports import Document

    rid = service.recruiter_for(service.create_recruiter("X"))
    vid = _load(service, owner=rid)[0]
    doc = Document(text=CV.decode(), media_type="text/plain", hidden_text="policy " * 50)
    [cand] = service.add_candidates([(doc, "hidden.txt")])
    service.store.add_application("a1", vid, cand.id, hash_token("t"))
    [result] = service.rank_pool(vid, rid)
    assert "hidden_text" in result.flags
    owned = service.catalog.vectors_of("chunk", cand.id)
    assert owned is not None and not any("policy policy" in t for t in owned.texts)


def _ten_vacancies(service: MatchService) -> None:
    from index.readers import read_bytes

    docs = [(read_bytes(p.read_bytes(), p.name), p.name) for p in _seeds()]
    many = [
        (dataclasses.replace(doc, text=f"Post number {i}\n{doc.text}"), f"v{i}.txt")
        for i in range(2)
        for doc, _ in docs
    ]
    added = service.add_vacancies(many)
    assert len({v.id for v in added}) == len(many) == 10


def test_many_vacancies_use_preselection(
    service: MatchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.service.matching as service_module

    # Same code path as a collection above EXACT_SCORING_LIMIT, at a size that keeps the test
    # fast: the unit index preselects 4 of 10 vacancies, which are then scored exactly.
    monkeypatch.setattr(service_module, "EXACT_SCORING_LIMIT", 6)
    monkeypatch.setattr(service_module, "PRESELECT_VACANCIES", 4)
    _ten_vacancies(service)
    assert service.catalog.check_consistency() == {"unit": True, "chunk": True}
    results = service.match(CV, "cv.txt")
    assert len(results) == 4
    monkeypatch.setattr(service_module, "EXACT_SCORING_LIMIT", 1000)

    exact = service.match(CV, "cv.txt")
    assert len(exact) == 10
    full = {r.vacancy_id: r for r in exact}
    # Preselected vacancies get exactly the exact path's results...
    assert all(full[r.vacancy_id] == r for r in results)
    # ...and the preselection keeps the exact ranking's best vacancies on top.
    assert [r.vacancy_id for r in results[:2]] == [r.vacancy_id for r in exact[:2]]


def test_exact_ranking_is_the_default_for_thousands_of_vacancies() -> None:
    import api.service.matching as service_module

    assert service_module.EXACT_SCORING_LIMIT >= 3500


def test_match_equals_score_pair_for_every_vacancy(service: MatchService) -> None:
    import dataclasses

    from matcher.advice import advice_for_result, advise
    from matcher.scoring import score_pair

    _ten_vacancies(service)
    results = service.match(CV, "cv.txt")
    candidate = service_module_parse(CV)
    chunks = service.raw_encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
    # Advice is added by the service and counts over every open vacancy.
    advice = advise(candidate, service.list_vacancies())
    for result in results:
        owned = service.catalog.vectors_of("unit", result.vacancy_id)
        assert owned is not None
        single = score_pair(
            service.get_vacancy(result.vacancy_id), owned.matrix, candidate, chunks,
            service.config, background=service.background,
        )
        assert single == dataclasses.replace(result, advice=())
        assert result.advice == advice_for_result(result, advice)


def service_module_parse(data: bytes) -> Candidate:
    from index.readers import read_bytes
    from matcher.pipeline import parse_candidate as _candidate_from_doc

    return _candidate_from_doc(read_bytes(data, "cv.txt"), "cv.txt")


def test_pool_is_rescored_each_time_and_erasure_drops_the_profile(
    service: MatchService,
) -> None:
    rid = service.recruiter_for(service.create_recruiter("X"))
    vid = _load(service, owner=rid)[0]
    app_a, tok_a = service.apply(vid, CV, "cv.txt")
    service.apply(vid, CV_OTHER, "other.txt")
    first = service.rank_pool(vid, rid)
    assert len(first) == 2 and service.rank_pool(vid, rid) == first
    assert not hasattr(service, "_pair_results")  # no score cache: every call scores
    erased = service.candidate_id_of(app_a)
    assert erased in service._profiles
    service.delete_application(app_a, tok_a)
    assert erased not in service._profiles
    after = service.rank_pool(vid, rid)
    assert len(after) == 1 and after[0].candidate_id != erased


def test_profiles_are_rebuilt_after_reopen(tmp_path: Path) -> None:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    rid = svc.recruiter_for(svc.create_recruiter("X"))
    vid = _load(svc, owner=rid)[1]
    svc.apply(vid, CV, "cv.txt")
    svc.apply(vid, CV_OTHER, "other.txt")
    before = svc.rank_pool(vid, rid)
    svc.close()
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    try:
        assert svc._profiles == {}  # built on first use, not at open
        svc.warm_up()
        assert len(svc._profiles) == 2
        assert svc.rank_pool(vid, rid) == before
    finally:
        svc.close()


def test_assign_vacancies_claims_unowned_only(service: MatchService) -> None:
    from matcher.errors import InputError

    rx = service.recruiter_for(service.create_recruiter("X"))
    ry = service.recruiter_for(service.create_recruiter("Y"))
    owned = service.add_vacancy(_seeds()[0].read_bytes(), _seeds()[0].name, owner=rx).id
    unowned = [service.add_vacancy(p.read_bytes(), p.name).id for p in _seeds()[1:]]
    vid = unowned[0]
    service.apply(vid, CV, "cv.txt")
    with pytest.raises(ForbiddenError):
        service.rank_pool(vid, ry)
    assert service.assign_vacancies(ry, None) == unowned
    assert service.vacancy_owner(owned) == rx  # an owned vacancy is left alone
    assert [v.id for v in service.owned_vacancies(ry)] == unowned
    assert len(service.rank_pool(vid, ry)) == 1
    assert service.assign_vacancies(ry, None) == []  # nothing left to claim
    # Explicit ids reassign; unknown ids or recruiters change nothing.
    assert service.assign_vacancies(rx, [vid]) == [vid]
    assert service.vacancy_owner(vid) == rx
    with pytest.raises(NotFoundError):
        service.assign_vacancies(ry, [owned, "nope"])
    assert service.vacancy_owner(owned) == rx
    with pytest.raises(InputError):
        service.assign_vacancies("r-unknown", None)
    row = service.store.get_vacancy(vid)
    assert row is not None and row.owner == rx


def test_assignment_survives_reopen(tmp_path: Path) -> None:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    ids = _load(svc)
    rid = svc.recruiter_for(svc.create_recruiter("X"))
    assert svc.assign_vacancies(rid, None) == ids
    svc.close()
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder())
    try:
        assert {svc.vacancy_owner(v) for v in ids} == {rid}
    finally:
        svc.close()


def test_admin_create_recruiter_claims_unowned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from api.cli import main

    monkeypatch.setenv("JPO_MATCHER_ENCODER", "hash")
    data_dir = tmp_path / "data"
    svc = MatchService.open(data_dir, encoder=HashEncoder())
    ids = _load(svc)
    svc.close()
    data = ["--data-dir", str(data_dir)]
    assert main([*data, "admin", "create-recruiter", "Alice", "--claim-unowned", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["claimed"] == len(ids) == 5
    assert main([*data, "admin", "create-recruiter", "Bob", "--claim-unowned"]) == 0
    assert "claimed: 0 unowned vacancies" in capsys.readouterr().out
    assert main([*data, "admin", "create-recruiter", "Carol", "--json"]) == 0
    assert "claimed" not in json.loads(capsys.readouterr().out)
    svc = MatchService.open(data_dir, encoder=HashEncoder())
    try:
        assert {svc.vacancy_owner(v) for v in ids} == {created["recruiter_id"]}
    finally:
        svc.close()


SSR_CV = b"""Daniel Okafor
Nationality: Nigerian

EDUCATION
Master of Arts in Security Studies, King's College London, 2018

EXPERIENCE
Security Sector Reform Associate, Ministry of Defence reform programme, Jan 2019 - present
- Supported national authorities in reforming police, defence and justice institutions.
- Drafted assessments of security sector governance and oversight mechanisms.
- Coordinated disarmament, demobilization and reintegration activities with partners.

LANGUAGES
English (fluent), French (working knowledge)
"""


@pytest.mark.model
def test_end_to_end_match_with_real_model(tmp_path: Path, real_encoder: object) -> None:
    from matcher.ports import Encoder

    assert isinstance(real_encoder, Encoder)
    svc = MatchService.open(tmp_path / "data", encoder=real_encoder)
    try:
        rid = svc.recruiter_for(svc.create_recruiter("X"))
        ids = _load(svc, owner=rid)
        ssr = next(v for v in svc.list_vacancies() if "Security Sector" in (v.title or ""))
        results = svc.match(SSR_CV, "ssr.txt")
        assert len(results) == len(ids)
        assert ssr.id in [r.vacancy_id for r in results[:2]]
        top = results[[r.vacancy_id for r in results].index(ssr.id)]
        assert top.evidence and max(e.similarity for e in top.evidence) > 0.5
        svc.apply(ssr.id, SSR_CV, "ssr.txt")
        svc.apply(ssr.id, CV_OTHER, "water.txt")
        pool = svc.rank_pool(ssr.id, rid)
        assert svc.candidate_source(pool[0].candidate_id) == "ssr.txt"
        assert pool[0].score > pool[1].score
        assert svc.health()["consistent"] == {"unit": True, "chunk": True}
    finally:
        svc.close()


@pytest.mark.parametrize("limit", [0, 1, 3, 10, 50])
def test_match_limit_returns_the_head_of_the_full_ranking(
    service: MatchService, limit: int
) -> None:
    _ten_vacancies(service)
    full = service.match(CV, "cv.txt")
    assert len(full) == 10 and any(r.evidence for r in full)
    limited = service.match(CV, "cv.txt", limit=limit)
    # Every field, evidence included, equals the unlimited ranking's first `limit` results.
    assert limited == full[:limit]


def test_negative_match_limit_is_rejected(service: MatchService) -> None:
    _ten_vacancies(service)
    with pytest.raises(InputError):
        service.match(CV, "cv.txt", limit=-1)


def test_erasure_forgets_the_encoded_texts_of_a_third_person_cv(service: MatchService) -> None:
    # The chunk cache holds the vectors of the texts the encoder saw (pronouns in one form),
    # which differ from the CV's own chunks for a CV written in the third person.
    from matcher.ports import Document

    text = CV.decode().replace("- Drafted", "- She drafted", 1)
    [cand] = service.add_candidates([(Document(text=text, media_type="text/plain"), "she.txt")])
    encoded = chunk_texts(cand)
    assert encoded != list(cand.chunks)
    cache = service.chunk_encoder
    service.erase_candidate(cand.id)
    misses = cache.misses  # type: ignore[attr-defined]
    cache.encode(encoded, kind=STATEMENT_KIND)
    assert cache.misses == misses + len(set(encoded))  # type: ignore[attr-defined]


def test_a_candidate_erased_while_the_pool_is_scored_is_left_out(
    service: MatchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An erasure that lands between scoring and the audit row (seen under the mixed load of
    # ``jpo-matcher bench-load``) once made the ranking fail with a KeyError (500).
    rx = service.recruiter_for(service.create_recruiter("X"))
    vid = _load(service, owner=rx)[0]
    app_a, token_a = service.apply(vid, CV, "cv.txt")
    service.apply(vid, CV_OTHER, "other.txt")
    erased = service.candidate_id_of(app_a)
    from api.service.recruiters import Recruiters

    score = Recruiters.rank_candidates

    def score_then_erase(self: Recruiters, *args: Any, **kwargs: Any) -> Any:
        results = score(self, *args, **kwargs)
        service.delete_application(app_a, token_a)
        return results

    monkeypatch.setattr(Recruiters, "rank_candidates", score_then_erase)
    results = service.rank_pool(vid, rx)
    assert [r.candidate_id for r in results] != [] and erased not in {
        r.candidate_id for r in results}
    row = service.store.audit_rows()[-1]
    assert row["detail"]["event"] == "rank_pool" and len(row["detail"]["results"]) == 1


def test_an_applicant_erased_before_their_pool_row_is_made_gets_none(
    service: MatchService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pool rows are made lazily for applicants; an erasure between reading the pool and adding
    # the rows once broke a foreign key (a 500 under ``jpo-matcher bench-load``). The shuffle of
    # the new rows sits exactly in that window, so the erasure is made to land there.
    rx = service.recruiter_for(service.create_recruiter("X"))
    vid = _load(service, owner=rx)[0]
    app_a, token_a = service.apply(vid, CV, "cv.txt")
    service.apply(vid, CV_OTHER, "other.txt")
    erased = service.candidate_id_of(app_a)
    class EraseWhileShuffling:
        def shuffle(self, items: list[str]) -> None:
            service.delete_application(app_a, token_a)

    monkeypatch.setattr("api.service.pools.secrets.SystemRandom", EraseWhileShuffling)
    ranking = service.pool_ranking(vid, rx)
    kept = [entry.result.candidate_id for entry in ranking.entries]
    assert len(kept) == 1 and erased not in kept
