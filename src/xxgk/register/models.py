"""The working-day calendar as the State Council arranges it, kept in the database: the days that differ from the
plain week, and the years whose arrangement is entered."""

from __future__ import annotations

from datetime import date

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models


class CalendarYear(models.Model):
    """A year whose arrangement (国务院办公厅关于部分节假日安排的通知) is known: from the chinesecalendar package, or
    entered by an administrator when it is published."""

    year = models.IntegerField(unique=True)
    source = models.CharField(max_length=32, help_text="chinesecalendar, or who entered it")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]


class CalendarDay(models.Model):
    """A day of a published year that differs from the plain week: a holiday on a weekday or at a weekend, or a
    weekend on which people work (调休)."""

    day = models.DateField(unique=True)
    working = models.BooleanField()
    name = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["day"]


APPLICANTS = [("natural_person", "自然人"), ("enterprise", "商业企业"), ("research", "科研机构"),
              ("nonprofit", "社会公益组织"), ("legal_service", "法律服务机构"), ("other_org", "其他")]
CHANNELS = [("in_person", "当面"), ("post", "邮寄"), ("letter", "平常信函"), ("online", "网络"), ("fax", "传真")]


def outcomes() -> list[tuple[str, str]]:
    """The result rows of table 三 in the 2021 format (the three rows of （六）其他处理, not the old single one)."""
    from ..template import load

    spec = load("2021").requests
    return [(r.key, r.label) for r in spec.rows if r.result and not r.legacy]


class Application(models.Model):
    """One application for disclosure (依申请公开), received on the day 第三十一条 fixes (当面: the day submitted; 邮寄:
    the day signed for; 平常信函, 网络, 传真: the day confirmed with the applicant)."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="applications")
    number = models.CharField(max_length=32, help_text="the agency's own number, e.g. 2025-0017")
    received = models.DateField(help_text="收到申请之日, as received_on gives it")
    submitted = models.DateField(null=True, blank=True, help_text="the day the applicant submitted or sent it")
    confirmed = models.DateField(null=True, blank=True, help_text="the day signed for (邮寄) or confirmed with the "
                                                                  "applicant (平常信函, 网络, 传真)")
    channel = models.CharField(max_length=16, choices=CHANNELS)
    applicant_kind = models.CharField(max_length=16, choices=APPLICANTS)
    applicant = models.CharField(max_length=200, help_text="personal data: the agency's staff only")
    contact = models.CharField(max_length=200, blank=True, help_text="personal data: the agency's staff only")
    request = models.TextField()
    corrected = models.DateField(null=True, blank=True, help_text="the day the 补正 arrived (第三十条)")
    extended = models.BooleanField(default=False, help_text="extension approved (第三十三条)")
    fee_notice = models.DateField(null=True, blank=True, help_text="the day the fee notice was sent")
    fee = models.IntegerField(null=True, blank=True, help_text="元, as 国办函〔2020〕109号 computes it")
    fee_basis = models.CharField(max_length=40, blank=True, help_text="how it was computed: 按件 or 按量, and n")
    fee_paid = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True, choices=outcomes)
    answered = models.DateField(null=True, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text="the officer who handles it; reminders go to them")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_number_unique"),
            models.CheckConstraint(name="application_fee_paid_after_notice",
                                   condition=models.Q(fee_paid=None)
                                   | models.Q(fee_notice__isnull=False, fee_paid__gte=models.F("fee_notice"))),
            models.CheckConstraint(name="application_answered_with_outcome",
                                   condition=models.Q(answered=None, outcome="")
                                   | (~models.Q(answered=None) & ~models.Q(outcome=""))),
        ]


    @staticmethod
    def received_on(channel: str, submitted: date, confirmed: date | None) -> date:
        """收到申请之日 as 第三十一条 fixes it: the day submitted in person; else the day the agency signed for
        the post, or confirmed the application with the applicant (平常信函, 网络, 传真)."""
        if channel == "in_person":
            return submitted
        if confirmed is None:
            raise ValueError("请填写签收或确认的日期" if channel == "post" else "请填写与申请人确认的日期")
        if confirmed < submitted:
            raise ValueError("签收或确认的日期早于提交的日期")
        return confirmed

    @property
    def awaiting_fee(self) -> bool:
        """A fee notice sent and not yet paid: the clock stands until it is paid or the time to pay runs out."""
        return self.fee_notice is not None and self.fee_paid is None and self.answered is None

    def month_ordinal(self) -> int:
        """Which of the applicant's applications to the agency this one is in its calendar month (按件计收)."""
        return Application.objects.filter(
            agency_id=self.agency_id, applicant=self.applicant, received__year=self.received.year,
            received__month=self.received.month).filter(
            models.Q(received__lt=self.received) | models.Q(received=self.received, pk__lte=self.pk)).count()


class Attachment(models.Model):
    """A file that came with an application (the signed form, an identity document, a letter): personal data,
    kept in the store by its hash and seen by the agency's staff only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]


class Pause(models.Model):
    """Days not counted in an application's period: a third party or another agency consulted (第三十二条), a fee
    notice awaiting payment (国办函〔2020〕109号); both days included."""

    KINDS = [("consultation", "征求意见"), ("fee", "待缴费")]
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=16, choices=KINDS)
    first = models.DateField()
    last = models.DateField()
    party = models.CharField(max_length=200, blank=True, help_text="the third party or agency consulted")



class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 on a disclosure decision, with its result once decided → table 四 of the year filed."""

    KINDS = [("reconsideration", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
             ("litigation_after_reconsideration", "复议后起诉")]
    RESULTS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果")]
    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="appeals")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="appeals")
    kind = models.CharField(max_length=40, choices=KINDS)
    filed = models.DateField()
    result = models.CharField(max_length=16, blank=True, choices=RESULTS)
    decided = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["filed", "pk"]


class Publication(models.Model):
    """An item of the agency's proactive-disclosure catalogue (主动公开目录), under its 索引号 (the agency's
    统一社会信用代码/year-serial). A 规章 or 行政规范性文件 counts in table 二 (一): issued in the year of its
    公开日期 (a revision, ``amends``, counts as issued but does not add to those in force), repealed in the year of
    its 废止日期."""

    KINDS = [("regulations", "规章"), ("normative_documents", "行政规范性文件"), ("other", "其他")]
    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="publications")
    index_no = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=128, help_text="发布机构")
    published = models.DateField(help_text="公开日期")
    doc_number = models.CharField(max_length=64, blank=True, help_text="文号")
    topic = models.CharField(max_length=64, blank=True, help_text="主题分类")
    genre = models.CharField(max_length=32, blank=True, help_text="体裁")
    kind = models.CharField(max_length=24, choices=KINDS, default="other")
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions",
                               help_text="the regulation or normative document this one revises")
    repealed = models.DateField(null=True, blank=True, help_text="废止日期")

    class Meta:
        ordering = ["-published", "-pk"]
        constraints = [
            models.CheckConstraint(name="publication_repealed_after_published",
                                   condition=models.Q(repealed=None) | models.Q(repealed__gte=models.F("published"))),
        ]

    @property
    def validity(self) -> str:
        """时效."""
        return "已废止" if self.repealed else "有效"


class LetterTemplate(models.Model):
    """An agency's own template of a kind of letter (告知书): a DOCX with the letter's fields as {{ placeholders }},
    edited in Word from the default one."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=16)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique")]


class Letter(models.Model):
    """A letter issued on an application, numbered in the agency's year (〔2025〕12号), kept as it was sent."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="letters")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16)
    year = models.IntegerField()
    serial = models.IntegerField()
    issued = models.DateField()
    content = models.BinaryField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["issued", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "serial"], name="letter_number_unique")]

    @property
    def number(self) -> str:
        return f"〔{self.year}〕{self.serial}号"


class YearEntry(models.Model):
    """What the register does not count itself: table 二's yearly figures (规章, 规范性文件, 许可, 处罚, 强制, 收费) and
    the narrative sections of the year's report, as the officer enters them."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="year_entries")
    year = models.IntegerField()
    active = models.JSONField(default=dict, help_text="table 二 as report-json: row → column → value")
    sections = models.JSONField(default=dict, help_text="section key → text")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="year_entry_unique")]


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    RESUBMITTED = "resubmitted", "已重新报送"
    ACCEPTED = "accepted", "已接收"
    PUBLISHED = "published", "已公开"


class Submission(models.Model):
    """An agency's annual report of a year on its way to the supervisor: the version it last sent (a report of the
    supervisor's corpus, read back from the DOCX the register wrote), the officer's explanation of each error
    finding it still carries, and where it stands."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="submissions")
    year = models.IntegerField()
    state = models.CharField(max_length=16, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    version = models.ForeignKey("corpus.ReportVersion", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text="the version last submitted")
    explanations = models.JSONField(default=dict, help_text="finding key (code and cells) → the officer's words")
    published = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="submission_unique")]


class SubmissionEvent(models.Model):
    """A step of a submission: who moved it to which state, when, and what they wrote."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=16, choices=SubmissionState.choices)
    comment = models.TextField(blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]


# every change of an application (and every view of it, sent by the page) is logged with who and when; the log
# keeps the applicant's name and contact masked
auditlog.register(Application, mask_fields=["applicant", "contact"])
auditlog.register(Pause)
auditlog.register(Attachment)
