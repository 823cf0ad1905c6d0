"""Options of the read stage, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..errors import InputError

DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_PAGES = 120
DEFAULT_SNAP_TOLERANCE = 3.0
DEFAULT_SCAN_DPI = 150


@dataclass(frozen=True)
class ReadOptions:
    """Limits that keep a hostile file within bounded time and memory, and the PDF table settings.

    max_file_bytes: a larger file is refused.
    max_unpacked_bytes: a DOCX whose parts unpack to more is refused (zip bomb).
    max_pages: a PDF with more pages is refused; annual reports run to a few dozen pages.
    snap_tolerance: PDF ruling lines closer than this (points) are taken as one.
    scan_dpi: a PDF page without a text layer is rendered at this resolution for OCR.
    ocr_threads: threads the OCR engine may use (0: as many as it likes).
    progress: called with a line of progress during long work ("OCR 第3/12页"), when given.
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    snap_tolerance: float = DEFAULT_SNAP_TOLERANCE
    scan_dpi: int = DEFAULT_SCAN_DPI
    ocr_threads: int = 0
    progress: Callable[[str], None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        for name in ("max_file_bytes", "max_unpacked_bytes", "max_pages"):
            if getattr(self, name) <= 0:
                raise InputError(f"选项 {name} 必须是正整数")
        if not 0 < self.snap_tolerance < 50:
            raise InputError("选项 snap_tolerance 必须在 0 到 50 之间")
        if not 50 <= self.scan_dpi <= 600:
            raise InputError("选项 scan_dpi 必须在 50 到 600 之间")
        if not 0 <= self.ocr_threads <= 256:
            raise InputError("选项 ocr_threads 必须在 0 到 256 之间")

    def tell(self, line: str) -> None:
        """Pass a line of progress to ``progress``, when there is one."""
        if self.progress is not None:
            self.progress(line)
