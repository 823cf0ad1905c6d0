"""Scans made from documents: PDF pages rasterised, optionally degraded the way a cheap scanner degrades them, and
saved as images or as an image-only PDF. Used by the scan tests and by ``bench/ocr.py``."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
from PIL import Image


@dataclass(frozen=True)
class Damage:
    """How a page is spoiled: gaussian noise (standard deviation, gray levels), blur (kernel side, pixels, odd) and
    a turn (degrees, counter-clockwise)."""

    noise: float = 0.0
    blur: int = 0
    skew: float = 0.0


CLEAN = Damage()
POOR = Damage(noise=12.0, blur=3, skew=1.5)


def pages(pdf: bytes | Path, dpi: int, damage: Damage = CLEAN, seed: int = 0, only=None) -> list[np.ndarray]:
    """The pages of a PDF as gray images at ``dpi``, each spoiled by ``damage``; ``only``: 0-based page indexes."""
    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    rng = np.random.default_rng(seed)
    images = []
    try:
        for index in range(len(document)):
            if only is not None and index not in only:
                continue
            page = document[index]
            images.append(spoil(page.render(scale=dpi / 72, grayscale=True).to_numpy(), damage, rng))
            page.close()
    finally:
        document.close()
    return images


def spoil(image: np.ndarray, damage: Damage, rng: np.random.Generator) -> np.ndarray:
    out = image.astype(np.float32)
    if damage.skew:
        height, width = out.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), damage.skew, 1.0)
        out = cv2.warpAffine(out, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    if damage.blur:
        out = cv2.GaussianBlur(out, (damage.blur, damage.blur), 0)
    if damage.noise:
        out = out + rng.normal(0, damage.noise, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def save_images(images: list[np.ndarray], path: Path, dpi: int) -> Path:
    """Pages as one image file: every page a frame of a TIFF or a PDF, or the first page only (PNG, JPEG)."""
    frames = [Image.fromarray(image) for image in images]
    if path.suffix.lower() in (".tif", ".tiff", ".pdf"):
        frames[0].save(path, save_all=True, append_images=frames[1:], resolution=dpi)
    else:
        frames[0].save(path, dpi=(dpi, dpi), **({"quality": 92} if path.suffix.lower() in (".jpg", ".jpeg") else {}))
    return path


def image_pdf(images: list[np.ndarray], dpi: int) -> bytes:
    """Pages as an image-only PDF (no text layer), each page sized as printed at ``dpi``."""
    buffer = io.BytesIO()
    frames = [Image.fromarray(image) for image in images]
    frames[0].save(buffer, "PDF", save_all=True, append_images=frames[1:], resolution=dpi)
    return buffer.getvalue()
