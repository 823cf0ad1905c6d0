"""OCR confidence travels from the cells of a Layout to findings, and broken relations point at the one OCR'd cell
whose single other reading would make them hold — without changing any value."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from xxgk.check import check
from xxgk.extract import extract
from xxgk.read import Layout, TableGrid
from xxgk.read.text import parse_text
from xxgk.render.sample import random_report


@pytest.fixture(scope="module")
def layout(seed):
    return parse_text(seed("003").read_text(encoding="utf-8"))


def _as_ocr(layout: Layout, doubtful: dict[str, tuple[float, tuple[str, ...]]] | None = None) -> Layout:
    """The same layout as if OCR had read it: every table cell confident, ``doubtful`` texts less so."""
    doubtful = doubtful or {}
    blocks = []
    for block in layout.blocks:
        if isinstance(block, TableGrid):
            rows = tuple(tuple(dataclasses.replace(c, confidence=doubtful.get(c.text, (0.99, ()))[0],
                                                   alternatives=doubtful.get(c.text, (0.99, ()))[1])
                               for c in row) for row in block.rows)
            block = TableGrid(rows, block.ref)
        blocks.append(block)
    return Layout(tuple(blocks), "scan", layout.name)


def test_text_cells_have_no_confidence(layout):
    report = extract(layout)
    assert report.confidence == {}
    assert "ocr.low_confidence" not in {f.code for f in report.findings}


def test_a_doubtful_number_is_a_finding_and_keeps_its_reading(seed):
    text = seed("003").read_text(encoding="utf-8").replace("行政许可 | 0 |", "行政许可 | 38 |")
    report = extract(_as_ocr(parse_text(text), {"38": (0.42, ("36", "88"))}))
    assert report.active["licensing"]["decisions"] == 38
    assert report.confidence["active.licensing.decisions"] == 0.42
    found = [f for f in report.findings if f.code == "ocr.low_confidence"]
    assert [f.cells for f in found] == [["active.licensing.decisions"]]
    assert "“38”" in found[0].message and "“36”或“88”" in found[0].message and "0.42" in found[0].message
    assert "confidence" not in report.to_dict()


def _ocr_report(seed_no: int):
    report = random_report(seed_no, "2021")
    report.confidence = {path: 0.99 for path, value in report.cells()}
    return report


def _misread(report, path: str, value):
    other = copy.deepcopy(report)
    table, row, column = path.split(".")
    getattr(other, table)[row][column] = value
    return other


def _suspects(report):
    return [f for f in check(report) if f.code == "ocr.suspect"]


def test_a_right_scan_has_no_suspect():
    assert _suspects(_ocr_report(1)) == []


def test_a_confused_digit_that_breaks_relations_is_named_with_its_other_reading():
    report = _ocr_report(3)
    path = next(p for p, v in report.cells() if p.startswith("requests.") and p.endswith(".research")
                and p.split(".")[1] not in ("received_new", "carried_over", "carried_forward", "processed_total")
                and v == 0)
    misread = _misread(report, path, 8)
    found = _suspects(misread)
    assert [f.cells for f in found] == [[path]]
    assert "识别为8" in found[0].message and "若此格为0" in found[0].message
    assert misread.cell(path) == 8  # the reading stays


def test_a_dropped_digit_and_a_blank_are_suspects():
    report = _ocr_report(3)
    path, value = next((p, v) for p, v in report.cells()
                       if p.startswith("requests.") and isinstance(v, int) and v >= 10 and not p.endswith(".total"))
    found = _suspects(_misread(report, path, int(str(value)[1:])))
    assert [f.cells for f in found] == [[path]] and f"若此格为{value}" in found[0].message
    blank = next(p for p, v in report.cells() if p.startswith("requests.") and v == 1 and not p.endswith(".total"))
    found = _suspects(_misread(report, blank, None))
    assert [f.cells for f in found] == [[blank]] and "识别为空白" in found[0].message


def test_a_break_no_single_reading_explains_names_no_cell():
    report = _ocr_report(3)
    report.confidence = {}
    assert _suspects(_misread(report, "requests.processed_total.total", 1234)) == []
    ocr = _ocr_report(3)
    assert _suspects(_misread(ocr, "requests.processed_total.total", ocr.cell("requests.processed_total.total") + 1234)) == []
