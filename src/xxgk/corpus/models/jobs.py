"""Batches of work sent to the workers — files to read, agencies to check across years, exports — one job per
piece, with its state and the one-line reason of a failure."""

from __future__ import annotations

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已入库"
    SKIPPED = "skipped", "已跳过"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


class JobKind(models.TextChoices):
    INGEST = "ingest", "读取入库"
    REPARSE = "reparse", "重新读取"
    RECHECK = "recheck", "跨年度核对"
    EXPORT = "export", "导出"


FINISHED = (JobState.DONE, JobState.SKIPPED, JobState.FAILED, JobState.CANCELLED)


class Batch(models.Model):
    """Work sent together (one ``xxgk ingest --queue``, one re-read of the corpus, one re-check, one export); what
    kind of work is said by its jobs."""

    created = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]


class Job(models.Model):
    """One piece of a batch: a file to read, kept in the store under ``sha256`` so that any worker can read it;
    an agency whose years are checked against each other; an export, written to the store of exports."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=16, choices=JobKind.choices, default=JobKind.INGEST, db_index=True)
    name = models.CharField(max_length=500, help_text="the file as it was sent (path, or path!member), the agency, "
                                                      "or the export's file name")
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    agency = models.ForeignKey("corpus.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True, help_text="an export's format, region and year")
    output = models.CharField(max_length=500, blank=True,
                              help_text="what the job made: an export's name in the store of exports, a re-check's "
                                        "findings")
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    report = models.ForeignKey("corpus.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.IntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
