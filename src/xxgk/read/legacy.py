"""Legacy word-processor files (.doc of Word 97–2003, .wps of WPS 文字, RTF saved as .doc), read through LibreOffice.

The file is converted to DOCX by ``soffice --headless --convert-to docx`` and the result is read by the DOCX
reader, so the Layout's blocks are exactly the DOCX reader's; its ``kind`` is "legacy" and its ``name`` the
original file's. Each block's SourceRef ``index`` counts the paragraphs and tables of the converted body, which
are those of the original document in the same order.

Word and WPS 文字 files are OLE2 compound files; the directory of the compound file is looked at before
converting, so that a spreadsheet (.et, .xls), a presentation (.dps, .ppt) or a password-protected document is
refused with its own message, and without LibreOffice. A compound file whose directory cannot be read is still
handed to LibreOffice, which reads many slightly damaged files. Kingsoft's own pre-2005 .wps format is not OLE2
and LibreOffice has no filter for it (it would import the bytes as plain text): a binary file named .wps that is
not OLE2 is claimed only to be refused with a hint to save it as .docx.

Every conversion runs in a temporary directory of its own (LibreOffice's profile and temporary files included,
so that parallel conversions never meet) which is removed afterwards, also after a failure or a timeout.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import ReadError
from .docx import READER as DOCX_READER
from .encoding import looks_binary
from .layout import Layout
from .options import ReadOptions

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
CONVERT_TIMEOUT = 120.0  # seconds for one LibreOffice run; a report converts in one or two
KILL_WAIT = 5.0  # seconds to wait for a killed LibreOffice to be gone before its directory is removed
INSTALL_HINT = "需要安装 LibreOffice（Debian: apt-get install libreoffice-writer-nogui）才能读取 .doc/.wps 文件"

SOFFICE_NAMES = ("soffice", "libreoffice")
# Where LibreOffice lives when it is not on PATH: its own Linux packages, macOS, Windows.
SOFFICE_PLACES = ("/opt/libreoffice*/program/soffice", "/usr/lib/libreoffice/program/soffice",
                  "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                  "C:/Program Files/LibreOffice/program/soffice.exe")

WORD_STREAM = "WordDocument"
SPREADSHEET_STREAMS = {"Workbook", "Book"}
PRESENTATION_STREAMS = {"PowerPoint Document"}
SPREADSHEET_SUFFIXES = (".et", ".ett", ".xls", ".xlt")
PRESENTATION_SUFFIXES = (".dps", ".dpt", ".ppt", ".pot")
KINGSOFT_SUFFIXES = (".wps", ".wpt")


class LegacyReader:
    kind = "legacy"
    label = "DOC/WPS"
    suffixes = (".doc", ".wps", ".dot", ".wpt", ".rtf")

    def sniff(self, head: bytes, name: str) -> int | None:
        """70 for an OLE2 compound file, 60 for RTF, 20 for other binary bytes named .wps (refused); else None."""
        try:
            if head.startswith(OLE_MAGIC):
                return 70
            if head.startswith(RTF_MAGIC):
                return 60
            if name.lower().endswith(KINGSOFT_SUFFIXES) and looks_binary(head):
                return 20
        except (TypeError, AttributeError):
            pass
        return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"{path.name}: 无法读取（{e.strerror}）") from None
        check_convertible(data, path.name)
        soffice = find_soffice()
        if soffice is None:
            raise ReadError(f"{path.name}: {INSTALL_HINT}")
        try:
            with tempfile.TemporaryDirectory(prefix="xxgk-legacy-", ignore_cleanup_errors=True) as work:
                layout = _converted_layout(data, path.name, Path(work), soffice, options)
        except OSError as e:
            raise ReadError(f"{path.name}: 临时目录无法写入（{e.strerror}）") from None
        return dataclasses.replace(layout, kind=self.kind, name=path.name)


def _converted_layout(data: bytes, name: str, work: Path, soffice: str, options: ReadOptions) -> Layout:
    """The DOCX reader's Layout of ``data`` converted by LibreOffice inside the directory ``work``."""
    source = work / ("source" + _safe_suffix(name))
    source.write_bytes(data)
    try:
        converted = convert([source], "docx", work / "out", soffice, CONVERT_TIMEOUT)[0]
    except ReadError as e:
        raise ReadError(f"{name}: {e.message}") from None
    if converted is None:
        raise ReadError(f"{name}: LibreOffice 无法打开此文件，文件可能已损坏，或不是 Word/WPS 文字文档")
    try:
        return DOCX_READER.read(converted, options)
    except ReadError as e:
        raise ReadError(f"{name}: 转换后的文档无法读取（{e.message.split(': ', 1)[-1]}）") from None


def check_convertible(data: bytes, name: str) -> None:
    """Raise ReadError unless ``data`` is a word-processor document worth handing to LibreOffice."""
    lower = name.lower()
    if data.startswith(RTF_MAGIC):
        return
    if not data.startswith(OLE_MAGIC):
        if lower.endswith(KINGSOFT_SUFFIXES):
            raise ReadError(f"{name}: 不是 WPS 2005 以后的 .wps 格式（可能是金山 WPS 的旧格式），暂不支持读取；"
                            "请在 WPS 中另存为 .docx 后再试")
        raise ReadError(f"{name}: 不是 Word 97–2003（.doc）或 WPS 文字文档")
    if len(data) < 512 * 3:
        raise ReadError(f"{name}: 文件不完整，无法作为 .doc 文档打开")
    streams = {entry.name: entry for entry in ole_directory(data) or ()}
    if WORD_STREAM in streams:
        if word_encrypted(data, streams[WORD_STREAM].start):
            raise ReadError(f"{name}: 文档有密码保护，无法读取；请去掉密码后再试")
        return
    if streams.keys() & SPREADSHEET_STREAMS or lower.endswith(SPREADSHEET_SUFFIXES):
        raise ReadError(f"{name}: 这是电子表格（.et/.xls），暂不支持读取；请另存为 PDF 或 HTML 后再试")
    if streams.keys() & PRESENTATION_STREAMS or lower.endswith(PRESENTATION_SUFFIXES):
        raise ReadError(f"{name}: 这是演示文稿（.dps/.ppt），暂不支持读取；请另存为 PDF 后再试")


def _safe_suffix(name: str) -> str:
    """The file's suffix when it is a plain one (LibreOffice takes it as a hint), else ".doc"."""
    suffix = Path(name).suffix.lower()
    return suffix if 2 <= len(suffix) <= 6 and suffix[1:].isascii() and suffix[1:].isalnum() else ".doc"


def find_soffice() -> str | None:
    """The LibreOffice program on this machine, or None when it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for pattern in SOFFICE_PLACES:
        for found in sorted(glob.glob(pattern), reverse=True):
            if os.access(found, os.X_OK):
                return found
    return None


def convert(sources: list[Path], fmt: str, outdir: Path, soffice: str,
            timeout: float = CONVERT_TIMEOUT) -> list[Path | None]:
    """Convert ``sources`` to ``fmt`` ("docx", "doc", "rtf") into ``outdir`` with one LibreOffice run.

    Returns each source's converted file, or None where LibreOffice could not convert it (it exits 0 all the
    same). Raises ReadError when LibreOffice cannot be started or runs longer than ``timeout`` seconds. The run
    has a profile and temporary directory of its own, removed afterwards.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-", ignore_cleanup_errors=True) as scratch:
        profile = Path(scratch) / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)]
        env = dict(os.environ, TMPDIR=scratch, TMP=scratch, TEMP=scratch)
        _run(command, env, timeout)
    outputs = [outdir / (Path(s).stem + "." + fmt.split(":")[0]) for s in sources]
    return [out if out.is_file() and out.stat().st_size > 0 else None for out in outputs]


def _run(command: list[str], env: dict[str, str], timeout: float) -> None:
    """Run LibreOffice and wait for it; on timeout kill it with every process it started."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    except OSError as e:
        raise ReadError(f"无法启动 LibreOffice（{e.strerror or e}）") from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ReadError(f"LibreOffice 转换超时（超过 {timeout:g} 秒）") from None
    finally:
        if process.poll() is None:  # interrupted while waiting
            _kill_group(process)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process and all it started, and wait (a few seconds at most) until they are gone."""
    if not hasattr(os, "killpg"):
        process.kill()
        process.wait()
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
    deadline = time.monotonic() + KILL_WAIT
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


# --- the OLE2 compound file directory (MS-CFB), enough to name the streams -------------------------------------

@dataclasses.dataclass(frozen=True)
class OleEntry:
    name: str
    start: int  # first sector of the stream
    size: int


_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA


def ole_directory(data: bytes) -> list[OleEntry] | None:
    """The storages and streams of an OLE2 compound file, or None when its header or directory is damaged."""
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        return None
    shift, = struct.unpack_from("<H", data, 0x1E)
    if shift not in (9, 12):
        return None
    size = 1 << shift
    fat = _fat(data, size)
    if fat is None:
        return None
    entries: list[OleEntry] = []
    n, visited = struct.unpack_from("<I", data, 0x30)[0], set()
    while n != _END_OF_CHAIN:
        block = _sector(data, size, n) if n < len(fat) and n not in visited else None
        if block is None:
            return None
        visited.add(n)
        entries.extend(e for at in range(0, size, 128) if (e := _directory_entry(block[at:at + 128])) is not None)
        n = fat[n]
    return entries


def _sector(data: bytes, size: int, n: int) -> bytes | None:
    """Sector ``n`` of the compound file, or None when the file does not hold it."""
    offset = (n + 1) * size
    return data[offset:offset + size] if n < _MAX_SECTOR and offset + size <= len(data) else None


def _fat(data: bytes, size: int) -> list[int] | None:
    """The file allocation table: for each sector, the next of its chain; None when a FAT sector is missing."""
    words = size // 4
    fat_count, = struct.unpack_from("<I", data, 0x2C)
    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    difat_next, = struct.unpack_from("<I", data, 0x44)
    visited: set[int] = set()
    while difat_next < _MAX_SECTOR and difat_next not in visited and len(fat_sectors) < fat_count + words:
        visited.add(difat_next)
        block = _sector(data, size, difat_next)
        if block is None:
            return None
        *more, difat_next = struct.unpack(f"<{words}I", block)
        fat_sectors.extend(more)
    fat: list[int] = []
    for n in fat_sectors[:fat_count]:
        block = _sector(data, size, n)
        if block is None:
            return None
        fat.extend(struct.unpack(f"<{words}I", block))
    return fat


def _directory_entry(raw: bytes) -> OleEntry | None:
    length, kind = struct.unpack_from("<HB", raw, 0x40)
    if kind not in (1, 2, 5) or not 2 <= length <= 64 or length % 2:
        return None
    start, size = struct.unpack_from("<IQ", raw, 0x74)
    return OleEntry(raw[:length - 2].decode("utf-16-le", errors="replace"), start, size)


def word_encrypted(data: bytes, start: int) -> bool:
    """True when the Word stream starting at sector ``start`` is password-protected (FIB fEncrypted)."""
    shift, = struct.unpack_from("<H", data, 0x1E)
    offset = (start + 1) << shift
    if start >= _MAX_SECTOR or offset + 12 > len(data):
        return False
    ident, flags = struct.unpack_from("<H8xH", data, offset)
    return ident == 0xA5EC and bool(flags & 0x0100)


READER = LegacyReader()
