"""Each real seed, copied out again in each of the text layouts seen in published reports, reads the same."""

from __future__ import annotations

import pytest

from xxgk.extract import extract
from xxgk.read import Paragraph, read
from xxgk.read.text import parse_text

from ..conftest import labelled_documents, load_label

SEEDS = [(d, l) for d, l in labelled_documents() if d.suffix == ".txt"]


def as_pipes(layout) -> str:
    return "\n".join(b.text if isinstance(b, Paragraph) else
                     "\n".join(" | ".join(c.text for c in row) + " |" for row in b.rows) for b in layout.blocks)


def as_tab_rows(layout) -> str:
    return "\n".join(b.text if isinstance(b, Paragraph) else
                     "\n".join("\t".join(c.text for c in row) for row in b.rows) for b in layout.blocks)


def as_cell_lines(layout) -> str:
    out = []
    for b in layout.blocks:
        if isinstance(b, Paragraph):
            out += [b.text]
        else:
            for row in b.rows:
                out += ["\t" + c.text for c in row] + [""]
    return "\n".join(out)


@pytest.mark.parametrize("write", [as_pipes, as_tab_rows, as_cell_lines])
@pytest.mark.parametrize("document, label", SEEDS, ids=[d.name[:3] for d, _ in SEEDS])
def test_seed_in_another_text_layout(document, label, write):
    expected = load_label(label)
    report = extract(parse_text(write(read(document))))
    for table in ("active", "requests", "review"):
        for row, columns in expected[table].items():
            for column, want in columns.items():
                if want != "?":
                    assert getattr(report, table)[row][column] == want, f"{table}.{row}.{column}"
