"""The sources the renditions are made from, and the table of results per tool."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from xxgk.model import Report
from xxgk.render import render
from xxgk.render.sample import random_report

from ..conftest import labelled_documents
from .tools import SITE_PAGE, Source

# generated reports: name → (template, seed, legacy (六) row, how the writer prints them)
GENERATED = {
    "generated-2021-11": ("2021", 11, True, {"blank": "/", "break_requests_at": 10, "repeat_header": True}),
    "generated-2021-12": ("2021", 12, False, {"blank": "—", "title_break": True}),
    "generated-2021-13": ("2021", 13, False, {"break_requests_at": 14}),
    "generated-2019-21": ("2019", 21, False, {"break_requests_at": 8}),
    "generated-2019-22": ("2019", 22, False, {"blank": "无", "repeat_header": True, "break_requests_at": 12}),
}
# labelled corpus reports: a PDF is a source as it is; a text copy's report is printed in the three forms
CORPUS = {label.name.removesuffix(".expected.json"): (document, label) for document, label in labelled_documents()}


def source_forms(name: str) -> tuple[str, ...]:
    if name in CORPUS and CORPUS[name][0].suffix == ".pdf":
        return ("pdf",)
    return ("pdf", "html", "docx")


SOURCES = [*CORPUS, *GENERATED]


def _label_report(label: Path) -> tuple[Report, dict[str, object]]:
    data = json.loads(label.read_text(encoding="utf-8"))
    cells = {}
    for table in ("active", "requests", "review"):
        for row, columns in data.get(table, {}).items():
            for column, value in columns.items():
                if value == "?":
                    columns[column] = None
                else:
                    cells[f"{table}.{row}.{column}"] = value
    return Report.from_dict(data), cells


def _published(report: Report, folder: Path, name: str, options: dict) -> dict[str, Path]:
    """The report as an agency publishes it: a PDF, a page of its web site, a Word file."""
    files = {"pdf": folder / f"{name}.pdf", "html": folder / f"{name}.html", "docx": folder / f"{name}.docx"}
    files["pdf"].write_bytes(render(report, "pdf", **options))
    files["docx"].write_bytes(render(report, "docx", **options))
    page_options = {k: v for k, v in options.items() if k in ("blank", "title_break")}
    body = render(report, "html", fragment=True, **page_options).decode("utf-8")
    files["html"].write_text(SITE_PAGE.format(title=f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告",
                                              body=body), encoding="utf-8")
    return files


@pytest.fixture(scope="session")
def sources(tmp_path_factory):
    """name → its Source, made on first use and kept for the run."""
    made: dict[str, Source] = {}

    def get(name: str) -> Source:
        if name not in made:
            folder = tmp_path_factory.mktemp(name)
            if name in GENERATED:
                template, seed, legacy, options = GENERATED[name]
                report = random_report(seed, template, legacy_other=legacy)
                cells = dict(report.cells())
                made[name] = Source(name, _published(report, folder, name, options), cells, folder)
            else:
                document, label = CORPUS[name]
                report, cells = _label_report(label)
                originals = {"pdf": document} if document.suffix == ".pdf" else _published(report, folder, name, {})
                made[name] = Source(name, originals, cells, folder)
        return made[name]

    return get


# rendition → source → (cells exact, cells null, cells wrong, false errors, cells in all)
RESULTS: dict[str, dict[str, tuple[int, int, int, int, int]]] = defaultdict(dict)


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("renditions: cells per tool and mode")
    write(f"{'rendition':38} {'sources':>7} {'exact':>7} {'null':>6} {'wrong':>6} {'false errors':>12}")
    for rendition, per_source in RESULTS.items():
        exact, null, wrong, false, cells = (sum(v[i] for v in per_source.values()) for i in range(5))
        write(f"{rendition:38} {len(per_source):>7} {exact:>7} {null:>6} {wrong:>6} {false:>12}"
              f"   ({exact / cells:.1%} of {cells})" if cells else rendition)
