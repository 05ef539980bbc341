"""Run PDF/DOCX parsing in a child process with CPU, memory and wall-clock limits.

The parent starts ``python -I -c <bootstrap>`` per file (``subprocess``, so no fork of a
threaded server and no re-import of the server's ``__main__``), writes the bytes to its stdin
and reads one JSON object from its stdout. The child sets ``RLIMIT_CPU`` (soft limit raises
SIGXCPU, the hard limit one second later kills), ``RLIMIT_AS`` and ``RLIMIT_CORE`` on itself
before reading the input or importing pypdf. The bootstrap registers ``index`` and
``index.readers`` as bare namespace modules so the child never runs their ``__init__`` (which
may grow imports of faiss or torch that would not fit the memory limit).

Outcomes: the child's own ``MatcherError`` is re-raised in the parent with its class and reason;
wall-clock timeout -> ``ParseTimeoutError`` (``timeout``); CPU limit -> ``ParseTimeoutError``
(``cpu_limit``); ``MemoryError`` -> ``MaliciousDocumentError`` (``memory_limit``); any other
death -> ``ParseError`` (``worker_crashed``). When the work is cancelled (its HTTP client went
away, :mod:`matcher.cancellation`) the child is killed at once and ``CancelledWorkError`` raised.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

from matcher import errors
from matcher.cancellation import check_cancelled, current_cancellation
from matcher.errors import (
    MaliciousDocumentError,
    MatcherError,
    ParseError,
    ParseTimeoutError,
)

from .docx import Extraction
from .limits import ReaderLimits

__all__ = ["child_main", "run_sandboxed"]

logger = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parents[2]
_BOOTSTRAP = """\
import sys, types
root = sys.argv[1]
sys.path.insert(0, root)
for name, sub in (("index", "index"), ("index.readers", "index/readers")):
    module = types.ModuleType(name)
    module.__path__ = [root + "/" + sub]
    sys.modules[name] = module
from index.readers.worker import child_main
raise SystemExit(child_main(sys.argv[2:]))
"""
_KINDS = ("pdf", "docx")
_MEMORY_ERROR = (
    b'{"error": "MaliciousDocumentError", "reason": "memory_limit", '
    b'"message": "parsing the document exceeded the memory limit"}'
)
# Errors the child may report; anything else is treated as a crash.
_ERROR_CLASSES: dict[str, type[MatcherError]] = {
    name: getattr(errors, name)
    for name in (
        "EmptyDocumentError",
        "EncryptedDocumentError",
        "FileTooLargeError",
        "MaliciousDocumentError",
        "ParseError",
        "ParseTimeoutError",
        "UnsupportedFileError",
    )
}
_MAX_STDOUT = 64 * 1024 * 1024


def _set_child_limits(limits: ReaderLimits) -> None:
    import resource

    cpu = int(limits.cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = int(limits.memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # No files are written while parsing; stdout is a pipe, which this limit does not cover.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _extract(kind: str, data: bytes, limits: ReaderLimits) -> Extraction:
    if kind == "docx":
        from .docx import extract_docx

        return extract_docx(data, limits)
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    from .pdf import extract_pdf

    try:
        return extract_pdf(data, limits)
    except MatcherError:
        raise
    except LimitReachedError as exc:
        raise MaliciousDocumentError(
            f"the PDF exceeds a decompression or parsing limit: {exc}",
            reason="decompression_limit",
        ) from exc
    except FileNotDecryptedError as exc:
        raise errors.EncryptedDocumentError("the PDF is encrypted", reason="encrypted") from exc
    except PyPdfError as exc:
        raise ParseError(f"the PDF is broken: {exc}", reason="unreadable") from exc


def child_main(argv: list[str]) -> int:
    """Entry point of the parsing child: ``argv = [kind, limits_json]``, bytes on stdin."""
    kind, limits = argv[0], ReaderLimits.from_dict(json.loads(argv[1]))
    _set_child_limits(limits)
    # pypdf reports every oddity of a broken file; stderr is only for crashes.
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    out = sys.stdout.buffer
    try:
        data = sys.stdin.buffer.read(int(limits.max_bytes) + 1)
        extraction = _extract(kind, data, limits)
        payload: dict[str, Any] = {
            "pages": extraction.pages,
            "hidden": extraction.hidden,
            "truncated": extraction.truncated,
        }
    except MemoryError:
        out.write(_MEMORY_ERROR)
        out.flush()
        return 3
    except MatcherError as exc:
        payload = {"error": type(exc).__name__, "reason": exc.reason, "message": str(exc)}
    except RecursionError:
        payload = {
            "error": "ParseError",
            "reason": "unreadable",
            "message": "the document structure is nested too deeply",
        }
    except Exception as exc:  # any library failure on hostile input is a parse error
        payload = {
            "error": "ParseError",
            "reason": "unreadable",
            "message": f"the document could not be parsed ({type(exc).__name__})",
        }
    out.write(json.dumps(payload).encode("utf-8"))
    out.flush()
    return 0


def _raise_from_payload(payload: dict[str, Any]) -> None:
    name = payload.get("error")
    if name is None:
        return
    cls = _ERROR_CLASSES.get(str(name), ParseError)
    raise cls(str(payload.get("message", "parsing failed")), reason=str(payload.get("reason")))


def run_sandboxed(kind: str, data: bytes, limits: ReaderLimits) -> Extraction:
    """Parse ``data`` as ``kind`` ("pdf" or "docx") in a resource-limited child process.

    Raises:
        ParseTimeoutError: wall-clock (``timeout``) or CPU (``cpu_limit``) limit reached.
        MaliciousDocumentError: memory limit (``memory_limit``) or a hostile structure.
        ParseError: the child crashed (``worker_crashed``) or the document is broken.
        MatcherError: whatever the child reported (encrypted, too many pages, ...).
    """
    if kind not in _KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    command = [
        sys.executable,
        "-I",
        "-B",
        "-c",
        _BOOTSTRAP,
        str(_ROOT),
        kind,
        json.dumps(limits.to_dict()),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        close_fds=True,
        start_new_session=True,  # a Ctrl-C in the terminal goes to the parent only
    )
    cancellation = current_cancellation()
    try:
        if cancellation is None:
            stdout, stderr = process.communicate(data, timeout=limits.wall_seconds)
        else:
            with cancellation.watch(process):
                stdout, stderr = process.communicate(data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise ParseTimeoutError(
            f"parsing took longer than {limits.wall_seconds:g} s and was stopped",
            reason="timeout",
        ) from exc
    finally:
        if process.poll() is None:  # an exception (e.g. KeyboardInterrupt) left it running
            process.kill()
            process.wait()
    check_cancelled()  # killed because the client went away, not by a limit
    code = process.returncode
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ParseTimeoutError(
            f"parsing used more than {limits.cpu_seconds} s of CPU and was stopped",
            reason="cpu_limit",
        )
    payload: dict[str, Any] | None = None
    if stdout and len(stdout) <= _MAX_STDOUT:
        try:
            decoded = json.loads(stdout)
            payload = decoded if isinstance(decoded, dict) else None
        except ValueError:
            payload = None
    if payload is None:
        tail = stderr[-2000:].decode("utf-8", "replace")
        logger.warning("document parser exited with %s: %s", code, tail)
        if "MemoryError" in tail:
            raise MaliciousDocumentError(
                "parsing the document exceeded the memory limit", reason="memory_limit"
            )
        raise ParseError(
            f"the document parser stopped unexpectedly (exit status {code})",
            reason="worker_crashed",
        )
    _raise_from_payload(payload)
    return Extraction(
        pages=[str(p) for p in payload.get("pages", [])],
        hidden=[str(h) for h in payload.get("hidden", [])],
        truncated=bool(payload.get("truncated", False)),
    )
