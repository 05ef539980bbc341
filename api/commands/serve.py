"""``jpo-matcher serve``: the HTTP API and web pages on the data directory."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="serve the HTTP API and the web pages"
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted, with the read timeouts and limits of ``api.server``."""
    import uvicorn

    from api.app import create_app
    from api.server import server_config
    from api.settings import Settings

    settings = Settings(data_dir=args.data_dir)
    app = create_app(settings)
    sys.stderr.write(
        f"jpo-matcher: serving http://{args.host}:{args.port}/ "
        f"(recruiters: /recruiter, API docs: /docs; data in {args.data_dir})\n"
    )
    uvicorn.Server(server_config(app, settings, host=args.host, port=args.port)).run()
    return 0
