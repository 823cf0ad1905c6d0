"""Render a report, read the file back with the parser, and get the same report.

Every cell of the three tables must come back as it was (a blank as None), with the agency, year and format, the
narrative sections, and no error-level finding where the report is consistent. The reports are made-up ones that
are right by construction (``random_report``) and the hand-checked answers of the shared corpus.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import CORPUS, labelled_documents
from xxgk.model import Report, Severity
from xxgk.pipeline import parse_file
from xxgk.render import render
from xxgk.render.sample import random_report
from xxgk.template import load

FORMATS = ("html", "docx", "pdf", "xlsx", "txt")
SEEDS = (0, 1, 2, 3, 4)
TEMPLATES = ("2021", "2019")


def roundtrip(report: Report, fmt: str, tmp_path: Path, **options) -> Report:
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(render(report, fmt, **options))
    return parse_file(path)


def all_paths(report: Report) -> set[str]:
    """Every cell the report's format prints (a blank or absent cell reads as None)."""
    template = load(report.meta.template)
    paths = {f"active.{r.key}.{c}" for r in template.active.rows for c in r.columns}
    paths |= {f"review.{g.key}.{c.key}" for g in template.review.groups for c in template.review.columns}
    return paths | {path for path, _ in report.cells()}


def differences(expected: Report, got: Report) -> list[tuple[str, object, object]]:
    return [(p, expected.cell(p), got.cell(p))
            for p in sorted(all_paths(expected) | {p for p, _ in got.cells()}) if expected.cell(p) != got.cell(p)]


def errors(report: Report) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in report.findings if f.severity is Severity.ERROR]


def assert_same(expected: Report, got: Report) -> None:
    assert differences(expected, got) == []
    assert (got.meta.agency, got.meta.year, got.meta.template) == \
        (expected.meta.agency, expected.meta.year, expected.meta.template)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("seed", SEEDS)
def test_consistent_report_comes_back_whole(seed, template, fmt, tmp_path):
    report = random_report(seed, template)
    got = roundtrip(report, fmt, tmp_path)
    assert_same(report, got)
    assert errors(got) == []
    assert got.sections == report.sections
    assert [f.code for f in got.findings if f.code == "text.table_mismatch"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_2021_report_keeping_the_single_other_row(fmt, tmp_path):
    """A 2021 report that prints （六）其他处理 as one row is rendered so, and read back so, with its warning."""
    report = random_report(11, "2021", legacy_other=True)
    assert "other" in report.requests and "other_misc" not in report.requests
    got = roundtrip(report, fmt, tmp_path)
    assert_same(report, got)
    assert errors(got) == []
    assert "template.old_other_row" in {f.code for f in got.findings}


def blanked(report: Report, seed: int, share: float = 0.15) -> Report:
    """The report with about ``share`` of its cells left blank (None)."""
    rng = random.Random(seed)
    data = report.model_copy(deep=True)
    for table in ("active", "requests", "review"):
        for row in getattr(data, table).values():
            for column in row:
                if rng.random() < share:
                    row[column] = None
    return data


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("blank", ["", "/", "—"])
@pytest.mark.parametrize("seed", (5, 6))
def test_blank_cells_come_back_blank(seed, blank, fmt, tmp_path):
    """Cells printed empty, as "/" or as "—" are read as None, never as 0."""
    report = blanked(random_report(seed, "2021" if seed % 2 else "2019"), seed)
    assert any(v is None for _, v in report.cells())
    got = roundtrip(report, fmt, tmp_path, blank=blank)
    assert_same(report, got)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_cell_blank(fmt, tmp_path):
    """The national form filled in with nothing at all: every cell None."""
    report = blanked(random_report(8), 8, share=1.0)
    got = roundtrip(report, fmt, tmp_path, blank="/")
    assert_same(report, got)
    assert all(v is None for _, v in got.cells())


def pages_holding(path: Path, *texts: str) -> list[int]:
    """For each text, the first page (0-based) whose text layer holds it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        pages = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    finally:
        pdf.close()
    return [next(i for i, page in enumerate(pages) if text in page) for text in texts]


@pytest.mark.parametrize("options", [
    {"break_requests_at": 12},
    {"break_requests_at": 12, "repeat_header": True},
    {"break_requests_at": 4},
    {"page_size": "A5"},
    {"page_size": "A5", "font_size": 14, "repeat_header": True},
], ids=["forced", "forced-header-repeated", "forced-after-first-row", "a5", "a5-large-repeated"])
@pytest.mark.parametrize("seed", (0, 9))
def test_requests_table_over_a_page_break(seed, options, tmp_path):
    """Table 三 runs on to the next page; the reader joins its two parts into one table."""
    report = random_report(seed, "2021" if seed % 2 == 0 else "2019")
    path = tmp_path / "report.pdf"
    path.write_bytes(render(report, "pdf", **options))
    spec = load(report.meta.template).requests
    first, last = pages_holding(path, spec.row("received_new").label, spec.row("carried_forward").label)
    assert last > first
    got = parse_file(path)
    assert_same(report, got)
    assert errors(got) == []


@pytest.mark.parametrize("break_at", (12, 20))
def test_requests_table_over_a_page_break_in_word(break_at, tmp_path):
    report = random_report(3)
    got = roundtrip(report, "docx", tmp_path, break_requests_at=break_at)
    assert_same(report, got)


HEAD = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{title}_政府信息公开</title>
<script>var _hmt = _hmt || []; document.write("欢迎访问");</script>
<style>.nav li {{ display: inline; }}</style></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a></div>
<div class="nav"><ul><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/zfxxgk/ndbg">政府信息公开年报</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk">政府信息公开</a> &gt; 年度报告</div>
<div class="main">
"""
SIDE_MENU = """<div class="left"><ul><li><a href="/zfxxgk/zn">政府信息公开指南</a></li>
<li><a href="/zfxxgk/zd">政府信息公开制度</a></li><li><a href="/zfxxgk/fdzdgknr">法定主动公开内容</a></li></ul></div>
"""
ARTICLE = """<div class="right"><div class="article"><div class="content"><div id="zoom">
{report}
</div></div></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【打印本页】【关闭窗口】</div></div></div>
<div class="footer"><p>主办单位：{agency}　网站标识码：3703000001　鲁ICP备05001234号</p>
<p>联系电话：0533-1234567　地址：某某路1号</p></div>
</body></html>
"""


def site_page(report: Report, side_menu: bool) -> bytes:
    """The report as a government site shows it: GBK, a menu bar, a breadcrumb, the report in nested divs, share
    links and a footer; with ``side_menu`` a column of links just before the report."""
    fragment = render(report, "html", fragment=True, encoding="gbk").decode("gbk")
    page = HEAD.format(title=report.meta.agency) + (SIDE_MENU if side_menu else "") + \
        ARTICLE.format(report=fragment, agency=report.meta.agency)
    return page.encode("gbk")


CHROME = pytest.mark.parametrize("side_menu", (False, True), ids=("menu-bar", "side-menu"))


@CHROME
@pytest.mark.parametrize("seed", (0, 1))
def test_gbk_page_with_site_chrome(seed, side_menu, tmp_path):
    """The report inside nested divs of a GBK-encoded government site page, among menus, links and a footer: its
    cells, year and format."""
    report = random_report(seed, "2021" if seed == 0 else "2019")
    path = tmp_path / "report.html"
    path.write_bytes(site_page(report, side_menu))
    got = parse_file(path)
    assert differences(report, got) == []
    assert (got.meta.year, got.meta.template) == (report.meta.year, report.meta.template)
    assert errors(got) == []
    # The page's text after the report (share links, the footer) may run on into 六; the report's text comes first.
    assert all(got.sections.get(key, "").startswith(text) for key, text in report.sections.items())


@CHROME
@pytest.mark.parametrize("seed", (0, 1))
def test_gbk_page_with_site_chrome_agency(seed, side_menu, tmp_path):
    """The agency is the one the report's title names, not a menu item or the breadcrumb printed above it."""
    report = random_report(seed, "2021" if seed == 0 else "2019")
    path = tmp_path / "report.html"
    path.write_bytes(site_page(report, side_menu))
    assert parse_file(path).meta.agency == report.meta.agency


def test_gbk_page_declares_its_charset(tmp_path):
    report = random_report(2)
    data = render(report, "html", encoding="gbk")
    assert b'<meta charset="gbk">' in data
    assert report.meta.agency.encode("gbk") in data
    path = tmp_path / "report.html"
    path.write_bytes(data)
    assert_same(report, parse_file(path))


def corpus_reports() -> list:
    """Each hand-checked answer of the corpus as a Report, "?" (value unknown) taken as a blank cell."""
    cases = []
    for _, label in labelled_documents():
        data = json.loads(label.read_text(encoding="utf-8"))
        for table in ("active", "requests", "review"):
            for row in data.get(table, {}).values():
                for column, value in row.items():
                    if value == "?":
                        row[column] = None
        cases.append(pytest.param(Report.from_dict(data), id=label.name.removesuffix(".expected.json")))
    return cases


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("report", corpus_reports())
def test_corpus_answer_comes_back_whole(report, fmt, tmp_path):
    """A real report's numbers, however inconsistent, are printed and read back cell for cell."""
    got = roundtrip(report, fmt, tmp_path)
    assert_same(report, got)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", (13, 14))
def test_title_with_the_agency_on_a_line_of_its_own(seed, fmt, tmp_path):
    """"X局" above "2024年政府信息公开工作年度报告", as many reports print their title."""
    report = random_report(seed, "2021" if seed % 2 else "2019")
    got = roundtrip(report, fmt, tmp_path, title_break=True)
    assert_same(report, got)
    assert errors(got) == []


def test_narrative_wrapped_on_a_narrow_page(tmp_path):
    report = random_report(82, "2019")
    got = roundtrip(report, "pdf", tmp_path, page_size="A5")
    assert_same(report, got)
    assert got.sections == report.sections


def test_title_wrapped_over_three_lines(tmp_path):
    report = random_report(111, "2019")
    got = roundtrip(report, "pdf", tmp_path, page_size="A5", font_size=14)
    assert differences(report, got) == []
    assert got.meta.agency == report.meta.agency
