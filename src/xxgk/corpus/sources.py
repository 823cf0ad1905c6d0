"""The files an ingest is given: plain files, folders walked in order, and the members of zip archives."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_MEMBER = 200 * 1024 * 1024  # a member larger than this, unpacked, is refused rather than read into memory
SKIP_NAMES = (".expected.json",)  # labels of the test corpus beside their reports, not reports


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
    items: list[Item] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            files = [path]
        else:
            raise InputError(f"找不到文件或文件夹：{raw}")
        for file in files:
            if file.name.endswith(SKIP_NAMES):
                continue
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
            if not Path(n).name.startswith(".") and not n.endswith(SKIP_NAMES) and "__MACOSX" not in n]
