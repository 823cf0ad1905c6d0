"""PDF reports, read with PDFium: each page's characters and ruling lines (``pdfium``), made into paragraphs and
table grids by the page engine (``page.blocks_of``).

A page without a text layer (a scan) is rendered and read with OCR (``ocr.page``), page by page, so a PDF that mixes
typed and scanned pages gets each read its own way; the table cells of such pages are read again (``ocr.refine``).
PDFium itself is loaded only when a PDF is read.
"""

from __future__ import annotations

from pathlib import Path

from .files import file_bytes
from .layout import Layout
from .options import ReadOptions
from .page import blocks_of

_MAGIC = b"%PDF-"
_MAGIC_WITHIN = 1024


class PdfReader:
    kind = "pdf"
    label = "PDF"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, name: str) -> int | None:
        try:
            return 100 if _MAGIC in head[:_MAGIC_WITHIN] else None
        except TypeError:
            return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        data = file_bytes(path)
        from .pdfium import document_pages

        contents, scanned = document_pages(data, path, options)
        blocks = blocks_of(contents, options.snap_tolerance)
        if scanned:
            from .ocr.refine import refine

            blocks = refine(blocks, scanned, options)
        return Layout(tuple(blocks), "pdf", path.name)


READER = PdfReader()
