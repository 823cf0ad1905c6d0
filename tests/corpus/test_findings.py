"""Findings in the corpus: filtered by region, year, code and state; reviewed by a person, and the review kept
when the report is parsed again and the finding is the same."""

from __future__ import annotations

import json

import pytest

from xxgk.corpus.ingest import ingest
from xxgk.corpus.models import Finding
from xxgk.corpus.services import set_finding_state
from xxgk.corpus.sources import expand
from xxgk.errors import InputError

from .conftest import xxgk

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(corpus):
    return ingest(expand([corpus]))


def test_findings_filtered_by_region_year_and_code(ingested):
    code, out = xxgk("findings", "--region", "洪泽区", "--year", "2023", "--code", "sum", "--json")
    rows = json.loads(out)
    assert [(r["agency"], r["code"], r["severity"], r["state"]) for r in rows] == \
        [("淮安市洪泽区人民政府", "sum.review", "error", "open")] * 2
    code, out = xxgk("findings", "--severity", "error")
    assert "临淄区人民政府办公室" in out and "错误" in out and "待处理" in out


def test_review_by_command_and_the_review_survives_a_reparse(ingested, corpus):
    ids = [str(f.pk) for f in Finding.objects.filter(code="sum.review")]
    code, out = xxgk("review", *ids, "--state", "confirmed", "--by", "张三", "--note", "已退回修改")
    assert code == 0
    code, out = xxgk("findings", "--state", "confirmed", "--json")
    assert [(r["code"], r["reviewed_by"], r["note"]) for r in json.loads(out)] == \
        [("sum.review", "张三", "已退回修改")] * 2

    ingest(expand([corpus / "pdf" / "hongze_2023.pdf"]), reparse=True, parser_version="9.9")
    current = Finding.objects.filter(code="sum.review", version__parser_version="9.9")
    assert [(f.state, f.reviewed_by.username, f.note) for f in current] == [("confirmed", "张三", "已退回修改")] * 2
    assert Finding.objects.filter(code="sum.review").count() == 4  # the old version keeps its own


def test_a_wrong_state_is_a_users_error(ingested):
    with pytest.raises(InputError):
        set_finding_state(Finding.objects.first(), "closed")
