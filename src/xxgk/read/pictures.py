"""Pictures inside a web page or a Word document (tables published as images) read with OCR, as scans are.

A reader finds the pictures of its document in order and hands each as a ``Picture`` (its bytes, where it stands
in the document, its printed width when the document gives one) among its other blocks; ``place`` reads the
pictures and puts their paragraphs and table grids where they stood. Pictures that follow one another with no text
between are read together as consecutive pages, so that a table cut in two over two pictures is joined as a
scanned table over two pages is.

Only pictures of at least ``MIN_AREA`` pixels, ``MIN_LONG_SIDE`` on their longer side and ``MIN_SHORT_SIDE`` on
the shorter are read (a wide table of two rows is a long, low picture): icons, logos and rules are left out
without being decoded. A picture of more than ``MAX_PIXELS`` is left out too (it would take gigabytes to decode),
and so is one that cannot be decoded. The OCR engine and the imaging libraries are imported only when a document
holds a picture worth reading.

Blocks read from a picture carry the picture's place in the document (``line`` for a web page, ``index`` for a
Word document) and their ``box`` inside the picture, in points.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace

from ..errors import ReadError
from .layout import Block, Paragraph, SourceRef
from .options import ReadOptions

log = logging.getLogger(__name__)

MIN_AREA, MIN_LONG_SIDE, MIN_SHORT_SIDE = 60_000, 300, 64
MAX_PIXELS = 40_000_000
# Resolutions an image may declare that are believable for a picture of a printed table.
_DPI_RANGE = (50, 1200)


@dataclass(frozen=True)
class Picture:
    """A picture found in a document: its encoded bytes, its place, its size in pixels and its printed width in
    points when the document states it."""

    data: bytes
    ref: SourceRef
    size: tuple[int, int]
    width: float | None = None


def probe(data: bytes, ref: SourceRef, width: float | None = None, name: str = "") -> Picture | None:
    """A Picture when ``data`` is an image worth reading (big enough, not too big), else None. Only the image's
    header is decoded."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return None
    if size[0] * size[1] < MIN_AREA or max(size) < MIN_LONG_SIDE or min(size) < MIN_SHORT_SIDE:
        return None
    if size[0] * size[1] > MAX_PIXELS:
        log.warning("%s: %s处的图片过大（%d×%d 像素），未识别", name, ref.describe(), *size)
        return None
    return Picture(data, ref, size, width if width and width > 0 else None)


def place(items: list, options: ReadOptions, name: str = "") -> list[Block]:
    """Blocks and Pictures in document order → blocks only, each run of Pictures replaced by what OCR read."""
    if not any(isinstance(item, Picture) for item in items):
        return items
    count = sum(isinstance(item, Picture) for item in items)
    if count > options.max_pages:
        raise ReadError(f"文档中有 {count} 张需要识别的图片，超过上限 {options.max_pages} 张", path=name)
    blocks: list[Block] = []
    run: list[Picture] = []
    done = 0
    for item in items + [None]:
        if isinstance(item, Picture):
            run.append(item)
            continue
        if run:
            blocks.extend(_read_run(run, done, count, options, name))
            done += len(run)
            run = []
        if item is not None:
            blocks.append(item)
    return blocks


def _read_run(run: list[Picture], done: int, count: int, options: ReadOptions, name: str) -> list[Block]:
    """Consecutive pictures → their blocks, read as consecutive scanned pages."""
    from .ocr.page import bounded, ocr_page
    from .ocr.refine import refine
    from .page import blocks_of

    contents, pages, places = [], {}, {}
    for number, picture in enumerate(run, 1):
        image, dpi = _decoded(picture)
        if image is None:
            continue
        options.tell(f"OCR 第{done + number}/{count}张图片")
        page = bounded(image)
        printed = picture.width or (image.shape[1] * 72.0 / dpi if dpi else None)
        content, pages[number] = ocr_page(page, number, options, printed / page.shape[1] if printed else None)
        contents.append(content)
        places[number] = picture.ref
    if not any(c.chars for c in contents):
        return []
    blocks = refine(blocks_of(contents, options.snap_tolerance), pages, options)
    return _relocated(blocks, places)


def _decoded(picture: Picture):
    """A picture → (gray array, the resolution it declares or None); (None, None) when it cannot be decoded."""
    import numpy as np
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(picture.data)) as image:
            if image.size[0] * image.size[1] > MAX_PIXELS:
                return None, None
            dpi = image.info.get("dpi")
            frame = ImageOps.exif_transpose(image)
            if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
                # transparent parts are paper, not ink
                frame = frame.convert("RGBA")
                paper = Image.new("RGBA", frame.size, (255, 255, 255, 255))
                frame = Image.alpha_composite(paper, frame)
            gray = np.asarray(frame.convert("L"))
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        log.warning("%s处的图片已损坏或格式不支持，未识别", picture.ref.describe())
        return None, None
    try:
        resolution = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        resolution = None
    if resolution is not None and not _DPI_RANGE[0] <= resolution <= _DPI_RANGE[1]:
        resolution = None
    return gray, resolution


def _relocated(blocks: list[Block], places: dict[int, SourceRef]) -> list[Block]:
    """Blocks of OCR'd pictures with their refs moved from the picture's page to the picture's place in the
    document (the box inside the picture kept); a merged cell stays one object."""
    def moved(ref: SourceRef) -> SourceRef:
        where = places.get(ref.page)
        if where is None:
            where = next(iter(places.values()))
        return replace(where, box=ref.box)

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Paragraph(block.text, moved(block.ref)))
            continue
        out.append(block.with_cells(lambda cell: replace(cell, ref=moved(cell.ref)), moved(block.ref)))
    return out
