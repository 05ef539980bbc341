"""How many BLAS threads the scorer's matrix products may use (the service box has two cores)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

__all__ = ["LARGE_PRODUCT_THREADS", "blas_threads", "single_threaded_blas"]

_BLAS_CONTROLLER: Any = None
#: BLAS threads for the vacancy ranking's single large product (the box has two cores).
LARGE_PRODUCT_THREADS = 2


def single_threaded_blas() -> AbstractContextManager[object]:
    """Run the scorer's small matrix products on one BLAS thread.

    The scorer multiplies small matrices (tens of units by a few hundred rows). With OpenBLAS's
    default thread pool they ran 17x slower on the 2-core service box under load (73 ms against
    4.3 ms per ``unit_background`` call, measured): the threads fight over the cores for work
    too small to split. threadpoolctl comes with sentence-transformers (via scikit-learn);
    without it the default pool is used.
    """
    return blas_threads(1)


def blas_threads(limit: int) -> AbstractContextManager[object]:
    """Limit BLAS to ``limit`` threads for the duration of the block (see above)."""
    global _BLAS_CONTROLLER
    if _BLAS_CONTROLLER is None:
        try:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
        except ImportError:  # pragma: no cover - present with sentence-transformers
            return nullcontext()
        # Scanning the loaded libraries costs ~30 ms: do it once, not per ranking.
        _BLAS_CONTROLLER = ThreadpoolController()
    limiter: AbstractContextManager[object] = _BLAS_CONTROLLER.limit(
        limits=limit, user_api="blas"
    )
    return limiter
