"""Legacy office files read through LibreOffice: word-processor documents (.doc of Word 97–2003, .wps of WPS 文字,
RTF saved as .doc) and spreadsheets (.xls of Excel 97–2003, .et of WPS 表格).

A document is converted to DOCX by ``soffice --headless --convert-to docx`` and the result is read by the DOCX
reader, a spreadsheet to XLSX and read by the spreadsheet reader; the Layout's blocks are exactly that reader's, its
``kind`` is "legacy" and its ``name`` the original file's. Each block's SourceRef is the one that reader gives the
converted file (the DOCX body's ``index``; a sheet's name and row), which stands for the same place in the original.

Word, WPS and Excel files are OLE2 compound files; their directory is looked at (with olefile) before
converting, so that a spreadsheet is converted as one, and a presentation (.dps, .ppt) or a password-protected
file is refused with its own message, without LibreOffice. A compound file whose directory cannot be read is still
handed to LibreOffice, which reads many slightly damaged files. Spreadsheets need LibreOffice's Calc, which is
installed apart from its Writer. Kingsoft's own pre-2005 .wps format is not OLE2 and LibreOffice has no filter for
it (it would import the bytes as plain text): a binary file named .wps that is not OLE2 is claimed only to be
refused with a hint to save it as .docx; so is one named .xls or .et.

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

import olefile

from ..errors import ReadError
from .files import file_bytes
from .encoding import looks_binary
from .layout import Layout
from .options import ReadOptions
from .registry import reader_of

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
CONVERT_TIMEOUT = 120.0  # seconds for one LibreOffice run; a report converts in one or two
KILL_WAIT = 5.0  # seconds to wait for a killed LibreOffice to be gone before its directory is removed
INSTALL_HINT = "需要安装 LibreOffice（Debian: apt-get install libreoffice-writer-nogui）才能读取 .doc/.wps 文件"
CALC_HINT = "需要安装 LibreOffice 的电子表格组件（Debian: apt-get install libreoffice-calc-nogui）才能读取 .xls/.et 文件"

SOFFICE_NAMES = ("soffice", "libreoffice")
# Where LibreOffice lives when it is not on PATH: its own Linux packages, macOS, Windows.
SOFFICE_PLACES = ("/opt/libreoffice*/program/soffice", "/usr/lib/libreoffice/program/soffice",
                  "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                  "C:/Program Files/LibreOffice/program/soffice.exe")
# Calc's and Writer's libraries beside the program (Linux, Windows) or in ../Frameworks (macOS).
CALC_LIBRARIES = ("libsclo.so", "sclo.dll", "libsclo.dylib")
WRITER_LIBRARIES = ("libswlo.so", "swlo.dll", "libswlo.dylib")

WORD_STREAM = "WordDocument"
SPREADSHEET_STREAMS = {"Workbook", "Book"}
ENCRYPTED_STREAMS = {"EncryptedPackage", "EncryptionInfo"}  # an .xlsx or .docx with a password is OLE2
BIFF_BOF, BIFF_FILEPASS = 0x0809, 0x002F  # an .xls starts with BOF; FILEPASS right after it: encrypted
WORD_IDENT, WORD_ENCRYPTED = 0xA5EC, 0x0100  # a Word stream starts with its FIB: this ident, then flags
_STREAM_HEAD = 512  # bytes of each stream read to tell its kind and whether it is encrypted
PRESENTATION_STREAMS = {"PowerPoint Document"}
SPREADSHEET_SUFFIXES = (".et", ".ett", ".xls", ".xlt")
PRESENTATION_SUFFIXES = (".dps", ".dpt", ".ppt", ".pot")
KINGSOFT_SUFFIXES = (".wps", ".wpt")
# What each kind of file is converted to, the reader of the result, what it is called, and what reading it needs.
# What a file is converted to: the kind of the reader that reads the converted file, what such a file is called,
# and what to install to convert it.
TARGETS = {"docx": ("docx", "Word/WPS 文字文档", INSTALL_HINT),
           "xlsx": ("xlsx", "Excel/WPS 表格文件", CALC_HINT)}


class LegacyReader:
    kind = "legacy"
    label = "DOC/WPS/XLS/ET"
    suffixes = (".doc", ".wps", ".dot", ".wpt", ".rtf", ".xls", ".et", ".xlt", ".ett")

    def sniff(self, head: bytes, name: str) -> int | None:
        """70 for an OLE2 compound file, 60 for RTF, 20 for other binary bytes named .wps, .xls or .et (refused);
        else None."""
        try:
            if head.startswith(OLE_MAGIC):
                return 70
            if head.startswith(RTF_MAGIC):
                return 60
            if name.lower().endswith(KINGSOFT_SUFFIXES + SPREADSHEET_SUFFIXES) and looks_binary(head):
                return 20
        except (TypeError, AttributeError):
            pass
        return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        path = Path(path)
        data = file_bytes(path, path.name)
        fmt = check_convertible(data, path.name)
        soffice = find_soffice()
        if soffice is None or fmt == "xlsx" and not has_calc(soffice):
            raise ReadError(TARGETS[fmt][2], path=path.name)
        try:
            with tempfile.TemporaryDirectory(prefix="xxgk-legacy-", ignore_cleanup_errors=True) as work:
                layout = _converted_layout(data, path.name, Path(work), soffice, options, fmt)
        except OSError as e:
            raise ReadError(f"临时目录无法写入（{e.strerror}）", path=path.name) from None
        return dataclasses.replace(layout, kind=self.kind, name=path.name)


def _converted_layout(data: bytes, name: str, work: Path, soffice: str, options: ReadOptions,
                      fmt: str = "docx") -> Layout:
    """The Layout of ``data`` converted by LibreOffice to ``fmt`` ("docx", "xlsx") inside the directory ``work``, as
    the reader of ``fmt`` reads it."""
    kind, called, _ = TARGETS[fmt]
    source = work / ("source" + _safe_suffix(name, ".xls" if fmt == "xlsx" else ".doc"))
    source.write_bytes(data)
    try:
        converted = convert([source], fmt, work / "out", soffice, CONVERT_TIMEOUT)[0]
    except ReadError as e:
        raise e.at(name) from None
    if converted is None:
        raise ReadError(f"LibreOffice 无法打开此文件，文件可能已损坏，或不是 {called}", path=name)
    try:
        return reader_of(kind).read(converted, options)
    except ReadError as e:
        raise ReadError(f"转换后的文档无法读取（{e.reason}）", path=name) from None


def check_convertible(data: bytes, name: str) -> str:
    """The format to convert ``data`` to: "docx" for a word-processor document, "xlsx" for a spreadsheet. Raise
    ReadError when it is neither, or cannot be read (a password, a cut-off file)."""
    lower = name.lower()
    if data.startswith(RTF_MAGIC):
        return "docx"
    if not data.startswith(OLE_MAGIC):
        if lower.endswith(KINGSOFT_SUFFIXES):
            raise ReadError("不是 WPS 2005 以后的 .wps 格式（可能是金山 WPS 的旧格式），暂不支持读取；"
                            "请在 WPS 中另存为 .docx 后再试", path=name)
        if lower.endswith(SPREADSHEET_SUFFIXES):
            raise ReadError("不是 Excel 97–2003（.xls）或 WPS 表格（.et）文件，文件可能已损坏；"
                            "请在 Excel 或 WPS 中另存为 .xlsx 后再试", path=name)
        raise ReadError("不是 Word 97–2003（.doc）或 WPS 文字文档", path=name)
    if len(data) < 512 * 3:
        raise ReadError("文件不完整，无法作为 .doc/.xls 文件打开", path=name)
    streams = ole_streams(data) or {}
    if streams.keys() & ENCRYPTED_STREAMS:
        raise ReadError("文件有密码保护，无法读取；请去掉密码后再试", path=name)
    if WORD_STREAM in streams:
        if word_encrypted(streams[WORD_STREAM]):
            raise ReadError("文档有密码保护，无法读取；请去掉密码后再试", path=name)
        return "docx"
    if book := next((streams[s] for s in SPREADSHEET_STREAMS if s in streams), None):
        if workbook_encrypted(book):
            raise ReadError("电子表格有密码保护，无法读取；请去掉密码后再试", path=name)
        return "xlsx"
    if streams.keys() & PRESENTATION_STREAMS or lower.endswith(PRESENTATION_SUFFIXES):
        raise ReadError("这是演示文稿（.dps/.ppt），暂不支持读取；请另存为 PDF 后再试", path=name)
    return "xlsx" if lower.endswith(SPREADSHEET_SUFFIXES) else "docx"


def _safe_suffix(name: str, default: str = ".doc") -> str:
    """The file's suffix when it is a plain one (LibreOffice takes it as a hint), else ``default``."""
    suffix = Path(name).suffix.lower()
    return suffix if 2 <= len(suffix) <= 6 and suffix[1:].isascii() and suffix[1:].isalnum() else default


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


def has_calc(soffice: str) -> bool:
    """False when this LibreOffice was installed without Calc (its Writer library is there, Calc's is not); True
    when Calc's library is found or the folder is laid out in a way not known here."""
    program = Path(soffice).resolve().parent
    folders = (program, program.parent / "Frameworks")

    def found(names: tuple[str, ...]) -> bool:
        return any((folder / n).exists() for folder in folders for n in names)

    return found(CALC_LIBRARIES) or not found(WRITER_LIBRARIES)


def convert(sources: list[Path], fmt: str, outdir: Path, soffice: str,
            timeout: float = CONVERT_TIMEOUT) -> list[Path | None]:
    """Convert ``sources`` to ``fmt`` ("docx", "doc", "rtf", "xlsx", "xls") into ``outdir`` with one LibreOffice run.

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


def ole_streams(data: bytes) -> dict[str, bytes] | None:
    """The names at the top of an OLE2 compound file, each stream's with its first bytes (b"" for a storage);
    None when the file's header or directory is damaged."""
    try:
        with olefile.OleFileIO(data) as ole:
            found = {}
            for entry in ole.listdir(streams=True, storages=True):
                name = entry[0]
                if len(entry) == 1 and ole.get_type(name) == olefile.STGTY_STREAM:
                    with ole.openstream(name) as stream:
                        found[name] = stream.read(_STREAM_HEAD)
                else:
                    found.setdefault(name, b"")
            return found
    except Exception:  # olefile raises many kinds on a damaged directory; all mean the same here
        return None


def workbook_encrypted(book: bytes) -> bool:
    """True when an Excel stream, from its first bytes, is password-protected: a FILEPASS record follows its BOF."""
    if len(book) < 4:
        return False
    kind, length = struct.unpack_from("<HH", book, 0)
    if kind != BIFF_BOF or 4 + length + 2 > len(book):
        return False
    return struct.unpack_from("<H", book, 4 + length)[0] == BIFF_FILEPASS


def word_encrypted(word: bytes) -> bool:
    """True when a Word stream, from its first bytes, is password-protected (FIB fEncrypted)."""
    if len(word) < 12:
        return False
    ident, flags = struct.unpack_from("<H8xH", word, 0)
    return ident == WORD_IDENT and bool(flags & WORD_ENCRYPTED)


READER = LegacyReader()
