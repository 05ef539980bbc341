"""Personal data and accountability (docs/reliability.md items 16, 17, 21, 23, 24, 25).

- 16/17: erasure and the retention purge (frozen clock) remove the CV's text from every byte
  under the data directory and its vectors from the index.
- 21: the same pair scores identically across a restart, and the audit record is enough to
  recompute the score.
- 23: hidden white / 1-pt text stuffed with the ToR's words brings no gain and is flagged in
  the recruiter's ranking.
- 24: deleting the CV sentence cited as evidence lowers that unit's similarity and the score.
- 25: ineligible candidates stay in the recruiter's ranking with the reason.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.service import MatchService, encode_background
from index.fakes import HashEncoder
from index.store import vacancy_from_record
from matcher.cv import parse_cv
from matcher.models import MatchResult
from matcher.ports import STATEMENT_KIND, Encoder
from matcher.scoring import ScoringConfig, score_pair
from matcher.statements import chunk_texts, unit_texts
from matcher.tor import parse_vacancy
from tests import hostile
from tests.api.conftest import CV_A, CV_B, World, seed_texts

DAY = 86400.0


def marked_cv(marker: str, name: str = "Ines Marlowe") -> str:
    """A CV whose every line carries ``marker``, so any leaked fragment is detectable."""
    return f"""{name} {marker}
EDUCATION
MA in Peace and Conflict Studies {marker}, University of Uppsala, 2017
EXPERIENCE
Policy Officer {marker}, Ministry of Foreign Affairs, 2018 - 2024
- Drafted policy notes {marker} on peacekeeping mandates and protection of civilians.
- Coordinated donor meetings {marker} and monitored humanitarian access in the field.
LANGUAGES
English (fluent), Swedish (native) {marker}
"""


def data_dir_bytes(root: Path) -> bytes:
    """Every byte of every file under the data directory (SQLite, WAL, SHM, FAISS, caches)."""
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def apply_via_api(world: World, text: str | bytes, name: str) -> tuple[str, str]:
    data = text.encode() if isinstance(text, str) else text
    response = world.client.post(
        f"/vacancies/{world.vacancy_x}/applications",
        files={"file": (name, data, "application/octet-stream")},
        data={"consent": "true"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["application_id"], body["candidate_token"]


# --------------------------------------------------------------------------- item 16


@pytest.mark.timeout(120)
def test_erasure_removes_text_from_every_byte_and_vectors_from_the_index(world: World) -> None:
    marker = "xq7erasuremarker"
    cv = marked_cv(marker)
    application, token = apply_via_api(world, cv, "ines.txt")
    svc = world.service
    cid = svc.candidate_id_of(application)
    owned = svc.catalog.vectors_of("chunk", cid)
    assert owned is not None
    n_chunks = len(owned.vids)
    assert n_chunks > 0
    # Before: the CV is findable by its own text, and its text is on disk.
    assert svc.nearest_candidates(cv, k=3)[0] == cid
    assert marker.encode() in data_dir_bytes(world.data_dir)
    size_before = world.client.get("/health").json()["index_sizes"]["chunks"]
    vectors_before = svc.store.count("vectors")

    response = world.client.delete(f"/applications/{application}", headers=auth(token))
    assert response.status_code == 204

    health = world.client.get("/health").json()
    assert health["index_sizes"]["chunks"] == size_before - n_chunks
    assert svc.store.count("vectors") == vectors_before - n_chunks
    assert health["consistent"] == {"unit": True, "chunk": True}
    assert cid not in svc.nearest_candidates(cv, k=50)
    _scores, owners = svc.catalog.search("chunk", owned.matrix, 5)
    assert cid not in {o for row in owners for o in row}
    assert marker.encode() not in data_dir_bytes(world.data_dir)
    # The other candidates are untouched.
    assert health["candidates"] == 2


@pytest.mark.timeout(120)
def test_erasure_survives_a_restart(tmp_path: Path) -> None:
    marker = "zz9restartmarker"
    data = tmp_path / "data"
    svc = MatchService.open(data, encoder=HashEncoder())
    seed = seed_texts()[0]
    vid = svc.add_vacancy(seed.read_bytes(), seed.name).id
    application, token = svc.apply(vid, marked_cv(marker).encode(), "cv.txt")
    svc.apply(vid, CV_B.encode(), "lukas.txt")
    cid = svc.candidate_id_of(application)
    svc.delete_application(application, token)
    svc.close()
    svc = MatchService.open(data, encoder=HashEncoder())
    try:
        assert cid not in svc.nearest_candidates(marked_cv(marker), k=50)
        assert svc.health()["candidates"] == 1
        assert svc.catalog.check_consistency() == {"unit": True, "chunk": True}
    finally:
        svc.close()
    assert marker.encode() not in data_dir_bytes(data)


# --------------------------------------------------------------------------- item 17


@pytest.fixture
def retention_service(tmp_path: Path) -> Iterator[tuple[MatchService, str]]:
    svc = MatchService.open(tmp_path / "data", encoder=HashEncoder(), retention_days=30)
    seed = seed_texts()[0]
    vid = svc.add_vacancy(seed.read_bytes(), seed.name).id
    yield svc, vid
    svc.close()


@pytest.mark.timeout(120)
def test_retention_purge_with_a_frozen_clock(
    retention_service: tuple[MatchService, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    svc, vid = retention_service
    data = svc.data_dir
    t0 = time.time()
    old_app, _ = svc.apply(vid, marked_cv("oldmarker41x").encode(), "old.txt")
    # The second CV arrives ten days later (the clock is frozen forward for that one call).
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: t0 + 10 * DAY)
        new_app, new_token = svc.apply(
            vid, marked_cv("newmarker52y", "Ola Nordmann").encode(), "new.txt"
        )
    old_id, new_id = svc.candidate_id_of(old_app), svc.candidate_id_of(new_app)
    old_vectors = svc.catalog.vectors_of("chunk", old_id)
    assert old_vectors is not None
    size_before = len(svc.catalog.indexes["chunk"])

    # Day 29: nothing has expired yet.
    assert svc.purge_expired(now=t0 + 29 * DAY) == 0
    assert svc.health()["candidates"] == 2
    # Day 31: the first CV's 30 days are over, the second's are not.
    assert svc.purge_expired(now=t0 + 31 * DAY) == 1
    assert len(svc.catalog.indexes["chunk"]) == size_before - len(old_vectors.vids)
    assert svc.catalog.check_consistency() == {"unit": True, "chunk": True}
    assert old_id not in svc.nearest_candidates(marked_cv("oldmarker41x"), k=50)
    assert svc.nearest_candidates(marked_cv("newmarker52y", "Ola Nordmann"), k=1) == [new_id]
    blob = data_dir_bytes(data)
    assert b"oldmarker41x" not in blob
    assert b"newmarker52y" in blob
    assert svc.get_application(new_app, new_token)["application_id"] == new_app
    # Day 41: the second one goes the same way.
    assert svc.purge_expired(now=t0 + 41 * DAY) == 1
    assert svc.health()["candidates"] == 0 and len(svc.catalog.indexes["chunk"]) == 0
    assert b"newmarker52y" not in data_dir_bytes(data)
    assert all("newmarker52y" not in str(r) for r in svc.audit_log())


# --------------------------------------------------------------------------- item 21


def _encoder_for(model: str) -> Encoder:
    """The encoder an audit row names (``model@revision``); only the fake here."""
    name, _, revision = model.partition("@")
    encoder = HashEncoder()
    assert (encoder.model_name, encoder.revision) == (name, revision), model
    return encoder


def _recompute_from_audit(svc: MatchService, row: dict[str, Any]) -> MatchResult:
    """Score a pair again from what the audit row names: inputs by hash, model, config."""
    config = ScoringConfig()
    assert config.config_hash() == row["config_hash"]
    [vrow] = [v for v in svc.store.list_vacancies() if v.content_hash == row["vacancy_hash"]]
    [crow] = [c for c in svc.store.list_candidates() if c.content_hash == row["candidate_hash"]]
    assert hashlib.sha256(crow.text.encode("utf-8")).hexdigest()[:16] == row["candidate_hash"]
    vacancy = vacancy_from_record(vrow.data)
    candidate = parse_cv(crow.text, crow.source)
    encoder = _encoder_for(row["model"])
    units = encoder.encode(unit_texts(vacancy), kind=STATEMENT_KIND)
    chunks = encoder.encode(chunk_texts(candidate), kind=STATEMENT_KIND)
    return score_pair(
        vacancy, units, candidate, chunks, config, background=encode_background(encoder)
    )


@pytest.mark.timeout(120)
def test_scores_are_identical_across_restart_and_from_the_audit_record(tmp_path: Path) -> None:
    data = tmp_path / "data"
    svc = MatchService.open(data, encoder=HashEncoder())
    recruiter = svc.recruiter_for(svc.create_recruiter("X"))
    seeds = seed_texts()
    vacancy = svc.add_vacancy(seeds[0].read_bytes(), seeds[0].name, owner=recruiter)
    svc.apply(vacancy.id, CV_A.encode(), "amina.txt")
    svc.apply(vacancy.id, CV_B.encode(), "lukas.txt")
    first = {r.candidate_id: r.score for r in svc.rank_pool(vacancy.id, recruiter)}
    twice = {r.candidate_id: r.score for r in svc.rank_pool(vacancy.id, recruiter)}
    matched = next(r for r in svc.match(CV_A.encode(), "a.txt") if r.vacancy_id == vacancy.id)
    svc.close()

    svc = MatchService.open(data, encoder=HashEncoder())
    try:
        again = {r.candidate_id: r.score for r in svc.rank_pool(vacancy.id, recruiter)}
        assert first == twice == again
        rematched = next(r for r in svc.match(CV_A.encode(), "a.txt") if r.vacancy_id == vacancy.id)
        assert rematched.score == matched.score

        views = [r for r in svc.audit_log() if r["event"] == "rank_pool"]
        assert len(views) == 3  # three rankings: one row each, listing both candidates
        for view in views:
            assert view["model"] == "fake-hash@1" == svc.model
            assert view["config_hash"] == svc.config_hash == ScoringConfig().config_hash()
            assert view["vacancy_hash"] == vacancy.id  # the ToR's content id
            assert "Amina" not in str(view) and "Drafted" not in str(view)
            assert len(view["detail"]["results"]) == 2
            for ranked in view["detail"]["results"]:
                assert len(ranked["candidate_hash"]) == 16
                row = {**view, "candidate_hash": ranked["candidate_hash"]}
                recomputed = _recompute_from_audit(svc, row)
                assert recomputed.score == ranked["score"], ranked
    finally:
        svc.close()


# --------------------------------------------------------------------------- item 23


def _ranking(world: World) -> list[dict[str, Any]]:
    response = world.client.get(
        f"/vacancies/{world.vacancy_x}/ranking", headers=auth(world.recruiter_x)
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


CLEAN_LINES = [
    "Sofia Lindgren",
    "EXPERIENCE",
    "Water engineer, municipal utility, 2016 - 2023",
    "Designed pumping stations and supervised construction contractors.",
    "LANGUAGES",
    "Swedish (native), English (C1)",
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "kind", ["pdf_white_tiny", "pdf_white", "pdf_tiny", "docx_white", "docx_tiny", "docx_vanish"]
)
def test_hidden_tor_words_bring_no_gain_and_are_flagged(world: World, kind: str) -> None:
    vacancy = world.service.get_vacancy(world.vacancy_x)
    stuffing = " ".join(t for _, t in vacancy.units())
    fmt, _, style = kind.partition("_")
    if fmt == "pdf":
        clean = hostile.pdf_with_text("\n".join(CLEAN_LINES))
        stuffed = hostile.pdf_with_text("\n".join(CLEAN_LINES), stuffing, hidden_style=style)
    else:
        clean = hostile.docx_with_text(CLEAN_LINES)
        stuffed = hostile.docx_with_text(CLEAN_LINES, [stuffing], hidden_style=style)
    apply_via_api(world, clean, f"clean.{fmt}")
    apply_via_api(world, stuffed, f"stuffed.{fmt}")
    rows = {r["source"]: r for r in _ranking(world)}
    assert "hidden_text" in rows[f"stuffed.{fmt}"]["flags"]
    assert "hidden_text" not in rows[f"clean.{fmt}"]["flags"]
    assert rows[f"stuffed.{fmt}"]["score"] <= rows[f"clean.{fmt}"]["score"]
    # The hidden words never became evidence either.
    assert all(stuffing[:60] not in e["chunk"] for e in rows[f"stuffed.{fmt}"]["evidence"])


@pytest.mark.timeout(120)
def test_visible_copy_of_the_tor_is_flagged_for_review(world: World) -> None:
    # Stuffing in plain sight: the ToR's duties pasted verbatim, repeated. The scorer may
    # reward genuinely similar text, so the requirement is the flag a recruiter can see.
    vacancy = world.service.get_vacancy(world.vacancy_x)
    pasted = "\n".join(f"- {t}" for _, t in vacancy.units())
    text = "\n".join(CLEAN_LINES[:4]) + "\n" + (pasted + "\n") * 3 + "\n".join(CLEAN_LINES[4:])
    apply_via_api(world, text, "copied.txt")
    rows = {r["source"]: r for r in _ranking(world)}
    assert "keyword_stuffing" in rows["copied.txt"]["flags"]


# --------------------------------------------------------------------------- item 24


def _faithfulness(encoder: Encoder, vacancy_text: str, cv_text: str, top: int) -> list[str]:
    """Delete each of the ``top`` cited CV lines in turn; return the failures (empty = ok)."""
    vacancy = parse_vacancy(vacancy_text, "tor.txt")
    units = encoder.encode(unit_texts(vacancy), kind=STATEMENT_KIND)
    background = encode_background(encoder)

    def score(text: str) -> MatchResult:
        cand = parse_cv(text, "cv.txt")
        chunks = encoder.encode(chunk_texts(cand), kind=STATEMENT_KIND)
        return score_pair(vacancy, units, cand, chunks, background=background)

    base = score(cv_text)
    assert base.score > 0, "the CV must earn credit for the test to mean anything"
    cited = sorted(base.evidence, key=lambda e: -e.similarity)[:top]
    failures: list[str] = []
    for evidence in cited:
        lines = cv_text.splitlines()
        kept = [ln for ln in lines if evidence.chunk not in ln]
        assert len(kept) < len(lines), f"cited chunk not found as a CV line: {evidence.chunk!r}"
        after = score("\n".join(kept))
        unit_after = next((e.similarity for e in after.evidence if e.unit == evidence.unit), -1.0)
        if not unit_after < evidence.similarity:
            failures.append(
                f"unit similarity did not drop ({evidence.similarity:.4f} -> {unit_after:.4f}):"
                f" {evidence.unit[:50]!r}"
            )
        if not after.score <= base.score:
            failures.append(
                f"score rose {base.score} -> {after.score} ({base.subscores} -> "
                f"{after.subscores}) after deleting {evidence.chunk[:50]!r}"
            )
    # The best-cited sentence carries real weight: removing it must lower the score.
    lines = [ln for ln in cv_text.splitlines() if cited[0].chunk not in ln]
    if not score("\n".join(lines)).score < base.score:
        failures.append("deleting the top evidence sentence did not lower the score")
    return failures


def _tailored_cv(vacancy_text: str) -> str:
    vacancy = parse_vacancy(vacancy_text, "tor.txt")
    duties = list(vacancy.duties)
    return "\n".join(
        [
            "Karim Haddad",
            "Nationality: Kuwaiti",
            "EDUCATION",
            "MA in International Relations, Kuwait University, 2019",
            "EXPERIENCE",
            "Policy officer, Ministry of Foreign Affairs, Jan 2020 - present",
            f"- {duties[0]}",
            "- Organised the office's travel and procurement records.",
            f"- {duties[1]}",
            "LANGUAGES",
            "Arabic (native), English (fluent)",
        ]
    )


@pytest.mark.timeout(120)
def test_deleting_cited_evidence_lowers_unit_and_score_hash_encoder() -> None:
    tor = seed_texts()[0].read_text(encoding="utf-8")
    assert _faithfulness(HashEncoder(), tor, _tailored_cv(tor), top=2) == []


@pytest.mark.model
@pytest.mark.timeout(300)
def test_deleting_cited_evidence_lowers_unit_and_score_real_model(real_encoder: Encoder) -> None:
    tor = seed_texts()[0].read_text(encoding="utf-8")
    cv = "\n".join(
        [
            "Karim Haddad",
            "Nationality: Kuwaiti",
            "EDUCATION",
            "MA in International Relations, Kuwait University, 2019",
            "EXPERIENCE",
            "Policy officer, Ministry of Foreign Affairs, Jan 2020 - present",
            "- Analysed peacekeeping policy issues and drafted options papers for senior managers.",
            "- Collected lessons learned from field missions on emerging peace operations.",
            "- Wrote briefing notes and talking points for the Minister's meetings.",
            "- Organised the office's travel and procurement records.",
            "LANGUAGES",
            "Arabic (native), English (fluent)",
        ]
    )
    assert _faithfulness(real_encoder, tor, cv, top=3) == []


# --------------------------------------------------------------------------- item 25


@pytest.mark.timeout(120)
def test_ineligible_candidates_stay_visible_with_reasons(world: World) -> None:
    # A third applicant failing the nationality, language and degree requirements at once.
    weak = """Tom Weaver
Nationality: Canadian
EDUCATION
High school diploma, 2015
EXPERIENCE
Barista, coffee shop, 2016 - 2017
LANGUAGES
English (native)
"""
    apply_via_api(world, weak, "tom.txt")
    rows = _ranking(world)
    assert world.service.store.pool(world.vacancy_x)
    assert len(rows) == len(world.service.store.pool(world.vacancy_x)) == 3
    ineligible = [r for r in rows if r["eligible"] is False]
    assert {r["source"] for r in ineligible} >= {"lukas.txt", "tom.txt"}
    for row in ineligible:
        unmet = [c for c in row["checks"] if c["status"] == "unmet"]
        assert unmet, row["source"]
        assert all(c["detail"] for c in unmet)
        assert isinstance(row["score"], float | int) and row["rank"] >= 1
    tom = next(r for r in rows if r["source"] == "tom.txt")
    assert {c["requirement"] for c in tom["checks"] if c["status"] == "unmet"} >= {"nationality"}
    # Eligibility is shown, not used to hide: the recruiter's HTML page lists Tom too.
    world.client.cookies.set("jpo_recruiter", world.recruiter_x)
    try:
        page = world.client.get(f"/recruiter/vacancies/{world.vacancy_x}")
    finally:
        world.client.cookies.clear()
    assert page.status_code == 200, page.text[:300]
    assert "tom.txt" in page.text and "lukas.txt" in page.text
