"""Reports per agency and year, each with every version read from a source file, and the findings of the checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ...model import Report as ReportData


class Source(models.Model):
    """A file as received, kept in the data directory under its SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255, help_text="the file's name when first ingested")
    size = models.BigIntegerField()
    received = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class ReportQuerySet(models.QuerySet):
    def in_region(self, region) -> "ReportQuerySet":
        return self if region is None else self.filter(agency__region_id__in=region.subtree_ids())


class Report(models.Model):
    """One agency's report for one year; its versions are the readings of the files that publish it."""

    agency = models.ForeignKey("corpus.Agency", on_delete=models.PROTECT, related_name="reports")
    year = models.IntegerField()
    current = models.ForeignKey("corpus.ReportVersion", null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReportQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_unique_agency_year")]
        ordering = ["agency__name", "year"]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}年度"


class ReportVersion(models.Model):
    """A source read by one parser version: the report-json it gave."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="versions")
    parser_version = models.CharField(max_length=32)
    printed_agency = models.CharField(max_length=128, help_text="the agency name as the report prints it")
    template = models.CharField(max_length=8, blank=True)
    data = models.JSONField(help_text="report-json")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "parser_version"], name="version_unique_reading")]
        ordering = ["created", "pk"]

    def as_report(self) -> ReportData:
        return ReportData.from_dict(self.data)


class FindingState(models.TextChoices):
    OPEN = "open", "待处理"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已排除"


class Finding(models.Model):
    """A finding of the checks on one version; ``key`` (code and cells) identifies it across re-parses, so a
    person's review carries over to the same finding in a newer version."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=48, db_index=True)
    severity = models.CharField(max_length=8)
    message = models.TextField()
    cells = models.JSONField(default=list)
    where = models.JSONField(default=list)
    key = models.CharField(max_length=255)
    across_years = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=FindingState.choices, default=FindingState.OPEN)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["version", "key"])]
