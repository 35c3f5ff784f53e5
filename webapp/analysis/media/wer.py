"""Word and character error rates, for tests and the benchmark (no extra dependency)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation: "Response times, dropped." -> [response, times, dropped]."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    return _WORD.findall(text)


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref = normalise_words(reference)
    if not ref:
        return 0.0 if not normalise_words(hypothesis) else 1.0
    return edit_distance(ref, normalise_words(hypothesis)) / len(ref)


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Over CJK characters only: the measure used for Chinese transcripts."""
    ref = _CJK.findall(reference)
    if not ref:
        return 0.0 if not _CJK.findall(hypothesis) else 1.0
    return edit_distance(ref, _CJK.findall(hypothesis)) / len(ref)
