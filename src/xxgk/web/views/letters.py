"""Letters on an application: issued from the agency's templates, numbered, downloaded as DOCX; the templates
themselves, downloaded to edit in Word and uploaded back."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...errors import InputError
from ...register import letters
from ...register.models import Letter, LetterTemplate
from . import scoped
from .register import officer_agency, own_application

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@scoped(change=True)
def issue(request, pk: int):
    found = own_application(request, pk)
    try:
        letter = letters.issue(found, request.POST.get("kind", ""), request.user)
        messages.success(request, f"已生成{letters.KINDS[letter.kind][0]} {letter.number}")
    except InputError as e:
        messages.error(request, e.message)
    return redirect("xxgk:application", pk=pk)


@scoped(change=True)
def download(request, pk: int):
    letter = get_object_or_404(Letter.objects.filter(agency=officer_agency(request)), pk=pk)
    return _docx(bytes(letter.content), f"{letters.KINDS[letter.kind][0]}{letter.number}.docx")


@scoped(change=True)
def templates(request):
    """Each kind of letter: its template (the agency's own, or the default) to download, and an upload."""
    agency = officer_agency(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None or upload.size > 5 * 1024 * 1024:
                raise InputError("请选择不超过 5 MB 的 Word 文件")
            letters.set_template(agency, request.POST.get("kind", ""), upload.read(), request.user)
            messages.success(request, f"已启用本机关的{letters.KINDS[request.POST['kind']][0]}模板")
        except InputError as e:
            messages.error(request, e.message)
        return redirect("xxgk:letter-templates")
    own = set(LetterTemplate.objects.filter(agency=agency).values_list("kind", flat=True))
    return render(request, "xxgk/letter_templates.html", {
        "kinds": [(kind, title, kind in own) for kind, (title, _) in letters.KINDS.items()]})


@scoped(change=True)
def template(request, kind: str):
    if kind not in letters.KINDS:
        raise Http404("未知的告知书类别")
    return _docx(letters.template_of(officer_agency(request), kind), f"{letters.KINDS[kind][0]}模板.docx")
