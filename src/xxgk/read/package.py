"""Zip packages (Word's .docx, Excel's .xlsx): the checks made before one is unpacked.

A package is refused when its directory declares the sizes of a zip bomb, and a part of it that declares a DTD or
entities is refused by the reader that finds it (``DTD_MARKS``). ``BROKEN_ZIP`` is every error a damaged package
raises while it is opened or read.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..errors import ReadError
from .options import ReadOptions

MAX_MEMBERS = 5000  # a report's package has a few dozen parts
BOMB_RATIO = 100  # a part this many times larger unpacked than packed…
BOMB_MIN_BYTES = 10 * 1024 * 1024  # …and larger than this unpacked is a bomb
DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))
BROKEN_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
              NotImplementedError, RuntimeError, KeyError)


def check_sizes(path: Path, members: list[zipfile.ZipInfo], options: ReadOptions) -> None:
    """Raise ReadError when the zip's declared sizes are those of a zip bomb."""
    if len(members) > MAX_MEMBERS:
        raise ReadError(f"压缩包内文件过多（{len(members)} 个），不像报告文档", path=path.name)
    total = sum(m.file_size for m in members)
    if total > options.max_unpacked_bytes:
        raise ReadError(f"解压后过大（{total // 1048576} MB，"
                        f"上限 {options.max_unpacked_bytes // 1048576} MB），疑似压缩炸弹", path=path.name)
    for m in members:
        ratio = m.file_size // max(m.compress_size, 1)
        if m.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
            raise ReadError(f"压缩包内 {m.filename} 压缩比异常（{ratio}:1），疑似压缩炸弹", path=path.name)


def xml_parts(path: Path, options: ReadOptions, main_part: str, called: str) -> dict[str, bytes]:
    """The XML parts (and relationships) of a package, by name, once it is known to be safe: ReadError for a
    damaged zip, a zip bomb, a package without ``main_part``, or a part that declares a DTD or entities.
    ``called`` names the kind of document in the messages ("Word 文档", "电子表格")."""
    spaced = f" {called}" if called[:1].isascii() else called  # a space between Chinese and a Latin word
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            check_sizes(path, members, options)
            if main_part not in {m.filename for m in members}:
                raise ReadError(f"不是{spaced}（压缩包中没有 {main_part}）", path=path.name)
            parts = {m.filename: package.read(m) for m in members if m.filename.endswith((".xml", ".rels"))}
    except BROKEN_ZIP:
        raise ReadError(f"文件已损坏或不完整，无法作为{spaced}打开", path=path.name) from None
    if any(mark in data for data in parts.values() for mark in DTD_MARKS):
        raise ReadError(f"{called}中含有 DTD 或实体声明，出于安全考虑拒绝读取", path=path.name)
    return parts
