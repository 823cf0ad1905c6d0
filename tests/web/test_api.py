"""The JSON API: token authentication for scripts, the same scopes as the pages, the OpenAPI document and the
interactive docs served from the site itself."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from xxgk.corpus.models import Finding
from xxgk.web.models import ApiToken

from .conftest import report_of

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    return ApiToken.issue(get_user_model().objects.get(username=username))[1]


def bearer(username: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(username)}"}


def test_the_api_refuses_a_request_without_credentials_or_with_a_wrong_token(client):
    assert client.get("/api/reports").status_code == 401
    assert client.get("/api/reports", HTTP_AUTHORIZATION="Bearer xxgk_not-a-token").status_code == 401


def test_a_token_is_kept_only_as_its_digest():
    token = token_for("city")
    stored = ApiToken.objects.get(digest=ApiToken.digest_of(token))
    assert token not in stored.digest and len(stored.digest) == 64


def test_reports_and_findings_through_a_token_are_the_scope_s(client):
    reports = client.get("/api/reports?page_size=100", **bearer("qingshan")).json()
    assert reports["count"] == 4 and {r["agency"] for r in reports["items"]} == {"示范市青山区人民政府"}
    city = client.get("/api/reports", **bearer("city")).json()
    assert city["count"] == 23
    one = report_of("示范市青山区人民政府", 2024)
    data = client.get(f"/api/reports/{one.pk}", **bearer("qingshan")).json()
    assert data["meta"]["year"] == 2024 and data["requests"] == one.current.data["requests"]
    other = report_of("示范市财政局", 2023)
    assert client.get(f"/api/reports/{other.pk}", **bearer("qingshan")).status_code == 404
    findings = client.get("/api/findings?severity=error", **bearer("qingshan")).json()["items"]
    assert {f["agency"] for f in findings} == {"示范市青山区人民政府"}


def test_an_agency_token_lists_its_own_agency_only(client):
    agencies = client.get("/api/agencies", **bearer("finance")).json()["items"]
    assert [a["name"] for a in agencies] == ["示范市财政局"]


def test_a_review_through_the_api_is_recorded_and_scoped(client):
    finding = Finding.objects.filter(version=report_of("示范市财政局", 2023).current, code="sum.row").first()
    url = f"/api/findings/{finding.pk}/review"
    assert client.post(url, {"state": "dismissed", "note": "x"}, content_type="application/json",
                       **bearer("qingshan")).status_code == 404
    assert client.post(url, {"state": "confirmed"}, content_type="application/json",
                       **bearer("watcher")).status_code == 403
    assert client.post(url, {"state": "dismissed"}, content_type="application/json",
                       **bearer("city")).status_code == 422
    finding.refresh_from_db()
    assert finding.state == "open"
    response = client.post(url, {"state": "confirmed", "note": "已通知财政局"}, content_type="application/json",
                           **bearer("city"))
    assert response.status_code == 200 and response.json()["reviewed_by"] == "city"
    finding.refresh_from_db()
    assert (finding.state, finding.reviewed_by.username) == ("confirmed", "city")


def test_a_session_must_send_its_csrf_token_to_change_anything(as_user):
    from django.test import Client

    finding = Finding.objects.filter(version=report_of("示范市财政局", 2023).current, code="sum.row").first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="city"),
                       backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/api/findings/{finding.pk}/review", {"state": "confirmed"},
                           content_type="application/json")
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.state == "open"


def test_coverage_counts_the_agencies_that_have_not_reported(client):
    rows = client.get("/api/coverage?year=2024", **bearer("city")).json()
    assert sum(r["missing"] for r in rows) == 1 and sum(r["known"] for r in rows) == 6


def test_the_openapi_document_and_docs_are_served_without_anything_from_elsewhere(client, as_user):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/reports", "/api/findings/{finding_id}/review", "/api/agencies"} <= set(schema["paths"])
    docs = as_user("city").get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert re.findall(r'src="([^"]+)"', html) and all(s.startswith("/static/") for s in re.findall(r'src="([^"]+)"', html))


def test_an_upload_through_the_api_is_a_batch_to_follow(client, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..conftest import CORPUS

    monkeypatch.setenv("XXGK_BROKER_URL", "redis://127.0.0.1:6379/12")
    path = sorted((CORPUS / "seeds").glob("*.txt"))[0]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/api/uploads", {"files": [SimpleUploadedFile(path.name, path.read_bytes())]},
                               **bearer("city"))
    assert response.status_code == 200 and response.json()["jobs"] == 1
    batch = response.json()["batch"]
    state = client.get(f"/api/batches/{batch}", **bearer("city")).json()
    assert (state["total"], state["jobs"][0]["name"], state["jobs"][0]["state"]) == (1, path.name, "queued")
    assert client.get(f"/api/batches/{batch}", **bearer("qingshan")).status_code == 404
    assert client.post("/api/uploads", {"files": [SimpleUploadedFile(path.name, path.read_bytes())]},
                       **bearer("watcher")).status_code == 403


def test_an_export_through_the_api_is_the_scope_s(client):
    import json as jsonlib

    documents = jsonlib.loads(client.get("/api/exports?format=json&year=2024", **bearer("qingshan")).content)
    assert [d["corpus"]["agency"] for d in documents] == ["示范市青山区人民政府"]
    assert client.get("/api/exports?format=doc", **bearer("city")).status_code == 422
