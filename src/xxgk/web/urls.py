"""The pages; a listing answers at its name and at its name with ``.json`` or
``.csv``."""

from django.contrib.auth import views as auth
from django.urls import path, re_path

from .views import agencies, calendar, catalogue, changes, letters, overview, public, register, reports, source, submissions, uploads, work

app_name = "xxgk"

SUFFIX = r"(?:\.(?P<fmt>json|csv))?/?$"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("login/", auth.LoginView.as_view(template_name="xxgk/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    re_path(r"^agencies" + SUFFIX, agencies.agencies, name="agencies"),
    path("agencies/<int:pk>/", agencies.agency, name="agency"),
    path("agencies/<int:pk>/merge", changes.merge, name="merge"),
    path("agencies/<int:pk>/split", changes.split, name="split"),
    path("changes/<int:pk>/undo", changes.undo, name="undo"),
    re_path(r"^coverage" + SUFFIX, agencies.coverage, name="coverage"),
    re_path(r"^findings" + SUFFIX, reports.findings, name="findings"),
    path("findings/<int:pk>/review", reports.review, name="review"),
    path("reports/<int:pk>/", reports.report, name="report"),
    path("reports/<int:pk>/return", work.send_back, name="send-back"),
    path("reports/<int:pk>/original", source.original, name="original"),
    path("reports/<int:pk>/pages/<int:number>.png", source.page, name="page"),
    re_path(r"^returns" + SUFFIX, work.returns, name="returns"),
    path("compare/", work.compare, name="compare"),
    path("regions/<int:pk>/", work.region, name="region"),
    path("exports/", work.exports, name="exports"),
    path("upload/", uploads.upload, name="upload"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("register/", register.applications, name="register"),
    path("register/new", register.new_application, name="application-new"),
    path("register/<int:pk>/", register.application, name="application"),
    path("register/table/", register.year_table, name="register-table"),
    path("register/report/", register.annual_report, name="register-report"),
    re_path(r"^register/report/(?P<year>\d{4})\.(?P<fmt>docx|html|pdf)$", register.annual_report_file,
            name="register-report-file"),
    re_path(r"^register/catalogue" + SUFFIX, catalogue.publications, name="catalogue"),
    path("register/catalogue/import", catalogue.import_rows, name="catalogue-import"),
    path("register/<int:pk>/attachments", register.attach, name="attach"),
    path("register/attachments/<int:pk>", register.attachment, name="attachment"),
    path("register/<int:pk>/letters", letters.issue, name="letter-issue"),
    path("register/letters/<int:pk>.docx", letters.download, name="letter"),
    path("register/letters/", letters.templates, name="letter-templates"),
    path("register/letters/<str:kind>.docx", letters.template, name="letter-template"),
    path("register/report/submit", submissions.submit, name="register-submit"),
    re_path(r"^submissions" + SUFFIX, submissions.submissions, name="submissions"),
    path("reports/<int:pk>/accept", submissions.accept, name="accept"),
    path("reports/<int:pk>/publish", submissions.publish, name="publish"),
    path("public/", public.regions, name="public"),
    path("public/regions/<int:pk>/", public.region, name="public-region"),
    path("public/reports/<int:pk>/", public.report, name="public-report"),
    path("register/<int:pk>/appeal", register.record_appeal, name="appeal"),
    path("batches/<int:pk>/", uploads.batch, name="batch"),
    re_path(r"^batches/(?P<pk>\d+)\.(?P<fmt>json)$", uploads.batch, name="batch-json"),
]
