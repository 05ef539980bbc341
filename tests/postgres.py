"""A throwaway PostgreSQL cluster for the tests (fixtures registered in ``tests/conftest.py``).

``JPO_MATCHER_TEST_PG_URL`` (``.ci/run`` exports one) points at a running server; otherwise a
cluster is made with the server binaries (``initdb``, ``pg_ctl``) on a unix socket in a temp
directory, run as user ``postgres`` when the tests run as root (the server refuses root), and
stopped at the end of the session. Each test gets a fresh database in it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

__all__ = ["PG_SKIP", "PG_URL_ENV", "find_pg_bin", "fresh_database", "pg_server_url"]

PG_URL_ENV = "JPO_MATCHER_TEST_PG_URL"
#: Every PostgreSQL skip starts with this.
PG_SKIP = "PostgreSQL tests need a server"


def find_pg_bin() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl`` (Debian's versioned one first), or None."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(candidate).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _runner() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip(f"{PG_SKIP}: running as root and there is no user 'postgres' to run it")
    return ["runuser", "-u", "postgres", "--"]


def pg_server_url() -> Iterator[str]:
    """Yield a URL of the server's ``postgres`` database; start (and stop) a cluster if needed."""
    given = os.environ.get(PG_URL_ENV)
    if given:
        yield given
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip(f"{PG_SKIP}: psycopg is not installed (pip install -e '.[scale]')")
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip(f"{PG_SKIP}: no initdb/pg_ctl found and {PG_URL_ENV} is unset")
    runner = _runner()
    # A short path: a unix socket's path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="jpo-pg-", dir="/tmp"))
    if runner:
        shutil.chown(root, user="postgres")
    data = root / "data"
    try:
        subprocess.run(
            [*runner, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "--no-sync", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )
        subprocess.run(
            [*runner, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
             "-w", "-t", "60", "-o", f"-k {root} -c listen_addresses='' -c fsync=off", "start"],
            check=True, capture_output=True, timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"could not start a throwaway PostgreSQL cluster: {exc}") from exc
    try:
        yield f"postgresql://postgres@/postgres?host={root}"
    finally:
        subprocess.run(
            [*runner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=120, check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def fresh_database(server_url: str) -> Iterator[str]:
    """Yield the URL of a new empty database on the server; drop it afterwards."""
    import psycopg

    name = f"jpo_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
