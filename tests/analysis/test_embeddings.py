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
