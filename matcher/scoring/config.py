"""Every knob of the scorer, its hash and its version (written into each eval report)."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from typing import Any

from matcher.errors import ConfigError

__all__ = ["DEFAULT_CONFIG", "HIDDEN_TEXT", "KEYWORD_STUFFING", "ScoringConfig"]

#: Flag of a CV whose repetition or copying looks like keyword stuffing (for a human to look).
KEYWORD_STUFFING = "keyword_stuffing"
#: Flag passed through from a reader that found text a person could not see.
HIDDEN_TEXT = "hidden_text"


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Every knob of the scorer (written into each eval report; hash it to compare runs).

    Attributes:
        version: Bumped whenever the formula changes.
        duties_weight: Weight of the duties sub-score.
        learning_weight: Weight of the learning sub-score (renormalised away when absent).
        lexical_weight: Share of the lexical component in each unit score.
        precision_weight: Share of chunk precision in the final score.
        chance_quantile: Quantile ``q`` of the chance maximum a unit must exceed.
        min_chance_draws: The chance maximum is taken over at least this many chunks. Without a
            floor, deleting any sentence from a short CV lowers the bar for every unit, and
            deleting the sentence cited as evidence could raise the score (docs/reliability.md item
            24). Long CVs, where the length correction matters, are unaffected.
        z_full: Background standard deviations above the chance maximum that earn full credit.
        min_sigma: Floor on a unit's background spread (a degenerate background).
        fallback_mu: Background mean used when no background vectors are given.
        fallback_sigma: Background spread used when no background vectors are given.
        bm25_k1: Term-frequency saturation.
        bm25_b: Length normalisation of the lexical component.
        bm25_avg_length: Reference CV length in content tokens.
        stuffing_min_count: A vacancy term repeated this often may be stuffing...
        stuffing_max_share: ...if it also exceeds this share of the CV's tokens.
        copy_overlap: Token Jaccard overlap at which a chunk counts as a copied unit.
        copy_fraction: Share of copied units that flags the CV.
        coverage_partial: A unit whose score reaches this is shown ("partial" coverage).
        coverage_strong: A unit whose score reaches this is shown "strong".
        distinct_tolerance: When one CV chunk is the best evidence for several units, the
            others show their best unused chunk if it is within this many background standard
            deviations of the shared one (evidence only; the score is unchanged).
        calibration: ``(intercept, w_match, w_shown, w_non_english)`` of the logistic map to
            the reported score, the estimated chance that a recruiter grades the pair 2 or 3 of
            3, from the 0-1 match value, the weighted share of units shown, and the match value
            again when the CV is not written in English (French, Spanish or Portuguese; fitted
            by eval/calibration.py).
    """

    version: str = "7"
    duties_weight: float = 0.7
    learning_weight: float = 0.3
    lexical_weight: float = 0.3
    precision_weight: float = 0.0
    chance_quantile: float = 0.9
    min_chance_draws: int = 8
    z_full: float = 4.0
    min_sigma: float = 0.02
    fallback_mu: float = 0.1
    fallback_sigma: float = 0.08
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    bm25_avg_length: float = 300.0
    stuffing_min_count: int = 10
    stuffing_max_share: float = 0.04
    copy_overlap: float = 0.8
    copy_fraction: float = 0.5
    # Fitted by ``python -m eval.calibration --match-only`` on half A of the jpo CVs (45 CVs,
    # 585 pairs); the held-out figures are in docs/scoring.md. The share of units shown got
    # weight 0: with it, nDCG@5 on the held-out half fell (0.927 -> 0.919, 0.918 -> 0.915).
    # The non-English weight is there because relevant work written in French, Spanish or
    # Portuguese shows a lower match value than the same grade of work in English
    # (docs/scoring.md).
    coverage_partial: float = 0.1
    coverage_strong: float = 0.15
    distinct_tolerance: float = 0.5
    calibration: tuple[float, float, float, float] = (-3.8118, 26.3135, 0.0, 30.5168)

    def __post_init__(self) -> None:
        for name in ("duties_weight", "learning_weight"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be >= 0")
        if self.duties_weight + self.learning_weight <= 0:
            raise ConfigError("duties_weight + learning_weight must be > 0")
        for name in ("lexical_weight", "precision_weight", "bm25_b", "stuffing_max_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in [0, 1]")
        if self.distinct_tolerance < 0:
            raise ConfigError("distinct_tolerance must be >= 0")
        for name in ("z_full", "min_sigma", "fallback_sigma", "bm25_k1", "bm25_avg_length"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be > 0")
        if not 0.0 < self.chance_quantile < 1.0:
            raise ConfigError("chance_quantile must be in (0, 1)")
        if not 0.0 < self.copy_overlap <= 1.0 or not 0.0 < self.copy_fraction <= 1.0:
            raise ConfigError("copy_overlap and copy_fraction must be in (0, 1]")
        if not 0.0 < self.coverage_partial <= self.coverage_strong <= 1.0:
            raise ConfigError("need 0 < coverage_partial <= coverage_strong <= 1")
        if len(self.calibration) != 4 or not all(map(math.isfinite, self.calibration)):
            raise ConfigError("calibration must be four finite numbers")
        if min(self.calibration[1:]) < 0:
            # A negative weight would make more evidence lower the score.
            raise ConfigError("calibration weights must be >= 0")

    def to_dict(self) -> dict[str, Any]:
        """All fields as a JSON-ready dict."""
        return asdict(self)

    def config_hash(self) -> str:
        """First 16 hex digits of the sha256 of the canonical JSON of :meth:`to_dict`."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


DEFAULT_CONFIG = ScoringConfig()
