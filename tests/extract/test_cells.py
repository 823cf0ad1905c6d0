"""Cell text becomes the value the report prints, and never an invented one."""

import pytest

from xxgk.extract.cells import agreed, parse


@pytest.mark.parametrize("text, value", [
    ("0", 0), ("18227", 18227), ("1,234", 1234), ("182.68", 182.68), ("５９", 59), (" 3 ", 3), ("-2", -2),
    ("", None), ("/", None), ("—", None), ("－", None), ("无", None),
])
def test_values(text, value):
    got = parse(text)
    assert got.value == value and type(got.value) is type(value)


def test_a_cell_with_its_own_unit_keeps_the_unit():
    got = parse("251000元")
    assert (got.value, got.unit) == (251000, "元")


def test_words_are_not_a_number():
    got = parse("见附件")
    assert got.value is None and got.text == "见附件"


def test_extra_cells_that_agree_under_every_alignment_are_kept():
    assert agreed([0] * 16, 15) == ([0] * 15, False)


def test_missing_cells_leave_every_ambiguous_heading_blank():
    assert agreed([0, 16], 3) == ([None, None, None], True)


def test_extra_cells_that_disagree_leave_those_headings_blank():
    values, ambiguous = agreed([1, 1, 2], 2)
    assert values == [1, None] and ambiguous


def test_a_merged_value_cell_counts_once():
    from xxgk.extract.cells import fit
    from xxgk.read import Cell
    merged, other = Cell("550"), Cell("550")
    assert fit((merged, merged, merged), 1) == (merged,)
    assert len(fit((merged, other), 1)) == 2  # two cells that print the same number are two cells
