"""``JPO_MATCHER_INDEX=qdrant JPO_MATCHER_STORE_URL=postgresql://… make run`` serves the same.

Each configuration goes through the steps of ``make run`` with the real default encoder: the
CLI loads the seed ToRs (``vacancies add``), an operator creates a recruiter who claims them,
then the HTTP app (built from ``Settings()``, i.e. the environment) answers ``/health``,
``/match`` for labelled CVs, their applications and the recruiter's pool ranking. The
answers on PostgreSQL + Qdrant (Qdrant Edge: the engine in-process; no Qdrant server can run
here) must equal those of the embedded default.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings
from eval.locations import EXAMPLE_VACANCIES

try:
    import qdrant_edge  # noqa: F401

    _NO_EDGE = ""
except ImportError:
    _NO_EDGE = "qdrant-edge-py is not installed (pip install -e '.[scale]')"

CVS = Path(__file__).resolve().parents[2] / "eval" / "data" / "cvs"
CV_FILES = ("cv01_al_mutairi.txt", "cv08_fernandez.txt", "cv05_solberg.pdf")


def _serve_like_make_run(
    data_dir: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, Any]:
    for name in ("JPO_MATCHER_INDEX", "JPO_MATCHER_INDEX_URI", "JPO_MATCHER_STORE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JPO_MATCHER_DATA_DIR", str(data_dir))
    assert main(["--data-dir", str(data_dir), "vacancies", "add", str(EXAMPLE_VACANCIES),
                 "--skip-existing"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "admin", "create-recruiter", "R",
                 "--claim-unowned", "--json"]) == 0
    token = json.loads(capsys.readouterr().out)["token"]
    answers: dict[str, Any] = {}
    with TestClient(create_app(Settings())) as client:
        health = client.get("/health").json()
        answers["backends"] = (health["store"], health["index"])
        vacancies = client.get("/vacancies").json()
        first = sorted(vacancies, key=lambda v: v["source"])[0]["id"]
        for name in CV_FILES:
            data = (CVS / name).read_bytes()
            response = client.post("/match", files={"file": (name, data)})
            assert response.status_code == 200, response.text
            answers[f"match:{name}"] = [
                (r["source"], r["score"], r["eligible"]) for r in response.json()["results"]
            ]
            applied = client.post(f"/vacancies/{first}/applications",
                                  files={"file": (name, data)}, data={"consent": "true"})
            assert applied.status_code == 201, applied.text
        ranking = client.get(f"/vacancies/{first}/ranking",
                             headers={"Authorization": f"Bearer {token}"})
        assert ranking.status_code == 200, ranking.text
        answers["pool"] = [
            (r["source"], r["score"], r["eligible"]) for r in ranking.json()["results"]
        ]
    return answers


@pytest.mark.model
@pytest.mark.skipif(bool(_NO_EDGE), reason=_NO_EDGE)
def test_postgresql_and_qdrant_serve_the_same_rankings_as_the_default(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    default = _serve_like_make_run(tmp_path / "default", {}, monkeypatch, capsys)
    scaled = _serve_like_make_run(
        tmp_path / "scaled",
        {"JPO_MATCHER_INDEX": "qdrant", "JPO_MATCHER_INDEX_URI": f"edge:{tmp_path / 'qdrant'}",
         "JPO_MATCHER_STORE_URL": pg_url},
        monkeypatch, capsys,
    )
    assert default.pop("backends") == ("sqlite", "faiss")
    assert scaled.pop("backends") == ("postgresql", "qdrant")
    assert scaled == default
    assert len(default["pool"]) == len(CV_FILES)
    assert all(len(default[f"match:{n}"]) == 5 for n in CV_FILES)


def test_unsafe_backend_settings_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("JPO_MATCHER_STORE_URL", "mysql://u@h/db")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.setenv("JPO_MATCHER_STORE_URL", "")
    monkeypatch.setenv("JPO_MATCHER_INDEX", "milvus")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.setenv("JPO_MATCHER_INDEX", "qdrant")
    settings = Settings()
    assert (settings.index, settings.store_url, settings.index_uri) == ("qdrant", None, None)

    from index.backends import open_index_backend
    from matcher.errors import ConfigError

    with pytest.raises(ConfigError):
        open_index_backend("faiss", "http://qdrant:6333", Path("data"))
