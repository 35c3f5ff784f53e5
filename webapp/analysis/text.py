"""Language detection, sentence splitting and tokenisation for English and Chinese.

Answers arrive as typed text or transcripts, often mixed ("我用 Redis 做缓存"). Everything here is
rule-based and deterministic except Chinese word segmentation, which uses jieba's bundled
dictionary (loaded once per process, about 1 s; call :func:`warm_up`).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Literal

Language = Literal["en", "zh", "mixed", "unknown"]

# CJK Unified Ideographs + Extension A + compatibility ideographs.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{_CJK}]")
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")
# Latin words keep inner apostrophes and the tails of tech names: C++, C#, Node.js, CI/CD.
LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?(?:[.+#/-][A-Za-z0-9+#]+)*[+#]*")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*%?")

# Sentence ends: Chinese terminators always end a sentence; ASCII ones only before whitespace
# (so 3.5, Node.js and e.g. stay whole) and not after a short abbreviation.
_ZH_END_RE = re.compile(r"[。！？!?；;…]+[”’」』)）]*")
_EN_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "prof.", "inc.", "ltd.", "no.", "approx."}
)
# Clause breaks used when a "sentence" is a run-on (transcripts often lack full stops).
_CLAUSE_RE = re.compile(r"(?<=[,，、:：])\s*")
MAX_SENTENCE_UNITS = 60  # words (or CJK characters / 2) before a run-on is split at commas

# Mixed-language thresholds on the Chinese share of the text, counted in word units
# (two CJK characters ~ one word): >= ZH_SHARE is zh, <= EN_SHARE is en, between is mixed.
ZH_SHARE = 0.7
EN_SHARE = 0.3

_jieba_lock = threading.Lock()
_jieba_ready = False


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offset in the analysed text
    end: int


@dataclass(frozen=True)
class TextStats:
    language: Language
    cjk_chars: int
    latin_words: int
    words: int  # Latin words + Chinese words (jieba) + numbers
    chars: int  # non-whitespace characters
    sentences: int


def _jieba():
    """Return the jieba module, initialised once per process (thread-safe)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


def warm_up() -> None:
    _jieba()


def detect_language(text: str) -> Language:
    cjk = len(CJK_RE.findall(text))
    latin = len(LATIN_WORD_RE.findall(text))
    if cjk + latin == 0:
        return "unknown"
    share = (cjk / 2) / (cjk / 2 + latin)
    if share >= ZH_SHARE:
        return "zh"
    if share <= EN_SHARE:
        return "en"
    return "mixed"


def size_units(text: str) -> float:
    """Rough length in word units: one Latin word or two CJK characters."""
    return len(LATIN_WORD_RE.findall(text)) + len(CJK_RE.findall(text)) / 2


def _split_run_on(sentence: Sentence) -> list[Sentence]:
    if size_units(sentence.text) <= MAX_SENTENCE_UNITS:
        return [sentence]
    parts: list[Sentence] = []
    begin = 0
    text = sentence.text
    for match in _CLAUSE_RE.finditer(text):
        cut = match.start()
        if cut > begin and size_units(text[begin:cut]) >= MAX_SENTENCE_UNITS / 2:
            parts.append(Sentence(text[begin:cut].strip(), sentence.start + begin, sentence.start + cut))
            begin = match.end()
    if begin < len(text):
        parts.append(Sentence(text[begin:].strip(), sentence.start + begin, sentence.end))
    out: list[Sentence] = []
    for part in parts:
        out.extend(_hard_split(part) if size_units(part.text) > 2 * MAX_SENTENCE_UNITS else [part])
    return [p for p in out if p.text]


_UNIT_RE = re.compile(f"{LATIN_WORD_RE.pattern}|[{_CJK}]{{2}}|[{_CJK}]")


def _hard_split(sentence: Sentence) -> list[Sentence]:
    """Cut a text with no usable punctuation into windows of MAX_SENTENCE_UNITS units."""
    parts: list[Sentence] = []
    begin = 0
    for i, match in enumerate(_UNIT_RE.finditer(sentence.text), start=1):
        if i % MAX_SENTENCE_UNITS == 0:
            cut = match.end()
            parts.append(Sentence(sentence.text[begin:cut].strip(), sentence.start + begin, sentence.start + cut))
            begin = cut
    if sentence.text[begin:].strip():
        parts.append(Sentence(sentence.text[begin:].strip(), sentence.start + begin, sentence.end))
    return parts


def _cut_points(paragraph: str) -> list[int]:
    cuts = {m.end() for m in _ZH_END_RE.finditer(paragraph)}
    for match in _EN_END_RE.finditer(paragraph):
        head = paragraph[: match.start()].rsplit(None, 1)
        last_word = head[-1].lower() if head else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last_word):
            continue
        cuts.add(match.end())
    return sorted(cuts)


def split_sentences(text: str) -> list[Sentence]:
    """Split on English and Chinese terminators and on line breaks; offsets refer to `text`."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk = para.group()
        begin = 0
        for cut in [*_cut_points(chunk), len(chunk)]:
            piece = chunk[begin:cut]
            stripped = piece.strip()
            if stripped:
                offset = para.start() + begin + (len(piece) - len(piece.lstrip()))
                sentences.extend(_split_run_on(Sentence(stripped, offset, offset + len(stripped))))
            begin = cut
    return sentences


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens: Latin words, numbers and jieba words for Chinese runs."""
    tokens: list[str] = []
    pos = 0
    for run in _CJK_RUN_RE.finditer(text):
        tokens.extend(_latin_tokens(text[pos : run.start()]))
        tokens.extend(w for w in _jieba().lcut(run.group()) if w.strip())
        pos = run.end()
    tokens.extend(_latin_tokens(text[pos:]))
    return tokens


_LATIN_OR_NUMBER_RE = re.compile(f"{NUMBER_RE.pattern}|{LATIN_WORD_RE.pattern}")


def _latin_tokens(text: str) -> list[str]:
    return [m.group().lower() for m in _LATIN_OR_NUMBER_RE.finditer(text)]


def text_stats(text: str, tokens: list[str] | None = None, sentences: list[Sentence] | None = None) -> TextStats:
    tokens = tokenize(text) if tokens is None else tokens
    sentences = split_sentences(text) if sentences is None else sentences
    return TextStats(
        language=detect_language(text),
        cjk_chars=len(CJK_RE.findall(text)),
        latin_words=len(LATIN_WORD_RE.findall(text)),
        words=len(tokens),
        chars=len(re.sub(r"\s", "", text)),
        sentences=len(sentences),
    )
