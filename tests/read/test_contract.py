"""Every registered reader keeps the contract: a Layout from its sample, ReadError (never another exception) on
empty, random or truncated bytes, and no temporary file left behind."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest

from xxgk.read import Layout, ReadError, ReadOptions, read, readers
from xxgk.read.legacy import convert, find_soffice

SAMPLES = {"text": "seeds/000_ad630df0648df120.txt", "pdf": "pdf/hongze_2023.pdf",
           "docx": "template/template_2021.docx", "legacy": "template/template_2021.docx",
           "scan": "pdf/hongze_2023.pdf"}


def _html_sample(corpus: Path, tmp_path: Path) -> Path:
    text = (corpus / SAMPLES["text"]).read_text(encoding="utf-8")
    rows = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in line.split(chr(9)))}</tr>" for line in text.splitlines())
    path = tmp_path / "sample.html"
    path.write_text(f"<!DOCTYPE html><html><body><table>{rows}</table></body></html>", encoding="utf-8")
    return path


def _legacy_sample(corpus: Path, tmp_path: Path) -> Path:
    """The DOCX sample saved as a Word 97–2003 .doc by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .doc sample; apt-get install libreoffice-writer-nogui")
    path = convert([corpus / SAMPLES["legacy"]], "doc", tmp_path / "legacy", soffice)[0]
    assert path is not None
    return path


def _sheet_sample(tmp_path: Path) -> Path:
    """A made-up report rendered as an Excel workbook."""
    from xxgk.render import render
    from xxgk.render.sample import random_report

    path = tmp_path / "sample.xlsx"
    path.write_bytes(render(random_report(0), "xlsx"))
    return path


def _scan_sample(corpus: Path, tmp_path: Path) -> Path:
    """Page 2 of the sample PDF (table 二) as a PNG scanned at 100 dpi."""
    from tests.scanmaker import pages, save_images

    return save_images(pages(corpus / SAMPLES["scan"], 100, only={1}), tmp_path / "scan.png", 100)


def _sample(kind: str, corpus: Path, tmp_path: Path) -> Path:
    if kind == "scan":
        return _scan_sample(corpus, tmp_path)
    if kind == "legacy":
        return _legacy_sample(corpus, tmp_path)
    if kind == "xlsx":
        return _sheet_sample(tmp_path)
    return _html_sample(corpus, tmp_path) if kind == "html" else corpus / SAMPLES[kind]


KINDS = [r.kind for r in readers()]


def test_every_reader_says_what_it_reads():
    assert all(r.label for r in readers())


def test_every_kind_has_a_sample():
    assert set(KINDS) <= set(SAMPLES) | {"html", "xlsx"}


@pytest.mark.parametrize("kind", KINDS)
def test_reader_reads_its_sample(kind, corpus, tmp_path):
    path = _sample(kind, corpus, tmp_path)
    reader = next(r for r in readers() if r.kind == kind)
    layout = reader.read(path, ReadOptions())
    assert isinstance(layout, Layout) and layout.kind == kind and layout.tables


@pytest.mark.parametrize("kind", KINDS)
def test_reader_refuses_broken_bytes_with_read_error_only(kind, corpus, tmp_path, monkeypatch):
    data = _sample(kind, corpus, tmp_path).read_bytes()
    reader = next(r for r in readers() if r.kind == kind)
    rng = random.Random(kind)
    broken = [b"", bytes(rng.randrange(256) for _ in range(4096)), data[: len(data) // 3], data[:64]]
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    for i, content in enumerate(broken):
        path = tmp_path / f"broken_{i}{reader.suffixes[0] if reader.suffixes else ''}"
        path.write_bytes(content)
        try:
            result = reader.read(path, ReadOptions())
        except ReadError as e:
            assert e.message and "\n" not in e.message
        else:
            assert isinstance(result, Layout)
    assert os.listdir(private) == []


def test_random_bytes_with_any_name_end_in_read_error(tmp_path):
    rng = random.Random(7)
    for name in ("report.pdf", "report.docx", "report.xlsx", "report.et", "report.html", "report.txt", "report"):
        path = tmp_path / name
        path.write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
        with pytest.raises(ReadError):
            read(path)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(ReadError, match="过大"):
        read(path, ReadOptions(max_file_bytes=1024))


def test_bad_options_name_the_option():
    with pytest.raises(Exception, match="max_pages"):
        ReadOptions(max_pages=0)
