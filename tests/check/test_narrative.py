"""Which sentences state a table count, and which count something else."""

import pytest

from xxgk.check.narrative import statements


def _read(text, year=2024):
    return {s.name: n for s, n, _, _ in statements(text, year)}


@pytest.mark.parametrize("text, found", [
    ("全年共受理政府信息公开申请120件，其中网上申请100件，信函申请20件。", {"received": 120}),
    ("2024年，区政府办代表区政府受理政府信息\n信息公开申请17件，均已在法定期限内予以答复。", {}),
    ("全区共收到政府信息公开申请件49件，44件依法依规进行答复，5件结转到下年继续办理。",
     {"received": 49, "processed": 44, "carried_forward": 5}),
    ("受理依申请公开信息27件，2023年度结转6件。按时办结数31件，结转2025年度继续办理2件。",
     {"received": 27, "carried_over": 6, "processed": 31, "carried_forward": 2}),
    ("因政府信息公开被申请行政复议1件，被提起行政诉讼2件。", {"reconsideration": 1, "litigation": 2}),
    ("收到行政复议申请2件。", {"reconsideration": 2}),
    ("本年度共收到政府信息公开申请35件（含上年结转2件）。", {}),
    ("同意公开答复数8件，不同意公开答复数0件。", {}),
    ("督促指导全区各部门单位依申请公开事项95件。", {}),
    ("共收到申请5件，较去年上升1件。", {"received": 5}),
    ("行政复议决定维持1件。", {}),
    ("2022年度结转6件。", {}),
])
def test_statements(text, found):
    assert _read(text) == found
