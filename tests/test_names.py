"""Agency names as printed: the regions they begin with, their kind, their credit code, their normal form."""

import pytest

from xxgk.names import agency_kind, credit_code, name_key, places, plainly_same


def test_regions_are_read_widest_first():
    assert [(p.name, p.kind) for p in places("淮安市洪泽区人民政府")] == [("淮安市", "city"), ("洪泽区", "county")]
    assert [p.name for p in places("山东省淄博市张店区马尚街道办事处")] == ["山东省", "淄博市", "张店区", "马尚街道"]
    assert [(p.name, p.kind) for p in places("淄博高新技术产业开发区管理委员会")] == [("淄博高新技术产业开发区", "zone")]
    assert places("区财政局") == []


def test_a_department_name_is_not_a_region():
    assert [p.name for p in places("淄博市市场监督管理局")] == ["淄博市"]


@pytest.mark.parametrize("name, kind", [
    ("淮安市洪泽区人民政府", "government"), ("淄博市工业和信息化局", "department"),
    ("临淄区人民政府办公室", "department"), ("淄博高新区管委会", "zone_committee"),
    ("淮安经济技术开发区", "zone_committee"), ("淄博市张店区马尚街道办事处", "subdistrict"),
])
def test_kind_of_agency(name, kind):
    assert agency_kind(name) == kind


def test_short_and_long_spellings_share_a_key():
    assert name_key("淄博高新区管委会") == name_key("淄博高新技术产业开发区管理委员会") == name_key("淄博高新技术产业开发区")
    assert name_key("淄博经济开发区管理委员会") != name_key("淄博高新区管委会")


def test_plainly_the_same_agency():
    assert plainly_same("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert not plainly_same("区财政局", "洪泽区财政局")  # "区" names no region
    assert not plainly_same("人民政府", "淮安市人民政府")
    assert not plainly_same("洪泽区人民政府", "洪泽区财政局")


def test_credit_code_from_index_number():
    assert credit_code("113208007833785008/2025-00001") == "113208007833785008"
    assert credit_code("11370300004215151Q/2024-0035") == "11370300004215151Q"
    assert credit_code("XA-2024-00001") is None and credit_code(None) is None
