"""The numpy array types of the core, named once."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "Float32Matrix", "FloatArray", "IntArray", "Matrix"]

#: float64 values (scores, credits, sums).
FloatArray = npt.NDArray[np.float64]
#: float32 vectors as the encoders give them.
Float32Matrix = npt.NDArray[np.float32]
#: int64 indices, offsets and ranks.
IntArray = npt.NDArray[np.int64]
#: Masks.
BoolArray = npt.NDArray[np.bool_]
#: Vectors of any float width (callers pass float32 or float64).
Matrix = npt.NDArray[np.floating[Any]]
