import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from webapp.analysis import embeddings
from webapp.analysis.weights import WeightFile, WeightsError, sha256_of, verified_path


def test_shipped_tokenizer_matches_its_checksum():
    assert sha256_of(embeddings.MINILM_TOKENIZER.path()) == embeddings.MINILM_TOKENIZER.sha256


def test_tampered_checksum_is_refused():
    wrong = WeightFile(embeddings.MINILM_TOKENIZER.package, embeddings.MINILM_TOKENIZER.relpath, "0" * 64)
    with pytest.raises(WeightsError):
        verified_path(wrong)


def test_minilm_matches_the_reference_model():
    model = embeddings.get_embedder("minilm")
    v = model.embed(["A man is eating food.", "A man is eating a piece of bread.", "The new movie is awesome."])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    sims = v @ v.T
    assert 0.72 < sims[0, 1] < 0.78  # sentence-transformers reports 0.75 for this pair
    assert sims[0, 2] < 0.1


def test_e5_is_multilingual():
    model = embeddings.get_embedder("e5")
    v = model.embed(["如何优化数据库查询性能", "How to make database queries faster", "我喜欢吃面包"])
    assert v[0] @ v[1] > v[2] @ v[1]


def test_embeddings_are_deterministic_and_cached_copies_are_equal():
    model = embeddings.get_embedder("minilm")
    a = model.embed(["Use EXPLAIN ANALYZE"], cache=True)
    b = model.embed(["Use EXPLAIN ANALYZE"], cache=True)
    c = model.embed(["Use EXPLAIN ANALYZE"])
    assert np.array_equal(a, b) and np.allclose(a, c, atol=1e-6)
    assert model.embed([]).shape == (0, 384)


def test_one_model_per_process():
    assert embeddings.get_embedder("e5") is embeddings.get_embedder("e5")


def _embed_in_child(queue) -> None:
    model = embeddings.get_embedder("e5")
    vector = model.embed(["子进程里的句子"])[0]
    queue.put((os.getpid(), float(np.linalg.norm(vector))))


def test_forked_worker_loads_its_own_model_and_does_not_hang():
    """Celery prefork: a child forked after the parent used the models must still work."""
    embeddings.get_embedder("e5").embed(["父进程先用过模型"])
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_embed_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("embedding in a forked child hung")
    pid, norm = queue.get(timeout=5)
    assert child.exitcode == 0 and pid != os.getpid() and abs(norm - 1) < 1e-4


def test_threads_can_share_the_models():
    from webapp.analysis.content import analyse_content
    from webapp.analysis.question_bank import QuestionSpec

    question = QuestionSpec(text="How do you make a web page load fast?", text_zh="你如何让一个网页加载得更快？")
    answers = ["I measure with Lighthouse and split the bundle.", "我用 Lighthouse 测量，并拆分代码包。"] * 3
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda a: analyse_content(question, a), answers))
    assert results[0] == results[2] == results[4] and results[1] == results[3] == results[5]
