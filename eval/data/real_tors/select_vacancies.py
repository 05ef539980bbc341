"""Choose the real vacancies of the ``real-tors`` labelled set (run once, before labelling).

Reads ``unjobs-io-vacancies/vacancies.jsonl.gz`` (third-party, not in the repository) and
prints one line per chosen vacancy: ``unjobs_id split agency title``. The choice is fixed by
the rules below and a seeded sample, so anyone with the data file gets the same list:

- every vacancy that names the JPO programme ("Junior Professional Officer", "JPO") in its
  title or first 3,000 characters;
- entry-level professional posts (a P-1/P-2 grade in the text, or an "Associate ..." title;
  internships and consultancies excluded) and UN "Analyst" posts, at most six per agency,
  drawn with ``random.Random(2026)``;
- eight more calls that state a nationality rule ("open to X nationals only", "nationals of
  eligible developing countries"), drawn from the same generator, so that restricted calls
  of several kinds are in the set.

The split is decided by the agency and title alone (a SHA-256 byte), so it is fixed before
anyone reads a text and reposted copies of one call fall on the same side: about a third is
``heldout`` and is never looked at while the parser is being changed.

A second batch (``--batch 2``, labelled the same way on 2026-12-02, after the parser had been
fixed against the dev part of the first) widens the agencies: professional posts of any agency
(an "Officer", "Analyst", "Associate" or "Specialist" title, senior and intern posts excluded)
and more restricted calls, from what the first batch left, with ``random.Random(2027)``, at
most three per agency, skipping reposts of a call already chosen (same agency and title). The
same hash splits it, so its own third is held out too.

A third batch (``--batch 3``, drawn the same way with ``random.Random(2028)`` from what the
first two left) was labelled blind on 2026-12-02, after the held-out parts of batches 1 and 2
had been reported and then opened for fixing: all of batch 3 is ``heldout``, the new part that
nobody looks at while the parser changes.

A fourth batch (``--batch 4``, ``random.Random(2029)``, from what the first three left) was
labelled blind on 2026-12-03, after batch 3's figures had been reported and batch 3 opened
for fixing; all of batch 4 is ``heldout``.

A fifth batch (``--batch 5``, ``random.Random(2030)``, from what the first four left) was
labelled blind on 2026-12-03, after batch 4's figures had been reported and batch 4 opened
for fixing; all of batch 5 is ``heldout``.

A sixth batch (``--batch 6``, ``random.Random(2031)``, from what the first five left) was
labelled blind on 2026-12-03, after batch 5's figures had been reported and batch 5 opened
for fixing; all of batch 6 is ``heldout``. A seventh (``--batch 7``, ``random.Random(2032)``)
was drawn and labelled the same way after batch 6 had been measured and opened, and an
eighth (``--batch 8``, ``random.Random(2033)``) after batch 7. A ninth (``--batch 9``,
``random.Random(2034)``) was labelled the same way and measured on the same parser as batch 8,
with no change in between. A tenth and an eleventh (``--batch 10``, ``random.Random(2035)``;
``--batch 11``, ``random.Random(2036)``) were labelled blind on 2026-12-03 after batches 8 and 9
had been measured and opened for fixing. A twelfth and a thirteenth (``--batch 12``,
``random.Random(2037)``; ``--batch 13``, ``random.Random(2038)``) were labelled blind on
2026-12-04 after batches 10 and 11 had been measured and opened for fixing; both are held out
whole. Six more (``--batch 14`` to ``--batch 19``, ``random.Random(2039)`` to ``(2044)``) were
labelled blind the same day, after the parser had been fixed for the last time and before it
was run on them, so that the part held out grows (22 of their vacancies had been read while
fixing and count as dev: 175 of 675 are held out); what the earlier batches left thins out
(30, 30, 24, 18, 15, 15 vacancies, the last three from five agencies). This script prints
``heldout`` for every vacancy of a batch held out whole; ``labels.json`` marks the 22.

Usage:
    python eval/data/real_tors/select_vacancies.py PATH/TO/vacancies.jsonl.gz [--batch 2|...|19]
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from typing import Any

PER_AGENCY = 6
TARGET = 75
RESTRICTED = 8
_JPO = re.compile(r"junior professional officer|\bJPO\b", re.IGNORECASE)
_GRADE = re.compile(r"\b(?:P-?[12])\b")
_ASSOCIATE = re.compile(r"^Associate\b|\bAssociate [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer")
_ANALYST = re.compile(r"\b(?:Programme|Program|Policy|Partnership|Research) Analyst\b")
_RESTRICTED = re.compile(
    r"open (?:only )?to (?:\w+ ){0,3}nationals|only (?:open )?(?:to|for) (?:\w+ ){0,3}nationals"
    r"|nationals of (?:\w+ ){0,4}(?:only|eligible)|eligible (?:developing )?countries",
    re.IGNORECASE,
)
_EXCLUDED = re.compile(r"intern|consultan|senior|chief|head of|director", re.IGNORECASE)
_AGENCIES = (
    ("UNICEF", "UNICEF"), ("Unicef", "UNICEF"), ("UNHCR", "UNHCR"), ("UNDP", "UNDP"),
    ("WFP", "WFP"), ("World Food", "WFP"), ("UN Women", "UN Women"), ("UNWomen", "UN Women"),
    ("IFC", "IFC"), ("World Bank", "World Bank"), ("EBRD", "EBRD"), ("European Bank", "EBRD"),
    ("Asian Dev", "ADB"), ("ADB", "ADB"), ("UNFPA", "UNFPA"), ("IDB", "IDB"),
    ("Inter-American", "IDB"), ("High Commissioner for Human", "OHCHR"),
    ("Coordination of Humanitarian", "OCHA"), ("OCHA", "OCHA"), ("Resident Coord", "UN RCS"),
    ("RCS", "UN RCS"), ("UNRCO", "UN RCS"), ("Green Climate", "GCF"), ("IFAD", "IFAD"),
    ("Agricultural Development", "IFAD"), ("African Dev", "AfDB"),
)


def agency(record: dict[str, Any]) -> str:
    """The posting agency with unjobs.org's name variants grouped."""
    name = str(record.get("organization") or "")
    return next((short for key, short in _AGENCIES if key in name), name[:30] or "unknown")


def split_of(record: dict[str, Any]) -> str:
    """``heldout`` for about a third of the calls, ``dev`` for the rest."""
    key = f"{agency(record)}|{record['title'].casefold()}"
    return "heldout" if hashlib.sha256(key.encode()).digest()[0] % 3 == 0 else "dev"


def choose(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JPO-like vacancies, then a seeded sample of entry-level posts per agency."""
    records = sorted(records, key=lambda r: str(r["unjobs_id"]))
    jpo = [r for r in records if _JPO.search(f"{r['title']} {r['text'][:3000]}")]
    chosen = {str(r["unjobs_id"]) for r in jpo}
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if str(r["unjobs_id"]) in chosen or _EXCLUDED.search(r["title"]):
            continue
        title = r["title"]
        if _GRADE.search(r["text"]) or _ASSOCIATE.search(title) or _ANALYST.search(title):
            by_agency[agency(r)].append(r)
    rng = random.Random(2026)
    extra: list[dict[str, Any]] = []
    for name in sorted(by_agency):
        pool = by_agency[name]
        extra += rng.sample(pool, min(PER_AGENCY, len(pool)))
    rng.shuffle(extra)
    extra = extra[: TARGET - len(jpo)]
    chosen |= {str(r["unjobs_id"]) for r in extra}
    restricted = [r for r in records if str(r["unjobs_id"]) not in chosen
                  and _RESTRICTED.search(r["text"].replace("\n", " "))]
    extra += rng.sample(restricted, min(RESTRICTED, len(restricted)))
    return jpo + sorted(extra, key=lambda r: str(r["unjobs_id"]))


MORE_PER_AGENCY = 3
MORE_TARGET = 42
_PROFESSIONAL = re.compile(r"\b(?:Officer|Analyst|Associate|Specialist)\b")
MORE_RESTRICTED = 6


def _call_key(record: dict[str, Any]) -> tuple[str, str]:
    return agency(record), record["title"].casefold()


def choose_more(records: list[dict[str, Any]], taken: set[tuple[str, str]],
                seed: int) -> list[dict[str, Any]]:
    """More professional posts and restricted calls, none a repost of a call in ``taken``."""
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if _call_key(r) in taken or _EXCLUDED.search(r["title"]):
            continue
        if _PROFESSIONAL.search(r["title"]):
            by_agency[agency(r)].append(r)
    rng = random.Random(seed)
    batch: list[dict[str, Any]] = []
    for name in sorted(by_agency):
        pool = by_agency[name]
        for r in rng.sample(pool, len(pool)):
            if sum(agency(b) == name for b in batch) >= MORE_PER_AGENCY:
                break
            if _call_key(r) not in taken:
                batch.append(r)
                taken.add(_call_key(r))
    rng.shuffle(batch)
    batch = batch[:MORE_TARGET]
    restricted = [r for r in records if _call_key(r) not in taken
                  and _RESTRICTED.search(r["text"].replace("\n", " "))]
    batch += rng.sample(restricted, min(MORE_RESTRICTED, len(restricted)))
    return sorted(batch, key=lambda r: str(r["unjobs_id"]))


#: The seed of each later batch, in the order they were drawn; a batch held out whole.
LATER_BATCHES: dict[int, int] = {
    2: 2027, 3: 2028, 4: 2029, 5: 2030, 6: 2031, 7: 2032, 8: 2033, 9: 2034, 10: 2035, 11: 2036,
    12: 2037, 13: 2038, 14: 2039, 15: 2040, 16: 2041, 17: 2042, 18: 2043, 19: 2044,
}
HELD_OUT_WHOLE = frozenset(range(3, 20))


def choose_batch(records: list[dict[str, Any]], batch: int) -> list[dict[str, Any]]:
    """Batch 1, or a later batch drawn from what the earlier batches left."""
    if batch != 1 and batch not in LATER_BATCHES:
        raise ValueError(f"no batch {batch}; batches: 1, {', '.join(map(str, LATER_BATCHES))}")
    records = sorted(records, key=lambda r: str(r["unjobs_id"]))
    chosen = choose(records)
    for number, seed in LATER_BATCHES.items():
        if number > batch:
            break
        more = choose_more(records, {_call_key(r) for r in chosen}, seed)
        if number == batch:
            return more
        chosen += more
    return chosen


def main(path: str, batch: int = 1) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    for r in choose_batch(records, batch):
        uid = str(r["unjobs_id"])
        split = "heldout" if batch in HELD_OUT_WHOLE else split_of(r)
        sys.stdout.write(f"{uid}\t{split}\t{agency(r)}\t{r['title']}\n")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Choose the real-tors vacancies of a batch.")
    parser.add_argument("path", help="unjobs-io-vacancies/vacancies.jsonl.gz")
    parser.add_argument("--batch", type=int, default=1, choices=(1, *LATER_BATCHES))
    options = parser.parse_args()
    main(options.path, options.batch)
