"""The DOCX reader: the national template, merged cells, what is left out, hostile packages, speed."""

import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from xxgk.errors import ReadError
from xxgk.read import Paragraph, ReadOptions, TableGrid, read
from xxgk.read.docx import READER


NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def read_docx(path: Path, **options):
    return READER.read(path, ReadOptions(**options))


def texts(layout) -> list:
    """Each block as its text, or as its rows of cell texts for a table."""
    return [b.texts() if isinstance(b, TableGrid) else b.text for b in layout.blocks]


def rezip(source: Path, target: Path, changes: dict) -> Path:
    """A copy of the zip ``source`` with members replaced (bytes), added, or removed (None)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in changes:
                dst.writestr(info.filename, src.read(info.filename))
        for name, data in changes.items():
            if data is not None:
                dst.writestr(name, data)
    return target


# --- the national template -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def template_path(corpus) -> Path:
    """The national 2021 format as published: blank number cells."""
    return corpus / "template" / "template_2021.docx"


@pytest.fixture(scope="session")
def template(template_path):
    return read_docx(template_path)


def _table_with(layout, text: str) -> TableGrid:
    return next(t for t in layout.tables if any(c.text == text for row in t.rows for c in row))


def test_template_headings_in_order(template):
    headings = [p.text for p in template.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert (template.kind, template.name) == ("docx", "template_2021.docx")


def test_template_requests_table_repeats_merged_cells(template):
    rows = _table_with(template, "一、本年新收政府信息公开申请数量").texts()
    assert {len(r) for r in rows} == {10}
    assert rows[0][3:] == ["申请人情况"] * 7
    assert rows[1][3:] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert rows[2][3:] == ["自然人", "商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert rows[0][0] == rows[1][2] == rows[2][1]  # the 勾稽关系 note covers three rows and three columns
    assert rows[0][0].startswith("（本列数据的勾稽关系为：")
    assert rows[3][:3] == ["一、本年新收政府信息公开申请数量"] * 3
    results = [r for r in rows if r[0] == "三、本年度办理结果"]
    assert len(results) == 22  # （一）予以公开 … （七）总计
    assert [r[1] for r in results].count("（三）不予公开") == 8
    assert results[2][1:3] == ["（三）不予公开", "1.属于国家秘密"]
    assert results[-1][1:3] == ["（七）总计", "（七）总计"]
    assert rows[-1][:3] == ["四、结转下年度继续办理"] * 3
    assert all(c == "" for r in rows[3:] for c in r[3:])  # the template's number cells are blank


def test_template_active_and_review_tables(template):
    active = _table_with(template, "行政规范性文件").texts()
    assert active[0] == ["第二十条第（一）项"] * 4
    assert active[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert active[5] == ["信息内容"] + ["本年处理决定数量"] * 3
    review = _table_with(template, "行政复议").texts()
    assert review[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert review[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert review[2][:5] == review[1][:5] == ["结果维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"]


def test_template_source_refs_count_the_body_blocks(template):
    indexes = [b.ref.index for b in template.blocks]
    assert indexes == sorted(indexes) and None not in indexes
    table = _table_with(template, "行政复议")
    assert {c.ref for row in table.rows for c in row} == {table.ref}
    heading = next(p for p in template.paragraphs if p.text.startswith("四、"))
    assert heading.ref.index < table.ref.index


def test_template_through_the_registry(template_path):
    assert read(template_path).kind == "docx"


def test_template_is_read_fast(template_path):
    best = min(_timed(read_docx, template_path) for _ in range(5))
    assert best < 0.060  # target 30 ms; the margin keeps a busy machine from failing the test


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


# --- documents built here ------------------------------------------------------------------------------------

def _append_xml(parent, xml: str):
    parent.append(parse_xml(xml))


@pytest.fixture
def built(tmp_path) -> Path:
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    lines = document.add_paragraph("一、总体情况")
    lines.add_run().add_break()
    lines.add_run("2023年，本局\t坚持……")
    document.add_paragraph("")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "申请人情况"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "三、本年度办理结果"
    table.cell(1, 1).merge(table.cell(2, 2)).text = "（三）不予公开"
    for r, c, text in ((1, 3, "1"), (2, 3, "2"), (3, 1, "a"), (3, 2, "b"), (3, 3, "3")):
        table.cell(r, c).text = text
    nested = document.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "外层"
    inner = nested.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内层甲", "内层乙"
    boxed = document.add_paragraph("正文")
    _append_xml(boxed._p, f"""<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>
        <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>备用文本框</w:t></w:r></w:p>
        </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>""")
    _append_xml(boxed._p, f"""<w:r {NS}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r>
        </w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>""")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f"""<w:sdt {NS}><w:sdtContent><w:p><w:r><w:t>六、其他需要报告的事项</w:t>
        </w:r></w:p></w:sdtContent></w:sdt>"""))
    path = tmp_path / "built.docx"
    document.save(path)
    return path


def test_built_document_blocks_in_order(built):
    layout = read_docx(built)
    assert texts(layout) == [
        "某某局2023年政府信息公开工作年度报告",
        "一、总体情况", "2023年，本局 坚持……",
        [["申请人情况"] * 4,
         ["三、本年度办理结果", "（三）不予公开", "（三）不予公开", "1"],
         ["三、本年度办理结果", "（三）不予公开", "（三）不予公开", "2"],
         ["三、本年度办理结果", "a", "b", "3"]],
        [["外层", "内层甲 内层乙"]],
        "正文",
        "六、其他需要报告的事项",
    ]
    # A line break splits a paragraph into two that share its place; the empty paragraph still counts.
    assert [b.ref.index for b in layout.blocks] == [0, 1, 1, 3, 4, 5, 6]


def test_tracked_changes_read_as_accepted(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("本年新收申请")
    _append_xml(paragraph._p, f'''<w:del {NS} w:id="1" w:author="a"><w:r><w:delText>12</w:delText></w:r></w:del>''')
    _append_xml(paragraph._p, f'''<w:ins {NS} w:id="2" w:author="a"><w:r><w:t>15</w:t></w:r></w:ins>''')
    paragraph.add_run("件")
    document.save(tmp_path / "tracked.docx")
    assert texts(read_docx(tmp_path / "tracked.docx")) == ["本年新收申请15件"]


def test_row_starting_after_skipped_grid_columns(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("甲", "乙", "丙")):
        table.cell(0, c).text = text
    table.cell(1, 2).text = "末"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {NS}><w:gridBefore w:val="2"/></w:trPr>'))
    document.save(tmp_path / "before.docx")
    assert texts(read_docx(tmp_path / "before.docx")) == [[["甲", "乙", "丙"], ["", "", "末"]]]


# --- hostile packages ----------------------------------------------------------------------------------------

def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(os.urandom(5000))
    with pytest.raises(ReadError):
        read_docx(path)
    with pytest.raises(ReadError):
        read(path)


def test_zip_head_then_garbage(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    assert READER.sniff(path.read_bytes()[:8192], path.name) == 60
    with pytest.raises(ReadError):
        read(path)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.999])
def test_truncated_docx(tmp_path, fraction, template_path):
    data = template_path.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(ReadError):
        read_docx(path)


def test_damaged_main_part(tmp_path, template_path):
    data = bytearray(template_path.read_bytes())
    with zipfile.ZipFile(template_path) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2000
    data[start:start + 64] = os.urandom(64)
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError):
        read_docx(path)


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="不是 Word 文档"):
        read_docx(path)


def test_main_part_that_is_not_xml(tmp_path, template_path):
    path = rezip(template_path, tmp_path / "bad.docx", {"word/document.xml": b"\x00\x01 not xml"})
    with pytest.raises(ReadError):
        read_docx(path)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A zip whose word/document.xml is 300 MB of zeros, compressed to about 300 KB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(300):
                member.write(zeros)
    return path


def test_zip_bomb_is_refused_without_unpacking(bomb):
    assert bomb.stat().st_size < 2_000_000
    start = time.perf_counter()
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_docx(bomb)
    assert time.perf_counter() - start < 0.5


def test_zip_bomb_is_refused_by_its_ratio_under_a_high_size_limit(bomb):
    with pytest.raises(ReadError, match="压缩比"):
        read_docx(bomb, max_unpacked_bytes=1 << 40)


def test_unpacked_size_limit(tmp_path):
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", b"<w:document/>" + bytes(100_000))
    with pytest.raises(ReadError, match="解压后过大"):
        read_docx(path, max_unpacked_bytes=50_000)


def _with_entity(document_xml: bytes, secret: Path) -> bytes:
    """The XML with a DTD that declares an external entity on ``secret``, used in the first text run."""
    head, rest = document_xml.split(b"?>", 1)
    dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    return head + b"?>" + dtd + rest.replace("政府信息公开工作年度报告格式模板".encode(), b"&xxe;", 1)


def test_external_entity_in_the_main_part_is_refused(tmp_path, template_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    with zipfile.ZipFile(template_path) as z:
        xml = _with_entity(z.read("word/document.xml"), secret)
    path = rezip(template_path, tmp_path / "xxe.docx", {"word/document.xml": xml})
    with pytest.raises(ReadError, match="DTD"):
        read_docx(path)


def test_external_entity_in_another_part_does_not_leak(tmp_path, template_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    with zipfile.ZipFile(template_path) as z:
        styles = z.read("word/styles.xml")
    head, rest = styles.split(b"?>", 1)
    dtd = f'<!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    styles = head + b"?>" + dtd + rest.replace(b"</w:styles>", b"<w:unknown>&xxe;</w:unknown></w:styles>")
    path = rezip(template_path, tmp_path / "xxe.docx", {"word/styles.xml": styles})
    try:
        layout = read_docx(path)
    except ReadError:
        return
    assert "TOP-SECRET" not in repr(layout)
    assert any(p.text == "一、总体情况" for p in layout.paragraphs)


# --- automatic list numbers ----------------------------------------------------------------------------------

NUMBERING = f"""<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""


def _numbered(paragraph, num_id: str, level: str | None = None):
    level_xml = f'<w:ilvl w:val="{level}"/>' if level is not None else ""
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}>{level_xml}<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_automatic_list_numbers_are_shown(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    heading = document.styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    heading.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="1"/></w:numPr>'))
    sub_heading = document.styles.add_style("报告小标题", WD_STYLE_TYPE.PARAGRAPH)
    sub_heading.base_style = heading

    document.add_paragraph("总体情况", style="报告标题")
    _numbered(document.add_paragraph("主动公开"), "1", "1")
    _numbered(document.add_paragraph("依申请公开", style="报告小标题"), "1", "1")
    document.add_paragraph("主动公开政府信息情况", style="报告标题")
    _numbered(document.add_paragraph("规章"), "1", "1")
    _numbered(document.add_paragraph("要点"), "2")
    table = document.add_table(rows=1, cols=2)
    _numbered(table.cell(0, 0).paragraphs[0], "1", "2").add_run("属于国家秘密")
    table.cell(0, 1).text = "0"
    _numbered(document.add_paragraph("存在的主要问题及改进情况"), "3", "0")
    _numbered(document.add_paragraph("未编号", style="报告标题"), "0")
    document.save(tmp_path / "numbered.docx")

    assert texts(read_docx(tmp_path / "numbered.docx")) == [
        "一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况", "（一）规章", "要点",
        [["1.属于国家秘密", "0"]], "五、存在的主要问题及改进情况", "未编号"]


@pytest.mark.parametrize("n, fmt, shown", [
    (3, "chineseCounting", "三"), (11, "chineseCounting", "十一"), (20, "chineseCountingThousand", "二十"),
    (99, "chineseCounting", "九十九"), (120, "chineseCounting", "120"), (2, "ideographTraditional", "乙"),
    (3, "upperLetter", "C"), (28, "lowerLetter", "bb"), (14, "upperRoman", "XIV"), (3, "decimalEnclosedCircle", "③"),
    (12, "decimalFullWidth", "１２"), (7, "decimalZero", "07"), (7, "decimal", "7"), (7, "someNewFormat", "7"),
])
def test_number_formats(n, fmt, shown):
    from xxgk.read.docx import _format_number
    assert _format_number(n, fmt) == shown
