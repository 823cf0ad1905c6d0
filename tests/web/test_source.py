"""The source beside the tables: a web page as published, in a sandbox that runs nothing; a PDF's page drawn with
a box around the place each finding points at."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image

from xxgk.cli import cli
from xxgk.corpus.models import Report

from ..conftest import CORPUS
from .conftest import report_of

pytestmark = pytest.mark.django_db


def test_a_published_page_is_shown_in_a_sandbox(as_user):
    report = report_of("示范市财政局", 2023)
    client = as_user("city")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'<iframe class="source" src="/reports/{report.pk}/original" sandbox' in page
    response = client.get(f"/reports/{report.pk}/original")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "示范市财政局" in response.content.decode("utf-8")
    assert as_user("qingshan").get(f"/reports/{report.pk}/original").status_code == 404


def test_a_pdf_page_is_drawn_with_the_finding_s_place_boxed(as_user):
    pdf = CORPUS / "pdf" / "hongze_2023.pdf"
    CliRunner().invoke(cli, ["ingest", str(pdf)], standalone_mode=False, catch_exceptions=False)
    report = Report.objects.get(agency__name__contains="洪泽", year=2023)
    finding = report.current.findings.exclude(where=[]).first()
    where = next(w for w in finding.where if w.get("page"))
    client = as_user("admin")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'src="/reports/{report.pk}/pages/{where["page"]}.png"' in page
    assert f'/reports/{report.pk}/pages/{where["page"]}.png?finding={finding.pk}' in page

    boxed = Image.open(io.BytesIO(client.get(f"/reports/{report.pk}/pages/{where['page']}.png?finding={finding.pk}")
                                  .content)).convert("RGB")
    x0, top, x1, bottom = (v * 1.5 for v in where["box"])
    edge = [boxed.getpixel((int(x), int(top) - 3)) for x in range(int(x0), int(x1), 5)]
    assert all(r > 150 and g < 80 and b < 80 for r, g, b in edge)  # the box's top edge is drawn in red
    assert client.get(f"/reports/{report.pk}/pages/99.png").status_code == 404
    assert as_user("city").get(f"/reports/{report.pk}/pages/1.png").status_code == 404  # 洪泽 is not 示范市's


def test_a_scan_page_is_drawn_with_the_finding_s_place_boxed(as_user, tmp_path):
    from xxgk.read.ocr.page import points_per_pixel
    from xxgk.render import render
    from xxgk.render.sample import random_report

    from ..scanmaker import pages, save_images

    report = random_report(31, "2021", year=2024, agency="示范市审计局")
    report.requests["granted"]["total"] += 1  # a row whose 总计 is not the sum of its applicants
    scan = save_images(pages(render(report, "pdf"), 150), tmp_path / "审计局2024年报.tif", 150)
    CliRunner().invoke(cli, ["ingest", str(scan)], standalone_mode=False, catch_exceptions=False)
    stored = Report.objects.get(agency__name="示范市审计局", year=2024)
    finding = stored.current.findings.get(code="sum.row")
    where = next(w for w in finding.where if w.get("page") and w.get("box"))
    client = as_user("admin")
    assert f'/reports/{stored.pk}/pages/{where["page"]}.png?finding={finding.pk}' in \
        client.get(f"/reports/{stored.pk}/").content.decode()
    boxed = Image.open(io.BytesIO(client.get(f"/reports/{stored.pk}/pages/{where['page']}.png?finding={finding.pk}")
                                  .content)).convert("RGB")
    scale = 1 / points_per_pixel(*boxed.size)
    x0, top, x1, _ = (v * scale for v in where["box"])
    edge = [boxed.getpixel((int(x), int(top) - 3)) for x in range(int(x0), int(x1), 5)]
    assert all(r > 150 and g < 80 and b < 80 for r, g, b in edge)
