"""Word 97–2003 (.doc), WPS 文字 (.wps) and RTF files, read through LibreOffice.

The samples are rendered reports (right by construction) saved as .doc and RTF by LibreOffice once per session;
each must come back cell for cell. Tests that need LibreOffice are skipped where it is not installed.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import olefile
import pytest

from tests.render.test_roundtrip import assert_same, errors
from xxgk.cli import main
from xxgk.pipeline import parse_file
from xxgk.read import ReadError, ReadOptions, choose, read, readers
from xxgk.read import legacy
from xxgk.render import render
from xxgk.render.sample import random_report

# (seed, template) of the rendered reports saved as .doc
REPORTS = ((0, "2021"), (1, "2021"), (2, "2019"), (3, "2021"))


@pytest.fixture(scope="session")
def soffice() -> str:
    found = legacy.find_soffice()
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return found


@pytest.fixture(scope="session")
def samples(soffice, tmp_path_factory) -> dict[str, tuple]:
    """name → (report, .doc path, .docx it was made from); and "rtf" → the first report saved as RTF."""
    work = tmp_path_factory.mktemp("legacy")
    made = {}
    for seed, template in REPORTS:
        name = f"report_{seed}_{template}"
        source = work / f"{name}.docx"
        source.write_bytes(render(random_report(seed, template), "docx"))
        made[name] = (random_report(seed, template), source)
    started = time.perf_counter()
    docs = legacy.convert([source for _, source in made.values()], "doc", work / "doc", soffice)
    rtf = legacy.convert([next(iter(made.values()))[1]], "rtf", work / "rtf", soffice)[0]
    print(f"\n{len(docs) + 1} files saved as .doc and RTF in {time.perf_counter() - started:.1f} s")
    assert None not in docs and rtf is not None
    samples = {name: (report, doc, source) for (name, (report, source)), doc in zip(made.items(), docs)}
    samples["rtf"] = (samples[next(iter(made))][0], rtf, None)
    return samples


def _first(samples) -> tuple:
    return samples[f"report_{REPORTS[0][0]}_{REPORTS[0][1]}"]


@pytest.fixture
def own_tempdir(tmp_path, monkeypatch) -> Path:
    """A temporary directory for this test alone, so that what a read leaves behind is seen exactly."""
    path = tmp_path / "tmp"
    path.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    return path


@pytest.mark.parametrize("seed, template", REPORTS)
def test_doc_comes_back_cell_for_cell(samples, seed, template):
    report, doc, _ = samples[f"report_{seed}_{template}"]
    assert doc.read_bytes().startswith(legacy.OLE_MAGIC)
    got = parse_file(doc)
    assert_same(report, got)
    assert got.sections == report.sections
    assert errors(got) == []


def test_layout_is_the_docx_readers_with_its_own_kind_and_name(samples):
    _, doc, source = _first(samples)
    layout, original = read(doc), read(source)
    assert (layout.kind, layout.name) == ("legacy", doc.name)
    assert [p.text for p in layout.paragraphs] == [p.text for p in original.paragraphs]
    assert [p.ref.index for p in layout.paragraphs] == [p.ref.index for p in original.paragraphs]
    assert len(layout.tables) == len(original.tables) == 3


def test_word_file_renamed_wps_is_read_the_same(samples, tmp_path):
    report, doc, _ = _first(samples)
    wps = tmp_path / "年度报告.wps"
    shutil.copyfile(doc, wps)
    assert choose(wps.read_bytes()[:8192], wps.name).kind == "legacy"
    assert_same(report, parse_file(wps))


def test_rtf_saved_as_doc_is_read(samples, tmp_path):
    report, rtf, _ = samples["rtf"]
    doc = tmp_path / "report.doc"
    shutil.copyfile(rtf, doc)
    assert doc.read_bytes().startswith(b"{\\rtf")
    assert_same(report, parse_file(doc))


def test_sniff_claims_ole2_and_rtf_over_the_other_readers(samples):
    _, doc, source = _first(samples)
    assert choose(doc.read_bytes()[:8192], "report.doc").kind == "legacy"
    assert choose(b"{\\rtf1\\ansi hello}", "report.doc").kind == "legacy"
    assert choose(source.read_bytes()[:8192], "report.doc").kind == "docx"  # a DOCX named .doc is a DOCX
    assert legacy.READER.sniff(b"plain text", "a.doc") is None
    assert legacy.READER.sniff(None, None) is None


def test_directory_names_the_word_stream(samples):
    streams = legacy.ole_streams(_first(samples)[1].read_bytes())
    assert {"WordDocument", "1Table"} <= streams.keys()
    assert struct.unpack_from("<H", streams["WordDocument"])[0] == legacy.WORD_IDENT


@pytest.mark.parametrize("damage", ["random body", "truncated"])
def test_damaged_ole_file_is_a_read_error_and_leaves_nothing(samples, tmp_path, own_tempdir, damage):
    data = _first(samples)[1].read_bytes()
    rng = random.Random(damage)
    broken = data[:512] + rng.randbytes(len(data) - 512) if damage == "random body" else data[: len(data) // 2]
    path = tmp_path / "broken.doc"
    path.write_bytes(broken)
    with pytest.raises(ReadError) as raised:
        read(path)
    assert raised.value.message.startswith("broken.doc: ") and "损坏" in raised.value.message
    assert list(own_tempdir.iterdir()) == []


def test_a_few_bytes_of_ole_header_are_refused_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    path = tmp_path / "cut.doc"
    path.write_bytes(legacy.OLE_MAGIC + bytes(600))
    with pytest.raises(ReadError, match="不完整"):
        read(path)


def _ole_file(tmp_path: Path) -> Path:
    """A compound file's magic and empty sectors: claimed by this reader, left to LibreOffice to judge."""
    path = tmp_path / "年度报告.doc"
    path.write_bytes(legacy.OLE_MAGIC + bytes(4096))
    return path


def test_without_libreoffice_the_error_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(legacy, "SOFFICE_PLACES", ())
    assert legacy.find_soffice() is None
    doc = _ole_file(tmp_path)
    with pytest.raises(ReadError) as raised:
        read(doc)
    assert raised.value.message == f"{doc.name}: {legacy.INSTALL_HINT}"
    assert "apt-get install libreoffice-writer-nogui" in raised.value.message
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        parse_file(doc)


def test_without_libreoffice_the_command_prints_one_line_and_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    code = main(["parse", str(_ole_file(tmp_path))])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "libreoffice-writer-nogui" in err


def _with_stream_renamed(data: bytes, old: str, new: str) -> bytes:
    """The compound file with the directory entry ``old`` renamed ``new`` (same length or shorter)."""
    field = old.encode("utf-16-le") + b"\0\0"
    at = data.index(field)
    name = new.encode("utf-16-le") + b"\0\0"
    patched = bytearray(data)
    patched[at:at + 64] = name.ljust(64, b"\0")
    struct.pack_into("<H", patched, at + 0x40, len(name))
    return bytes(patched)


@pytest.mark.parametrize("name", ["报表.et", "报表.xls", "报表.doc"])
def test_spreadsheet_without_calc_names_the_calc_package(samples, tmp_path, monkeypatch, name):
    """An OLE2 file with a Workbook stream is a spreadsheet whatever its name; LibreOffice without Calc cannot
    convert it, and the message says what to install instead of trying."""
    monkeypatch.setattr(legacy, "has_calc", lambda soffice: False)
    monkeypatch.setattr(legacy, "convert", lambda *a, **k: pytest.fail("LibreOffice must not be run"))
    path = tmp_path / name
    path.write_bytes(_with_stream_renamed(_first(samples)[1].read_bytes(), "WordDocument", "Workbook"))
    assert legacy.check_convertible(path.read_bytes(), name) == "xlsx"
    with pytest.raises(ReadError) as raised:
        read(path)
    assert raised.value.message == f"{name}: {legacy.CALC_HINT}"
    assert "apt-get install libreoffice-calc-nogui" in raised.value.message


def test_without_libreoffice_a_spreadsheet_names_the_calc_package(samples, tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "报表.xls"
    path.write_bytes(_with_stream_renamed(_first(samples)[1].read_bytes(), "WordDocument", "Workbook"))
    with pytest.raises(ReadError, match="libreoffice-calc-nogui"):
        read(path)


def test_an_et_file_without_a_known_stream_is_taken_for_a_spreadsheet_by_its_name(samples):
    data = _with_stream_renamed(_first(samples)[1].read_bytes(), "WordDocument", "ETSheet")
    assert legacy.check_convertible(data, "报表.et") == "xlsx"
    assert legacy.check_convertible(data, "报告.doc") == "docx"


@pytest.mark.parametrize("name", ["汇报.dps", "汇报.ppt", "汇报.doc"])
def test_presentation_is_still_refused(samples, tmp_path, monkeypatch, name):
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    path = tmp_path / name
    path.write_bytes(_with_stream_renamed(_first(samples)[1].read_bytes(), "WordDocument", "PowerPoint Document"))
    with pytest.raises(ReadError, match="演示文稿.*暂不支持"):
        read(path)


@pytest.mark.parametrize("name", ["报表.xlsx", "报告.docx"])
def test_office_file_with_a_password_is_refused(samples, tmp_path, monkeypatch, name):
    """Excel and Word keep a password-protected .xlsx or .docx as an OLE2 file holding the encrypted package."""
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    path = tmp_path / name
    path.write_bytes(_with_stream_renamed(_first(samples)[1].read_bytes(), "WordDocument", "EncryptedPackage"))
    with pytest.raises(ReadError, match=f"^{name}: 文件有密码保护"):
        read(path)


def test_calc_is_found_beside_the_program(tmp_path):
    program = tmp_path / "program"
    program.mkdir()
    soffice = program / "soffice"
    soffice.write_text("")
    assert legacy.has_calc(str(soffice))  # a layout not known here: let LibreOffice try
    (program / "libswlo.so").write_text("")
    assert not legacy.has_calc(str(soffice))
    (program / "libsclo.so").write_text("")
    assert legacy.has_calc(str(soffice))


def test_non_ole_bytes_named_xls_or_et_are_refused_with_a_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    for name in ("报表.et", "报表.xls"):
        path = tmp_path / name
        path.write_bytes(b"\x00\x01ET" + random.Random(4).randbytes(5000))
        with pytest.raises(ReadError, match="不是 Excel 97–2003.*另存为 .xlsx"):
            read(path)


def test_password_protected_document_is_refused(samples, tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    data = bytearray(_first(samples)[1].read_bytes())
    with olefile.OleFileIO(bytes(data)) as ole:
        fib = (next(e for e in ole.direntries if e and e.name == "WordDocument").isectStart + 1) * ole.sectorsize  # the Word stream's start
    assert struct.unpack_from("<H", data, fib)[0] == legacy.WORD_IDENT
    struct.pack_into("<H", data, fib + 0x0A, struct.unpack_from("<H", data, fib + 0x0A)[0] | 0x0100)
    path = tmp_path / "locked.doc"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="密码"):
        read(path)


def test_old_kingsoft_wps_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "旧报告.wps"
    path.write_bytes(b"\x00\x01WPS" + random.Random(3).randbytes(5000))
    with pytest.raises(ReadError, match="金山 WPS 的旧格式.*另存为 .docx"):
        read(path)


def test_parallel_conversions_do_not_collide(samples):
    """Several files read at once, each by its own LibreOffice with its own profile, each to its own report."""
    names = [n for n in samples if n != "rtf"]
    readers()  # fill the registry before the threads start: its lazy first fill is not guarded against threads
    with ThreadPoolExecutor(len(names)) as pool:
        got = list(pool.map(lambda n: parse_file(samples[n][1]), names))
    for name, report in zip(names, got):
        assert_same(samples[name][0], report)


def test_a_conversion_over_time_is_killed_with_its_children(samples, monkeypatch, own_tempdir):
    started: list[int] = []
    popen = subprocess.Popen

    def recording(*args, **kwargs):
        process = popen(*args, **kwargs)
        started.append(process.pid)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording)
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 0.05)
    with pytest.raises(ReadError, match="超时"):
        read(_first(samples)[1], ReadOptions())
    assert len(started) == 1 and not _group_alive(started[0])
    assert list(own_tempdir.iterdir()) == []


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
