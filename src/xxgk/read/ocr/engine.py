"""The OCR engine: text boxes found on a page image, and the text of cropped pieces with a confidence per reading.

The engine is RapidOCR with its bundled PP-OCR models and their default settings (any other model setting makes it
download a model, which fails offline). It is loaded once per process, on the first scan read, so that readers of
text documents never pay for it.

A reading's ``confidence`` is the lowest probability the recogniser gave any character it kept (and any place where
it nearly saw one more), not the mean: one doubtful digit makes the whole number doubtful. ``alternatives`` are the
other texts the recogniser found likely at its least certain places.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...errors import ReadError

# Detection runs on a copy of the page no wider than this (pixels): as exact on report pages, and four times
# faster than on a page at 150 dpi.
DETECT_WIDTH = 704
# A crop is read at its own width. The recogniser was made for lines at least this wide (width / height): a short
# crop (a lone digit, a label such as "（七）总计") given less room is mostly read right, but with less confidence,
# and a blurred short label is often misread.
STANDARD_RATIO = 320 / 48
# No crop is read narrower than this: narrower still, even clear digits lose much of their confidence.
SHORTEST_RATIO = 1.5
# A short crop read with less confidence than this is read again at the standard width.
_SURE = 0.95
# A character the recogniser gave a second choice at least this probable has that choice as an alternative.
_ALTERNATIVE = 0.02
# Where the recogniser saw nothing, a character this probable means it may have missed one there.
_MISSED = 0.15
_MAX_ALTERNATIVES = 3
_LOCK = threading.Lock()
# A piece read as marks only (a black blot read as "■") is no text.
_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]")


@dataclass(frozen=True)
class Reading:
    """The text of one crop, how sure the recogniser was of it (0–1), and other likely texts."""

    text: str
    confidence: float
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Word:
    """A piece of text found on a page: its box (x0, top, x1, bottom) in pixels and its reading."""

    box: tuple[int, int, int, int]
    reading: Reading


def default_threads() -> int:
    """``XXGK_OCR_THREADS``: the threads a process's OCR uses when its options do not say (0 or unset: as many as
    the engine likes, all the cores). A process that is one of several reading side by side (a worker, one of
    ``ingest -p``) is given 1, so that N processes use N cores rather than each all of them."""
    value = os.environ.get("XXGK_OCR_THREADS", "").strip() or "0"
    if not value.isdigit() or int(value) > 256:
        raise ReadError(f"XXGK_OCR_THREADS 应为 0 到 256 的整数，而不是“{value}”")
    return int(value)


@lru_cache(maxsize=2)
def _engine(threads: int):
    threads = threads or default_threads()
    try:
        from rapidocr import RapidOCR
    except ImportError:
        raise ReadError("读取扫描件需要 OCR 组件 rapidocr 与 onnxruntime，当前环境未安装") from None
    params = {"Global.log_level": "warning"}
    if threads > 0:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    engine = RapidOCR(params=params)
    return engine, engine._load_rec_model()


def detect(image: np.ndarray, threads: int = 0) -> list[tuple[int, int, int, int]]:
    """A page image (BGR) → the boxes (x0, top, x1, bottom, pixels) of its pieces of text, top to bottom."""
    import cv2

    engine, _ = _engine(threads)
    height, width = image.shape[:2]
    scale = min(1.0, DETECT_WIDTH / width)
    small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1 else image
    with _LOCK:
        found = engine(small, use_det=True, use_cls=False, use_rec=False)
    if found.boxes is None:
        return []
    boxes = []
    for quad in found.boxes:
        x0, top = np.floor(quad.min(axis=0) / scale).astype(int)
        x1, bottom = np.ceil(quad.max(axis=0) / scale).astype(int)
        boxes.append((max(0, int(x0)), max(0, int(top)), min(width, int(x1)), min(height, int(bottom))))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def recognise(crops: list[np.ndarray], threads: int = 0) -> list[Reading]:
    """Cropped pieces of text (BGR) → their readings, in the same order.

    Each crop is read alone at its own width (no narrower than ``SHORTEST_RATIO``): the recogniser's time grows
    with the width it is given, so a batch padded to its widest crop only costs more, and one crop's reading never
    depends on its neighbours. A short crop read with doubt is read again padded to the standard width, and the
    more confident reading is kept."""
    readings = [_recognise(piece, max(SHORTEST_RATIO, _ratio(piece)), threads) for piece in crops]
    for i, piece in enumerate(crops):
        if readings[i].confidence < _SURE and _ratio(piece) < STANDARD_RATIO:
            readings[i] = _surer(readings[i], _recognise(piece, STANDARD_RATIO, threads))
    return readings


def _surer(one: Reading, other: Reading) -> Reading:
    """The more confident of two readings of one crop; where they differ, the other text is an alternative."""
    best, second = (one, other) if one.confidence >= other.confidence else (other, one)
    if second.text == best.text:
        return best
    alternatives = tuple(dict.fromkeys((second.text, *best.alternatives)))[:_MAX_ALTERNATIVES]
    return Reading(best.text, best.confidence, alternatives)


def _recognise(piece: np.ndarray, ratio: float, threads: int) -> Reading:
    _, recogniser = _engine(threads)
    tensor = recogniser.resize_norm_img(piece, ratio)[np.newaxis].astype(np.float32)
    with _LOCK:
        steps = recogniser.session(tensor)[0]
    return _decode(steps, recogniser.postprocess_op.character)


def read_words(image: np.ndarray, threads: int = 0) -> list[Word]:
    """A page image (BGR) → every piece of text on it with its reading; pieces read as nothing are left out."""
    boxes = detect(image, threads)
    readings = recognise([crop(image, box, pad=2) for box in boxes], threads)
    return [Word(box, r) for box, r in zip(boxes, readings) if _WORDLIKE.search(r.text)]


def _ratio(piece: np.ndarray) -> float:
    return piece.shape[1] / max(1, piece.shape[0])


def crop(image: np.ndarray, box: tuple[int, int, int, int], pad: int = 0) -> np.ndarray:
    height, width = image.shape[:2]
    x0, top, x1, bottom = box
    return image[max(0, top - pad): min(height, bottom + pad), max(0, x0 - pad): min(width, x1 + pad)]


def _decode(steps: np.ndarray, characters: list[str]) -> Reading:
    """The recogniser's probabilities per step (CTC, class 0 = nothing) → text, confidence and alternatives."""
    best = steps.argmax(axis=1)
    kept: list[tuple[int, int]] = []  # (step, class) of each character kept
    doubt = 1.0
    previous = 0
    for step, cls in enumerate(best):
        if cls != 0 and cls != previous:
            kept.append((step, int(cls)))
        elif cls == 0:
            doubt = min(doubt, 1.0 - _missed(steps[step], previous, _next(best, step)))
        previous = cls
    text = "".join(characters[c] for _, c in kept)
    sure = [float(steps[s, c]) for s, c in kept]
    confidence = min([doubt] + sure)
    return Reading(text, round(confidence, 4), _alternatives(steps, kept, characters, text))


def _next(best: np.ndarray, step: int) -> int:
    later = best[step + 1:]
    nonzero = later[later != 0]
    return int(nonzero[0]) if len(nonzero) else 0


def _missed(probabilities: np.ndarray, before: int, after: int) -> float:
    """How probable it is that a step the recogniser read as nothing holds a character of its own."""
    other = probabilities.copy()
    other[[0, before, after]] = 0.0
    value = float(other.max())
    return value if value >= _MISSED else 0.0


def _alternatives(steps: np.ndarray, kept: list[tuple[int, int]], characters: list[str], text: str
                  ) -> tuple[str, ...]:
    """Other texts with one character changed to the recogniser's second choice, most probable first."""
    options = []
    for position, (step, cls) in enumerate(kept):
        probabilities = steps[step].copy()
        probabilities[cls] = 0.0
        second = int(probabilities.argmax())
        if probabilities[second] < _ALTERNATIVE:
            continue
        replaced = "" if second == 0 else characters[second]
        options.append((float(probabilities[second]), text[:position] + replaced + text[position + 1:]))
    seen = []
    for _, option in sorted(options, reverse=True):
        if option != text and option not in seen:
            seen.append(option)
    return tuple(seen[:_MAX_ALTERNATIVES])
