"""Numbers that an OCR program printed with letters for their 0s and 1s are read as the digits they look like, each
with a finding that names the cell; runs of such letters that are not one number stay unread."""

from __future__ import annotations

import re

import pytest

from xxgk.extract.cells import is_value, parse
from xxgk.model import Severity
from xxgk.pipeline import parse_file
from xxgk.render import render
from xxgk.render.sample import random_report


@pytest.mark.parametrize("text, value", [("O", 0), ("〇", 0), ("o", 0), ("l", 1), ("I", 1), ("l2", 12), ("1O5", 105),
                                         ("2O.5", 20.5)])
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


def test_a_report_copied_by_ocr_reads_as_printed_with_each_lookalike_named(tmp_path):
    report = random_report(7, "2021")
    text = render(report, "txt").decode("utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到和处理"))
    stop = next(i for i, line in enumerate(lines) if line.startswith("四、") and "行政复议" in line)
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
