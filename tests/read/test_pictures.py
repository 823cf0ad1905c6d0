"""Tables published as pictures inside a Word document or a web page, read back cell for cell.

A rendered report's tables are cut out of its PDF pages rasterised at 150 dpi and put where the tables stood (a
table running over two pages becomes two pictures one after the other); the text stays text.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import docx
import numpy as np
from docx.shared import Inches
from lxml import etree
from PIL import Image

from tests import scanmaker
from xxgk.model import Report
from xxgk.pipeline import parse_file
from xxgk.read import Paragraph, SourceRef, TableGrid, read
from xxgk.read import pictures
from xxgk.render import render
from xxgk.render.sample import random_report

DPI = 150
_MARGIN = 4.0  # points around a table's cells


def wrong(expected: Report, got: Report) -> list[tuple[str, object, object]]:
    return [(p, v, got.cell(p)) for p, v in expected.cells() if got.cell(p) != v]


def table_pictures(report: Report, folder: Path) -> list[list[bytes]]:
    """Each table of the report's PDF as PNG pictures at 150 dpi, one per page it is printed on."""
    pdf = folder / "printed.pdf"
    pdf.write_bytes(render(report, "pdf"))
    pages = scanmaker.pages(pdf, DPI)
    out = []
    for grid in read(pdf).tables:
        boxes: dict[int, list] = {}
        for row in grid.rows:
            for cell in row:
                boxes.setdefault(cell.ref.page, []).append(cell.ref.box)
        pieces = []
        for page, cells in sorted(boxes.items()):
            x0, top = (min(b[i] for b in cells) - _MARGIN for i in (0, 1))
            x1, bottom = (max(b[i] for b in cells) + _MARGIN for i in (2, 3))
            image = pages[page - 1]
            crop = image[max(0, round(top * DPI / 72)): round(bottom * DPI / 72),
                         max(0, round(x0 * DPI / 72)): round(x1 * DPI / 72)]
            pieces.append(png(crop))
        out.append(pieces)
    return out


def png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def docx_with_table_pictures(report: Report, folder: Path, put) -> tuple[Path, object]:
    """The report as a Word document whose tables are replaced by their pictures, each table's pictures put in
    its place by ``put(document, pieces) -> element``; (its path, the document)."""
    pictures_of = table_pictures(report, folder)
    source = folder / "text.docx"
    source.write_bytes(render(report, "docx"))
    document = docx.Document(str(source))
    tables = [t._tbl for t in document.tables]
    assert len(tables) == len(pictures_of)
    for tbl, pieces in zip(tables, pictures_of):
        for element in put(document, pieces):
            tbl.addprevious(element)
        tbl.getparent().remove(tbl)
    path = folder / "report.docx"
    document.save(str(path))
    return path, document


def test_docx_with_tables_as_pictures_reads_back_exactly(tmp_path):
    def paragraphs(document, pieces):
        for piece in pieces:
            paragraph = document.add_paragraph()
            paragraph.add_run().add_picture(io.BytesIO(piece))
            yield paragraph._p

    report = random_report(0, "2021")
    path, document = docx_with_table_pictures(report, tmp_path, paragraphs)

    layout = read(path)
    assert layout.kind == "docx"
    # the national layout's tables 二, 三 and 四 (三 printed over two pages, so in two pictures, joined again)
    assert [(len(grid.rows), len(grid.rows[0])) for grid in layout.tables] == [(14, 4), (28, 10), (4, 15)]
    body = [el for el in document.element.body if el.tag.endswith(("}p", "}tbl"))]
    for grid in layout.tables:
        assert grid.ref.index is not None and grid.ref.page is None
        assert body[grid.ref.index].xpath(".//a:blip")  # the picture's own paragraph
        assert all(c.confidence is not None for row in grid.rows for c in row)
    assert wrong(report, parse_file(path)) == []


def test_html_with_tables_as_pictures_reads_back_exactly(tmp_path):
    report = random_report(2, "2021")
    pictures_of = table_pictures(report, tmp_path)
    root = etree.fromstring(render(report, "html"), etree.HTMLParser())
    tables = root.findall(".//table")
    assert len(tables) == len(pictures_of)
    (tmp_path / "images").mkdir()
    number = 0
    for k, (table, pieces) in enumerate(zip(tables, pictures_of)):
        for piece in pieces:
            img = etree.Element("img")
            if k == 0:  # the first table inline, the others as files beside the page
                img.set("src", "data:image/png;base64," + base64.b64encode(piece).decode())
            else:
                number += 1
                (tmp_path / "images" / f"t{number}.png").write_bytes(piece)
                img.set("src", f"images/t{number}.png")
            table.addprevious(img)
        table.getparent().remove(table)
    path = tmp_path / "report.html"
    path.write_bytes(etree.tostring(root, method="html", encoding="utf-8"))

    layout = read(path)
    assert layout.kind == "html" and len(layout.tables) >= 3
    assert all(grid.ref.line is not None for grid in layout.tables)
    assert wrong(report, parse_file(path)) == []


def test_docx_with_table_pictures_framed_in_table_cells_reads_back_exactly(tmp_path):
    def framed(document, pieces):
        frame = document.add_table(rows=1, cols=1)  # a bordered box holding the table's pictures
        for piece in pieces:
            frame.cell(0, 0).add_paragraph().add_run().add_picture(io.BytesIO(piece), width=Inches(6))
        yield frame._tbl

    report = random_report(1, "2019")
    path, document = docx_with_table_pictures(report, tmp_path, framed)

    layout = read(path)
    body = [el for el in document.element.body if el.tag.endswith(("}p", "}tbl"))]
    for grid in layout.tables:
        assert body[grid.ref.index].tag.endswith("}tbl") and body[grid.ref.index].xpath(".//a:blip")
    assert wrong(report, parse_file(path)) == []


def test_html_lazy_pictures_and_pictures_in_table_cells_read_back_exactly(tmp_path):
    report = random_report(3, "2021")
    pictures_of = table_pictures(report, tmp_path)
    root = etree.fromstring(render(report, "html"), etree.HTMLParser())
    (tmp_path / "loading.gif").write_bytes(_blank(400, 300))  # the placeholder a lazy page shows first
    for k, (table, pieces) in enumerate(zip(root.findall(".//table"), pictures_of)):
        names = []
        for n, piece in enumerate(pieces):
            names.append(f"t{k}_{n}.png")
            (tmp_path / names[-1]).write_bytes(piece)
        if k % 2 == 0:  # lazy-loaded pictures
            holder = etree.Element("div")
            for name in names:
                etree.SubElement(holder, "img", {"src": "loading.gif", "data-src": name, "class": "lazy"})
        else:  # pictures in a cell of a small data table
            holder = etree.fromstring(
                "<table><tr><td>附表</td><td>说明</td></tr><tr><td>"
                + "".join(f'<img src="{name}"/>' for name in names) + "</td><td>见图</td></tr></table>")
        table.addprevious(holder)
        table.getparent().remove(table)
    path = tmp_path / "lazy.html"
    path.write_bytes(etree.tostring(root, method="html", encoding="utf-8"))
    assert wrong(report, parse_file(path)) == []


def _blank(width: int, height: int) -> bytes:
    return png(np.full((height, width), 255, np.uint8))


def _page(body: str) -> bytes:
    return f"<html><body><h1>报告</h1>{body}<p>正文</p></body></html>".encode()


def test_html_pictures_missing_outside_the_folder_or_on_the_network_are_not_read(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    (tmp_path / "x.png").write_bytes(_blank(800, 600))  # above the page's folder
    (folder / "link.png").symlink_to(tmp_path / "x.png")
    seen = []
    monkeypatch.setattr(pictures, "probe", lambda data, *a, **k: seen.append(data))
    path = folder / "page.html"
    path.write_bytes(_page('<img src="missing.png"><img src="../x.png"><img src="%2E%2E/x.png">'
                           f'<img src="{tmp_path / "x.png"}"><img src="link.png">'
                           '<img src="http://example.invalid/x.png"><img src="file:///etc/passwd">'))
    layout = read(path)
    assert seen == []
    assert [p.text for p in layout.paragraphs] == ["报告", "正文"]


def test_small_and_broken_pictures_are_not_ocr_read(tmp_path, monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR run on a picture not worth reading")

    monkeypatch.setattr(pictures, "_read_run", no_ocr)
    icon = base64.b64encode(_blank(32, 32)).decode()
    (tmp_path / "logo.png").write_bytes(_blank(280, 90))
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    path = tmp_path / "page.html"
    path.write_bytes(_page(f'<img src="data:image/png;base64,{icon}"><img src="logo.png"><img src="broken.png">'
                           '<img src="data:image/png;base64,!!!">'))
    assert [p.text for p in read(path).paragraphs] == ["报告", "正文"]

    document = docx.Document()
    document.add_paragraph("报告")
    document.add_picture(io.BytesIO(_blank(40, 40)), width=Inches(0.4))
    document.add_paragraph("正文")
    docx_path = tmp_path / "small.docx"
    document.save(str(docx_path))
    layout = read(docx_path)
    assert [p.text for p in layout.paragraphs] == ["报告", "正文"]


def test_pictures_too_large_to_decode_are_left_out():
    header = Image.new("L", (8000, 6000), 255)
    buffer = io.BytesIO()
    header.save(buffer, "PNG")
    assert pictures.probe(buffer.getvalue(), SourceRef()) is None
    assert pictures.probe(_blank(600, 400), SourceRef()) is not None


def test_a_picture_without_text_adds_nothing(tmp_path):
    document = docx.Document()
    document.add_paragraph("报告")
    document.add_picture(io.BytesIO(_blank(600, 400)))
    path = tmp_path / "blank.docx"
    document.save(str(path))
    layout = read(path)
    assert [type(b) for b in layout.blocks] == [Paragraph]
    assert not [b for b in layout.blocks if isinstance(b, TableGrid)]
