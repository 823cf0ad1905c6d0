"""Scanned reports: page images (PNG, JPEG, TIFF) read with OCR.

Each frame of the file is a page. OCR makes it into characters and rulings (``ocr.page``), the page engine makes
the paragraphs and the table grids (``page.blocks_of``), and every value cell is read once more from its own crop
(``ocr.refine``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReadError
from .layout import Block, Layout
from .options import ReadOptions
from .page import blocks_of

if TYPE_CHECKING:
    import numpy as np

_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}


class ScanReader:
    kind = "scan"
    label = "图片扫描件"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def sniff(self, head: bytes, name: str) -> int | None:
        try:
            return 100 if any(head.startswith(magic) for magic in _MAGIC) else None
        except (TypeError, AttributeError):
            return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        from .ocr.page import ocr_page
        from .ocr.refine import refine

        images = _images(path, options)
        contents, pages = [], {}
        for number, image in enumerate(images, 1):
            options.tell(f"OCR 第{number}/{len(images)}页")
            content, pages[number] = ocr_page(image, number, options)
            contents.append(content)
        if not any(c.chars for c in contents):
            raise ReadError("图片中未识别出文字", path=path)
        return Layout(tuple(refine(blocks_of(contents, options.snap_tolerance), pages, options)), "scan", path.name)


def _images(path: Path, options: ReadOptions) -> list[np.ndarray]:
    """The pages of an image file as gray arrays (every frame of a TIFF); ReadError when it cannot be decoded."""
    import numpy as np
    from PIL import Image, ImageOps

    pages = []
    try:
        with Image.open(path) as image:
            for index in range(getattr(image, "n_frames", 1)):
                if index >= options.max_pages:
                    raise ReadError(f"图片有超过 {options.max_pages} 页，超过上限", path=path)
                image.seek(index)
                frame = ImageOps.exif_transpose(image) if index == 0 else image
                pages.append(np.asarray(frame.convert("L")))
    except ReadError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise ReadError("图片文件已损坏或格式不支持，无法打开", path=path) from None
    return pages


def read_page_image(image: np.ndarray, number: int, options: ReadOptions | None = None) -> list[Block]:
    """One page image (gray or BGR array) → its blocks, as the scan reader makes them."""
    from .ocr.page import ocr_page
    from .ocr.refine import refine

    options = options or ReadOptions()
    content, page = ocr_page(image, number, options)
    return refine(blocks_of([content], options.snap_tolerance), {number: page}, options)


READER = ScanReader()
