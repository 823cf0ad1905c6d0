"""The readers, one per document kind, and the choice among them by score.

A reader is any object with:

- ``kind``: a short name ("text", "html", "docx", "pdf");
- ``label``: the kind as people call it, for messages ("文本", "DOC/WPS");
- ``suffixes``: the file name endings it usually has (a hint only);
- ``sniff(head: bytes, name: str) -> int | None``: how sure it is that the file is its kind, from the first bytes
  (None: not mine). Must not raise.
- ``read(path, options) -> Layout``: may raise only ``ReadError``.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import Protocol

from ..errors import ReadError
from .layout import Layout
from .options import ReadOptions

HEAD_BYTES = 8192


class Reader(Protocol):
    kind: str
    label: str
    suffixes: tuple[str, ...]

    def sniff(self, head: bytes, name: str) -> int | None: ...

    def read(self, path: Path, options: ReadOptions) -> Layout: ...


DEFAULT_READERS = ("xxgk.read.text", "xxgk.read.html", "xxgk.read.docx", "xxgk.read.pdf", "xxgk.read.legacy",
                   "xxgk.read.scan")

_readers: list[Reader] = []
_lock = threading.RLock()


def register(reader: Reader) -> None:
    """Add a reader; a later one with the same kind replaces the earlier."""
    with _lock:
        _readers[:] = [r for r in _readers if r.kind != reader.kind] + [reader]


def register_defaults() -> None:
    with _lock:
        for module in DEFAULT_READERS:
            register(importlib.import_module(module).READER)


def readers() -> list[Reader]:
    """The registered readers; the built-in ones are registered on first use (once, whatever the threads)."""
    with _lock:
        if not _readers:
            register_defaults()
        return list(_readers)


def choose(head: bytes, name: str) -> Reader:
    """The reader with the highest score for these first bytes; ReadError when none claims them."""
    scored = [(score, r) for r in readers() if (score := r.sniff(head, name)) is not None]
    if not scored:
        kinds = "、".join(getattr(r, "label", r.kind) for r in readers())
        raise ReadError(f"{name}: 无法识别的文件类型（支持 {kinds}）")
    return max(scored, key=lambda pair: pair[0])[1]


def read(path: str | Path, options: ReadOptions | None = None) -> Layout:
    """Read any supported document into a Layout; the kind comes from the content, the suffix is a hint."""
    options = options or ReadOptions()
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except IsADirectoryError:
        raise ReadError(f"{path}: 是目录，不是文件") from None
    except FileNotFoundError:
        raise ReadError(f"{path}: 文件不存在") from None
    except OSError as e:
        raise ReadError(f"{path}: 无法打开（{e.strerror}）") from None
    if size == 0 or not head.strip():
        raise ReadError(f"{path}: 文件是空的")
    if size > options.max_file_bytes:
        raise ReadError(f"{path}: 文件过大（{size // 1048576} MB，上限 {options.max_file_bytes // 1048576} MB）")
    return choose(head, path.name).read(path, options)
