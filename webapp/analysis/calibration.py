"""Calibration of embedding similarities, so that scores mean the same for both models.

Raw cosines are not comparable across models: all-MiniLM-L6-v2 puts unrelated English texts
near 0, while multilingual-e5-small puts them near 0.75-0.85 and adds about 0.1 when both
texts share a language. We therefore *centre* every vector before the cosine: subtract the mean
embedding of a reference set of the same role and language, taken from the built-in question
bank (all question texts; all expected points), then re-normalise. That removes the shared
direction (anisotropy and language offset) and leaves what is specific to the text. On the
tests/data answers, centred cosines of on-topic answers land at 0.15-0.76 and of off-topic ones
at -0.14-0.17 for both models.

The means are computed once by `python -m webapp.analysis.calibration` and stored in
`data/calibration.json` (six 384-d vectors per model, tagged with the model id and a fingerprint
of the bank), because computing them takes ~25 s with e5 at start-up. The tests check that the
fingerprint matches the shipped bank; regenerate after editing the bank's texts.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from webapp.analysis.question_bank import QuestionBank, default_question_bank

CALIBRATION_PATH = Path(__file__).resolve().parent / "data" / "calibration.json"
ROLES = ("question", "point_query", "passage")  # how the texts were embedded
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on centred cosines, measured on tests/data/answers.json (see content.py)."""

    relevance_low: float  # at or below: relevance 0
    relevance_high: float  # at or above: relevance 1
    point_covered: float  # best sentence vs expected point
    point_partial: float


THRESHOLDS = {
    "minilm": Thresholds(relevance_low=0.08, relevance_high=0.40, point_covered=0.40, point_partial=0.25),
    "e5": Thresholds(relevance_low=0.08, relevance_high=0.30, point_covered=0.35, point_partial=0.22),
}


def bank_fingerprint(bank: QuestionBank) -> str:
    parts = []
    for q in bank.questions():
        parts += [q.text, q.text_zh, *q.expected_points, *q.expected_points_zh]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def compute_reference_means(bank: QuestionBank) -> dict[str, dict[str, list[float]]]:
    from webapp.analysis.embeddings import get_embedder

    out: dict[str, dict[str, list[float]]] = {}
    for model_name in ("minilm", "e5"):
        model = get_embedder(model_name)
        means: dict[str, list[float]] = {}
        for lang in LANGUAGES if model_name == "e5" else ("en",):
            questions = [q.text if lang == "en" else q.text_zh for q in bank.questions()]
            points = [p for q in bank.questions() for p in (q.expected_points if lang == "en" else q.expected_points_zh)]
            vectors = {
                "question": model.embed(questions, query=True),
                "point_query": model.embed(points, query=True),
                "passage": model.embed(points, query=False),
            }
            for role, matrix in vectors.items():
                means[f"{role}.{lang}"] = [round(float(x), 6) for x in matrix.mean(axis=0)]
        out[model_name] = {"model_id": model.model_id, "means": means}  # type: ignore[dict-item]
    return out


_lock = threading.Lock()
_loaded: dict[str, dict[str, np.ndarray]] | None = None


def reference_means(model_name: str) -> dict[str, np.ndarray]:
    """Mean vectors by ``"<role>.<lang>"`` for one model, from the shipped calibration file."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
                _loaded = {
                    name: {key: np.asarray(vec, dtype=np.float32) for key, vec in entry["means"].items()}
                    for name, entry in data["models"].items()
                }
    return _loaded[model_name]


def reference_mean(model_name: str, role: str, cjk_share: float) -> np.ndarray:
    """Blend the English and Chinese means by the text's share of Chinese (mixed answers sit between)."""
    means = reference_means(model_name)
    if f"{role}.zh" not in means:
        return means[f"{role}.en"]
    return (1.0 - cjk_share) * means[f"{role}.en"] + cjk_share * means[f"{role}.zh"]


def centre(vectors: np.ndarray, mean: np.ndarray) -> np.ndarray:
    shifted = vectors - mean
    norms = np.linalg.norm(shifted, axis=-1, keepdims=True)
    return shifted / np.maximum(norms, 1e-12)


def main() -> None:
    bank = default_question_bank()
    payload = {
        "about": "Mean embeddings of the question bank per model, role and language; see calibration.py.",
        "bank_fingerprint": bank_fingerprint(bank),
        "models": compute_reference_means(bank),
    }
    text = json.dumps(payload, indent=1)
    text = re.sub(r"\[\s+([^\[\]]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    CALIBRATION_PATH.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {CALIBRATION_PATH} (bank {payload['bank_fingerprint']})")


if __name__ == "__main__":
    main()
