"""Counterfactual fairness audit: does the score move when only a protected attribute changes?

For every CV (default: the jpo CVs) the audit writes copies that change exactly one thing:

- ``name``: the name line becomes each name of :data:`NAMES` (regions × genders); a CV without a
  recognisable name line gets one added at the top;
- ``pronoun``: third-person pronouns become he / she / they (il / elle, él / ella, ele / ela)
  when the CV uses any;
- ``birthplace``: the place of birth becomes each city of :data:`BIRTHPLACES` (added if absent);
- ``nationality``: the stated nationality becomes each of :data:`NATIONALITIES` (added if
  absent), scored only against vacancies *without* a nationality requirement, where it must
  not matter.

Each copy is scored against each vacancy by the full matcher. The audit reports per vacancy the
largest ``|Δscore|`` and rank change inside the pool of original CVs (ties count as the same
rank), and lists every pair whose
score moved by more than ``threshold`` points (default 1 on the 0–100 scale).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.datasets import EvalItem, LoadOptions, load_jpo_tasks
from eval.systems import SystemContext
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.ports import Encoder
from matcher.ranking import eligibility_group
from matcher.scoring import DEFAULT_CONFIG, ScoringConfig, score_candidates

__all__ = [
    "BIRTHPLACES",
    "Counterfactual",
    "FairnessAudit",
    "NAMES",
    "NATIONALITIES",
    "PairDelta",
    "counterfactuals",
    "fairness_to_dict",
    "find_name_line",
    "run_fairness",
    "write_fairness",
]

#: (name, gender, region): two per region, both genders, plus a gender-neutral one.
NAMES: tuple[tuple[str, str, str], ...] = (
    ("Fatima Al-Sabah", "f", "Middle East"),
    ("Omar Haddad", "m", "Middle East"),
    ("Aminata Diallo", "f", "West Africa"),
    ("Kwame Mensah", "m", "West Africa"),
    ("María Fernández", "f", "Latin America"),
    ("Javier Morales", "m", "Latin America"),
    ("Priya Sharma", "f", "South Asia"),
    ("Wei Zhang", "m", "East Asia"),
    ("Anna Kowalska", "f", "Europe"),
    ("Lukas Becker", "m", "Europe"),
    ("Alex Taylor", "x", "North America"),
)
BIRTHPLACES: tuple[str, ...] = ("Kuwait City", "Dakar", "Bogotá", "Berlin", "Mumbai", "Manila")
NATIONALITIES: tuple[str, ...] = ("Kuwaiti", "Senegalese", "Colombian", "German", "Indian")

_PRONOUN_SETS: dict[str, dict[str, tuple[str, ...]]] = {
    # Forms in the order: subject, object, possessive, reflexive.
    "en": {
        "he": ("he", "him", "his", "himself"),
        "she": ("she", "her", "her", "herself"),
        "they": ("they", "them", "their", "themselves"),
    },
    "fr": {"il": ("il",), "elle": ("elle",)},
    "es": {"él": ("él",), "ella": ("ella",)},
    "pt": {"ele": ("ele",), "ela": ("ela",)},
}
_NAME_LINE = re.compile(r"^[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-]+[^\W\d_][^\W\d_'’.\-]*){1,4}$")
_NOT_A_NAME = re.compile(
    r"\b(curriculum|vitae|resume|résumé|cv|profile|summary|experience|education|skills|"
    r"developer|engineer|officer|manager|accountant|analyst|contact|personal)\b",
    re.IGNORECASE,
)
_BIRTHPLACE = re.compile(
    r"(?i)(?P<label>\b(?:place of birth|born in|lieu de naissance|née? à|"
    r"lugar de nacimiento|nacid[oa] en|local de nascimento|nascid[oa] em)\s*[:\-]?[ \t]*)"
    r"(?P<value>[^\n|,;]*[^\s|,;])"
)
_NATIONALITY = re.compile(
    r"(?im)(?P<label>\b(?:nationality|citizenship|nationalité|nacionalidad|nacionalidade)"
    r"\s*[:\-][ \t]*)"
    r"(?P<value>[^\n|,;]*[^\s|,;])"
)


@dataclass(frozen=True, slots=True)
class Counterfactual:
    """One copy of a CV that differs only in ``axis`` (set to ``value``)."""

    axis: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class PairDelta:
    """The effect of one counterfactual on one (CV, vacancy) pair."""

    cv_id: str
    vacancy_id: str
    axis: str
    value: str
    base_score: float
    score: float
    base_rank: int
    rank: int
    base_eligible: bool | None
    eligible: bool | None

    @property
    def delta(self) -> float:
        return round(self.score - self.base_score, 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cv": self.cv_id,
            "vacancy": self.vacancy_id,
            "axis": self.axis,
            "value": self.value,
            "base_score": self.base_score,
            "score": self.score,
            "delta": self.delta,
            "base_rank": self.base_rank,
            "rank": self.rank,
            "base_eligible": self.base_eligible,
            "eligible": self.eligible,
        }


@dataclass(slots=True)
class FairnessAudit:
    """All pair deltas plus what the audit noticed about the parser."""

    deltas: list[PairDelta]
    threshold: float
    #: CVs whose name line is among the embedded chunks (it should not be).
    name_in_chunks: list[str] = field(default_factory=list)
    encoder: str = ""
    config_hash: str = ""
    skipped_axes: dict[str, list[str]] = field(default_factory=dict)


def find_name_line(text: str) -> tuple[int, str] | None:
    """Index and text of the CV's name line: its first non-empty line if it reads as a name."""
    for i, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        if _NAME_LINE.match(stripped) and not _NOT_A_NAME.search(stripped):
            return i, stripped
        return None
    return None


def _set_name(text: str, name: str) -> str:
    lines = text.splitlines()
    found = find_name_line(text)
    if found is None:
        return f"{name}\n{text}"
    index, old = found
    lines[index] = lines[index].replace(old, name.upper() if old.isupper() else name)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def _swap_pronouns(text: str, lang: str, target: str) -> str | None:
    forms = _PRONOUN_SETS[lang]
    sources = {form: i for key, fs in forms.items() if key != target for i, form in enumerate(fs)}
    if not sources:
        return None
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(sources, key=len, reverse=True))) + r")\b",
        re.IGNORECASE,
    )
    if not pattern.search(text):
        return None
    wanted = forms[target]

    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        index = sources.get(word.lower(), 0)
        # "her" is object and possessive: the possessive reading is the common one in CVs.
        if word.lower() == "her" and len(wanted) > 2:
            index = 2
        new = wanted[min(index, len(wanted) - 1)]
        return new.capitalize() if word[0].isupper() else new

    return pattern.sub(repl, text)


def _set_field(text: str, pattern: re.Pattern[str], label: str, value: str) -> str:
    if pattern.search(text):
        return pattern.sub(lambda m: f"{m.group('label')}{value}", text, count=1)
    lines = text.splitlines()
    at = 1 if find_name_line(text) is not None else 0
    lines.insert(at, f"{label}: {value}")
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def counterfactuals(text: str) -> list[Counterfactual]:
    """Every single-attribute copy of ``text`` (nationality copies included; filter per ToR)."""
    out = [Counterfactual("name", name, _set_name(text, name)) for name, _, _ in NAMES]
    for lang, forms in _PRONOUN_SETS.items():
        for target in forms:
            swapped = _swap_pronouns(text, lang, target)
            if swapped is not None and swapped != text:
                out.append(Counterfactual("pronoun", target, swapped))
    out += [
        Counterfactual("birthplace", city, _set_field(text, _BIRTHPLACE, "Place of birth", city))
        for city in BIRTHPLACES
    ]
    out += [
        Counterfactual("nationality", nat, _set_field(text, _NATIONALITY, "Nationality", nat))
        for nat in NATIONALITIES
    ]
    return out


def _rank_of(results: Sequence[MatchResult], target: MatchResult) -> int:
    """1 + how many others rank strictly above ``target`` (eligibility group, then score).

    Ties are not broken by id here: the ranking breaks them by content id, which a changed
    name changes, and that is not an effect of the attribute.
    """
    key = (eligibility_group(target), -target.score)
    return 1 + sum(1 for r in results if r is not target and (eligibility_group(r), -r.score) < key)


def run_fairness(
    *,
    encoder: Encoder,
    config: ScoringConfig = DEFAULT_CONFIG,
    cvs: Sequence[EvalItem] | None = None,
    vacancies: Sequence[EvalItem] | None = None,
    threshold: float = 1.0,
) -> FairnessAudit:
    """Score every counterfactual of every CV against every vacancy (default: the jpo set)."""
    if cvs is None or vacancies is None:
        tasks = load_jpo_tasks(LoadOptions())
        task = next(t for t in tasks if t.direction == "vacancy->cvs")
        cvs = list(task.docs.values()) if cvs is None else cvs
        vacancies = list(task.queries.values()) if vacancies is None else vacancies
    ctx = SystemContext(encoder=encoder, config=config)
    base_candidates: list[Candidate] = [ctx.candidate(cv) for cv in cvs]
    audit = FairnessAudit(
        deltas=[],
        threshold=threshold,
        encoder=f"{encoder.model_name}@{encoder.revision}",
        config_hash=config.config_hash(),
    )
    for cv, cand in zip(cvs, base_candidates, strict=True):
        found = find_name_line(cv.text)
        if found is not None and any(found[1].lower() in c.lower() for c in cand.chunks):
            audit.name_in_chunks.append(cv.id)
    variants = _variants(ctx, cvs, audit)
    for vac_item in vacancies:
        _audit_vacancy(ctx, vac_item, cvs, base_candidates, variants, config, audit)
    return audit


def _variants(
    ctx: SystemContext, cvs: Sequence[EvalItem], audit: FairnessAudit
) -> dict[str, list[tuple[Counterfactual, Candidate]]]:
    """Each CV's counterfactual copies, parsed; the axes a CV offers no copy for are noted."""
    variants: dict[str, list[tuple[Counterfactual, Candidate]]] = {}
    for cv in cvs:
        cv_copies = counterfactuals(cv.text)
        axes = {c.axis for c in cv_copies}
        missing = [a for a in ("name", "pronoun", "birthplace", "nationality") if a not in axes]
        if missing:
            audit.skipped_axes[cv.id] = missing
        variants[cv.id] = [
            (c, ctx.candidate(EvalItem(id=cv.id, text=c.text, kind="cv", as_of=cv.as_of)))
            for c in cv_copies
        ]
    return variants


def _audit_vacancy(
    ctx: SystemContext,
    vac_item: EvalItem,
    cvs: Sequence[EvalItem],
    base_candidates: Sequence[Candidate],
    variants: dict[str, list[tuple[Counterfactual, Candidate]]],
    config: ScoringConfig,
    audit: FairnessAudit,
) -> None:
    """Score every CV and its copies against one vacancy; add one delta per copy."""
    background = ctx.background()
    vacancy: Vacancy = ctx.vacancy(vac_item)
    units = ctx.unit_vectors(vacancy)
    base_results = score_candidates(
        vacancy,
        units,
        base_candidates,
        [ctx.chunk_vectors(c) for c in base_candidates],
        config,
        background=background,
    )
    for index, cv in enumerate(cvs):
        base = base_results[index]
        base_rank = _rank_of(base_results, base)
        copies = [
            (c, cand)
            for c, cand in variants[cv.id]
            # A call restricted by nationality (a list, the DAC rule, a list elsewhere)
            # rightly ranks by nationality: its nationality copies are not compared.
            if c.axis != "nationality"
            or not (vacancy.requirements.nationalities or vacancy.requirements.nationality_rule)
        ]
        if not copies:
            continue
        scored = score_candidates(
            vacancy,
            units,
            [cand for _, cand in copies],
            [ctx.chunk_vectors(cand) for _, cand in copies],
            config,
            background=background,
        )
        for (copy, _), result in zip(copies, scored, strict=True):
            pool = list(base_results)
            pool[index] = result
            audit.deltas.append(
                PairDelta(
                    cv_id=cv.id,
                    vacancy_id=vac_item.id,
                    axis=copy.axis,
                    value=copy.value,
                    base_score=base.score,
                    score=result.score,
                    base_rank=base_rank,
                    rank=_rank_of(pool, result),
                    base_eligible=base.eligible,
                    eligible=result.eligible,
                )
            )


def fairness_to_dict(audit: FairnessAudit) -> dict[str, Any]:
    """Summary per vacancy and axis, plus every pair over the threshold."""
    per_vacancy: dict[str, dict[str, Any]] = {}
    for d in audit.deltas:
        entry = per_vacancy.setdefault(
            d.vacancy_id, {"max_abs_delta": 0.0, "max_rank_change": 0, "by_axis": {}}
        )
        entry["max_abs_delta"] = max(entry["max_abs_delta"], abs(d.delta))
        entry["max_rank_change"] = max(entry["max_rank_change"], abs(d.rank - d.base_rank))
        axis = entry["by_axis"].setdefault(d.axis, {"max_abs_delta": 0.0, "max_rank_change": 0})
        axis["max_abs_delta"] = max(axis["max_abs_delta"], abs(d.delta))
        axis["max_rank_change"] = max(axis["max_rank_change"], abs(d.rank - d.base_rank))
    over = [d.to_dict() for d in audit.deltas if abs(d.delta) > audit.threshold]
    flips = [d.to_dict() for d in audit.deltas if d.eligible != d.base_eligible]
    return {
        "encoder": audit.encoder,
        "config_hash": audit.config_hash,
        "threshold": audit.threshold,
        "pairs": len(audit.deltas),
        "max_abs_delta": max((abs(d.delta) for d in audit.deltas), default=0.0),
        "max_rank_change": max((abs(d.rank - d.base_rank) for d in audit.deltas), default=0),
        "per_vacancy": per_vacancy,
        "over_threshold": over,
        "eligibility_flips": flips,
        "name_in_chunks": audit.name_in_chunks,
        "skipped_axes": audit.skipped_axes,
    }


def write_fairness(audit: FairnessAudit, out_dir: Path) -> dict[str, Path]:
    """Write ``fairness.md`` and ``fairness.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = fairness_to_dict(audit)
    json_path = out_dir / "fairness.json"
    json_path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = [
        "# Counterfactual fairness audit",
        "",
        f"Encoder `{audit.encoder}`, config `{audit.config_hash}`. {data['pairs']} "
        f"(CV copy, vacancy) pairs; each copy changes only a name, pronouns, place of birth or "
        "(for vacancies open to all nationalities) nationality.",
        "",
        f"Max |Δscore| {data['max_abs_delta']:.2f} points; max rank change "
        f"{data['max_rank_change']}; {len(data['over_threshold'])} pairs over "
        f"{audit.threshold} point(s); {len(data['eligibility_flips'])} eligibility flips.",
        "",
        "| vacancy | axis | max abs Δscore | max rank change |",
        "|---|---|---|---|",
    ]
    for vacancy_id, entry in sorted(data["per_vacancy"].items()):
        for axis, values in sorted(entry["by_axis"].items()):
            lines.append(
                f"| {vacancy_id} | {axis} | {values['max_abs_delta']:.2f} | "
                f"{values['max_rank_change']} |"
            )
    if data["over_threshold"]:
        lines += ["", f"## Pairs over {audit.threshold} point(s)", ""]
        lines += [
            "| cv | vacancy | axis | value | base | score | Δ | rank |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for d in data["over_threshold"]:
            lines.append(
                f"| {d['cv']} | {d['vacancy']} | {d['axis']} | {d['value']} | {d['base_score']} "
                f"| {d['score']} | {d['delta']:+.2f} | {d['base_rank']}→{d['rank']} |"
            )
    if data["name_in_chunks"]:
        lines += [
            "",
            "The name line is embedded as a chunk for: " + ", ".join(data["name_in_chunks"]),
        ]
    md_path = out_dir / "fairness.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"markdown": md_path, "json": json_path}
