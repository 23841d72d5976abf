"""The learned weights that turn a pair's evidence into the probability that it reports the same facts.

Two small logistic models, learned on the adjudicated dev alignments and checked by leaving one story out
(bench/learn_align.py writes reader/analysis/data/link_model.json and reports the held-out figures):

1. evidence: a weighted sum of the pair's evidence values (reader/analysis/evidence.py FEATURES), a logit `z`;
2. choice: `z` again, how far `z` falls below the best of each paragraph's candidates, and whether the pair
   is the best of both. A paragraph's best partner is what an editor looks at first, so a pair is judged
   against its rivals and not by a fixed bar alone.

A pair links when the second model's probability reaches `threshold`. The weights live in a data file, not
in code, so that re-learning them changes no line of Python.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_MODEL = Path(__file__).resolve().parent / "data" / "link_model.json"
CHOICE_FEATURES = ("z", "below_left_best", "below_right_best", "mutual_best")


@dataclass(frozen=True)
class LinkModel:
    features: tuple[str, ...]  # the evidence names the weights are for, in order
    evidence_weights: tuple[float, ...]
    evidence_bias: float
    choice_weights: tuple[float, ...]  # for CHOICE_FEATURES
    choice_bias: float
    threshold: float  # link at or above this probability
    match: float  # links at or above this probability are the same fact (match), below a shared detail

    def evidence_logit(self, values: Sequence[float]) -> float:
        return self.evidence_bias + sum(w * x for w, x in zip(self.evidence_weights, values))

    def probability(self, z: float, below_left: float, below_right: float) -> float:
        mutual = float(below_left == 0.0 and below_right == 0.0)
        w = self.choice_weights
        t = self.choice_bias + w[0] * z + w[1] * below_left + w[2] * below_right + w[3] * mutual
        return 1.0 / (1.0 + math.exp(-t)) if t > -700 else 0.0

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "evidence_weights": list(self.evidence_weights),
            "evidence_bias": self.evidence_bias,
            "choice_features": list(CHOICE_FEATURES),
            "choice_weights": list(self.choice_weights),
            "choice_bias": self.choice_bias,
            "threshold": self.threshold,
            "match": self.match,
        }

    @classmethod
    def from_json(cls, data: dict) -> LinkModel:
        return cls(
            tuple(data["features"]),
            tuple(float(x) for x in data["evidence_weights"]),
            float(data["evidence_bias"]),
            tuple(float(x) for x in data["choice_weights"]),
            float(data["choice_bias"]),
            float(data["threshold"]),
            float(data["match"]),
        )


@cache
def shipped() -> LinkModel:
    """The model that ships with diptych."""
    return LinkModel.from_json(json.loads(_MODEL.read_text(encoding="utf-8")))
