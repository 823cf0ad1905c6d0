"""The readers, one per document kind, and the choice among them by score.

A reader is any object with:

- ``kind``: a short name ("text", "html", "docx", "xlsx", "pdf");
- ``label``: the kind as people call it, for messages ("文本", "DOC/WPS");
- ``suffixes``: the file name endings it usually has (a hint only);
- ``sniff(head: bytes, name: str) -> int | None``: how sure it is that the file is its kind, from the first bytes
  (None: not mine). Must not raise.
- ``read(path, options) -> Layout``: may raise only ``ReadError``.
"""

from __future__ import annotations

import dataclasses
import importlib
import stat
import sys
import tempfile
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


DEFAULT_READERS = ("xxgk.read.text", "xxgk.read.html", "xxgk.read.docx", "xxgk.read.sheet", "xxgk.read.pdf",
                   "xxgk.read.legacy", "xxgk.read.scan")

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


def reader_of(kind: str) -> Reader:
    """The registered reader of a kind ("docx", "xlsx"): a reader that reads files converted to that kind."""
    for reader in readers():
        if reader.kind == kind:
            return reader
    raise LookupError(f"no reader of kind {kind!r}")


def choose(head: bytes, name: str) -> Reader:
    """The reader with the highest score for these first bytes; ReadError when none claims them."""
    scored = [(score, r) for r in readers() if (score := r.sniff(head, name)) is not None]
    if not scored:
        kinds = "、".join(getattr(r, "label", r.kind) for r in readers())
        raise ReadError(f"无法识别的文件类型（支持 {kinds}）", path=name)
    return max(scored, key=lambda pair: pair[0])[1]


def read(path: str | Path, options: ReadOptions | None = None) -> Layout:
    """Read any supported document into a Layout; the kind comes from the content, the suffix is a hint.

    ``-`` reads standard input; a pipe or a device (``/dev/stdin``, a process substitution) is read to its end
    into a temporary file first, since some readers open the file more than once."""
    options = options or ReadOptions()
    path = Path(path)
    if str(path) == "-" or _is_stream(path):
        return _read_stream(path, options)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except IsADirectoryError:
        raise ReadError("是目录，不是文件", path=path) from None
    except FileNotFoundError:
        raise ReadError("文件不存在", path=path) from None
    except OSError as e:
        raise ReadError(f"无法打开（{e.strerror}）", path=path) from None
    if size == 0 or not head.strip():
        raise ReadError("文件是空的", path=path)
    if size > options.max_file_bytes:
        raise ReadError(f"文件过大（{size // 1048576} MB，上限 {options.max_file_bytes // 1048576} MB）", path=path)
    return choose(head, path.name).read(path, options)


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _read_stream(path: Path, options: ReadOptions) -> Layout:
    """A stream → its Layout, read from a temporary copy; the Layout keeps the stream's name."""
    name = "stdin" if str(path) == "-" else path.name
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(options.max_file_bytes + 1)
        else:
            with path.open("rb") as f:
                data = f.read(options.max_file_bytes + 1)
    except OSError as e:
        raise ReadError(f"无法读取（{e.strerror}）", path=name) from None
    if len(data) > options.max_file_bytes:
        raise ReadError(f"输入过大（超过上限 {options.max_file_bytes // 1048576} MB）", path=name)
    if not data.strip():
        raise ReadError("输入是空的", path=name)
    with tempfile.TemporaryDirectory(prefix="xxgk-stream-") as folder:
        copy = Path(folder) / name
        copy.write_bytes(data)
        try:
            layout = read(copy, options)
        except ReadError as e:
            raise (e if e.path is None else e.at(name)) from None
    return dataclasses.replace(layout, name=name)
