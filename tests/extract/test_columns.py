"""Where a grid keeps true positions (HTML, DOCX, PDF), values go under the heading printed above them."""

from __future__ import annotations

from xxgk.extract import extract
from xxgk.read import Cell, Layout, Paragraph, TableGrid
from xxgk.template import load


def _grid(rows):
    return TableGrid(tuple(tuple(Cell(t) for t in row) for row in rows))


def _requests_grid(order, spacer=False):
    """Table 三 with its applicant columns in ``order``, optionally an empty spacer column after the first."""
    spec = load("2021").requests
    labels = {c.key: c.label for c in spec.columns}

    def line(cells):
        return cells[:1] + [""] + cells[1:] if spacer else cells

    rows = [["", ""] + line([labels[k] for k in order])]
    for i, row in enumerate(spec.rows):
        if row.legacy:
            continue
        values = {k: str(i) for k in order}
        values["total"] = str(6 * i)
        rows.append([row.group or row.section, row.label] + line([values[k] for k in order]))
    return rows


def _report(rows):
    return extract(Layout((Paragraph("某局2024年政府信息公开工作年度报告"), Paragraph("三、收到和处理政府信息公开申请情况"),
                           _grid(rows))))


def test_columns_printed_in_another_order_are_read_by_their_headings():
    keys = [c.key for c in load("2021").requests.columns]
    order = ["total"] + keys[:-1]
    report = _report(_requests_grid(order))
    assert report.requests["granted"]["total"] == 12 and report.requests["granted"]["natural_person"] == 2
    assert not [f for f in report.findings if f.code.startswith("layout.")]


def test_an_empty_spacer_column_is_not_a_value():
    keys = [c.key for c in load("2021").requests.columns]
    report = _report(_requests_grid(keys, spacer=True))
    assert report.requests["carried_over"] == {k: (6 if k == "total" else 1) for k in keys}
    assert not [f for f in report.findings if f.code.startswith("layout.")]


def test_review_columns_by_their_three_heading_rows():
    spec = load("2021").review
    cols = [c.label for c in spec.columns]
    rows = [["行政复议"] * 5 + ["行政诉讼"] * 10,
            cols + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
            cols + cols + cols,
            [str(i) for i in range(15)]]
    report = extract(Layout((Paragraph("四、政府信息公开行政复议、行政诉讼情况"), _grid(rows))))
    assert report.review["litigation_direct"] == {"upheld": 5, "corrected": 6, "other": 7, "pending": 8, "total": 9}
