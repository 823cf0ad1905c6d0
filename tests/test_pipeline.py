"""The whole path on the national template itself: a Word file with every row and no numbers."""

from xxgk.model import Severity
from xxgk.pipeline import parse_file
from xxgk.template import load


def test_the_blank_national_template_reads_as_every_row_with_blank_cells(corpus):
    report = parse_file(corpus / "template" / "template_2021.docx")
    spec = load("2021")
    assert report.meta.template == "2021"
    assert set(report.requests) == {r.key for r in spec.requests.rows if not r.legacy}
    assert set(report.active) == {r.key for r in spec.active.rows}
    assert all(v is None for _, v in report.cells())
    assert not [f for f in report.findings if f.severity == Severity.ERROR]
