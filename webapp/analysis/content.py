"""What an answer says: relevance, coverage of expected points, STAR, specificity, length, style.

`analyse_content(question, answer_text)` is pure (no I/O beyond the shipped models) and
deterministic. English answers use all-MiniLM-L6-v2, Chinese and mixed ones multilingual-e5-small
(`embeddings.py`).

Relevance calibration. Cosines are taken between *centred* vectors (`calibration.py`). The
signal is ``0.5 * sim(answer, question) + 0.5 * mean_p max_s sim(point p, sentence s)`` (only the
first term when the question has no expected points), where the answer vector is the
length-weighted mean of its sentence vectors. It is mapped linearly to a 0..1 score between
`relevance_low` (0.08 for both models) and `relevance_high` (MiniLM 0.40, e5 0.30); bands:
>= 0.5 on_topic, >= 0.2 partly_on_topic, else off_topic. Measured on tests/data/answers.json
(6 questions, each with a good answer, small talk, and a sound answer to another question):

    model / lang   good answers   off-topic and other-question   worst per-question margin
    MiniLM / en    0.55 - 1.00    0.00 - 0.00                    0.55 (beh.led_team)
    e5 / zh        0.47 - 1.00    0.00 - 0.27                    0.44 (beh.led_team)

(regenerate with `python bench/bench_content.py`). Behavioural questions separate least: any
personal story resembles them a little. Expected-point coverage uses the same centred cosine
with per-model cut-offs (`calibration.THRESHOLDS`), helped by the point's key words.

Length thresholds (unit: English words; Chinese/mixed: CJK characters + 2 per Latin word, since
one English word is about two Chinese characters): technical 40-350 words / 80-700 chars,
behavioural 60-400 words / 120-800 chars. Inputs longer than MAX_ANALYSED_CHARS are cut (and
flagged), and only the leading sentences within MAX_EMBEDDED_SENTENCES / MAX_EMBEDDED_UNITS are
embedded, so time is bounded (worst case about 3 s for Chinese on one core).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from webapp.analysis import lexicon, text
from webapp.analysis.calibration import THRESHOLDS, Thresholds, centre, reference_mean
from webapp.analysis.content_types import (
    ContentAnalysis,
    Coverage,
    LengthCheck,
    PointCoverage,
    Pronouns,
    Relevance,
    Specificity,
    Star,
    StarElement,
    Structure,
    TextCounts,
    Vocabulary,
)
from webapp.analysis.embeddings import get_embedder
from webapp.analysis.question_bank import QuestionSpec

__all__ = ["CONTENT_ANALYSIS_VERSION", "ContentAnalysis", "QuestionSpec", "analyse_content", "warm_up"]

CONTENT_ANALYSIS_VERSION = "content-1"
MAX_ANALYSED_CHARS = 12_000
MAX_EMBEDDED_SENTENCES = 60
MAX_EMBEDDED_UNITS = 800  # words (or CJK chars / 2) embedded at most: ~2.5 s with e5 on one thread
MAX_STAR_SENTENCES = 200
LENGTH_LIMITS = {
    ("technical", "words"): (40, 350),
    ("technical", "chars"): (80, 700),
    ("behavioural", "words"): (60, 400),
    ("behavioural", "chars"): (120, 800),
}
ON_TOPIC, PARTLY_ON_TOPIC = 0.5, 0.2
MATTR_WINDOW = 50
_STAR_RES = {
    element: {strength: [re.compile(p, re.IGNORECASE) for p in patterns] for strength, patterns in cues.items()}
    for element, cues in lexicon.STAR_CUES.items()
}
_EXAMPLE_RES = [re.compile(p, re.IGNORECASE) for p in lexicon.EXAMPLE_MARKERS]


def warm_up() -> None:
    """Load models, jieba and the calibration file; call once per worker process."""
    from webapp.analysis import embeddings
    from webapp.analysis.calibration import reference_means

    embeddings.warm_up()
    for name in ("minilm", "e5"):
        reference_means(name)


def analyse_content(question: QuestionSpec, answer_text: str) -> ContentAnalysis:
    answer_text = answer_text or ""
    analysed = answer_text[:MAX_ANALYSED_CHARS]
    sentences = text.split_sentences(analysed)
    tokens = text.tokenize(analysed)
    stats = text.text_stats(analysed, tokens, sentences)
    counts = TextCounts(
        language=stats.language, words=stats.words, chars=stats.chars, cjk_chars=stats.cjk_chars,
        latin_words=stats.latin_words, sentences=stats.sentences, original_chars=len(answer_text),
        truncated=len(answer_text) > MAX_ANALYSED_CHARS,
    )
    base = {"version": CONTENT_ANALYSIS_VERSION, "question_key": question.key, "question_kind": question.kind, "counts": counts}
    if not tokens:
        return ContentAnalysis(
            status="empty", length=None, relevance=None, coverage=None, star=None, specificity=None,
            vocabulary=None, pronouns=None, structure=None, sentences=(), **base,
        )
    texts = [s.text for s in sentences]
    relevance, coverage = _semantic(question, texts, stats)
    return ContentAnalysis(
        status="ok",
        length=_length(question.kind, stats),
        relevance=relevance,
        coverage=coverage,
        star=_star(texts) if question.kind == "behavioural" else None,
        specificity=_specificity(analysed, texts, question.skills),
        vocabulary=_vocabulary(tokens),
        pronouns=_pronouns(analysed),
        structure=_structure(analysed, texts, stats.language),
        sentences=tuple(texts),
        **base,
    )


def _cjk_share(value: str) -> float:
    cjk = len(text.CJK_RE.findall(value))
    latin = len(text.LATIN_WORD_RE.findall(value))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def _semantic(question: QuestionSpec, sentences: list[str], stats: text.TextStats) -> tuple[Relevance, Coverage | None]:
    language = stats.language
    # MiniLM only knows English: use it when both the answer and the question's texts are English.
    use_minilm = language == "en" and bool(question.text) and (bool(question.expected_points) or not question.expected_points_zh)
    model_name = "minilm" if use_minilm else "e5"
    question_text = question.text if use_minilm else question.text_for(language)
    points = list(question.expected_points if use_minilm else question.points_for(language))
    model = get_embedder(model_name)
    limits = THRESHOLDS[model_name]

    embedded = _embedding_budget(sentences)
    answer_share = stats.cjk_chars / max(stats.cjk_chars + stats.latin_words, 1)
    s_vec = centre(model.embed(embedded), reference_mean(model_name, "passage", answer_share))
    # The answer: its sentences' mean, weighted by length (capped) so that "Yes." counts little.
    weights = np.array([min(max(text.size_units(s), 1.0), 30.0) for s in embedded], dtype=np.float32)
    answer_vec = (s_vec * weights[:, None]).sum(axis=0)
    answer_vec /= max(float(np.linalg.norm(answer_vec)), 1e-12)
    q_mean = reference_mean(model_name, "question", _cjk_share(question_text))
    q_vec = centre(model.embed([question_text], query=True, cache=True), q_mean)[0]
    q_sim = float(q_vec @ answer_vec)
    per_sentence = s_vec @ q_vec
    best = int(np.argmax(per_sentence))

    coverage = None
    points_sim = None
    if points:
        p_mean = np.vstack([reference_mean(model_name, "point_query", _cjk_share(p)) for p in points])
        p_vec = centre(model.embed(points, query=True, cache=True), p_mean)
        sims = p_vec @ s_vec.T
        coverage = _coverage(points, sims, sentences, limits)
        points_sim = float(sims.max(axis=1).mean())
    signal = q_sim if points_sim is None else 0.5 * q_sim + 0.5 * points_sim
    score = float(np.clip((signal - limits.relevance_low) / (limits.relevance_high - limits.relevance_low), 0.0, 1.0))
    band = "on_topic" if score >= ON_TOPIC else "partly_on_topic" if score >= PARTLY_ON_TOPIC else "off_topic"
    relevance = Relevance(
        score=round(score, 3), band=band, question_similarity=round(q_sim, 3),
        points_similarity=None if points_sim is None else round(points_sim, 3),
        best_sentence=sentences[best], best_sentence_index=best, model=model_name,
    )
    return relevance, coverage


def _embedding_budget(sentences: Sequence[str]) -> list[str]:
    """The leading sentences that fit the embedding budget (at least one)."""
    kept: list[str] = []
    used = 0.0
    for sentence in sentences[:MAX_EMBEDDED_SENTENCES]:
        used += text.size_units(sentence)
        if kept and used > MAX_EMBEDDED_UNITS:
            break
        kept.append(sentence)
    return kept


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _key_terms(point: str) -> list[str]:
    terms: list[str] = []
    for token in text.tokenize(point):
        if token in lexicon.STOPWORDS_EN or token in lexicon.STOPWORDS_ZH or token.isdigit():
            continue
        if text.CJK_RE.match(token) and len(token) < 2 or not text.CJK_RE.match(token) and len(token) < 3:
            continue
        if token not in terms:
            terms.append(token)
    return terms


def _coverage(points: Sequence[str], sims: np.ndarray, sentences: Sequence[str], limits: Thresholds) -> Coverage:
    items = []
    for i, point in enumerate(points):
        j = int(np.argmax(sims[i]))
        similarity = float(sims[i, j])
        terms = _key_terms(point)
        # Key words count only inside the best sentence, so the quote shows them.
        sentence_stems = {_stem(t) for t in text.tokenize(sentences[j])}
        matched = tuple(t for t in terms if _stem(t) in sentence_stems)
        term_share = len(matched) / len(terms) if terms else 0.0
        if similarity >= limits.point_covered or (similarity >= limits.point_partial and term_share >= 0.5):
            status = "covered"
        elif similarity >= limits.point_partial:
            status = "partial"
        else:
            status = "missed"
        quote = status != "missed"
        items.append(PointCoverage(
            index=i, point=point, status=status, similarity=round(similarity, 3),
            sentence=sentences[j] if quote else None, sentence_index=j if quote else None, matched_terms=matched,
        ))
    covered = sum(p.status == "covered" for p in items)
    partial = sum(p.status == "partial" for p in items)
    return Coverage(
        points=tuple(items), covered=covered, partial=partial, missed=len(items) - covered - partial,
        ratio=round((covered + partial / 2) / len(items), 3),
    )


def _star(sentences: Sequence[str]) -> Star:
    elements = []
    scanned = list(enumerate(sentences[:MAX_STAR_SENTENCES]))
    for element in lexicon.STAR_ELEMENTS:
        chosen = None
        for strength in ("strong", "weak"):
            patterns = _STAR_RES[element].get(strength, [])
            hits = [(i, s, [m.group() for p in patterns for m in p.finditer(s)]) for i, s in scanned]
            hits = [h for h in hits if h[2]]
            if hits:
                # Most cues wins; ties go to the earliest sentence, or the latest for a result.
                key = (lambda h: (len(h[2]), h[0])) if element == "result" else (lambda h: (len(h[2]), -h[0]))
                i, sentence, cues = max(hits, key=key)
                chosen = StarElement(element, "found" if strength == "strong" else "weak", sentence, i, tuple(dict.fromkeys(cues)))
                break
        elements.append(chosen or StarElement(element, "missing", None, None, ()))
    found = sum(e.status == "found" for e in elements)
    weak = sum(e.status == "weak" for e in elements)
    return Star(elements=tuple(elements), found=found, weak=weak, complete=found == len(elements))


def _length(kind: str, stats: text.TextStats) -> LengthCheck:
    if stats.language == "en" or stats.cjk_chars == 0:
        unit, value = "words", stats.words
    else:
        unit, value = "chars", stats.cjk_chars + 2 * stats.latin_words
    low, high = LENGTH_LIMITS[(kind if kind in ("technical", "behavioural") else "technical", unit)]
    status = "too_short" if value < low else "too_long" if value > high else "adequate"
    return LengthCheck(unit=unit, value=value, minimum=low, maximum=high, status=status)


def _specificity(analysed: str, sentences: Sequence[str], skills: Sequence[str]) -> Specificity:
    numbers: dict[str, None] = {}
    for pattern in (text.NUMBER_RE, lexicon.NUMBER_WORDS_RE, lexicon.ZH_NUMBER_RE):
        for match in pattern.finditer(analysed):
            if match.group() not in lexicon.ZH_NUMBER_GENERIC:
                numbers[match.group().lower()] = None
    tools: dict[str, None] = {}
    for match in lexicon.TECH_TERMS_RE.finditer(analysed):
        tools[lexicon.canonical_term(match.group())] = None
    for match in lexicon.TECH_TERMS_EXACT_RE.finditer(analysed):
        tools[match.group()] = None
    lowered = analysed.lower()
    for skill in skills:
        if len(skill) > 2 and re.search(rf"(?<![a-z0-9]){re.escape(skill.lower())}(?![a-z0-9])", lowered):
            tools.setdefault(lexicon.canonical_term(skill), None)
    examples = list(dict.fromkeys(m.group().lower() for p in _EXAMPLE_RES for m in p.finditer(analysed)))
    quotes = [
        s for s in sentences
        if text.NUMBER_RE.search(s) or lexicon.ZH_NUMBER_RE.search(s) or lexicon.TECH_TERMS_RE.search(s)
    ][:3]
    return Specificity(numbers=tuple(numbers), tools=tuple(tools), examples=tuple(examples), quotes=tuple(quotes))


def _vocabulary(tokens: Sequence[str]) -> Vocabulary:
    words = [t for t in tokens if not text.NUMBER_RE.fullmatch(t)]
    total = len(words)
    unique = len(set(words))
    ttr = unique / total if total else 0.0
    if total <= MATTR_WINDOW:
        mattr = ttr
    else:
        # Sliding window with running counts: O(n).
        counts: dict[str, int] = {}
        for w in words[:MATTR_WINDOW]:
            counts[w] = counts.get(w, 0) + 1
        distinct = len(counts)
        acc = distinct
        for k in range(MATTR_WINDOW, total):
            out, new = words[k - MATTR_WINDOW], words[k]
            counts[out] -= 1
            if counts[out] == 0:
                distinct -= 1
            counts[new] = counts.get(new, 0) + 1
            if counts[new] == 1:
                distinct += 1
            acc += distinct
        mattr = acc / (total - MATTR_WINDOW + 1) / MATTR_WINDOW
    return Vocabulary(tokens=total, unique=unique, type_token_ratio=round(ttr, 3), mattr=round(mattr, 3), window=MATTR_WINDOW)


def _pronouns(analysed: str) -> Pronouns:
    i_count = len(lexicon.I_EN_RE.findall(analysed)) + len(lexicon.I_ZH_RE.findall(analysed))
    we_count = len(lexicon.WE_EN_RE.findall(analysed)) + len(lexicon.WE_ZH_RE.findall(analysed))
    if i_count + we_count == 0:
        return Pronouns(i_count=0, we_count=0, we_share=None, band="none")
    share = we_count / (i_count + we_count)
    band = "mostly_we" if share >= 0.6 else "mostly_i" if share <= 0.3 else "balanced"
    return Pronouns(i_count=i_count, we_count=we_count, we_share=round(share, 3), band=band)


def _structure(analysed: str, sentences: Sequence[str], language: str) -> Structure:
    lowered = analysed.lower()
    found: list[tuple[int, str]] = []
    total = 0
    for word in lexicon.CONNECTIVES_EN:
        hits = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", lowered)]
        if hits:
            found.append((hits[0], word))
            total += len(hits)
    for word in lexicon.CONNECTIVES_ZH:
        hits = [m.start() for m in re.finditer(re.escape(word), analysed)]
        if hits:
            found.append((hits[0], word))
            total += len(hits)
    sizes = [text.size_units(s) for s in sentences] or [0]
    return Structure(
        connectives=tuple(w for _, w in sorted(found)),
        connective_count=total,
        sentences=len(sentences),
        mean_sentence_words=round(float(np.mean(sizes)), 1),
        longest_sentence_words=int(max(sizes)),
    )
