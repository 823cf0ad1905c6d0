"""Reports as ``pdftotext`` copies them out of a PDF — in reading order (a cell a line, runs of rows read down their
columns, page numbers between rows) and with ``-layout`` (columns set apart by spaces, wrapped labels): each cell
read as the original prints it, or left blank with a finding that names it."""

from __future__ import annotations

import subprocess

import pytest

from xxgk.pipeline import parse_file
from xxgk.render import render
from xxgk.render.sample import random_report

from ..conftest import labelled_documents, load_label

PDFS = [(d, l) for d, l in labelled_documents() if d.suffix == ".pdf"]
MODES = {"reading-order": [], "layout": ["-layout"]}


def pdftotext(pdf, mode: str, folder):
    out = folder / f"{pdf.stem}.{mode}.txt"
    subprocess.run(["pdftotext", *MODES[mode], str(pdf), str(out)], check=True)
    return out


def errors(report) -> set[str]:
    return {f.code for f in report.findings if f.severity == "error"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("document, label", PDFS, ids=[d.stem for d, _ in PDFS])
def test_corpus_pdf_copied_as_text_reads_every_labelled_cell(document, label, mode, tmp_path):
    expected = load_label(label)
    report = parse_file(pdftotext(document, mode, tmp_path))
    named = {c for f in report.findings for c in f.cells}
    labelled = {f"{t}.{r}.{c}": v for t in ("active", "requests", "review") for r, cols in expected[t].items()
                for c, v in cols.items() if v != "?"}
    wrong = {p: (report.cell(p), v) for p, v in labelled.items() if report.cell(p) is not None and report.cell(p) != v}
    assert wrong == {}
    assert [p for p, v in labelled.items() if report.cell(p) is None and v is not None and p not in named] == []
    assert errors(report) <= errors(parse_file(document))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("template, seed", [("2021", 1), ("2021", 3), ("2019", 2), ("2019", 5)])
def test_generated_pdf_copied_as_text(template, seed, mode, tmp_path):
    """Every cell equals the original's or is blank with a finding that names it; no error, since the original is
    consistent."""
    original = random_report(seed, template, legacy_other=seed == 3)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(original, "pdf"))
    report = parse_file(pdftotext(pdf, mode, tmp_path))
    named = {c for f in report.findings for c in f.cells}
    assert [p for p, v in original.cells() if report.cell(p) is not None and report.cell(p) != v] == []
    assert [p for p, v in original.cells() if report.cell(p) is None and v is not None and p not in named] == []
    assert errors(report) == set()
    assert report.cell("requests.processed_total.total") == original.cell("requests.processed_total.total")
