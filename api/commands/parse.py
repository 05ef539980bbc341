"""``jpo-matcher parse vacancy|cv FILE [--json]``: show what the parsers read from one file.

The command reads the file through ``index.readers`` (txt, pdf, docx, sandboxed) and prints the
parsed vacancy or candidate, as the JSON contract of docs/architecture.md with ``--json`` or
as a short human summary without it. It loads no model: parsing is pure text work.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matcher.errors import DocumentNotFoundError

__all__ = ["register", "run_parse"]


def register(subparsers: Any) -> None:
    """Add ``parse vacancy|cv FILE`` to the ``jpo-matcher`` parser."""
    parser = subparsers.add_parser("parse", help="parse one ToR or CV and print its fields")
    kinds = parser.add_subparsers(dest="parse_kind", metavar="KIND", required=True)
    for kind, help_text in (
        ("vacancy", "a Terms of Reference (txt, pdf, docx)"),
        ("cv", "a CV (txt, pdf, docx)"),
    ):
        sub = kinds.add_parser(kind, help=help_text)
        sub.add_argument("file", type=Path, metavar="FILE", help="the document to parse")
        sub.add_argument("--json", action="store_true", help="print the JSON contract")
        sub.set_defaults(func=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    """Parse ``args.file`` as ``args.parse_kind`` and print the result; return 0.

    Raises:
        DocumentNotFoundError: The file does not exist.
        InputError: The reader could not read the file (unsupported, too large, empty…).
    """
    path: Path = args.file
    text = _read_text(path)
    data: dict[str, Any]
    if args.parse_kind == "cv":
        from matcher.cv import parse_cv

        data = parse_cv(text, path.name).to_dict()
    else:
        from matcher.tor import parse_vacancy

        data = parse_vacancy(text, path.name).to_dict()
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_summary(args.parse_kind, data))
    return 0


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise DocumentNotFoundError(f"no such file: {path}")
    try:
        from index.readers import read_path
    except ModuleNotFoundError as exc:
        if exc.name not in ("index.readers", "index"):
            raise
        # The readers are optional while the adapters are being built: plain text still works.
        return _read_plain_text(path)
    return read_path(path).text


def _read_plain_text(path: Path) -> str:
    from matcher.errors import ParseError, UnsupportedFileError

    if path.suffix.lower() not in (".txt", ".text", ".md", ""):
        raise UnsupportedFileError(f"cannot read {path.name}: only .txt without index.readers")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read {path.name}: {exc}") from exc


def _summary(kind: str, data: dict[str, Any]) -> str:
    lines: list[str] = []
    if kind == "vacancy":
        req = data["requirements"]
        edu = req["education"] or {}
        exp = req["experience"] or {}
        langs = ", ".join(
            f"{x['language']} ({'required' if x['required'] else 'desirable'}"
            + (f", {x['level']}" if x["level"] else "")
            + ")"
            for x in req["languages"]
        )
        sub = edu.get("substitute")
        lines += [
            f"Vacancy      {data['source']}  (id {data['id']})",
            f"Title        {data['title'] or '-'}",
            f"Reference    {data['reference'] or '-'}",
            f"Organization {data['organization'] or '-'}",
            f"Duty station {', '.join(data['duty_stations']) or '-'}",
            f"Duration     {_months(data['duration_months'])}",
            f"Education    {edu.get('min_level') or '-'}"
            + (f" (or {sub['level']} + {_extra(sub['extra_years'])})" if sub else "")
            + (f" in {', '.join(edu['fields'])}" if edu.get("fields") else ""),
            f"Experience   {_years(exp.get('min_years'))}",
            f"Languages    {langs or '-'}",
            f"Nationality  {_nationality(req)}",
            f"Duties       {len(data['duties'])}",
        ]
        lines += [f"  - {unit}" for unit in data["duties"]]
        lines.append(f"Learning     {len(data['learning_elements'])}")
        lines += [f"  - {unit}" for unit in data["learning_elements"]]
    else:
        lines += [
            f"Candidate    {data['source']}  (id {data['id']})",
            f"Degrees      {len(data['degrees'])}",
        ]
        lines += [
            f"  - {d['level'] or '?'} {d['field'] or ''} ({d['year'] or '?'})"
            + (" in progress" if d.get("in_progress") else "")
            for d in data["degrees"]
        ]
        lines.append(f"Experience   {len(data['experience'])} entries, "
                     f"{_years(data['total_years'])} after first degree")
        langs = ", ".join(f"{x['language']} {x['level'] or '?'}" for x in data["languages"])
        lines += [
            f"Languages    {langs or '-'}",
            f"Nationality  {', '.join(data['nationalities']) or '-'}",
            f"Chunks       {len(data['chunks'])}",
        ]
    return "\n".join(lines) + "\n"


def _extra(years: int | None) -> str:
    return "additional years (number not stated)" if years is None else f"{years} years"


def _nationality(req: dict[str, Any]) -> str:
    """"open", "NL", "dac (DAC list of ODA recipients) + FI", "unlisted (list not in the ToR)"."""
    listed = ", ".join(req["nationalities"])
    rule = req.get("nationality_rule")
    if rule == "dac":
        return "DAC list of ODA recipients" + (f" + {listed}" if listed else "")
    if rule == "unlisted":
        return "restricted, list not in the ToR" + (f" (names {listed})" if listed else "")
    return listed or "open"


def _months(months: int | None) -> str:
    return "-" if months is None else f"{months} months"


def _years(years: float | None) -> str:
    return "-" if years is None else f"{years:g} years"
