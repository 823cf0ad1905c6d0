"""Scans made from the corpus and from rendered reports read back cell for cell.

At 150 dpi every labelled cell must read back exactly. At 100 dpi, with noise, blur and a 1.5° skew, every cell
must be exact or be named by a finding (a doubtful reading, a suspect, or a row that could not be matched): no
wrong number goes unremarked.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pypdfium2
import pytest

from tests import scanmaker
from tests.conftest import CORPUS, labelled_documents
from xxgk.model import Report
from xxgk.pipeline import parse_file
from xxgk.read import ReadError, ReadOptions, TableGrid, read, readers
from xxgk.render import render
from xxgk.render.sample import random_report

SCAN = next(r for r in readers() if r.kind == "scan")


def label_report(path: Path) -> Report:
    """A corpus label as a Report, its unreadable cells ("?") as None."""
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return None if value == "?" else value
    return Report.from_dict(clean(json.loads(path.read_text(encoding="utf-8"))))


def wrong(expected: Report, got: Report) -> list[tuple[str, object, object]]:
    return [(p, v, got.cell(p)) for p, v in expected.cells() if got.cell(p) != v]


def unremarked(expected: Report, got: Report) -> list[tuple[str, object, object]]:
    named = {c for f in got.findings for c in f.cells}
    return [w for w in wrong(expected, got) if w[0] not in named]


def test_sniff_knows_images_by_their_first_bytes():
    assert SCAN.sniff(b"\x89PNG\r\n\x1a\n....", "x") == 100
    assert SCAN.sniff(b"\xff\xd8\xff\xe0", "x.bin") == 100
    assert SCAN.sniff(b"II*\x00", "x") == SCAN.sniff(b"MM\x00*", "x") == 100
    assert SCAN.sniff(b"%PDF-1.7", "x.png") is None


def test_a_broken_image_is_a_read_error(tmp_path):
    path = tmp_path / "page.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(ReadError, match="图片"):
        read(path)


@pytest.mark.parametrize("seed,template,suffix", [(0, "2021", ".tif"), (2, "2019", ".pdf"), (4, "2021", ".jpg")])
def test_rendered_report_scanned_at_150_dpi_reads_back_exactly(seed, template, suffix, tmp_path):
    report = random_report(seed, template)
    images = scanmaker.pages(render(report, "pdf"), 150)
    path = tmp_path / f"scan{suffix}"
    if suffix == ".pdf":
        path.write_bytes(scanmaker.image_pdf(images, 150))
    elif suffix == ".jpg":  # one image per page: the tables' pages stitched into one tall picture
        scanmaker.save_images([cv2.vconcat(images)], path, 150)
    else:
        scanmaker.save_images(images, path, 150)
    got = parse_file(path)
    assert wrong(report, got) == []
    assert [f.code for f in got.findings if f.code.startswith("ocr.")] == []


@pytest.mark.parametrize("document,label", labelled_documents(), ids=lambda p: p.name)
def test_labelled_report_scanned_at_150_dpi_reads_back_exactly(document, label, tmp_path):
    expected = label_report(label)
    pdf = document.read_bytes() if document.suffix == ".pdf" else render(expected, "pdf")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanmaker.image_pdf(scanmaker.pages(pdf, 150), 150))
    assert wrong(expected, parse_file(path)) == []


@pytest.mark.parametrize("source", ["random"] + [label for _, label in labelled_documents()],
                         ids=lambda p: getattr(p, "name", p))
def test_poor_100_dpi_scan_has_no_wrong_number_without_a_finding(source, tmp_path):
    if source == "random":
        expected = random_report(1, "2021")
        pdf = render(expected, "pdf")
    else:
        expected = label_report(source)
        document = source.with_name(source.name.replace(".expected.json", ".pdf"))
        pdf = document.read_bytes() if document.exists() else render(expected, "pdf")
    path = tmp_path / "scan.tif"
    scanmaker.save_images(scanmaker.pages(pdf, 100, scanmaker.POOR, seed=1), path, 100)
    got = parse_file(path)
    assert unremarked(expected, got) == []
    # every cell reads back as printed: labels the poor scan made unreadable are placed by position (with a finding)
    assert wrong(expected, got) == []


def test_mixed_pdf_reads_typed_pages_from_text_and_scanned_pages_with_ocr(tmp_path):
    report = random_report(3, "2021")
    typed = render(report, "pdf")
    scanned = pypdfium2.PdfDocument(scanmaker.image_pdf(scanmaker.pages(typed, 150, only={1}), 150))
    mixed = pypdfium2.PdfDocument(typed)
    mixed.del_page(1)
    mixed.import_pages(scanned)
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    layout = read(path)
    assert layout.kind == "pdf"
    assert any(c.confidence is not None for t in layout.tables for row in t.rows for c in row)
    assert any(c.confidence is None for t in layout.tables for row in t.rows for c in row)
    got = parse_file(path)
    assert wrong(report, got) == []
    assert got.confidence and all(p.startswith(("requests.", "review.")) for p in got.confidence)


def test_a_page_lying_on_its_side_is_turned_upright(tmp_path):
    report = random_report(5, "2021")
    pages = scanmaker.pages(render(report, "pdf"), 120, scanmaker.Damage(skew=-1.0))
    path = tmp_path / "scan.tif"
    scanmaker.save_images([cv2.rotate(pages[0], cv2.ROTATE_90_CLOCKWISE), pages[1]], path, 120)
    layout = read(path)
    grids = [b for b in layout.blocks if isinstance(b, TableGrid)]
    assert grids and "主动公开政府信息情况" in " ".join(p.text for p in layout.paragraphs)
    assert wrong(report, parse_file(path)) == []


def test_two_readings_of_a_crop_keep_the_surer_and_the_other_as_an_alternative():
    from xxgk.read.ocr.engine import Reading, _surer

    narrow, standard = Reading("6", 0.62, ("5",)), Reading("8", 0.97)
    assert _surer(narrow, standard) == Reading("8", 0.97, ("6",))
    assert _surer(Reading("0", 0.85), Reading("0", 0.999)) == Reading("0", 0.999)


def test_progress_is_told_page_by_page(tmp_path):
    path = tmp_path / "scan.png"
    scanmaker.save_images(scanmaker.pages(render(random_report(0, "2021"), "pdf"), 150, only={0}), path, 150)
    told: list[str] = []
    read(path, ReadOptions(progress=told.append))
    assert told == ["OCR 第1/1页"]


@pytest.mark.parametrize(("value", "threads"), [("", 0), ("1", 1), (" 4 ", 4)])
def test_ocr_threads_come_from_the_environment_when_the_options_do_not_say(monkeypatch, value, threads):
    from xxgk.read.ocr.engine import default_threads

    monkeypatch.setenv("XXGK_OCR_THREADS", value)
    assert default_threads() == threads


@pytest.mark.parametrize("value", ["two", "-1", "999"])
def test_a_wrong_ocr_thread_count_is_one_line(monkeypatch, value):
    from xxgk.read.ocr.engine import default_threads

    monkeypatch.setenv("XXGK_OCR_THREADS", value)
    with pytest.raises(ReadError, match="XXGK_OCR_THREADS 应为 0 到 256 的整数"):
        default_threads()
