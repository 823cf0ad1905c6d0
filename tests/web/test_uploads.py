"""Uploads: each file checked for size and kind before anything is kept, kept in the store by its hash, and sent to
the workers as a batch that the page follows; only supervisors and administrators upload."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xxgk.corpus import store
from xxgk.corpus.models import Batch
from xxgk.web.models import Upload

from ..conftest import CORPUS

pytestmark = pytest.mark.django_db

BROKER = "redis://127.0.0.1:6379/12"


@pytest.fixture
def broker(monkeypatch):
    monkeypatch.setenv("XXGK_BROKER_URL", BROKER)


def report_path():
    return sorted((CORPUS / "seeds").glob("*.txt"))[0]


def report_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("洪泽区2024年报.txt", report_path().read_bytes())


def test_an_upload_becomes_a_batch_the_workers_are_sent_once_it_is_recorded(as_user, broker,
                                                                              django_capture_on_commit_callbacks):
    client = as_user("city")
    upload = report_file()
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.post("/upload/", {"files": [upload]})
    batch = Batch.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/batches/{batch.pk}/"
    [job] = batch.jobs.all()
    assert job.name == "洪泽区2024年报.txt" and job.state == "queued"
    assert store.read(job.sha256) == report_path().read_bytes()  # kept for the workers
    assert Upload.objects.get(batch=batch).user.username == "city"
    assert len(sent) == 1  # the tasks go out when the batch is committed, not before
    page = client.get(f"/batches/{batch.pk}/").content.decode()
    assert "洪泽区2024年报.txt" in page and "排队中" in page
    data = client.get(f"/batches/{batch.pk}.json").json()
    assert (data["total"], data["finished"], data["done"]) == (1, 0, False)


def test_a_zip_is_taken_apart_and_each_member_named_as_inside_it(as_user, broker,
                                                                 django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((CORPUS / "seeds").glob("*.txt"))[:2]:
            archive.writestr(f"年报/{path.name}", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=False):
        as_user("city").post("/upload/", {"files": [SimpleUploadedFile("淮安.zip", buffer.getvalue())]})
    names = sorted(Batch.objects.latest("pk").jobs.values_list("name", flat=True))
    assert len(names) == 2 and all(n.startswith("淮安.zip!年报/") for n in names)


@pytest.mark.parametrize("name, data, says", [
    ("a.bin", b"\x00\x01\x02\x03" * 100, "不是 xxgk 能读的文件"),
    ("empty.txt", b"", "是空文件"),
    ("broken.zip", b"PK\x03\x04" + b"\x00" * 50, "压缩包已损坏"),
])
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(as_user, broker, name, data, says):
    before = Batch.objects.count()
    response = as_user("city").post("/upload/", {"files": [SimpleUploadedFile(name, data)]}, follow=True)
    assert says in response.content.decode()
    assert Batch.objects.count() == before


def test_a_file_over_the_limit_is_refused(as_user, broker, settings):
    settings.XXGK_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.txt", "二、主动公开政府信息情况\n".encode() * 60000)
    response = as_user("city").post("/upload/", {"files": [big]}, follow=True)
    assert "超过 1 MB" in response.content.decode() and not Batch.objects.exists()


def test_without_a_broker_the_page_says_what_to_set(as_user, monkeypatch):
    monkeypatch.delenv("XXGK_BROKER_URL", raising=False)
    response = as_user("city").post("/upload/", {"files": [report_file()]}, follow=True)
    assert "XXGK_BROKER_URL" in response.content.decode() and not Batch.objects.exists()


def test_only_supervisors_and_administrators_upload(as_user, broker):
    for username in ("watcher", "finance"):
        client = as_user(username)
        assert client.get("/upload/").status_code == 403
        assert client.post("/upload/", {"files": [report_file()]}).status_code == 403
    assert not Batch.objects.exists()


def test_a_batch_is_followed_by_its_uploader_only(as_user, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        as_user("city").post("/upload/", {"files": [report_file()]})
    batch = Batch.objects.latest("pk")
    assert as_user("qingshan").get(f"/batches/{batch.pk}/").status_code == 404
    assert as_user("admin").get(f"/batches/{batch.pk}/").status_code == 200
