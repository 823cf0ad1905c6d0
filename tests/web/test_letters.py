"""Letters on an application: the officer generates the letter its state calls for, numbered in the agency's year,
filled in from the register (a provisional deadline said so), from the default template or the agency's own one
uploaded after editing; a template that is not one is refused with the reason."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from xxgk.register.models import Application, Letter

pytestmark = pytest.mark.django_db

NEW = {"number": "2025-0009", "submitted": "2025-09-26", "confirmed": "2025-09-26", "channel": "online", "applicant_kind": "natural_person",
       "applicant": "王某某", "contact": "13800000000", "request": "申请公开2024年度预算执行情况"}


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def _issue(client, application, kind: str) -> Letter:
    client.post(f"/register/{application.pk}/letters", {"kind": kind})
    return Letter.objects.filter(application=application, kind=kind).latest("pk")


def test_letters_are_numbered_and_filled_from_the_register(as_user):
    client = as_user("finance")
    client.post("/register/new", NEW)
    application = Application.objects.get()
    first = _issue(client, application, "correction")
    client.post(f"/register/{application.pk}/", {"event": "extended"})
    second = _issue(client, application, "extension")
    year = date.today().year
    assert (first.number, second.number) == (f"〔{year}〕1号", f"〔{year}〕2号")
    text = _text(client.get(f"/register/letters/{second.pk}.docx").content)
    assert "政府信息公开申请延期答复告知书" in text and f"〔{year}〕2号" in text and "王某某：" in text
    assert "本机关于2025年9月26日收到" in text and "将于2025年11月27日前作出答复" in text  # 40 working days
    page = client.get(f"/register/{application.pk}/").content.decode()
    assert f"政府信息公开申请延期答复告知书 〔{year}〕2号" in page


def test_a_deadline_in_a_year_without_an_arrangement_is_provisional_in_the_letter(as_user):
    client = as_user("finance")
    client.post("/register/new", {**NEW, "submitted": "2026-12-21", "confirmed": "2026-12-21"})
    application = Application.objects.get()
    client.post(f"/register/{application.pk}/", {"event": "extended"})
    text = _text(bytes(_issue(client, application, "extension").content))
    assert "上述日期为暂定" in text


def test_a_letter_the_state_does_not_call_for_is_refused(as_user):
    client = as_user("finance")
    client.post("/register/new", NEW)
    application = Application.objects.get()
    response = client.post(f"/register/{application.pk}/letters", {"kind": "answer"}, follow=True)
    assert "这件申请现在不需要政府信息公开申请答复书" in response.content.decode()
    assert not Letter.objects.exists()


def test_the_agency_s_own_template_is_used_once_uploaded(as_user):
    client = as_user("finance")
    default = client.get("/register/letters/correction.docx").content
    document = Document(io.BytesIO(default))
    document.add_paragraph("联系电话：0000-12345678（{{ agency }}政府信息公开办公室）")
    edited = io.BytesIO()
    document.save(edited)
    client.post("/register/letters/", {"kind": "correction",
                                       "file": SimpleUploadedFile("补正.docx", edited.getvalue())})
    client.post("/register/new", NEW)
    text = _text(bytes(_issue(client, Application.objects.get(), "correction").content))
    assert "联系电话：0000-12345678（示范市财政局政府信息公开办公室）" in text
    broken = Document(io.BytesIO(default))
    broken.add_paragraph("{{ agency ")
    wrong = io.BytesIO()
    broken.save(wrong)
    response = client.post("/register/letters/", {"kind": "correction",
                                                  "file": SimpleUploadedFile("补正.docx", wrong.getvalue())},
                           follow=True)
    assert "告知书模板有误" in response.content.decode()
    response = client.post("/register/letters/", {"kind": "correction",
                                                  "file": SimpleUploadedFile("补正.docx", b"not a docx")},
                           follow=True)
    assert "告知书模板不是可用的 Word 文件" in response.content.decode()


def test_letters_are_the_agency_s_own(as_user):
    client = as_user("finance")
    client.post("/register/new", NEW)
    letter = _issue(client, Application.objects.get(), "correction")
    for username in ("city", "admin", "watcher"):
        assert as_user(username).get(f"/register/letters/{letter.pk}.docx").status_code == 403


def test_the_consulted_third_party_is_written_to_without_the_applicant(as_user):
    client = as_user("finance")
    client.post("/register/new", {**NEW, "submitted": "2025-03-03", "confirmed": "2025-03-03"})
    application = Application.objects.get()
    client.post(f"/register/{application.pk}/", {"event": "pause", "date": "2025-03-10", "last": "2025-03-21",
                                                 "party": "某建设有限公司"})
    text = _text(bytes(_issue(client, application, "consultation").content))
    assert "政府信息公开征求意见书" in text and "某建设有限公司：" in text
    assert "请于2025年3月31日前提出意见" in text  # 15 working days from 3月10日 (第三十二条)
    assert "王某某" not in text and "13800000000" not in text
