"""Text that an OCR program made of a printed report: numbers printed with letters for their 0s and 1s are read as
the digits they look like, each with a finding that names the cell; runs of such letters that are not one number
stay unread; a table read through its rulings into runs of digits is named as lost, not as missing rows; and since
any digit of such a text may be misread, its arithmetic is a warning, never an error of the report."""

from __future__ import annotations

import re

import pytest

from xxgk.extract.cells import is_value, parse
from xxgk.model import Severity
from xxgk.pipeline import parse_file
from xxgk.render import render
from xxgk.render.sample import random_report


@pytest.mark.parametrize("text, value", [("O", 0), ("〇", 0), ("o", 0), ("l", 1), ("I", 1), ("l2", 12), ("1O5", 105),
                                         ("2O.5", 20.5), ("-l", -1)])
def test_a_number_printed_with_lookalike_letters_is_read_as_its_digits(text, value):
    got = parse(text)
    assert (got.value, got.lookalike, got.text) == (value, True, "")
    assert is_value(text)


@pytest.mark.parametrize("text", ["oo", "Ol", "lOl见", "OI号", "IO-"])
def test_letters_that_are_no_single_number_are_not_read(text):
    # "oo" is two zeros whose cells ran together: a count has no leading zero
    got = parse(text)
    assert got.value is None and not got.lookalike


def test_plain_digits_carry_no_lookalike_mark():
    assert parse("105").lookalike is False


def table_three(lines: list[str]) -> range:
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到和处理"))
    stop = next(i for i, line in enumerate(lines) if line.startswith("四、") and "行政复议" in line)
    return range(start + 1, stop)


def written(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return parse_file(path)


def test_a_report_copied_by_ocr_reads_as_printed_with_each_lookalike_named(tmp_path):
    report = random_report(7, "2021")
    text = render(report, "txt").decode("utf-8")
    lines = text.split("\n")
    start, stop = table_three(lines).start, table_three(lines).stop
    # every lone 0 and 1 of table 三 as OCR prints it: the letter O and the letter l
    for i in range(start, stop):
        lines[i] = re.sub(r"(?<=\t)[01](?=\t|$)", lambda m: "O" if m.group() == "0" else "l", lines[i])
    planted = sum(line.count("\tO") + line.count("\tl") for line in lines[start:stop])
    assert planted > 20
    path = tmp_path / "ocr.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    read = parse_file(path)

    assert dict(read.cells()) == dict(report.cells())
    named = {c for f in read.findings if f.code == "ocr.lookalike" for c in f.cells}
    ones_and_zeros = {p for p, v in report.cells() if p.startswith("requests.") and v in (0, 1)}
    assert named == ones_and_zeros
    assert [f for f in read.findings if f.severity is Severity.ERROR] == []
    original = tmp_path / "original.txt"
    original.write_text(text, encoding="utf-8")
    assert not any(f.code == "ocr.lookalike" for f in parse_file(original).findings)
    # every number of such a text may be misread: one warning names them all
    [marks] = [f for f in read.findings if f.code == "ocr.text"]
    assert marks.severity is Severity.WARNING
    assert set(marks.cells) == {p for p, v in report.cells() if v is not None}
    assert not any(f.code == "ocr.text" for f in parse_file(original).findings)


def test_a_broken_total_in_ocr_text_is_a_warning_that_says_why_and_an_error_in_plain_text(tmp_path):
    report = random_report(8, "2021")
    report.requests["processed_total"]["natural_person"] += 3  # planted: the column no longer adds up
    lines = render(report, "txt").decode("utf-8").split("\n")
    plain = written(tmp_path, "plain.txt", lines)
    assert [f.severity for f in plain.findings if f.code == "sum.column"] == [Severity.ERROR]
    for i in table_three(lines):
        lines[i] = re.sub(r"(?<=\t)0(?=\t|$)", "O", lines[i])
    by_ocr = written(tmp_path, "ocr.txt", lines)
    [found] = [f for f in by_ocr.findings if f.code == "sum.column"]
    assert found.severity is Severity.WARNING and "识别软件" in found.message
    assert "requests.processed_total.natural_person" in found.cells


def test_a_table_read_through_its_rulings_is_named_as_lost_not_as_missing_rows(tmp_path):
    report = random_report(9, "2021")
    lines = render(report, "txt").decode("utf-8").split("\n")
    original = written(tmp_path, "original.txt", lines)
    assert not any(f.code == "layout.table_garbled" for f in original.findings)
    # each row of table 三 as an OCR program reads it through the table's lines: the label lost to a few letters,
    # the cells run together where the rulings stood, zeros and ones as letters
    for i in table_three(lines):
        cells = lines[i].split("\t")
        values = [c for c in cells if c.isdigit()]
        if values:
            lines[i] = "[Ta " + "".join(v.replace("0", "o").replace("1", "l") for v in values) + "]"
    read = written(tmp_path, "garbled.txt", lines)
    three = {p for p, _ in report.cells() if p.startswith("requests.")}
    [lost] = [f for f in read.findings if f.code == "layout.table_garbled"]
    assert lost.severity is Severity.WARNING and set(lost.cells) == three
    assert all(read.cell(p) is None for p in three)
    assert [f.code for f in read.findings if f.severity is Severity.ERROR] == []
    assert {f.severity for f in read.findings if f.code == "template.missing_row"} == {Severity.WARNING}
    # the other tables are read as printed
    assert {p: v for p, v in read.cells() if not p.startswith("requests.")} == \
        {p: v for p, v in report.cells() if not p.startswith("requests.")}
