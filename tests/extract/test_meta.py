"""The agency and year are read from the title as agencies print it."""

import pytest

from xxgk.extract.meta import read_meta
from xxgk.read import Paragraph


@pytest.mark.parametrize("lines, agency, year", [
    (["淄博市工业和信息化局 2024 年政府信息 公开工作年度报告"], "淄博市工业和信息化局", 2024),
    (["淄博经济开发区管理委员会", "2024年政府信息公开工作年度报告"], "淄博经济开发区管理委员会", 2024),
    (["2023年度淄博市生态环境局政府信息公开工作年度报告"], "淄博市生态环境局", 2023),
    (["某县人民政府关于2022年政府信息公开工作年度报告"], "某县人民政府", 2022),
    (["某市交通运输局2021年度政府信息", "公开工作年度报告"], "某市交通运输局", 2021),
    (["当前位置：首页 > 政府信息公开 > 年度报告", "2020年政府信息公开工作年度报告"], None, 2020),
])
def test_title(lines, agency, year):
    meta = read_meta([Paragraph(t) for t in lines], [])
    assert meta.get("agency") == agency and meta.get("year") == year


def test_year_from_the_statistics_period_when_the_title_has_none():
    meta = read_meta([], [Paragraph("本报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。")])
    assert meta["year"] == 2023


def test_page_fields_as_label_and_value():
    meta = read_meta([Paragraph("索引号：11370300004/2024-00012"), Paragraph("发布日期：2024年1月25日")], [])
    assert meta["index_no"] == "11370300004/2024-00012" and meta["published"] == "2024-01-25"
