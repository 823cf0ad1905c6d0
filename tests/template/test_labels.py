"""Label variants seen in real reports match the template's labels; other labels do not."""

import pytest

from xxgk.template import core, load, similarity
from xxgk.extract.labels import match_row
from xxgk.extract.cells import split_row
from xxgk.read import Cell


@pytest.mark.parametrize("printed, key", [
    ("2.其他法律行政止公开", "withheld_law_prohibited"),            # a character dropped (洪泽区 2023)
    ("1.申请人无正当理由逾期.....", "other_overdue_supplement"),     # cut short with dots
    ("2.申请人逾期未按收费通知……", "other_overdue_fee"),              # cut short with an ellipsis
    ("2.申请人逾期未按收费通知 要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_overdue_fee"),
    ("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）", "partially_granted"),
    ("(四) 无法提供 1.本机关不掌握相关政府信息", "unavailable_not_held"),
    ("１．属于国家秘密", "withheld_state_secret"),                  # full-width digits
    ("3.其他", "other_misc"),
    ("（六）其他处理", "other"),
    ("（七）总计", "processed_total"),
    ("四、结转下年度继续办理", "carried_forward"),
])
def test_printed_label_matches_its_row(printed, key):
    row = (Cell(printed), Cell("0"))
    spec, _ = match_row(load("2021").requests, split_row(row))
    assert spec is not None and spec.key == key


@pytest.mark.parametrize("printed", ["申请人情况", "法人或其他组织", "本年度办理结果", "行政复议"])
def test_headings_are_not_rows(printed):
    spec, _ = match_row(load("2021").requests, split_row((Cell(printed), Cell("0"))))
    assert spec is None


def test_a_column_heading_without_values_is_not_the_total_row():
    spec, _ = match_row(load("2021").requests, split_row((Cell("自然人"), Cell("法人或其他组织"), Cell("总计"))))
    assert spec is None


def test_normalization_folds_width_spaces_and_numbering():
    assert core("（三） 不予公开") == "不予公开"
    assert core("1．属于 国家秘密") == "属于国家秘密"
    assert similarity("社会组织", "社会公益组织") < 1


def test_both_formats_have_the_relations_of_the_spec():
    for name in ("2021", "2019"):
        codes = {r.code for r in load(name).relations}
        assert codes == {"sum.row", "sum.column", "balance.column", "sum.review"}


def test_formats_differ_where_the_spec_says():
    new, old = load("2021"), load("2019")
    assert {r.key for r in new.requests.rows} - {r.key for r in old.requests.rows} == {
        "other_overdue_supplement", "other_overdue_fee", "other_misc"}
    assert [c.label for c in old.active.columns][:3] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert "procurement" in {r.key for r in old.active.rows}


def test_a_column_heading_followed_by_a_misread_heading_is_not_a_row():
    # OCR read 总计 as "总it": the heading row must still not pass for the row "3.其他".
    spec, _ = match_row(load("2021").requests, split_row((Cell("法律服务机构"), Cell("其他"), Cell("总it"))))
    assert spec is None
