"""The files an ingest is given: plain files, folders walked in order, and the members of zip archives — zips
inside zips too, with member names in UTF-8 or, as Chinese archivers write them, in GBK."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..files import LABEL_SUFFIX, walk

MAX_MEMBER = 200 * 1024 * 1024  # a member larger than this, unpacked, is refused rather than read into memory
MAX_DEPTH = 3  # zips inside zips are opened this deep


@dataclass(frozen=True)
class Item:
    """One file to ingest: a path, or a member of the zip archive at ``path`` (``members``: the member's name in
    each archive from the outermost in, as stored in the archive), or a file kept in the store of originals
    (``sha256``; ``shown``: the name it was sent under)."""

    path: str
    members: tuple[str, ...] = ()
    shown: str = ""  # the name to tell the file by, when it is not read from ``path``
    sha256: str = ""  # the hash of a stored original: read from the store, wherever it lies

    @classmethod
    def stored(cls, digest: str, shown: str) -> "Item":
        return cls("", shown=shown, sha256=digest)

    @property
    def copied(self) -> bool:
        """Whether the file is not at ``path`` itself (a member of an archive, a stored original), so that a
        reader must be given a copy."""
        return bool(self.members or self.sha256)

    @property
    def name(self) -> str:
        return Path(member_name(self.members[-1]) if self.members else self.shown or self.path).name

    def __str__(self) -> str:
        return "!".join([self.shown or self.path, *(member_name(m) for m in self.members)])

    def read_bytes(self) -> bytes:
        if self.sha256:
            from . import store

            return store.read(self.sha256)
        if not self.members:
            return Path(self.path).read_bytes()
        data = None
        for member in self.members:
            with zipfile.ZipFile(self.path if data is None else io.BytesIO(data)) as archive:
                info = archive.getinfo(member)
                if info.file_size > MAX_MEMBER:
                    raise InputError(f"{self}：解压后超过 {MAX_MEMBER // 1024 // 1024} MB，未读取")
                data = archive.read(info)
        return data


def member_name(stored: str) -> str:
    """A member's name as its archiver meant it: names without the UTF-8 flag are bytes of the archiver's code
    page, which zipfile reads as cp437; where those bytes are GBK (as Chinese Windows writes), their GBK reading."""
    try:
        raw = stored.encode("cp437")
    except UnicodeEncodeError:
        return stored  # flagged UTF-8, decoded already
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return stored


def expand(paths) -> list[Item]:
    """Every file under the given paths, in a stable order; a zip archive counts as the files inside it."""
    missing = [raw for raw in paths if not Path(raw).exists()]
    if missing:
        raise InputError(f"找不到文件或文件夹：{missing[0]}")
    return [item for file in walk(paths) for item in items_of(file)]


def items_of(file, shown: str = "") -> list[Item]:
    """The file as items to ingest: itself, or the files inside it when it is a zip archive; ``shown``: the name
    it was sent under (an upload kept under a temporary name)."""
    with open(file, "rb") as f:
        if zipfile.is_zipfile(f) and not _is_office(file):
            return _archive_members(Item(str(file), shown=shown))
    return [Item(str(file), shown=shown)]


def _is_office(source) -> bool:
    """DOCX and XLSX files are zip archives too; they are documents, not folders."""
    try:
        with zipfile.ZipFile(source) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _archive_members(archive_item: Item) -> list[Item]:
    """The files inside an archive, and inside the archives it holds, in name order."""
    source = archive_item.path if not archive_item.members else io.BytesIO(archive_item.read_bytes())
    with zipfile.ZipFile(source) as archive:
        infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: member_name(i.filename))
    found: list[Item] = []
    for info in infos:
        shown = member_name(info.filename)
        if Path(shown).name.startswith(".") or shown.endswith(LABEL_SUFFIX) or "__MACOSX" in shown:
            continue
        item = Item(archive_item.path, archive_item.members + (info.filename,), archive_item.shown)
        if shown.lower().endswith(".zip") and len(item.members) < MAX_DEPTH:
            data = io.BytesIO(item.read_bytes())
            if zipfile.is_zipfile(data) and not _is_office(data):
                found.extend(_archive_members(item))
                continue
        found.append(item)
    return found
