"""The HTML reader: charset, merged cells, layout tables, what is skipped, hostile pages, speed."""

import os
import random
from html import escape
import time

import pytest

from xxgk.errors import ReadError
from xxgk.read import Paragraph, ReadOptions, TableGrid, choose
from xxgk.read.text import parse_text
from xxgk.read.html import READER, parse_html



def page(body: str, head: str = "<meta charset='utf-8'>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode("utf-8")


def texts(layout) -> list:
    """Each block as its text, or as its rows of cell texts for a table."""
    return [b.texts() if isinstance(b, TableGrid) else b.text for b in layout.blocks]


# --- sniffing ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("head", [
    b"<!DOCTYPE html><html>",
    b"\xef\xbb\xbf  \r\n<HTML lang=zh>",
    b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">',
    b"<!-- saved from url=(0040)http://www.example.gov.cn/ -->\n<html>",
    b"\n<table border=1><tr><td>",
    b"<div class='article'>",
    b"<p>\xd2\xbb\xa1\xa2",
    "<html>".encode("utf-16"),
])
def test_sniff_claims_pages(head):
    assert READER.sniff(head, "report.html") == 50


def test_sniff_claims_a_page_named_txt_over_the_text_reader():
    assert choose(b"<!doctype html>\n<html><body><p>", "report.txt").kind == "html"


def test_sniff_weaker_claim_on_text_that_holds_a_table_tag():
    assert READER.sniff("说明文字\n<table><tr><td>".encode(), "a") == 40


@pytest.mark.parametrize("head", [
    "一、总体情况\n2023年，本机关……".encode(), b"PK\x03\x04\x14\x00", b"%PDF-1.7\n", bytes(range(256)), b"",
])
def test_sniff_refuses_what_is_not_html(head):
    assert READER.sniff(head, "report.html") is None


def test_sniff_never_raises_on_random_bytes():
    rng = random.Random(7)
    for _ in range(200):
        READER.sniff(bytes(rng.randrange(256) for _ in range(rng.randrange(64))), "x.html")


# --- charsets ------------------------------------------------------------------------------------------------

def test_gbk_bytes_declared_gb2312():
    data = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>"
            "<body><p>二、主动公开政府信息情况</p></body></html>").encode("gbk")
    assert texts(parse_html(data)) == ["二、主动公开政府信息情况"]


def test_utf8_bytes_under_an_old_gb2312_declaration():
    data = ("<html><head><meta charset='gb2312'></head><body><p>三、收到和处理政府信息公开申请情况</p></body></html>"
            ).encode("utf-8")
    assert texts(parse_html(data)) == ["三、收到和处理政府信息公开申请情况"]


def test_charset_declared_after_a_long_script():
    data = ("<html><head><script>" + "var a = 1;\n" * 2000 + "</script><meta charset='big5'></head>"
            "<body><p>政府資訊公開</p></body></html>").encode("big5")
    assert texts(parse_html(data)) == ["政府資訊公開"]


def test_gb18030_bytes_without_declaration():
    data = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode("gb18030")
    assert texts(parse_html(data)) == ["政府信息公开工作年度报告"]


def test_utf8_bom_without_meta():
    data = "\ufeff<html><body><p>行政复议</p></body></html>".encode("utf-8")
    assert texts(parse_html(data)) == ["行政复议"]


def test_xhtml_with_xml_declaration():
    data = ('<?xml version="1.0" encoding="gbk"?><html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><p>总体情况</p></body></html>").encode("gbk")
    assert texts(parse_html(data)) == ["总体情况"]


# --- tables --------------------------------------------------------------------------------------------------

# The head of table 三 of the national format, written with merged cells as published pages write it.
REQUESTS_TABLE = """
<table border="1">
  <tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
      <td colspan="7">申请人情况</td></tr>
  <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
  <tr><td>商业<br>企业</td><td><p>科研</p><p>机构</p></td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
  <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
      <td>12</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>15</td></tr>
  <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
      <td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
  <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td>
      <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
  <tr><td>2.其他法律行政法规禁止公开</td>
      <td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>"""


def test_rowspan_and_colspan_are_repeated_into_every_place_they_cover():
    [grid] = parse_html(page(REQUESTS_TABLE)).tables
    rows = grid.texts()
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert rows[0] == [note] * 3 + ["申请人情况"] * 7
    assert rows[1] == [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert rows[2] == [note] * 3 + ["自然人", "商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert rows[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["12", "3", "0", "0", "0", "0", "15"]
    assert [r[0] for r in rows[4:]] == ["三、本年度办理结果"] * 3
    assert rows[4][1:3] == ["（一）予以公开"] * 2
    assert [r[1:3] for r in rows[5:]] == [["（三）不予公开", "1.属于国家秘密"],
                                          ["（三）不予公开", "2.其他法律行政法规禁止公开"]]
    assert rows[6][3:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert {len(r) for r in rows} == {10}


def test_cell_text_collapses_whitespace_and_nbsp():
    [grid] = parse_html(page("<table><tr><td>&nbsp;本年新收&nbsp;\n  申请</td><td>\u3000</td>"
                             "<td><span>本年</span><span>新收</span></td></tr></table>")).tables
    assert grid.texts() == [["本年新收 申请", "", "本年新收"]]


def test_ragged_rows_are_padded_and_bad_spans_are_tolerated():
    [grid] = parse_html(page("<table><tr><td colspan='x'>a</td><td rowspan='0'>b</td><td>c</td></tr>"
                             "<tr><td>d</td></tr><tr></tr><tr><td colspan='9999'>e</td></tr></table>")).tables
    rows = grid.texts()
    assert rows[0] == ["a", "b", "c"] + [""] * 97  # a span is capped at 100 columns
    assert rows[1][:3] == ["d", "b", ""]
    assert rows[2][:3] == ["", "b", ""]  # an empty row that a rowspan reaches is kept
    assert rows[3][:3] == ["e", "b", "e"] and len(rows) == 4


def test_empty_row_that_nothing_reaches_is_left_out():
    [grid] = parse_html(page("<table><tr><td>a</td><td>b</td></tr><tr></tr><tr><td>c</td></tr></table>")).tables
    assert grid.texts() == [["a", "b"], ["c", ""]]


def test_table_in_a_layout_table_comes_out_as_its_own_grid_in_order():
    body = f"""<table width="100%"><tr><td class="nav">首页</td>
      <td><h2>三、收到和处理政府信息公开申请情况</h2>{REQUESTS_TABLE}<p>四、政府信息公开行政复议、行政诉讼情况</p>
      <table><tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>0</td><td>0</td></tr></table></td></tr></table>"""
    layout = parse_html(page(body))
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph", "Paragraph", "TableGrid", "Paragraph", "TableGrid"]
    assert layout.paragraphs[1].text == "三、收到和处理政府信息公开申请情况"
    assert layout.tables[0].texts()[3][0] == "一、本年新收政府信息公开申请数量"
    assert layout.tables[1].texts() == [["行政复议", "行政诉讼"], ["0", "0"]]


def test_single_column_table_is_layout_and_its_lines_are_paragraphs():
    body = "<table><tr><td>一、总体情况<br>2023年，本局……<p>（一）主动公开</p></td></tr></table>"
    assert texts(parse_html(page(body))) == ["一、总体情况", "2023年，本局……", "（一）主动公开"]


def test_table_cell_holding_an_article_is_layout():
    article = "<p>" + "本机关认真贯彻落实政府信息公开条例。" * 40 + "</p>"
    body = f"<table><tr><td>栏目</td><td><p>一、总体情况</p>{article}</td></tr></table>"
    layout = parse_html(page(body))
    assert not layout.tables
    assert texts(layout)[:2] == ["栏目", "一、总体情况"]


def test_caption_comes_before_its_table():
    body = "<table><caption>（一）主动公开</caption><tr><td>规章</td><td>0</td></tr></table>"
    assert texts(parse_html(page(body))) == ["（一）主动公开", [["规章", "0"]]]


# --- text outside tables ------------------------------------------------------------------------------------

def test_paragraphs_per_block_and_per_br_line_and_what_is_skipped():
    body = """<nav><a href="/">首页</a><a>政务公开</a></nav>
<header><img alt="logo">某某市人民政府门户网站</header>
<div class="content"><h1>某某局2023年政府信息公开工作年度报告</h1>
<div>本报告由<b>某某局</b>编制。</div>
一、总体情况<br/>2023年，本局坚持……<br><br>
<script>document.write("<p>脚本</p>")</script><style>p {color: red}</style><noscript>请开启脚本</noscript>
<ul><li>主动公开</li><li>依申请公开</li></ul>
<select><option>部门网站</option></select>
</div><footer>版权所有：某某局</footer>"""
    assert texts(parse_html(page(body, head="<title>标题</title>"))) == [
        "某某局2023年政府信息公开工作年度报告", "本报告由某某局编制。", "一、总体情况", "2023年，本局坚持……",
        "主动公开", "依申请公开"]


def test_hidden_elements_and_word_html_leftovers_are_left_out():
    body = """<table><tr><td>规章</td><td>0</td></tr>
<![if !supportMisalignedColumns]><tr height=0 style='display: none'><td width=64></td><td width=64></td></tr><![endif]>
</table><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>x</o:OfficeDocumentSettings></xml><![endif]-->
<p>正文<o:p></o:p></p><p style="DISPLAY:NONE">隐藏</p><div hidden>隐藏</div>"""
    assert texts(parse_html(page(body))) == [[["规章", "0"]], "正文"]


def test_header_inside_an_article_is_kept():
    body = "<header>站点</header><article><header><h1>2023年度报告</h1></header><p>正文</p></article>"
    assert texts(parse_html(page(body))) == ["2023年度报告", "正文"]


def test_source_lines():
    data = "<html><body>\n<p>第一段</p>\n\n<table>\n<tr><td>a</td><td>b</td></tr></table></body></html>".encode()
    layout = parse_html(data)
    assert layout.paragraphs[0].ref.line == 2
    assert layout.tables[0].ref.line == 4
    assert layout.tables[0].rows[0][1].ref.line == 5


def test_read_through_the_registry(tmp_path):
    from xxgk.read import read
    path = tmp_path / "report.txt"
    path.write_bytes(page("<p>一、总体情况</p>"))
    layout = read(path)
    assert (layout.kind, layout.name, texts(layout)) == ("html", "report.txt", ["一、总体情况"])


# --- hostile pages -------------------------------------------------------------------------------------------

def test_external_entity_does_not_leak_a_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    data = (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<html><body><p>a&xxe;b</p><table><tr><td>&xxe;</td><td>1</td></tr></table></body></html>").encode()
    layout = parse_html(data)
    assert "TOP-SECRET" not in repr(layout)


@pytest.mark.parametrize("data", [os.urandom(4096), b"\x00" * 100])
def test_binary_content_is_a_read_error(tmp_path, data):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(ReadError):
        READER.read(path, ReadOptions())


def test_empty_page_is_a_read_error(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"  \n ")
    with pytest.raises(ReadError):
        READER.read(path, ReadOptions())


def test_deep_nesting_and_truncation_do_not_break_the_reader():
    data = ("<div>" * 5000 + "深处" + "<table><tr><td>a<td>b").encode()
    assert isinstance(parse_html(data).blocks, tuple)


# --- real reports --------------------------------------------------------------------------------------------

def _as_page(layout) -> bytes:
    """A Layout written back as a web page: one <p> per paragraph, one <table> per grid."""
    out = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{escape(block.text)}</p>")
        else:
            out.append("<table border='1'>" + "".join(
                "<tr>" + "".join(f"<td>{escape(c.text)}</td>" for c in row) + "</tr>" for row in block.rows)
                + "</table>")
    return page("\n".join(out))


def test_seed_reports_written_as_pages_read_back_the_same(corpus):
    seeds = sorted((corpus / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        original = parse_text(seed.read_text(encoding="utf-8"))
        layout = parse_html(_as_page(original))
        assert texts(layout) == [_padded(b) for b in original.blocks], seed.name
        assert any(p.text.startswith("三、收到和处理政府信息公开申请情况") for p in layout.paragraphs), seed.name
        assert any(c.text == "一、本年新收政府信息公开申请数量" for t in layout.tables for r in t.rows for c in r)


def _padded(block):
    """A block's text, or its table's rows padded to one width (the text reader keeps ragged rows)."""
    if isinstance(block, Paragraph):
        return block.text
    width = max(len(r) for r in block.rows)
    return [[c.text for c in r] + [""] * (width - len(r)) for r in block.rows]


def typical_page() -> bytes:
    """A report page the size of a typical one (~40 KB): site chrome, 30 paragraphs, the three tables."""
    chrome = "".join(f"<li><a href='/col/{i}'>栏目{i}</a></li>" for i in range(60))
    paragraphs = "".join(f"<p style='text-indent:2em'><span style='font-family:仿宋'>　　（{i}）本机关按照条例要求，"
                         f"主动公开政府信息{i * 7}条，其中规范性文件{i}件。</span></p>" for i in range(30))
    word_cell = "<td style='border:solid windowtext 1.0pt;padding:0cm'><p class=MsoNormal align=center>" \
                "<span lang=EN-US style='font-size:10.5pt'>{}</span></p></td>"
    rows = "".join("<tr>" + word_cell.format(f"（{r}）属于行政执法案卷") +
                   "".join(word_cell.format(r * c) for c in range(9)) + "</tr>" for r in range(30))
    body = (f"<div class='top'><ul>{chrome}</ul></div><div class='article'><h1>2023年政府信息公开工作年度报告</h1>"
            f"{paragraphs}{REQUESTS_TABLE}<table>{rows}</table>{REQUESTS_TABLE}</div>")
    return page(body)


def test_a_typical_page_is_read_fast():
    data = typical_page()
    assert 30_000 < len(data) < 60_000
    best = min(_timed(parse_html, data) for _ in range(5))
    assert best < 0.030  # target 10 ms; the margin keeps a busy machine from failing the test


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start

