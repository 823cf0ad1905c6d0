"""Each class of problem real reports have, planted in a report that is right: found where planted, and nothing of
its kind found on the same report without it. The reports are the corpus's real ones and generated ones."""

from __future__ import annotations

import pytest

from xxgk.check import check, check_years
from xxgk.pipeline import parse_file
from xxgk.render.sample import random_report

from ..conftest import labelled_documents

CORPUS = [d for d, _ in labelled_documents()]
GENERATED = [("2021", 1), ("2021", 4), ("2019", 2), ("2019", 7)]


def _sources():
    for document in CORPUS:
        yield pytest.param(("corpus", document), id=document.stem)
    for template, seed in GENERATED:
        yield pytest.param(("generated", template, seed), id=f"generated-{template}-{seed}")


@pytest.fixture(params=list(_sources()))
def report(request):
    source = request.param
    if source[0] == "corpus":
        return parse_file(source[1])
    return random_report(source[2], source[1])


def codes(report, previous=None) -> list[str]:
    return [f.code for f in check(report.model_copy(deep=True), previous)]


def _busy_row(report) -> str:
    return next(row for row, cols in report.requests.items() if (cols.get("total") or 0) > 0)


def test_a_group_of_columns_left_blank(report):
    assert "blank.group" not in codes(report)
    planted = report.model_copy(deep=True)
    row = _busy_row(planted)
    for column in list(planted.requests[row]):
        if column != "total":
            planted.requests[row][column] = None
    found = [f for f in check(planted) if f.code == "blank.group"]
    assert [sorted(f.cells) for f in found] == [sorted(f"requests.{row}.{c}" for c in planted.requests[row])]
    assert found[0].severity == "error"


def test_a_review_group_left_blank(report):
    planted = report.model_copy(deep=True)
    planted.review["reconsideration"] = {"upheld": None, "corrected": None, "other": None, "pending": None,
                                         "total": 3}
    found = [f for f in check(planted) if f.code == "blank.group"]
    assert [f.cells[0] for f in found] == ["review.reconsideration.total"]
    assert "总计为3" in found[0].message


def test_a_blank_the_reader_explained_is_not_the_reports(report):
    """Cells the reader left blank and named (a row it could not place) are not blamed on the report."""
    from xxgk.model import finding

    planted = report.model_copy(deep=True)
    row = _busy_row(planted)
    cells = [f"requests.{row}.{c}" for c in planted.requests[row] if c != "total"]
    for path in cells:
        planted.requests[row][path.split(".")[2]] = None
    planted.findings.append(finding("layout.cell_count", cells=cells, table="requests", row=row, printed=3,
                                    expected=7))
    assert "blank.group" not in codes(planted)


def _granted(report) -> int:
    return report.cell("requests.granted.total") + report.cell("requests.partially_granted.total")


def _with_text(report, sentence: str, section: str = "overview"):
    planted = report.model_copy(deep=True)
    planted.sections[section] = planted.sections.get(section, "") + "\n" + sentence
    return planted


def test_a_combined_figure_that_the_tables_contradict(report):
    assert "text.claim_mismatch" not in codes(report)
    right = _with_text(report, f"全年予以公开及部分公开共{_granted(report)}件。")
    assert "text.claim_mismatch" not in codes(right)
    wrong = [f for f in check(_with_text(report, f"全年予以公开及部分公开共{_granted(report) + 2}件。"))
             if f.code == "text.claim_mismatch"]
    assert [f.cells for f in wrong] == [["requests.granted.total", "requests.partially_granted.total"]]
    assert f"之和为{_granted(report)}" in wrong[0].message


def test_unavailable_stated_against_the_table(report):
    stated = sum(v["total"] for k, v in report.requests.items() if k.startswith("unavailable_"))
    assert "text.claim_mismatch" not in codes(_with_text(report, f"因本机关不掌握等原因无法提供{stated}件。"))
    assert "text.claim_mismatch" in codes(_with_text(report, f"因本机关不掌握等原因无法提供{stated + 1}件。"))


def test_all_upheld_when_table_four_shows_a_correction(report):
    sentence = "本年度因政府信息公开被申请行政复议的案件均获维持。"
    upheld = report.model_copy(deep=True)
    upheld.review["reconsideration"] = {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}
    assert "text.claim_mismatch" not in codes(_with_text(upheld, sentence, "review"))
    corrected = report.model_copy(deep=True)
    corrected.review["reconsideration"] = {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3}
    found = [f for f in check(_with_text(corrected, sentence, "review")) if f.code == "text.claim_mismatch"]
    assert "正文“四、行政复议、行政诉讼情况”写“均获维持”" in [f.message.split("，")[0] for f in found]
    assert all("行政复议“结果纠正”为1、行政复议“尚未审结”为1" in f.message for f in found)


def test_all_done_while_some_are_carried_forward(report):
    sentence = "本年度收到的政府信息公开申请均已按时办结。"
    carried = report.cell("requests.carried_forward.total")
    found = [f for f in check(_with_text(report, sentence)) if f.code == "text.claim_mismatch"]
    assert [f.cells for f in found] == ([["requests.carried_forward.total"]] if carried else [])
    excepted = _with_text(report, f"除{carried}件结转下年度继续办理外，其余申请均已按时办结。")
    assert "text.claim_mismatch" not in codes(excepted)


def test_the_planted_reports_include_both_sides_of_all_done():
    carried = [random_report(s, t).cell("requests.carried_forward.total") for t, s in GENERATED]
    carried += [parse_file(d).cell("requests.carried_forward.total") for d in CORPUS]
    assert 0 in carried and any(carried)


def _fees(report, value):
    planted = report.model_copy(deep=True)
    planted.active["fees"]["amount_wan_yuan"] = value
    return planted


def test_an_amount_printed_in_yuan_under_a_wan_yuan_heading(report):
    if report.meta.template != "2021":
        pytest.skip("the 2019 format prints its one amount (采购总金额) with no unit")
    assert "unit.suspect" not in codes(report)
    found = [f for f in check(_fees(report, 2_513_000)) if f.code == "unit.suspect"]
    assert [f.cells for f in found] == [["active.fees.amount_wan_yuan"]]
    assert "251.3亿元" in found[0].message


def test_an_amount_ten_thousand_times_last_years(report):
    if report.meta.template != "2021":
        pytest.skip("the 2019 format prints its one amount (采购总金额) with no unit")
    last, this = _fees(report, 3.2), _fees(report, 32_000)
    found = [f for f in check_years(this, last) if f.code == "years.unit"]
    assert [f.cells for f in found] == [["active.fees.amount_wan_yuan"]] and "相差约10,000倍" in found[0].message
    assert "years.unit" not in [f.code for f in check_years(_fees(report, 4.1), last)]
    assert "unit.suspect" not in codes(this)


def test_an_error_on_a_cell_placed_by_order_is_a_warning(report):
    """A relation broken on cells whose place is unsure says so, as a warning; on sure cells it is an error."""
    planted = report.model_copy(deep=True)
    row = _busy_row(planted)
    planted.requests[row]["total"] += 1
    [sure] = [f for f in check(planted.model_copy(deep=True)) if f.code == "sum.row"]
    assert sure.severity == "error"
    planted.uncertain = {f"requests.{row}.total": "按数字顺序放入模板"}
    [unsure] = [f for f in check(planted) if f.code == "sum.row"]
    assert unsure.severity == "warning" and "位置不确定：按数字顺序放入模板" in unsure.message
