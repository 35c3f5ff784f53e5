"""Filler words, counted in context, each with its time and the words around it.

English: "um", "uh", "er", "hmm" and "basically" always; "like" only as a
filler (not "I like this", "looks like", "like a ..."); "you know" and "I mean"
only when set off by a comma, a stop or a pause ("you know," not "do you know
Python"). Sentence-initial "so" is left out: it is usually a fair link.
Chinese: 呃 and 嗯 always; 那个, 这个 and 额 only between pauses or commas.
When a case is ambiguous the word is not counted: a candidate should not be
marked down for a filler they did not say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .serial import Record
from .transcribe import Word
from .vad import MIN_PAUSE_S

CONTEXT_WORDS = 4

EN_ALWAYS = {
    "um": "um", "umm": "um", "uhm": "um", "mm": "um", "hm": "hmm", "hmm": "hmm", "mhm": "hmm",
    "uh": "uh", "uhh": "uh", "er": "uh", "erm": "uh", "basically": "basically",
}
# "I like it", "would like", "looks like", "something like": like is a verb or a preposition.
LIKE_NOT_AFTER = {
    "i", "you", "we", "they", "he", "she", "who", "people", "would", "i'd", "we'd", "you'd",
    "they'd", "do", "don't", "did", "didn't", "does", "doesn't", "to", "really", "also",
    "might", "may", "will", "i'll", "we'll", "look", "looks", "looked", "looking", "sound",
    "sounds", "sounded", "seem", "seems", "seemed", "feel", "feels", "felt", "something",
    "anything", "nothing", "just", "much", "more", "less", "exactly", "things", "stuff",
    "not", "dislike", "most", "what",
}
# "like a", "like this": a comparison, unless commas set it off.
LIKE_NOT_BEFORE = {
    "a", "an", "the", "this", "that", "these", "those", "it", "him", "her", "them", "me", "us",
    "my", "your", "his", "their", "our", "its", "someone", "something", "when", "how", "what",
    "i", "we", "you", "they", "he", "she",
}
# "do you know ...", "as you know, ...": a real question or statement.
YOU_KNOW_NOT_AFTER = {
    "do", "did", "don't", "does", "doesn't", "if", "as", "would", "could", "will", "might",
    "what", "how", "when", "where", "whether", "because", "since", "that",
}
I_MEAN_NOT_AFTER = {"what", "that", "which", "if", "do", "don't", "did"}

ZH_ALWAYS = {"呃": "呃", "嗯": "嗯"}
ZH_BOUNDED = ("那个", "这个", "那個", "這個", "额")  # Whisper sometimes writes traditional forms
_SIMPLIFIED = {"那個": "那个", "這個": "这个"}
ZH_PUNCT = set("，。、！？；：,.!?;:…")

_END_PUNCT = re.compile(r"[,.;:!?…\-—]$")


@dataclass(frozen=True)
class Filler(Record):
    text: str  # as transcribed, e.g. "Um," or "you know"
    kind: str  # normalised: um, uh, hmm, like, you know, I mean, basically, 呃, 嗯, 那个...
    start: float
    end: float
    before: str  # up to 4 words before
    after: str  # up to 4 words after


@dataclass(frozen=True)
class FillerStats(Record):
    count: int
    words: int  # words (English) or characters (Chinese) in the transcript
    unit: str  # "words" or "characters"
    per_100: float  # fillers per 100 words (or characters)
    by_kind: dict[str, int]
    fillers: tuple[Filler, ...]


def _norm(text: str) -> str:
    return re.sub(r"^[^\w']+|[^\w']+$", "", text.lower().replace("\u2019", "'"))


def find_fillers_en(words: Sequence[Word]) -> list[Filler]:
    norm = [_norm(w.text) for w in words]
    n = len(words)

    def punct_after(i: int) -> bool:
        return i >= n - 1 or bool(_END_PUNCT.search(words[i].text))

    def boundary_before(i: int) -> bool:
        return i == 0 or bool(_END_PUNCT.search(words[i - 1].text))

    def pause_before(i: int) -> bool:
        return i == 0 or words[i].start - words[i - 1].end >= MIN_PAUSE_S

    def pause_after(i: int) -> bool:
        return i >= n - 1 or words[i + 1].start - words[i].end >= MIN_PAUSE_S

    found: list[Filler] = []
    i = 0
    while i < n:
        token = norm[i]
        kind, length = None, 1
        if token in EN_ALWAYS:
            kind = EN_ALWAYS[token]
        elif token == "like":
            prev = norm[i - 1] if i else ""
            nxt = norm[i + 1] if i + 1 < n else ""
            comma_before = boundary_before(i)
            comma_after = punct_after(i) and i < n - 1
            following = words[i + 1].text if i + 1 < n else ""
            names_something = nxt in LIKE_NOT_BEFORE or following[:1].isupper() or nxt.isdigit()
            if comma_before and comma_after:
                kind = "like"  # "We, like, rebuilt it"
            elif comma_after:
                if prev not in LIKE_NOT_AFTER:  # "I like, ..." is still the verb
                    kind = "like"
            elif comma_before:
                if not names_something:  # ", like Jira and Slack", ", like a snail": examples
                    kind = "like"
            elif pause_before(i) and pause_after(i) and not names_something:
                kind = "like"
        elif token == "you" and i + 1 < n and norm[i + 1] == "know":
            prev = norm[i - 1] if i and not boundary_before(i) else ""
            if prev not in YOU_KNOW_NOT_AFTER and (punct_after(i + 1) or pause_after(i + 1)):
                kind, length = "you know", 2
        elif token == "i" and i + 1 < n and norm[i + 1] == "mean":
            prev = norm[i - 1] if i and not boundary_before(i) else ""
            if prev not in I_MEAN_NOT_AFTER and (punct_after(i + 1) or pause_after(i + 1)):
                kind, length = "I mean", 2
        if kind:
            span = words[i : i + length]
            found.append(
                Filler(
                    text=" ".join(w.text for w in span),
                    kind=kind,
                    start=span[0].start,
                    end=span[-1].end,
                    before=" ".join(w.text for w in words[max(0, i - CONTEXT_WORDS) : i]),
                    after=" ".join(w.text for w in words[i + length : i + length + CONTEXT_WORDS]),
                )
            )
        i += length
    return found


def _characters(words: Sequence[Word]) -> list[tuple[str, float, float]]:
    """Split Chinese word tokens into characters, spreading each token's time evenly."""
    chars = []
    for w in words:
        text = "".join(w.text.split())
        if not text:
            continue
        step = (w.end - w.start) / len(text)
        for k, ch in enumerate(text):
            chars.append((ch, w.start + k * step, w.start + (k + 1) * step))
    return chars


def find_fillers_zh(words: Sequence[Word]) -> list[Filler]:
    chars = _characters(words)
    n = len(chars)
    text = "".join(c for c, _, _ in chars)

    def bounded_left(i: int) -> bool:
        prev = chars[i - 1][0] if i else ""
        return i == 0 or prev in ZH_PUNCT or prev in ZH_ALWAYS or chars[i][1] - chars[i - 1][2] >= MIN_PAUSE_S

    def bounded_right(j: int) -> bool:  # j = index after the candidate
        return j >= n or chars[j][0] in ZH_PUNCT or chars[j][1] - chars[j - 1][2] >= MIN_PAUSE_S

    def context(i: int, j: int) -> tuple[str, str]:
        return text[max(0, i - 8) : i], text[j : j + 8]

    found: list[Filler] = []
    i = 0
    while i < n:
        hit = None
        if chars[i][0] in ZH_ALWAYS:
            hit = (ZH_ALWAYS[chars[i][0]], 1)
        else:
            for cand in ZH_BOUNDED:
                j = i + len(cand)
                if text[i:j] == cand and bounded_left(i) and bounded_right(j):
                    hit = (_SIMPLIFIED.get(cand, cand), len(cand))
                    break
        if hit:
            kind, length = hit
            before, after = context(i, i + length)
            found.append(
                Filler(
                    text=text[i : i + length],
                    kind=kind,
                    start=round(chars[i][1], 2),
                    end=round(chars[i + length - 1][2], 2),
                    before=before,
                    after=after,
                )
            )
            i += length
        else:
            i += 1
    return found


def count_units(words: Sequence[Word], language: str) -> int:
    if language == "zh":
        return sum(1 for c, _, _ in _characters(words) if "\u3400" <= c <= "\u9fff")
    return sum(1 for w in words if _norm(w.text))


def filler_stats(words: Sequence[Word], language: str) -> FillerStats:
    found = find_fillers_zh(words) if language == "zh" else find_fillers_en(words)
    units = count_units(words, language)
    return FillerStats(
        count=len(found),
        words=units,
        unit="characters" if language == "zh" else "words",
        per_100=round(100 * len(found) / units, 2) if units else 0.0,
        by_kind=dict(Counter(f.kind for f in found)),
        fillers=tuple(found),
    )
