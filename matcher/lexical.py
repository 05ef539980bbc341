"""Tokens, term weights and saturation of the lexical component (BM25-style) of the scorer.

The lexical component complements embeddings in two ways the dense scorer cannot: it rewards the
exact terms of a duty (acronyms, tool names) and its length normalisation favours concise CVs,
which counters the length bias of best-chunk similarity (docs/architecture.md, Scoring 4).

Term frequency is *saturated* (BM25, ``k1``): a word repeated 50 times counts little more than 3
times, so repetition buys almost nothing. Inverse document frequencies come from a fixed
background (the vacancy's own units plus generic CV sentences), never from a pool, so a pair's
score does not depend on who else applied.

The lexical credit of a unit and the stuffing rule that clips a flagged CV's term counts are
part of the one scoring formula (:mod:`matcher.scoring.formula`); this module gives it its
words: the tokenizer, the units' idf-weighted term rows, the saturation, and the CV-side signals
(chunk token sets, repeated chunks).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from matcher.vocab import fold

__all__ = [
    "DocumentProfile",
    "STOP_WORDS",
    "UnitTermWeights",
    "jaccard",
    "repeated_chunks",
    "saturate",
    "text_profile",
    "token_set",
    "tokenize",
    "unit_term_weights",
]

_STOP_EN = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either etc few for from
further had has have having he her here hers him his how i if in into is it its itself just
least less let may me might more most must my no nor not now of off on once only or other our
ours out over own per same shall she should so some such than that the their them then there
these they this those through thus to too under until up upon us very via was we well were what
when where whether which while who whom whose why will with within without would yet you your
ie eg e g i e within including include includes related relevant other others new one two three
"""
_STOP_FR = """
au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur leurs lui ma
mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir a ai sont est ont dont
entre comme afin ainsi aussi tres plus sans sous chez cet
"""
_STOP_ES = """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el
ella ellas ellos en entre era es esa esas ese eso esos esta estas este esto estos fue ha hasta
la las le les lo los mas me mi mis mucho muy nada ni no nos nosotros o os otra otro para pero
poco por porque que quien se sea ser si sin sobre son su sus tambien te tu tus un una uno unos y
ya asi cada segun
"""
#: English, French and Spanish function words, accent-folded.
STOP_WORDS: frozenset[str] = frozenset((_STOP_EN + _STOP_FR + _STOP_ES).split())

_TOKEN_RE = re.compile(r"[a-z0-9]+")


def _stem(token: str) -> str:
    # A deliberately light stemmer: plural and -ing/-ed endings are the variants that differ
    # between a ToR ("coordinating", "reports") and a CV ("coordinated", "report"). Anything
    # stronger merges unrelated words across three languages.
    if len(token) > 5 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith("ed"):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(
        _stem(tok)
        for tok in _TOKEN_RE.findall(fold(text))
        if tok not in STOP_WORDS and (len(tok) > 1 or tok.isdigit())
    )


# Cached for vacancy units and background sentences (public text). CV text goes through the
# uncached helpers below (text_profile, token_set), so that erasing a CV leaves no copy of
# its words in a process-wide cache.
_tokenize_cached = lru_cache(maxsize=65536)(_tokens)


def tokenize(text: str) -> list[str]:
    """Split text into folded, lightly stemmed content tokens (en/fr/es stop words removed).

    Args:
        text: Any text.

    Returns:
        Tokens in document order.
    """
    return list(_tokenize_cached(text))


@dataclass(frozen=True, slots=True)
class DocumentProfile:
    """Term counts and content-token length of one CV text."""

    counts: dict[str, int]
    length: int


def text_profile(text: str) -> DocumentProfile:
    """Term counts and token length of a CV text, not cached (personal data).

    Args:
        text: The CV text.

    Returns:
        Its :class:`DocumentProfile`.
    """
    tokens = _tokens(text)
    return DocumentProfile(counts=dict(Counter(tokens)), length=len(tokens))


def token_set(text: str) -> frozenset[str]:
    """The distinct content tokens of a text, not cached (used for CV chunks)."""
    return frozenset(_tokens(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Token Jaccard overlap of two token sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def repeated_chunks(chunks: Sequence[str]) -> tuple[int, bool]:
    """How many long chunks (5+ tokens) repeat another verbatim, and whether that is abnormal.

    Abnormal: at least three repeats that make up a fifth of the long chunks.
    """
    long_chunks = [c for c in chunks if len(_tokens(c)) >= 5]
    duplicates = len(long_chunks) - len(set(long_chunks))
    return duplicates, duplicates >= 3 and duplicates >= 0.2 * max(len(long_chunks), 1)


@dataclass(frozen=True, slots=True, eq=False)
class UnitTermWeights:
    """Sparse (CSR) unit x term weights of one vacancy.

    Row ``u`` holds the unit's distinct terms, ``indices[indptr[u]:indptr[u + 1]]`` (into
    ``terms``, ascending), with weights ``idf / sum of the unit's idf`` (a row sums to 1; a
    unit made only of stop words has an empty row).

    Attributes:
        terms: The sorted vocabulary of the units.
        indptr: Row pointers, shape ``(n_units + 1,)``.
        indices: Term index of each stored weight.
        data: The weights.
    """

    terms: tuple[str, ...]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    data: npt.NDArray[np.float64]


@lru_cache(maxsize=8)
def _background_df(background: tuple[str, ...]) -> tuple[dict[str, int], int]:
    # The background is the same 147 sentences for every vacancy: count its document
    # frequencies once instead of once per vacancy.
    df: Counter[str] = Counter()
    for sentence in background:
        df.update(set(_tokenize_cached(sentence)))
    return dict(df), len(background)


def unit_term_weights(units: Sequence[str], background: Iterable[str]) -> UnitTermWeights:
    """Idf-weighted term rows of a vacancy's units.

    Document frequencies come from the units themselves plus ``background`` (generic texts),
    never from CVs, so a pair's lexical score does not depend on who else applied.

    Args:
        units: Unit texts, in ``Vacancy.units()`` order.
        background: Generic texts counted as documents alongside the units.

    Returns:
        The :class:`UnitTermWeights`.
    """
    unit_sets = [sorted(set(_tokenize_cached(u))) for u in units]
    terms = tuple(sorted({t for toks in unit_sets for t in toks}))
    index = {t: i for i, t in enumerate(terms)}
    bg_df, n_bg = _background_df(tuple(background))
    unit_df: Counter[str] = Counter()
    for toks in unit_sets:
        unit_df.update(toks)
    n_docs = len(unit_sets) + n_bg
    idf = {
        t: math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        for t in terms
        for df in (unit_df[t] + bg_df.get(t, 0),)
    }
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for toks in unit_sets:
        weights = [idf[t] for t in toks]
        total = sum(weights)
        if total > 0:
            indices.extend(index[t] for t in toks)
            data.extend(w / total for w in weights)
        indptr.append(len(indices))
    return UnitTermWeights(
        terms,
        np.array(indptr, dtype=np.int64),
        np.array(indices, dtype=np.int64),
        np.array(data, dtype=np.float64),
    )


def saturate(
    tf: npt.NDArray[np.float64] | float,
    doc_length: npt.NDArray[np.float64] | float,
    *,
    k1: float,
    b: float,
    avg_length: float,
) -> npt.NDArray[np.float64]:
    """BM25 term-frequency saturation, scaled to [0, 1).

    ``tf (k1 + 1) / (tf + k1 (1 - b + b L / avg))``, divided by ``k1 + 1``. With ``k1 = 1.2``
    a term seen 50 times weighs 1.37 times one seen 3 times, not 17 times.

    Args:
        tf: Term frequencies.
        doc_length: Token length of the document(s), broadcast against ``tf``.
        k1: Saturation constant (smaller saturates sooner).
        b: Length normalisation strength (0: none, 1: full).
        avg_length: Reference length in tokens (a fixed constant, not a pool average).

    Returns:
        Saturated weights in [0, 1).
    """
    tf_arr = np.asarray(tf, dtype=np.float64)
    norm = 1.0 - b + b * np.asarray(doc_length, dtype=np.float64) / avg_length
    out: npt.NDArray[np.float64] = tf_arr / (tf_arr + k1 * norm)
    return out
