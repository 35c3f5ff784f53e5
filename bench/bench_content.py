"""Benchmark of the content analysis: model load, time per answer, peak memory, relevance margins.

Run from the repository root: `python bench/bench_content.py`. Uses one thread per model, as a
Celery prefork worker does. Inputs come from tests/data/.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"

from webapp.analysis import embeddings, text
from webapp.analysis.content import analyse_content
from webapp.analysis.question_bank import default_question_bank


def load_times() -> None:
    started = time.perf_counter()
    text.warm_up()
    print(f"jieba dictionary load:         {time.perf_counter() - started:6.2f} s")
    for name in ("minilm", "e5"):
        started = time.perf_counter()
        embeddings.get_embedder(name)
        print(f"model load {name:6s} (incl. sha256): {time.perf_counter() - started:6.2f} s")


def words_of(value: str, count: int) -> str:
    words = value.split()
    return " ".join((words * (count // len(words) + 1))[:count])


def chars_of(value: str, count: int) -> str:
    return (value * (count // len(value) + 1))[:count]


def per_answer_times(answers: dict) -> None:
    bank = default_question_bank()
    question = bank.question("backend.slow_query").spec()
    english = " ".join(a["good_en"] for a in answers["answers"])
    chinese = "".join(a["good_zh"] for a in answers["answers"])
    cases = [
        ("English, 60 words", words_of(english, 60)),
        ("English, 250 words", words_of(english, 250)),
        ("Chinese, ~60 words (120 chars)", chars_of(chinese, 120)),
        ("Chinese, ~250 words (500 chars)", chars_of(chinese, 500)),
    ]
    for label, answer in cases:
        analyse_content(question, answer)  # question and expected points are now cached
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            analyse_content(question, answer)  # answer sentences are never cached
            runs.append((time.perf_counter() - started) * 1000)
        print(f"{label:34s} median {statistics.median(runs):7.1f} ms  (min {min(runs):.1f}, max {max(runs):.1f})")


def margins(answers: dict) -> None:
    bank = default_question_bank()
    rows: dict[str, list[tuple[str, str, float]]] = {"en": [], "zh": []}
    items = []
    for entry in answers["answers"]:
        for lang in ("en", "zh"):
            for kind in ("good", "off_topic", "other_question"):
                items.append((entry["question"], lang, kind, entry[f"{kind}_{lang}"]))
    for lang in ("en", "zh"):
        items.append(("beh.led_team", lang, "good", (DATA / f"answer_{lang}.txt").read_text(encoding="utf-8")))
        items.append(("beh.led_team", lang, "off_topic", answers[f"led_team_off_topic_{lang}"]))
    for key, lang, kind, answer in items:
        result = analyse_content(bank.question(key).spec(), answer)
        rows[lang].append((key, kind, result.relevance.score))
    print("relevance (calibrated 0..1): good vs off-topic / answer-to-another-question")
    for lang, model in (("en", "minilm"), ("zh", "e5")):
        good = [s for _, k, s in rows[lang] if k == "good"]
        bad = [s for _, k, s in rows[lang] if k != "good"]
        per_question = {}
        for key in {r[0] for r in rows[lang]}:
            g = [s for q, k, s in rows[lang] if q == key and k == "good"]
            b = [s for q, k, s in rows[lang] if q == key and k != "good"]
            per_question[key] = min(g) - max(b)
        worst = min(per_question, key=per_question.get)
        print(
            f"  {lang} ({model}): good {min(good):.2f}-{max(good):.2f}, others {min(bad):.2f}-{max(bad):.2f}, "
            f"mean margin {statistics.mean(per_question.values()):.2f}, worst margin {per_question[worst]:.2f} ({worst})"
        )


def main() -> None:
    answers = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))
    load_times()
    per_answer_times(answers)
    margins(answers)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
