import time

from webapp.analysis.text import detect_language, split_sentences, text_stats, tokenize


def test_detects_english_chinese_and_mixed(answer_en, answer_zh):
    assert detect_language(answer_en) == "en"
    assert detect_language(answer_zh) == "zh"
    assert detect_language("我们用 Redis 做缓存") == "zh"  # tech names inside Chinese stay Chinese
    assert detect_language("We migrated to PostgreSQL. 然后我们优化了查询，速度快了很多。") == "mixed"
    assert detect_language("   ") == "unknown"
    assert detect_language("42 %") == "unknown"


def test_splits_english_and_chinese_sentences():
    got = [s.text for s in split_sentences("We used Node.js, e.g. for 3.5x speed. Then I left! 好的。延迟降低了50%？Yes")]
    assert got == ["We used Node.js, e.g. for 3.5x speed.", "Then I left!", "好的。", "延迟降低了50%？", "Yes"]


def test_sentence_offsets_point_into_the_text():
    value = "First line.\n  Second one?  第三句。"
    for sentence in split_sentences(value):
        assert value[sentence.start : sentence.end] == sentence.text


def test_run_on_text_is_cut_into_bounded_pieces():
    pieces = split_sentences("word " * 1000)
    assert len(pieces) > 5
    assert all(len(p.text.split()) <= 120 for p in pieces)


def test_tokenises_chinese_with_jieba_and_keeps_tech_names():
    tokens = tokenize("我们用Redis和PostgreSQL做缓存，延迟降低了50%。We use C++ and Node.js.")
    assert "我们" in tokens and "缓存" in tokens
    assert {"redis", "postgresql", "50%", "c++", "node.js"} <= set(tokens)


def test_counts(answer_en, answer_zh):
    en = text_stats(answer_en)
    assert en.words == 60 and en.sentences == 3 and en.cjk_chars == 0
    zh = text_stats(answer_zh)
    assert zh.cjk_chars == 62 and zh.sentences == 2 and zh.words > 30


def test_long_input_is_fast():
    started = time.perf_counter()
    split_sentences("I built a service with Python and we measured latency. " * 2000)
    tokenize("I built a service with Python and we measured latency. " * 2000)
    assert time.perf_counter() - started < 3
