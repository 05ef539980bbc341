"""real-tors: how well the ToR parser reads the requirement facts of real vacancies.

``eval/data/real_tors/labels.json`` holds facts read by hand from 79 real vacancies of
``unjobs-io-vacancies`` (rules: ``eval/data/real_tors/RULES.md``). The texts are third-party and
stay outside the repository: they are read at run time from
``<eval data root>/unjobs-io-vacancies/vacancies.jsonl.gz``, and the document of a vacancy is
the page as the annotators read it, ``f"{title}\\n{text}"``.

Each labelled vacancy is parsed with :func:`matcher.tor.parse_vacancy` and every fact is scored
exactly as RULES.md "How the parser is scored" says (:func:`score_vacancy`). Accuracy is given
per fact type and overall, per split. The ``heldout`` split is reported as aggregates only:
:class:`RealTorsResult` keeps per-vacancy misses for the ``dev`` split alone, so nothing can
print what the parser got wrong on a held-out vacancy.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval import locations
from matcher.models import Vacancy
from matcher.tor import parse_vacancy
from matcher.vocab import canonical_language

__all__ = [
    "FACTS",
    "FactScore",
    "LABELS_PATH",
    "Miss",
    "REQUIREMENT_FACTS",
    "RealTorsResult",
    "RealTorsUnavailableError",
    "SPLITS",
    "SplitAccuracy",
    "UNJOBS_FILE",
    "agreement",
    "evaluate_real_tors",
    "format_accuracy_table",
    "format_misses",
    "load_labels",
    "read_documents",
    "real_tors_to_dict",
    "score_vacancy",
]

LABELS_PATH = Path(__file__).resolve().parent / "data" / "real_tors" / "labels.json"
#: The third-party file, relative to the evaluation data root.
UNJOBS_FILE = Path("unjobs-io-vacancies") / "vacancies.jsonl.gz"
#: Fact types in the order RULES.md lists them (and the table prints them).
FACTS: tuple[str, ...] = (
    "title",
    "duty_stations",
    "education.min_level",
    "education.substitute",
    "experience.min_years",
    "languages",
    "nationality",
    "duties",
    "learning_elements",
)
#: The facts that become hard-requirement checks (reported as their own line too).
REQUIREMENT_FACTS: tuple[str, ...] = (
    "education.min_level",
    "education.substitute",
    "experience.min_years",
    "languages",
    "nationality",
)
SPLITS: tuple[str, ...] = ("dev", "heldout")


class RealTorsUnavailableError(Exception):
    """The third-party vacancy texts are missing (the evaluation is skipped and says where)."""


@dataclass(frozen=True, slots=True)
class FactScore:
    """One fact of one vacancy: right or wrong, with what was wanted and what was parsed."""

    fact: str
    ok: bool
    want: str
    got: str


@dataclass(frozen=True, slots=True)
class Miss:
    """A wrong fact of one dev vacancy (held-out misses are never kept)."""

    vacancy: str
    agency: str
    fact: str
    want: str
    got: str


@dataclass(frozen=True, slots=True)
class SplitAccuracy:
    """Right facts / scored facts per fact type, for one split (or both)."""

    split: str
    vacancies: int
    right: Mapping[str, int]
    total: Mapping[str, int]

    def accuracy(self, fact: str) -> float | None:
        """Share of right ``fact``s (None when none was scored)."""
        total = self.total.get(fact, 0)
        return self.right.get(fact, 0) / total if total else None

    def _pooled(self, facts: Iterable[str]) -> float | None:
        facts = list(facts)
        total = sum(self.total.get(f, 0) for f in facts)
        return sum(self.right.get(f, 0) for f in facts) / total if total else None

    @property
    def overall(self) -> float | None:
        """Share of right facts over every fact type."""
        return self._pooled(FACTS)

    @property
    def requirements(self) -> float | None:
        """Share of right facts over the requirement fact types only."""
        return self._pooled(REQUIREMENT_FACTS)


@dataclass(frozen=True, slots=True)
class RealTorsResult:
    """Accuracy per split (``dev``, ``heldout``, ``all``) and the dev misses."""

    splits: Mapping[str, SplitAccuracy]
    dev_misses: tuple[Miss, ...] = ()
    agreement: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- loading


def load_labels(path: Path = LABELS_PATH) -> dict[str, dict[str, Any]]:
    """The labelled vacancies by unjobs_id (keys starting with "_" are metadata, left out)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def agreement(path: Path = LABELS_PATH) -> dict[str, Any]:
    """The annotator agreement block (``_agreement``) of the labels file, or {}."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    block = data.get("_agreement")
    return dict(block) if isinstance(block, dict) else {}


def read_documents(ids: Iterable[str], root: Path | None = None) -> dict[str, str]:
    """The documents (page title line, then body) of the vacancies ``ids``.

    Args:
        ids: unjobs ids to read.
        root: The evaluation data root (default :func:`eval.locations.eval_data_root`).

    Raises:
        RealTorsUnavailableError: The third-party file is missing.
    """
    base = root if root is not None else locations.eval_data_root()
    path = base / UNJOBS_FILE
    if not path.exists():
        raise RealTorsUnavailableError(locations.missing_data_hint(UNJOBS_FILE.parts[0], base))
    wanted = set(ids)
    documents: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            key = str(record.get("unjobs_id"))
            if key in wanted:
                documents[key] = f"{record['title']}\n{record['text']}"
    return documents


# --------------------------------------------------------------------------- scoring rules


def _words(text: str) -> str:
    """Lowercase, accents and punctuation removed, single spaces: "case and punctuation ignored"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", plain))


def _contains(haystack: str, needle: str) -> bool:
    """Word-bounded containment of ``needle`` in ``haystack`` (both already :func:`_words`)."""
    return f" {needle} " in f" {haystack} "


def _score_title(label: Mapping[str, Any], title: str | None) -> FactScore:
    want_title = label.get("title")
    core = label.get("title_core") or want_title
    want = f"contains {core!r}, at most {2 * len(want_title or '')} chars"
    if not core:
        return FactScore("title", title is None, "no title", repr(title))
    ok = (
        title is not None
        and _contains(_words(title), _words(core))
        and len(title) <= 2 * len(want_title or core)
    )
    return FactScore("title", ok, want, repr(title))


def _score_stations(label: Mapping[str, Any], stations: Sequence[str]) -> FactScore:
    wanted = [str(s) for s in label.get("duty_stations") or []]
    parsed = [_words(s) for s in stations]
    ok = all(any(_contains(p, _words(w)) for p in parsed) for w in wanted)
    return FactScore("duty_stations", ok, repr(wanted), repr(list(stations)))


def _language_key(language: str, any_of: Iterable[str]) -> frozenset[str]:
    # A label may name a language by another of its names ("Bangla" for Bengali, "Kirghiz"
    # for Kyrgyz): both sides are compared by the vocabulary's English name where it has one.
    names = [a for a in any_of if a] or [language]
    return frozenset(
        (canonical_language(n.strip()) or n.strip()).casefold() for n in names
    )


def _show_languages(pairs: Iterable[tuple[frozenset[str], bool]]) -> str:
    shown = sorted(
        (" or ".join(sorted(names)) + ("" if required else " (desirable)"))
        for names, required in pairs
    )
    return "{" + ", ".join(shown) + "}"


def _label_languages(label: Mapping[str, Any]) -> set[tuple[frozenset[str], bool]]:
    return {
        (_language_key(str(e.get("language") or ""), e.get("any_of") or ()), bool(e["required"]))
        for e in label.get("languages") or []
    }


def _parsed_languages(vacancy: Vacancy) -> set[tuple[frozenset[str], bool]]:
    return {
        (_language_key(lang.language, lang.any_of), lang.required)
        for lang in vacancy.requirements.languages
    }


def _parsed_nationality(vacancy: Vacancy) -> tuple[str, frozenset[str]]:
    req = vacancy.requirements
    codes = frozenset(code.upper() for code in req.nationalities)
    if req.nationality_rule is not None:
        return req.nationality_rule, codes
    return ("list" if codes else "open"), codes


def _show_nationality(rule: str, codes: Iterable[str]) -> str:
    listed = sorted(codes)
    return f"{rule} {listed}" if listed else rule


def _count_ok(label: Mapping[str, Any], got: int) -> bool:
    count = int(label.get("count") or 0)
    if label.get("exact", True):
        return abs(got - count) <= max(1.0, 0.1 * count)
    return count / 2 <= got <= 2 * count


def _show_count(label: Mapping[str, Any]) -> str:
    count = int(label.get("count") or 0)
    return f"{count} items" if label.get("exact", True) else f"prose of {count} sentences"


def score_vacancy(label: Mapping[str, Any], vacancy: Vacancy) -> list[FactScore]:
    """Score every fact of one parsed vacancy against its label (RULES.md scoring rules).

    Args:
        label: One entry of ``labels.json``.
        vacancy: What :func:`matcher.tor.parse_vacancy` made of the vacancy's document.

    Returns:
        One :class:`FactScore` per fact type, in :data:`FACTS` order.
    """
    req = vacancy.requirements
    edu = req.education
    education = label.get("education") or {}
    want_level = education.get("min_level")
    got_level = edu.min_level if edu is not None else None
    want_sub = education.get("substitute")
    got_sub = edu.substitute if edu is not None else None
    want_sub_pair = None if not want_sub else (want_sub.get("level"), want_sub.get("extra_years"))
    got_sub_pair = None if got_sub is None else (got_sub.level, got_sub.extra_years)
    want_years = label.get("experience_min_years")
    got_years = req.experience.min_years if req.experience is not None else None
    want_langs = _label_languages(label)
    got_langs = _parsed_languages(vacancy)
    nationality = label.get("nationality") or {}
    want_nat = (
        str(nationality.get("rule") or "open"),
        frozenset(str(c).upper() for c in nationality.get("countries") or []),
    )
    got_nat = _parsed_nationality(vacancy)
    duties = label.get("duties") or {"count": 0, "exact": True}
    learning = label.get("learning_elements") or {"count": 0, "exact": True}
    return [
        _score_title(label, vacancy.title),
        _score_stations(label, vacancy.duty_stations),
        FactScore("education.min_level", want_level == got_level, repr(want_level),
                  repr(got_level)),
        FactScore("education.substitute", want_sub_pair == got_sub_pair, repr(want_sub_pair),
                  repr(got_sub_pair)),
        FactScore("experience.min_years", want_years == got_years, repr(want_years),
                  repr(got_years)),
        FactScore("languages", want_langs == got_langs, _show_languages(want_langs),
                  _show_languages(got_langs)),
        FactScore("nationality", want_nat == got_nat, _show_nationality(*want_nat),
                  _show_nationality(*got_nat)),
        FactScore("duties", _count_ok(duties, len(vacancy.duties)), _show_count(duties),
                  str(len(vacancy.duties))),
        FactScore("learning_elements", _count_ok(learning, len(vacancy.learning_elements)),
                  _show_count(learning), str(len(vacancy.learning_elements))),
    ]


# --------------------------------------------------------------------------- evaluation


def _accuracy(split: str, scored: Sequence[list[FactScore]]) -> SplitAccuracy:
    right = dict.fromkeys(FACTS, 0)
    total = dict.fromkeys(FACTS, 0)
    for facts in scored:
        for fact in facts:
            total[fact.fact] += 1
            right[fact.fact] += fact.ok
    return SplitAccuracy(split=split, vacancies=len(scored), right=right, total=total)


def evaluate_real_tors(
    root: Path | None = None,
    *,
    labels: Mapping[str, Mapping[str, Any]] | None = None,
    documents: Mapping[str, str] | None = None,
    labels_path: Path = LABELS_PATH,
    splits: Sequence[str] = SPLITS,
) -> RealTorsResult:
    """Parse every labelled vacancy and measure the parser per fact type and split.

    Args:
        root: The evaluation data root (default :func:`eval.locations.eval_data_root`).
        labels: Labels by vacancy id (default: ``labels.json``); tests pass invented ones.
        documents: Documents by vacancy id (default: read from the third-party file).
        labels_path: Where the labels and the annotator agreement are read from.
        splits: The splits to parse and score (``all`` is added when there are several).

    Returns:
        Accuracy for ``dev``, ``heldout`` and ``all``; misses of the dev split only.

    Raises:
        RealTorsUnavailableError: The third-party texts are missing.
    """
    unknown = sorted(set(splits) - set(SPLITS))
    if unknown:
        raise ValueError(f"unknown split(s) {unknown}; known: {', '.join(SPLITS)}")
    every = labels if labels is not None else load_labels(labels_path)
    chosen = {key: label for key, label in every.items() if label.get("split") in splits}
    texts = dict(documents) if documents is not None else read_documents(chosen, root)
    by_split: dict[str, list[list[FactScore]]] = {s: [] for s in SPLITS if s in splits}
    misses: list[Miss] = []
    for key in sorted(chosen):
        label = chosen[key]
        split = str(label.get("split"))
        if split not in by_split or key not in texts:
            continue
        facts = score_vacancy(label, parse_vacancy(texts[key], f"unjobs:{key}"))
        by_split[split].append(facts)
        if split == "dev":
            agency = str(label.get("agency") or "")
            misses += [Miss(key, agency, f.fact, f.want, f.got) for f in facts if not f.ok]
    accuracy = {split: _accuracy(split, scored) for split, scored in by_split.items()}
    if len(by_split) > 1:
        accuracy["all"] = _accuracy("all", [f for scored in by_split.values() for f in scored])
    return RealTorsResult(
        splits=accuracy,
        dev_misses=tuple(misses),
        agreement=agreement(labels_path) if labels is None else {},
    )


# --------------------------------------------------------------------------- output


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def format_accuracy_table(result: RealTorsResult, *, markdown: bool = True) -> str:
    """Facts × splits accuracy table (right/total and percent)."""
    names = [s for s in (*SPLITS, "all") if s in result.splits]
    header = ["fact", *(f"{s} ({result.splits[s].vacancies})" for s in names)]
    rows = [header]
    for fact in FACTS:
        cells = [fact]
        for name in names:
            acc = result.splits[name]
            cells.append(
                f"{acc.right.get(fact, 0)}/{acc.total.get(fact, 0)} "
                f"{_percent(acc.accuracy(fact))}"
            )
        rows.append(cells)
    rows.append(["requirements", *(_percent(result.splits[s].requirements) for s in names)])
    rows.append(["overall", *(_percent(result.splits[s].overall) for s in names)])
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def format_misses(result: RealTorsResult) -> str:
    """Each dev miss on one line: vacancy, agency, fact, want, got."""
    return "\n".join(
        f"{m.vacancy} [{m.agency}] {m.fact}: want {m.want}; got {m.got}" for m in result.dev_misses
    )


def real_tors_to_dict(result: RealTorsResult) -> dict[str, Any]:
    """Aggregates for ``results.json`` (never a per-vacancy miss)."""
    return {
        "splits": {
            name: {
                "vacancies": acc.vacancies,
                "facts": {
                    fact: {
                        "right": acc.right.get(fact, 0),
                        "total": acc.total.get(fact, 0),
                        "accuracy": None
                        if acc.accuracy(fact) is None
                        else round(acc.accuracy(fact) or 0.0, 4),
                    }
                    for fact in FACTS
                },
                "requirements": None if acc.requirements is None else round(acc.requirements, 4),
                "overall": None if acc.overall is None else round(acc.overall, 4),
            }
            for name, acc in result.splits.items()
        },
        "agreement": dict(result.agreement),
    }
