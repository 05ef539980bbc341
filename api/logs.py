"""Log formatting for the server and the CLI: one line per record, no query strings.

Two rules (docs/reliability.md items 31 and 34):

- a message cannot forge a line or drive the terminal: the formatted message goes through
  :func:`matcher.names.printable` (a newline in a path or file name is written ``\\x0a``);
- the access log writes the path without its query string, so a token sent as ``?token=…``
  (refused with 400 by ``api.security``) never reaches a log file.
"""

from __future__ import annotations

import logging
from typing import Any

from matcher.names import printable

__all__ = ["AccessFormatter", "SafeFormatter", "server_log_config"]


class SafeFormatter(logging.Formatter):
    """A formatter that escapes controls, line separators and bidi characters in the message.

    Tracebacks (``exc_text``) are appended after this step, so they keep their lines.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = printable(record.message)
        return super().formatMessage(record)


class AccessFormatter(SafeFormatter):
    """uvicorn's access record (client, method, path with query, version, status) without the
    query string."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, full_path, version, status = args
            path = str(full_path).partition("?")[0]
            record.message = f'{client} - "{method} {path} HTTP/{version}" {status}'
        return super().formatMessage(record)


def server_log_config(level: str = "INFO") -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of ``jpo-matcher serve`` (uvicorn's ``log_config``).

    uvicorn's own loggers and the root logger (the service's modules) all write through
    :class:`SafeFormatter`; ``uvicorn.access`` through :class:`AccessFormatter`.
    """
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "safe": {"()": SafeFormatter, "fmt": fmt},
            "access": {"()": AccessFormatter, "fmt": "%(asctime)s %(levelname)s access: "
                       "%(message)s"},
        },
        "handlers": {
            "default": {"formatter": "safe", "class": "logging.StreamHandler",
                        "stream": "ext://sys.stderr"},
            "access": {"formatter": "access", "class": "logging.StreamHandler",
                       "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["access"], "level": level, "propagate": False},
        },
        "root": {"handlers": ["default"], "level": "WARNING"},
    }
