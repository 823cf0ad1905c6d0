"""The files an ingest is given: plain files, folders walked in order, and the members of zip archives."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..files import LABEL_SUFFIX, walk

MAX_MEMBER = 200 * 1024 * 1024  # a member larger than this, unpacked, is refused rather than read into memory


@dataclass(frozen=True)
class Item:
    """One file to ingest: a path, or a member of the zip archive at ``path``."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        return Path(self.member or self.path).name

    def __str__(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path

    def read_bytes(self) -> bytes:
        if self.member is None:
            return Path(self.path).read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            info = archive.getinfo(self.member)
            if info.file_size > MAX_MEMBER:
                raise InputError(f"{self}：解压后超过 {MAX_MEMBER // 1024 // 1024} MB，未读取")
            return archive.read(info)


def expand(paths) -> list[Item]:
    """Every file under the given paths, in a stable order; a zip archive counts as the files inside it."""
    missing = [raw for raw in paths if not Path(raw).exists()]
    if missing:
        raise InputError(f"找不到文件或文件夹：{missing[0]}")
    items: list[Item] = []
    for file in walk(paths):
        items.extend(_archive_members(file) if zipfile.is_zipfile(file) and not _is_office(file) else
                     [Item(str(file))])
    return items


def _is_office(path: Path) -> bool:
    """DOCX and XLSX files are zip archives too; they are documents, not folders."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _archive_members(path: Path) -> list[Item]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(i.filename for i in archive.infolist() if not i.is_dir())
    return [Item(str(path), n) for n in names
            if not Path(n).name.startswith(".") and not n.endswith(LABEL_SUFFIX) and "__MACOSX" not in n]
