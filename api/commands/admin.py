"""``admin`` commands: recruiter accounts and their tokens (printed once, stored hashed).

- ``create-recruiter NAME [--claim-unowned]``: a new recruiter and its token; with
  ``--claim-unowned`` it also gets every vacancy that has no owner (the seeds ``make run``
  loads), so that their pools can be ranked;
- ``rotate-token ID``: a new token for the recruiter; the old one stops working and every web
  session of the recruiter ends (docs/reliability.md item 29);
- ``revoke-recruiter ID``: the recruiter's token stops working for good and every session ends.
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
    "run_revoke_recruiter",
    "run_rotate_token",
]


def register(subparsers: Any) -> None:
    """Add the ``admin`` commands (see the module docstring) to the ``jpo-matcher`` parser."""
    admin = subparsers.add_parser("admin", help="administration (recruiter accounts)")
    asub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    create = asub.add_parser("create-recruiter", help="create a recruiter and print its token")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--claim-unowned", action="store_true",
                        help="assign every vacancy without an owner to the new recruiter")
    create.add_argument("--json", action="store_true",
                        help='print {"recruiter_id", "token"} (and "claimed" with --claim-unowned)')
    create.set_defaults(func=run_create_recruiter)
    rotate = asub.add_parser("rotate-token",
                             help="give a recruiter a new token; the old one and its sessions end")
    rotate.add_argument("recruiter_id", metavar="ID")
    rotate.add_argument("--json", action="store_true", help='print {"recruiter_id", "token"}')
    rotate.set_defaults(func=run_rotate_token)
    revoke = asub.add_parser("revoke-recruiter",
                             help="revoke a recruiter: its token and sessions stop working")
    revoke.add_argument("recruiter_id", metavar="ID")
    revoke.set_defaults(func=run_revoke_recruiter)


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


def _print_token(recruiter_id: str, token: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps({"recruiter_id": recruiter_id, "token": token}) + "\n")
    else:
        sys.stdout.write(f"recruiter_id: {recruiter_id}\ntoken: {token}\n")
        sys.stderr.write("store the token now: only its hash is kept, it cannot be shown again\n")


def run_rotate_token(args: argparse.Namespace) -> int:
    """Replace a recruiter's token and print the new one (NotFoundError if unknown)."""
    from api.service import open_service
    from api.settings import Settings

    service = open_service(Settings(data_dir=Path(args.data_dir)))
    try:
        token = service.rotate_token(args.recruiter_id)
    finally:
        service.close()
    _print_token(args.recruiter_id, token, bool(args.json))
    sys.stderr.write("the old token and every web session of this recruiter have ended\n")
    return 0


def run_revoke_recruiter(args: argparse.Namespace) -> int:
    """Revoke a recruiter: token and sessions stop working (NotFoundError if unknown)."""
    from api.service import open_service
    from api.settings import Settings

    service = open_service(Settings(data_dir=Path(args.data_dir)))
    try:
        service.revoke_recruiter(args.recruiter_id)
    finally:
        service.close()
    sys.stderr.write(f"revoked {args.recruiter_id}: its token and web sessions no longer work\n")
    return 0
