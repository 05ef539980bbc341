"""Evaluation datasets as ranking tasks: queries, documents, graded qrels and optional pools.

Every loader reads third-party data from ``$JPO_MATCHER_EVAL_DATA`` (or ``../shared/eval-data``)
at run time; nothing is copied into the repository. Each dataset becomes one or more
:class:`EvalTask` (one per annotator or direction). Query texts that are not real vacancies
(FERR skill phrases, a livecareer category) are written as a small ToR with a duties section,
so that the matcher's vacancy parser and the baselines see the same text.

Registry: :data:`DATASETS` maps a name to a loader ``(LoadOptions) -> list[EvalTask]``;
``jpo`` (the seeds with labelled CVs, ``eval/datasets_jpo.py``) is loaded lazily.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eval import locations
from eval.metrics import Qrels, Run, evaluate

__all__ = [
    "DATASETS",
    "DEFAULT_DATASETS",
    "DatasetUnavailableError",
    "EvalItem",
    "EvalTask",
    "LoadOptions",
    "datasets_jpo_tasks",
    "eval_data_root",
    "kendall_tau",
    "load_datasets",
    "load_ferr",
    "load_jpo_tasks",
    "load_livecareer",
    "load_unjobs",
    "load_vanetik",
    "pseudo_tor",
]

ItemKind = Literal["cv", "vacancy"]


class DatasetUnavailableError(Exception):
    """A dataset's files are missing (the runner skips it and says so in the report)."""


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One text to rank or to rank for. ``kind`` says which side of the matcher it is on."""

    id: str
    text: str
    kind: ItemKind
    title: str = ""
    #: Reference date for counting years of experience (the labels' date), ISO format.
    as_of: str | None = None
    #: The text is part of this repository (eval/data, examples/): its vectors may be kept in
    #: the on-disk embedding cache between runs. Third-party CVs never are (eval/cli.py).
    in_repository: bool = False


@dataclass(frozen=True, slots=True)
class EvalTask:
    """One ranking task: rank ``docs`` (or each query's ``pools`` entry) for every query.

    ``reference_runs`` are runs that are not systems (annotator B's grades as a run against
    annotator A's qrels: an agreement ceiling). ``extras`` holds numbers the report prints next
    to the table (for example the mean Kendall tau between annotators).
    """

    name: str
    dataset: str
    direction: str
    queries: Mapping[str, EvalItem]
    docs: Mapping[str, EvalItem]
    qrels: Qrels
    pools: Mapping[str, tuple[str, ...]] | None = None
    reference_runs: Mapping[str, Run] = field(default_factory=dict)
    extras: Mapping[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def pool(self, query_id: str) -> tuple[str, ...]:
        """The documents to rank for one query (the whole collection when there are no pools)."""
        if self.pools is not None:
            return self.pools.get(query_id, ())
        return tuple(self.docs)

    def size(self) -> dict[str, int]:
        """Counts for the report."""
        judged = sum(len(g) for g in self.qrels.values())
        relevant = sum(sum(1 for v in g.values() if v >= 1) for g in self.qrels.values())
        return {
            "queries": len(self.qrels),
            "docs": len(self.docs),
            "judged": judged,
            "relevant": relevant,
        }


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Bounds that keep ``make eval`` within its time budget on a 2-core box (seeded samples)."""

    root: Path | None = None
    seed: int = 13
    quick: bool = False
    livecareer_categories: int = 20
    livecareer_pool: int = 400
    unjobs_distractors: int = 300
    #: FERR JDs to keep (a seeded sample; 0 keeps all 50).
    ferr_queries: int = 0

    def bounded(self) -> LoadOptions:
        """The ``--quick`` variant: a few categories and small crowds."""
        if not self.quick:
            return self
        return LoadOptions(
            root=self.root,
            seed=self.seed,
            quick=True,
            livecareer_categories=min(self.livecareer_categories, 5),
            livecareer_pool=min(self.livecareer_pool, 150),
            unjobs_distractors=min(self.unjobs_distractors, 100),
            ferr_queries=12 if self.ferr_queries == 0 else min(self.ferr_queries, 12),
        )


def eval_data_root(options: LoadOptions | None = None) -> Path:
    """The options' root, else :func:`eval.locations.eval_data_root`."""
    if options is not None and options.root is not None:
        return options.root
    return locations.eval_data_root()


def _require(path: Path) -> Path:
    if not path.exists():
        # Third-party sets live in one folder each under the data root: name the folder.
        folders = locations.THIRD_PARTY_DATASETS.values()
        folder = next((p for p in (path, *path.parents) if p.name in folders), path)
        raise DatasetUnavailableError(locations.missing_data_hint(folder.name, folder.parent))
    return path


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(_require(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def pseudo_tor(title: str, duties: list[str], intro: str = "") -> str:
    """A minimal ToR around query phrases so that every system reads the same vacancy text."""
    lines = [title, ""]
    if intro:
        lines += [intro, ""]
    lines.append("Duties and Responsibilities")
    lines += [f"- {duty}" for duty in duties]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- vanetik


def kendall_tau(order_a: list[str], order_b: list[str]) -> float:
    """Kendall tau-a between two complete orderings of the same items."""
    pos_b = {item: i for i, item in enumerate(order_b)}
    n = len(order_a)
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if pos_b[order_a[i]] < pos_b[order_a[j]]:
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) / 2
    return (concordant - discordant) / pairs if pairs else 0.0


def load_vanetik(options: LoadOptions) -> list[EvalTask]:
    """65 CVs → 5 software vacancies; one task per annotator plus the agreement ceiling."""
    root = eval_data_root(options) / "vanetik-vacancy-resume"
    cvs = {str(r["cv_id"]): r["text"] for r in _read_jsonl(root / "cvs.jsonl")}
    vacancies = {
        str(r["vacancy_index"]): EvalItem(
            id=str(r["vacancy_index"]), text=r["text"], kind="vacancy", title=r["job_title"]
        )
        for r in _read_jsonl(root / "vacancies.jsonl")
    }
    qrels: dict[str, Qrels] = defaultdict(dict)
    with _require(root / "qrels_graded.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            qrels[row["annotator"]].setdefault(row["cv_id"], {})[row["vacancy_index"]] = int(
                row["gain"]
            )
    annotators = sorted(qrels)
    # Agreement: the other annotator's grades used as a run, and Kendall tau of the orders.
    taus: list[float] = []
    if len(annotators) == 2:
        a, b = annotators
        for cv_id in sorted(set(qrels[a]) & set(qrels[b]), key=int):
            order_a = sorted(qrels[a][cv_id], key=lambda v: -qrels[a][cv_id][v])
            order_b = sorted(qrels[b][cv_id], key=lambda v: -qrels[b][cv_id][v])
            taus.append(kendall_tau(order_a, order_b))
    tasks = []
    for annotator in annotators:
        task_qrels = qrels[annotator]
        queries = {cv_id: EvalItem(id=cv_id, text=cvs[cv_id], kind="cv") for cv_id in task_qrels}
        extras: dict[str, float] = {}
        for other in annotators:
            if other == annotator:
                continue
            common = sorted(set(task_qrels) & set(qrels[other]), key=int)
            # The ceiling: the other annotator's grades as a run, on the CVs both ranked.
            ceiling = evaluate(
                {q: task_qrels[q] for q in common},
                {q: {d: float(g) for d, g in qrels[other][q].items()} for q in common},
                ["ndcg@3", "ndcg@5", "mrr"],
            )
            extras["agreement_queries"] = float(len(common))
            extras.update({f"ceiling_{m}": v for m, v in ceiling.items()})
        if taus:
            extras["kendall_tau_mean"] = sum(taus) / len(taus)
        tasks.append(
            EvalTask(
                name=f"vanetik:{annotator}",
                dataset="vanetik",
                direction="cv->vacancies",
                queries=queries,
                docs=vacancies,
                qrels=task_qrels,
                extras=extras,
                notes=(
                    "5 software-developer vacancies: a plumbing test, not a UN-domain benchmark.",
                    "ceiling_*: the other annotator's grades scored as a run against these "
                    "qrels on the CVs both annotators ranked (agreement_queries); "
                    "kendall_tau_mean: mean Kendall tau-a of their orders.",
                ),
            )
        )
    return tasks


# --------------------------------------------------------------------------- ferr


def _livecareer_records(options: LoadOptions) -> list[dict[str, Any]]:
    path = eval_data_root(options) / "livecareer-resumes" / "resumes.jsonl.gz"
    return [r for r in _read_jsonl(path) if r.get("text", "").strip()]


def load_ferr(options: LoadOptions) -> list[EvalTask]:
    """50 JDs (skill phrases only) → re-rank their 7–10 HR-labelled livecareer resumes."""
    options = options.bounded()
    root = eval_data_root(options) / "ferr-hr-labels"
    with _require(root / "jd_skill_terms.json").open(encoding="utf-8") as handle:
        skills: dict[str, list[str]] = json.load(handle)
    qrels: Qrels = {}
    with _require(root / "qrels_graded.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            # Grades 1–7 become gains 0–6: the lowest grade reads "not relevant", which keeps
            # map/mrr meaningful on pools where every resume is labelled.
            qrels.setdefault(row["jd_id"], {})[row["resume_id"]] = int(row["score_1to7"]) - 1
    if 0 < options.ferr_queries < len(qrels):
        keep = set(random.Random(options.seed).sample(sorted(qrels), options.ferr_queries))
        qrels = {q: g for q, g in qrels.items() if q in keep}
    wanted = {d for g in qrels.values() for d in g}
    docs = {
        str(r["id"]): EvalItem(id=str(r["id"]), text=r["text"], kind="cv")
        for r in _livecareer_records(options)
        if str(r["id"]) in wanted
    }
    qrels = {q: {d: g for d, g in gains.items() if d in docs} for q, gains in qrels.items()}
    qrels = {q: g for q, g in qrels.items() if g and q in skills}
    queries = {
        jd: EvalItem(
            id=jd,
            text=pseudo_tor(f"Job description {jd[:8]}", skills[jd]),
            kind="vacancy",
            title=", ".join(skills[jd][:3]),
        )
        for jd in qrels
    }
    pools = {q: tuple(sorted(g)) for q, g in qrels.items()}
    return [
        EvalTask(
            name="ferr",
            dataset="ferr",
            direction="vacancy->cvs",
            queries=queries,
            docs=docs,
            qrels=qrels,
            pools=pools,
            notes=(
                "Re-ranking of each JD's 7–10 labelled resumes; the query is the JD's skill "
                "phrases only (no JD text exists). Gains are HR grade − 1 (0–6).",
            ),
        )
    ]


# --------------------------------------------------------------------------- livecareer

#: One neutral line per livecareer category (the query besides the category name).
CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "ACCOUNTANT": "Prepare financial statements, reconcile accounts and manage ledgers.",
    "ADVOCATE": "Represent clients in legal proceedings and draft legal documents.",
    "AGRICULTURE": "Manage crops, farm operations and agricultural production.",
    "APPAREL": "Design, source and merchandise clothing and fashion products.",
    "ARTS": "Create, teach or manage visual and performing arts programmes.",
    "AUTOMOBILE": "Repair and maintain vehicles and automotive systems.",
    "AVIATION": "Operate, maintain or manage aircraft and airport operations.",
    "BANKING": "Serve bank customers, open accounts and process loans and transactions.",
    "BPO": "Handle customer calls and back-office processes in a call centre.",
    "BUSINESS-DEVELOPMENT": "Find new clients, build partnerships and grow revenue.",
    "CHEF": "Prepare meals, plan menus and run a professional kitchen.",
    "CONSTRUCTION": "Supervise building sites, schedules, crews and safety.",
    "CONSULTANT": "Advise organisations, analyse problems and deliver recommendations.",
    "DESIGNER": "Produce graphic, web or interior designs for clients.",
    "DIGITAL-MEDIA": "Produce digital content, social media and online campaigns.",
    "ENGINEERING": "Design, test and maintain engineering systems and projects.",
    "FINANCE": "Analyse financial data, budgets and forecasts.",
    "FITNESS": "Coach clients, lead exercise classes and plan training.",
    "HEALTHCARE": "Provide patient care and support clinical services.",
    "HR": "Recruit staff, manage benefits, payroll and employee relations.",
    "INFORMATION-TECHNOLOGY": "Support users, networks, servers and software systems.",
    "PUBLIC-RELATIONS": "Manage media relations, press releases and communications.",
    "SALES": "Sell products, meet targets and manage customer accounts.",
    "TEACHER": "Plan lessons, teach students and assess their progress.",
}


def load_livecareer(options: LoadOptions) -> list[EvalTask]:
    """Category name + one line → a seeded pool of resumes; same category = relevant."""
    opts = options.bounded()
    records = _livecareer_records(opts)
    rng = random.Random(opts.seed)
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_category[record["category"]].append(record)
    categories = sorted(by_category)
    chosen = sorted(rng.sample(categories, min(opts.livecareer_categories, len(categories))))
    # Stratified pool: every chosen category keeps a fair share so each query has relevants.
    per_category = max(1, opts.livecareer_pool // max(1, len(categories)))
    pool: list[dict[str, Any]] = []
    for category in categories:
        items = sorted(by_category[category], key=lambda r: str(r["id"]))
        pool += rng.sample(items, min(per_category, len(items)))
    docs = {str(r["id"]): EvalItem(id=str(r["id"]), text=r["text"], kind="cv") for r in pool}
    qrels: Qrels = {}
    queries: dict[str, EvalItem] = {}
    for category in chosen:
        relevant = {str(r["id"]): 1 for r in pool if r["category"] == category}
        if not relevant:
            continue
        name = category.replace("-", " ").title()
        description = CATEGORY_DESCRIPTIONS.get(category, "")
        queries[category] = EvalItem(
            id=category,
            text=pseudo_tor(name, [description] if description else [name]),
            kind="vacancy",
            title=name,
        )
        qrels[category] = relevant
    return [
        EvalTask(
            name="livecareer",
            dataset="livecareer",
            direction="vacancy->cvs",
            queries=queries,
            docs=docs,
            qrels=qrels,
            notes=(
                f"{len(queries)} categories × a seeded stratified pool of {len(docs)} resumes "
                f"(seed {opts.seed}). Resumes usually start with their category's job title, "
                "which favours lexical systems.",
            ),
        )
    ]


# --------------------------------------------------------------------------- jpo + unjobs


def load_jpo_tasks(options: LoadOptions) -> list[EvalTask]:  # noqa: ARG001
    """The JPO ToRs with labelled CVs (``eval/datasets_jpo.py``), in both directions."""
    try:
        module = importlib.import_module("eval.datasets_jpo")
    except ImportError as exc:
        raise DatasetUnavailableError(f"eval.datasets_jpo is not available: {exc}") from exc
    return datasets_jpo_tasks(module)


def datasets_jpo_tasks(module: Any) -> list[EvalTask]:
    """Adapt ``eval.datasets_jpo`` (``load_jpo()`` and its qrels methods) to two tasks."""
    from index.readers import read_path

    data = module.load_jpo()
    as_of = str(data.as_of) if getattr(data, "as_of", None) else None
    vacancies = {
        seed: EvalItem(id=seed, text=read_path(Path(path)).text, kind="vacancy",
                       in_repository=True)
        for seed, path in sorted(data.vacancy_paths.items())
    }
    cvs = {
        cv: EvalItem(id=cv, text=read_path(Path(path)).text, kind="cv", as_of=as_of,
                     in_repository=True)
        for cv, path in sorted(data.cv_paths.items())
    }
    # Queries without any relevant document carry no signal (and ranx rejects empty qrels).
    cv_qrels: Qrels = {
        q: {d: int(g) for d, g in gains.items()}
        for q, gains in data.qrels_vacancies_for_cv().items()
        if gains and q in cvs
    }
    vac_qrels: Qrels = {
        q: {d: int(g) for d, g in gains.items()}
        for q, gains in data.qrels_candidates_for_vacancy().items()
        if gains and q in vacancies
    }
    note = (
        f"{len(vacancies)} JPO ToRs (5 seeds, the rest other agencies') and {len(cvs)} "
        "hand-labelled CVs of eval/data "
        "(grades 0-3, eval/data/LABELS.md); "
    )
    return [
        EvalTask(
            name="jpo:cv->vacancies",
            dataset="jpo",
            direction="cv->vacancies",
            queries={q: cvs[q] for q in cv_qrels},
            docs=vacancies,
            qrels=cv_qrels,
            notes=(note + f"{len(cvs) - len(cv_qrels)} CVs fit no vacancy and are not queries.",),
        ),
        EvalTask(
            name="jpo:vacancy->cvs",
            dataset="jpo",
            direction="vacancy->cvs",
            queries={q: vacancies[q] for q in vac_qrels},
            docs=cvs,
            qrels=vac_qrels,
            notes=(note + "each vacancy ranks the pool of all CVs.",),
        ),
    ]


def load_unjobs(options: LoadOptions) -> list[EvalTask]:
    """Each jpo CV graded 3 for a seed must find that seed among real UN vacancies."""
    opts = options.bounded()
    jpo_tasks = load_jpo_tasks(opts)
    cv_task = next(t for t in jpo_tasks if t.direction == "cv->vacancies")
    records = list(_read_jsonl(eval_data_root(opts) / "unjobs-io-vacancies" / "vacancies.jsonl.gz"))
    rng = random.Random(opts.seed)
    records.sort(key=lambda r: str(r["unjobs_id"]))
    sample = rng.sample(records, min(opts.unjobs_distractors, len(records)))
    docs: dict[str, EvalItem] = dict(cv_task.docs)
    for record in sample:
        doc_id = f"unjobs:{record['unjobs_id']}"
        docs[doc_id] = EvalItem(
            id=doc_id,
            text=f"{record.get('title') or ''}\n{record['text']}",
            kind="vacancy",
            title=record.get("title") or "",
        )
    qrels: Qrels = {}
    for cv_id, gains in cv_task.qrels.items():
        best = {d: 1 for d, g in gains.items() if g >= 3}
        if best:
            qrels[cv_id] = best
    return [
        EvalTask(
            name="unjobs",
            dataset="unjobs",
            direction="cv->vacancies",
            queries={q: cv_task.queries[q] for q in qrels},
            docs=docs,
            qrels=qrels,
            notes=(
                f"Ideal-fit jpo CVs must find their seed among {len(sample)} sampled unjobs.org "
                f"vacancies (of {len(records)}, seed {opts.seed}) + the seeds; mrr is the "
                "headline.",
            ),
        )
    ]


#: Dataset name → loader. Order is the report's order.
DATASETS: dict[str, Callable[[LoadOptions], list[EvalTask]]] = {
    "jpo": load_jpo_tasks,
    "vanetik": load_vanetik,
    "ferr": load_ferr,
    "livecareer": load_livecareer,
    "unjobs": load_unjobs,
}
DEFAULT_DATASETS: tuple[str, ...] = tuple(DATASETS)


def load_datasets(
    names: list[str] | tuple[str, ...], options: LoadOptions
) -> tuple[list[EvalTask], dict[str, str]]:
    """Load the named datasets; return the tasks and ``{name: reason}`` for skipped ones."""
    tasks: list[EvalTask] = []
    skipped: dict[str, str] = {}
    for name in names:
        if name not in DATASETS:
            raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
        try:
            tasks += DATASETS[name](options)
        except DatasetUnavailableError as exc:
            skipped[name] = str(exc)
    return tasks, skipped
