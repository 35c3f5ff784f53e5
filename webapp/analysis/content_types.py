"""Result types of the content analysis: frozen, JSON-friendly (`to_dict` / `from_dict`).

They hold facts (codes, numbers, quotes from the answer), never prose: the report and the
scoring turn them into words and points.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")

Band = Literal["on_topic", "partly_on_topic", "off_topic"]
PointStatus = Literal["covered", "partial", "missed"]
StarStatus = Literal["found", "weak", "missing"]
LengthStatus = Literal["too_short", "adequate", "too_long"]
PronounBand = Literal["mostly_i", "balanced", "mostly_we", "none"]


def build(tp: Any, value: Any) -> Any:
    """Rebuild a (nested) dataclass value from its `dataclasses.asdict` form."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return build(inner[0], value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: build(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value})
    if origin is tuple:
        return tuple(build(typing.get_args(tp)[0], v) for v in value)
    if origin is dict:
        return dict(value)
    return value


class Serialisable:
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return build(cls, data)


@dataclass(frozen=True)
class TextCounts(Serialisable):
    language: str  # en | zh | mixed | unknown
    words: int  # Latin words + jieba words + numbers
    chars: int  # non-whitespace characters
    cjk_chars: int
    latin_words: int
    sentences: int
    original_chars: int  # before truncation
    truncated: bool  # only the first MAX_ANALYSED_CHARS were analysed


@dataclass(frozen=True)
class LengthCheck(Serialisable):
    unit: Literal["words", "chars"]  # words for English; for Chinese/mixed: CJK chars + 2 per Latin word
    value: int
    minimum: int
    maximum: int
    status: LengthStatus


@dataclass(frozen=True)
class Relevance(Serialisable):
    score: float  # calibrated 0..1
    band: Band
    question_similarity: float  # centred cosine, answer vs question
    points_similarity: float | None  # mean over expected points of the best sentence's centred cosine
    best_sentence: str | None  # the answer sentence closest to the question
    best_sentence_index: int | None
    model: str  # minilm | e5


@dataclass(frozen=True)
class PointCoverage(Serialisable):
    index: int
    point: str
    status: PointStatus
    similarity: float
    sentence: str | None  # best-matching answer sentence
    sentence_index: int | None
    matched_terms: tuple[str, ...]  # the point's key words found in the answer


@dataclass(frozen=True)
class Coverage(Serialisable):
    points: tuple[PointCoverage, ...]
    covered: int
    partial: int
    missed: int
    ratio: float  # (covered + partial / 2) / points


@dataclass(frozen=True)
class StarElement(Serialisable):
    element: Literal["situation", "task", "action", "result"]
    status: StarStatus  # weak: only a completion ("we delivered"), no outcome
    sentence: str | None
    sentence_index: int | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Star(Serialisable):
    elements: tuple[StarElement, ...]
    found: int  # elements with status "found"
    weak: int
    complete: bool  # all four found


@dataclass(frozen=True)
class Specificity(Serialisable):
    numbers: tuple[str, ...]  # distinct figures: 50 ms, 98%, three, 三个月
    tools: tuple[str, ...]  # named technologies, canonical spelling
    examples: tuple[str, ...]  # concrete-example markers: "for example", "in my last job", 例如
    quotes: tuple[str, ...]  # up to 3 sentences carrying numbers or tools


@dataclass(frozen=True)
class Vocabulary(Serialisable):
    tokens: int
    unique: int
    type_token_ratio: float
    mattr: float  # moving-average type-token ratio over `window` tokens (length-independent)
    window: int


@dataclass(frozen=True)
class Pronouns(Serialisable):
    i_count: int  # I/me/my...; 我 (not 我们)
    we_count: int  # we/us/our...; 我们, 咱们
    we_share: float | None
    band: PronounBand


@dataclass(frozen=True)
class Structure(Serialisable):
    connectives: tuple[str, ...]  # distinct, in order of first use
    connective_count: int
    sentences: int
    mean_sentence_words: float
    longest_sentence_words: int


@dataclass(frozen=True)
class ContentAnalysis(Serialisable):
    version: str
    status: Literal["ok", "empty"]
    question_key: str
    question_kind: str
    counts: TextCounts
    length: LengthCheck | None
    relevance: Relevance | None
    coverage: Coverage | None  # None when the question has no expected points
    star: Star | None  # behavioural questions only
    specificity: Specificity | None
    vocabulary: Vocabulary | None
    pronouns: Pronouns | None
    structure: Structure | None
    sentences: tuple[str, ...]  # analysed sentences; indexes above refer to these
