"""The renditions of a report as the tools people use turn it out, each made by the real tool.

A ``Source`` is one report in the forms it was published in (a PDF, a web page, a Word file) with the cells it
holds; ``RENDITIONS`` names each tool and mode and the form it starts from. Files a tool makes are kept per source,
so the PDF that Chromium prints is made once for the renditions that start from it.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from xxgk.read.legacy import convert, find_soffice

CHROMIUM = "/usr/bin/chromium"

# A government site's page around the report, as the report is published: navigation, a breadcrumb, the
# article's own heading block and a footer with the site's particulars.
SITE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_政府信息公开</title>
<style>body{{font-family:sans-serif;margin:0}} nav a{{margin:0 1em}} table{{border-collapse:collapse}}
td,th{{border:1px solid #333;padding:2px 4px}} footer{{margin-top:2em;font-size:small}}</style></head>
<body><header><div class="logo">中国·示范市人民政府门户网站</div>
<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></nav>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div></header>
<div class="article"><div class="meta">发布日期：2025-01-20　来源：本网　字号：[大 中 小]　打印本页</div>
{body}
</div>
<footer><p>主办单位：示范市人民政府办公室　网站标识码：1234000001　备案号：示ICP备12345678号</p>
<p>地址：示范市人民路1号　电话：0000-12345678</p></footer></body></html>
"""


@dataclass
class Source:
    """One report as published: ``originals`` maps a form ("pdf", "html", "docx") to its file; ``cells`` holds every
    labelled cell's value (None for a cell the report leaves blank)."""

    name: str
    originals: dict[str, Path]
    cells: dict[str, object]
    folder: Path
    made: dict[str, Path] = field(default_factory=dict)

    def file(self, form: str) -> Path:
        """The file of ``form``: an original, or one a tool makes from an original (made once)."""
        if form in self.originals:
            return self.originals[form]
        if form not in self.made:
            self.made[form] = MAKERS[form](self)
        return self.made[form]


def _run(command: list[str], out: Path | None = None) -> None:
    result = subprocess.run(command, capture_output=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.decode(errors='replace')[:300]}")
    if out is not None and not out.is_file():
        raise RuntimeError(f"{command[0]} made no {out.name}")


def _write(source: Source, suffix: str, command: list[str]) -> Path:
    out = source.folder / f"{source.name}.{suffix}"
    result = subprocess.run(command, capture_output=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.decode(errors='replace')[:300]}")
    out.write_bytes(result.stdout)
    return out


def pdftotext(source: Source, form: str, layout: bool) -> Path:
    out = source.folder / f"{source.name}.{form.replace('.', '-')}.{'layout' if layout else 'raw'}.txt"
    _run(["pdftotext", *(["-layout"] if layout else []), str(source.file(form)), str(out)], out)
    return out


# what OCR programs are known to make of a printed report's characters: a digit taken for a letter that looks like
# it, a space seen between two Chinese characters, the gap between two columns lost
_LOOKALIKES = {"0": "O〇o", "1": "lI"}
_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")
_HAN_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")
_GAP_BETWEEN_NUMBERS = re.compile(r"(?<=\S) {2,}(?=[\dO〇olI|])")


def ocr_text(source: Source, form: str, rate: float = 0.25) -> Path:
    """The text an OCR program gives of the printed report: ``pdftotext -layout``'s copy of it with the errors OCR
    makes planted at ``rate`` (a fixed seed per source, so a run is repeatable): a 0 or a 1 of a number read as a
    letter, stray spaces between Chinese characters, the columns of a row run together with one space."""
    text = pdftotext(source, form, layout=True).read_text(encoding="utf-8")
    rng = random.Random(f"{source.name}:{form}")

    def digit(m: re.Match) -> str:
        return "".join(rng.choice(_LOOKALIKES[d]) if d in _LOOKALIKES and rng.random() < rate else d
                       for d in m.group())

    lines = []
    for line in text.split("\n"):
        line = _NUMBER.sub(digit, line)
        line = _HAN_PAIR.sub(lambda m: " " if rng.random() < rate / 3 else "", line)
        if rng.random() < rate:
            line = _GAP_BETWEEN_NUMBERS.sub(" ", line)
        lines.append(line)
    out = source.folder / f"{source.name}.{form.replace('.', '-')}.ocr.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def tesseract(source: Source, form: str) -> Path:
    """The text Tesseract (chi_sim) reads off the printed report's pages at 150 dpi, page after page, as a user
    gets it from an OCR program; one thread per page, so that a run takes seconds."""
    pages = source.folder / f"{form.replace('.', '-')}-pages"
    pages.mkdir(exist_ok=True)
    _run(["pdftoppm", "-r", "150", "-png", str(source.file(form)), str(pages / "page")])
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    text = []
    for page in sorted(pages.glob("page*.png")):
        result = subprocess.run(["tesseract", str(page), "-", "-l", "chi_sim", "--psm", "6"], capture_output=True,
                                timeout=180, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"tesseract failed: {result.stderr.decode(errors='replace')[:300]}")
        text.append(result.stdout.decode("utf-8"))
    out = source.folder / f"{source.name}.{form.replace('.', '-')}.tesseract.txt"
    out.write_text("\n".join(text), encoding="utf-8")
    return out


def markitdown(source: Source, form: str) -> Path:
    markitdown = Path(sys.executable).parent / "markitdown"
    return _write(source, f"{form.replace('.', '-')}.markitdown.md", [str(markitdown), str(source.file(form))])


def pandoc(source: Source, form: str) -> Path:
    reader = {"html": "html", "docx": "docx"}[form]
    return _write(source, f"{form}.pandoc.md", ["pandoc", "-f", reader, "-t", "gfm", str(source.file(form))])


def chromium_pdfs(source: Source) -> dict[str, Path]:
    """The web page printed to PDF as a reader prints it from Chromium: A4, with the browser's date, title, address
    and page numbers in the margins, and without them. One browser for both, closed before returning: a browser
    left running would hold an event loop that Django then takes for an async context."""
    from playwright.sync_api import sync_playwright

    out = {"chromium.pdf": source.folder / f"{source.name}.chromium.pdf",
           "chromium-margins.pdf": source.folder / f"{source.name}.chromium-margins.pdf"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto(source.file("html").as_uri())
            page.pdf(path=str(out["chromium.pdf"]), format="A4")
            page.pdf(path=str(out["chromium-margins.pdf"]), format="A4", display_header_footer=True,
                     margin={"top": "1cm", "bottom": "1cm", "left": "1cm", "right": "1cm"})
        finally:
            browser.close()
    return out


def chromium_pdf(source: Source, form: str) -> Path:
    if form not in source.made:
        source.made.update(chromium_pdfs(source))
    return source.made[form]


def libreoffice(source: Source, fmt: str) -> Path:
    """The Word file saved as ``fmt`` ("html" or "pdf") by LibreOffice, as an officer saves it for the web."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) not found: ./setup.sh installs it")
    folder = source.folder / f"libreoffice-{fmt}"
    [out] = convert([source.file("docx")], fmt, folder, soffice)
    if out is None:
        raise RuntimeError(f"LibreOffice made no {fmt} of {source.name}")
    return out


# the files a tool makes that other renditions start from
MAKERS: dict[str, Callable[[Source], Path]] = {
    "chromium.pdf": lambda s: chromium_pdf(s, "chromium.pdf"),
    "chromium-margins.pdf": lambda s: chromium_pdf(s, "chromium-margins.pdf"),
    "libreoffice.html": lambda s: libreoffice(s, "html"),
    "libreoffice.pdf": lambda s: libreoffice(s, "pdf"),
}

# rendition → (the original form it starts from, how it is made)
RENDITIONS: dict[str, tuple[str, Callable[[Source], Path]]] = {
    "pdftotext": ("pdf", lambda s: pdftotext(s, "pdf", layout=False)),
    "pdftotext -layout": ("pdf", lambda s: pdftotext(s, "pdf", layout=True)),
    "ocr text": ("pdf", lambda s: ocr_text(s, "pdf")),
    "markitdown pdf": ("pdf", lambda s: markitdown(s, "pdf")),
    "markitdown html": ("html", lambda s: markitdown(s, "html")),
    "markitdown docx": ("docx", lambda s: markitdown(s, "docx")),
    "pandoc html→gfm": ("html", lambda s: pandoc(s, "html")),
    "pandoc docx→gfm": ("docx", lambda s: pandoc(s, "docx")),
    "chromium print": ("html", lambda s: s.file("chromium.pdf")),
    "chromium print, margins": ("html", lambda s: s.file("chromium-margins.pdf")),
    "chromium print → pdftotext": ("html", lambda s: pdftotext(s, "chromium-margins.pdf", layout=False)),
    "chromium print → pdftotext -layout": ("html", lambda s: pdftotext(s, "chromium.pdf", layout=True)),
    "libreoffice docx→html": ("docx", lambda s: s.file("libreoffice.html")),
    "libreoffice docx→pdf": ("docx", lambda s: s.file("libreoffice.pdf")),
    "libreoffice pdf → pdftotext": ("docx", lambda s: pdftotext(s, "libreoffice.pdf", layout=False)),
    "libreoffice pdf → pdftotext -layout": ("docx", lambda s: pdftotext(s, "libreoffice.pdf", layout=True)),
    "libreoffice html → markitdown": ("docx", lambda s: markitdown(s, "libreoffice.html")),
}

# renditions by another OCR program, whose misreadings (a 0 read as 9) no reader can undo: a cell may come out wrong,
# but then a warning names it, and the text's arithmetic is never an error of the report
OCR_RENDITIONS: dict[str, tuple[str, Callable[[Source], Path]]] = {
    "tesseract": ("pdf", lambda s: tesseract(s, "pdf")),
}
