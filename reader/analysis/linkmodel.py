"""The learned weights that turn a pair's evidence into the probability that it reports the same facts.

Two small logistic models, learned on the adjudicated dev alignments and checked by leaving one story out
(bench/learn_align.py writes reader/analysis/data/link_model.json and reports the held-out figures):

1. evidence: a weighted sum of the pair's evidence values (reader/analysis/evidence.py FEATURES), a logit `z`;
2. choice: `z` again and how the pair stands among its rivals (`CHOICE_FEATURES`, computed in
   reader/analysis/align.py). A paragraph's best partner is what an editor looks at first, so a pair is
   judged against its rivals and not by a fixed bar alone.

A pair links when the second model's probability reaches `threshold`. The weights live in a data file, not
in code, so that re-learning them changes no line of Python. Each model names the features it weighs, so a
feature the aligner computes but a model does not use costs nothing but its computation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_MODEL = Path(__file__).resolve().parent / "data" / "link_model.json"

#: How a pair stands among its rivals (see reader/analysis/align.py `choice_features`).
CHOICE_FEATURES = (
    "z",  # the evidence logit
    "below_left_best",  # how far z falls below the best pair of the left paragraph (0 for the best)
    "below_right_best",
    "mutual_best",  # the best pair of both its paragraphs
)


def sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t)) if t > -700 else 0.0


@dataclass(frozen=True)
class LinkModel:
    features: tuple[str, ...]  # the evidence names the weights are for, in order
    evidence_weights: tuple[float, ...]
    evidence_bias: float
    choice_features: tuple[str, ...]  # names from CHOICE_FEATURES, in order
    choice_weights: tuple[float, ...]
    choice_bias: float
    threshold: float  # link at or above this probability
    match: float  # links at or above this probability are the same fact (match), below a shared detail

    def evidence_logit(self, values: Mapping[str, float]) -> float:
        return self.evidence_bias + sum(w * values[name] for name, w in zip(self.features, self.evidence_weights))

    def probability(self, choice: Mapping[str, float]) -> float:
        t = self.choice_bias + sum(w * choice[name] for name, w in zip(self.choice_features, self.choice_weights))
        return sigmoid(t)

    @cache  # noqa: B019 (a model is frozen and there are one or two of them)
    def evidence_weights_for(self, names: tuple[str, ...]) -> tuple[float, ...]:
        """The evidence weights laid out for values given in the order of `names` (0 for a name not used)."""
        weights = dict(zip(self.features, self.evidence_weights))
        return tuple(weights.get(name, 0.0) for name in names)

    @cache  # noqa: B019
    def choice_weights_for(self, names: tuple[str, ...]) -> tuple[float, ...]:
        weights = dict(zip(self.choice_features, self.choice_weights))
        return tuple(weights.get(name, 0.0) for name in names)

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "evidence_weights": list(self.evidence_weights),
            "evidence_bias": self.evidence_bias,
            "choice_features": list(self.choice_features),
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
            tuple(data["choice_features"]),
            tuple(float(x) for x in data["choice_weights"]),
            float(data["choice_bias"]),
            float(data["threshold"]),
            float(data["match"]),
        )


def named(names: Sequence[str], values: Sequence[float]) -> dict[str, float]:
    return dict(zip(names, values))


@cache
def shipped() -> LinkModel:
    """The model that ships with diptych."""
    return LinkModel.from_json(json.loads(_MODEL.read_text(encoding="utf-8")))
