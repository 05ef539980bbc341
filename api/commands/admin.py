"""``admin`` commands: create a recruiter (the bearer token is printed once, stored hashed).

``create-recruiter NAME --claim-unowned`` also gives the new recruiter every vacancy that has
no owner (the seeds ``make run`` loads), so that their pools can be ranked.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "register",
    "run_create_recruiter",
]


def register(subparsers: Any) -> None:
    """Add ``admin create-recruiter NAME [--claim-unowned]`` to the ``jpo-matcher`` parser."""
    admin = subparsers.add_parser("admin", help="administration (recruiter accounts)")
    asub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    create = asub.add_parser("create-recruiter", help="create a recruiter and print its token")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--claim-unowned", action="store_true",
                        help="assign every vacancy without an owner to the new recruiter")
    create.add_argument("--json", action="store_true",
                        help='print {"recruiter_id", "token"} (and "claimed" with --claim-unowned)')
    create.set_defaults(func=run_create_recruiter)


def run_create_recruiter(args: argparse.Namespace) -> int:
    """Create a recruiter; print its id and token (the token cannot be shown again).

    With ``--claim-unowned`` every vacancy without an owner is assigned to the new recruiter
    and the count is printed.
    """
    from api.service import open_service
    from api.settings import Settings

    claim = bool(getattr(args, "claim_unowned", False))
    service = open_service(Settings(data_dir=Path(args.data_dir)))
    try:
        token = service.create_recruiter(args.name)
        recruiter_id = service.recruiter_for(token)
        claimed = service.assign_vacancies(recruiter_id, None) if claim else []
    finally:
        service.close()
    if args.json:
        out: dict[str, object] = {"recruiter_id": recruiter_id, "token": token}
        if claim:
            out["claimed"] = len(claimed)
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        sys.stdout.write(f"recruiter_id: {recruiter_id}\ntoken: {token}\n")
        if claim:
            sys.stdout.write(f"claimed: {len(claimed)} unowned vacancies\n")
        sys.stderr.write("store the token now: only its hash is kept, it cannot be shown again\n")
    return 0
