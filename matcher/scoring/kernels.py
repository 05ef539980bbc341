"""Numeric kernels of the scorer: segment sums, exact float64 products, best-chunk resolution.

They carry the property every scoring path relies on: a pair's numbers do not depend on what
else shared the batch. Segment sums start at each segment's own first element, exact dots are
the same function of their two vectors whichever side is converted first, and a best chunk is
chosen from float64 re-scores of the float32 near-ties of its own row only.
"""

from __future__ import annotations

import numpy as np

from matcher.arrays import Float32Matrix, FloatArray, IntArray
from matcher.errors import MatcherError

__all__ = [
    "EXACT_BLOCK",
    "TIE_TOLERANCE",
    "best_chunks",
    "exact_dots",
    "resolve_best",
    "segment_sums",
]

#: Two chunks whose float32 similarities to a unit lie closer than this are re-compared in
#: float64 before one is chosen as evidence. A float32 dot product of unit-norm vectors is off
#: by well under 1e-5 at the widths in use, so the exact best chunk is always among them and
#: the choice does not depend on how many other rows shared the matrix product.
TIE_TOLERANCE = 1e-4
#: Rows per block when recomputing winning similarities in float64 (1,024 rows of 384 floats
#: stay in cache: 4x faster than 8,192 on the service box).
EXACT_BLOCK = 1024


def segment_sums(values: FloatArray, starts: IntArray) -> FloatArray:
    """Sums of consecutive segments along the last axis.

    Segment ``i`` is ``[starts[i], starts[i + 1])`` (the last one runs to the end); empty
    segments give 0. ``np.add.reduceat`` sums each segment from its own first element, so a
    segment's sum does not depend on where it sits or what surrounds it (batch == single). A
    zero sentinel keeps start indices equal to the length valid without joining any real
    segment.
    """
    n = values.shape[-1]
    pad = np.zeros((*values.shape[:-1], 1), dtype=values.dtype)
    ext = np.concatenate([values, pad], axis=-1)
    idx = np.append(starts, n).astype(np.int64)
    sums: FloatArray = np.add.reduceat(ext, idx, axis=-1)[..., :-1]
    lengths = np.diff(idx)
    sums[..., lengths == 0] = 0.0
    return sums


def exact_dots(
    left: Float32Matrix, right: Float32Matrix, rows: IntArray, cols: IntArray
) -> FloatArray:
    """``left[rows[i]] . right[cols[i]]`` in float64, summed pairwise along each row.

    Every value is the same function of its two vectors whichever side is converted first
    and however many rows share the call (float32 products are exact in float64).
    """
    out = np.empty(len(rows), dtype=np.float64)
    # Convert the smaller side once; gather the other per block (small blocks stay in cache).
    if len(left) > len(right):
        left, right, rows, cols = right, left, cols, rows
    left64 = left.astype(np.float64)
    for lo in range(0, len(rows), EXACT_BLOCK):
        hi = min(lo + EXACT_BLOCK, len(rows))
        block = left64[rows[lo:hi]]
        block *= right[cols[lo:hi]]
        out[lo:hi] = block.sum(axis=1)
    return out


def best_chunks(
    units: Float32Matrix, chunks: Float32Matrix, offsets: IntArray, max_norm: float
) -> tuple[IntArray, FloatArray]:
    """Per (unit, segment of chunks): global index of the best chunk (-1 if none), its cosine.

    One float32 product finds, per unit and segment, the chunks within a tolerance of the
    best; those few are re-scored exactly in float64 and the best (first on a tie) wins. The
    reported similarity is that float64 value rounded to 9 decimals, so it does not depend on
    how many rows shared the product.

    Raises:
        MatcherError: If the unit and chunk vectors differ in width.
    """
    empty = units.shape[0] == 0 or not bool((np.diff(offsets) > 0).any())
    if empty:
        sims = np.zeros((units.shape[0], len(chunks)), dtype=np.float32)
    elif chunks.shape[1] != units.shape[1]:
        raise MatcherError("chunk and unit vectors differ in width", reason="shape_mismatch")
    else:
        sims = units @ chunks.T
    return resolve_best(sims, units, chunks, offsets, max_norm)


def resolve_best(
    sims: Float32Matrix, units: Float32Matrix, chunks: Float32Matrix, offsets: IntArray,
    max_norm: float,
) -> tuple[IntArray, FloatArray]:
    """:func:`best_chunks` from an already computed float32 product ``units @ chunks.T``.

    Each row is resolved from its own float32 row and exact float64 dots only, so a subset of
    rows (with the matching rows of ``sims``) gives the same answer as the whole matrix.

    Raises:
        MatcherError: If a similarity is not finite.
    """
    n_units = units.shape[0]
    n_segs = len(offsets) - 1
    best_idx = np.full((n_units, n_segs), -1, dtype=np.int64)
    best_sim = np.zeros((n_units, n_segs), dtype=np.float64)
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts > 0)
    if n_units == 0 or nonempty.size == 0:
        return best_idx, best_sim
    starts = offsets[nonempty]
    seg_max = np.maximum.reduceat(sims, starts, axis=1)
    threshold = seg_max - np.float32(TIE_TOLERANCE * max(1.0, max_norm))
    seg_of_col = np.repeat(np.arange(nonempty.size, dtype=np.int64), counts[nonempty])
    mask = sims >= (threshold if nonempty.size == 1 else threshold[:, seg_of_col])
    rows, cols = np.nonzero(mask)
    exact = exact_dots(units, chunks, rows, cols)
    if len(rows) == n_units * nonempty.size:
        # No near-tie anywhere (the usual case): one candidate chunk per (unit, segment).
        best_idx[:, nonempty] = cols.reshape(n_units, nonempty.size)
        best_sim[:, nonempty] = np.round(exact, 9).reshape(n_units, nonempty.size)
        return best_idx, best_sim
    group = rows * nonempty.size + seg_of_col[cols]
    group_starts = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
    if len(group_starts) != n_units * nonempty.size:
        raise MatcherError("non-finite similarity in the vectors", reason="invalid_vectors")
    group_max = np.maximum.reduceat(exact, group_starts)
    sizes = np.diff(np.append(group_starts, len(exact)))
    is_best = exact == np.repeat(group_max, sizes)
    order = np.arange(len(exact), dtype=np.int64)
    first = np.minimum.reduceat(np.where(is_best, order, len(exact)), group_starts)
    best_idx[:, nonempty] = cols[first].reshape(n_units, nonempty.size)
    best_sim[:, nonempty] = np.round(group_max, 9).reshape(n_units, nonempty.size)
    return best_idx, best_sim
