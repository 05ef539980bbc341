"""Owner-only permissions for the data directory: 0700 for it, 0600 for every file in it.

The store holds CV texts, the indexes their vectors: nobody but the service's user should read
them (docs/reliability.md item 33; ``store.sqlite`` and its ``-wal``/``-shm`` were 0644). Files
are created 0600 rather than tightened afterwards, so there is no moment when they are readable;
SQLite gives a database's ``-wal`` and ``-shm`` files the permissions of the database file, and
the FAISS files are written through ``mkstemp`` (0600). Opening a directory written by an older
version tightens what is already there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["PRIVATE_DIR_MODE", "PRIVATE_FILE_MODE", "private_directory", "private_file"]

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_directory(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; make it and everything below it owner-only.

    Symbolic links are neither followed nor changed.
    """
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            _chmod_unless_link(Path(root) / name, PRIVATE_DIR_MODE)
        for name in files:
            _chmod_unless_link(Path(root) / name, PRIVATE_FILE_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist; make it 0600 if it does."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    os.close(os.open(path, flags, PRIVATE_FILE_MODE))
    _chmod_unless_link(path, PRIVATE_FILE_MODE)
    return path


def _chmod_unless_link(path: Path, mode: int) -> None:
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            os.chmod(path, mode)
    except FileNotFoundError:  # removed meanwhile (a temp file renamed into place)
        pass
