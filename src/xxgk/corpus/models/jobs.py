"""Batches of files sent to the workers, one job per file, with its state and the one-line reason of a failure."""

from __future__ import annotations

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已入库"
    SKIPPED = "skipped", "已跳过"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


FINISHED = (JobState.DONE, JobState.SKIPPED, JobState.FAILED, JobState.CANCELLED)


class Batch(models.Model):
    """Files sent together (one ``xxgk ingest --queue``, one re-read of the corpus)."""

    created = models.DateTimeField(auto_now_add=True)
    reparse = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]


class Job(models.Model):
    """One file of a batch, kept in the store under ``sha256`` so that any worker can read it."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="jobs")
    name = models.CharField(max_length=500, help_text="the file as it was sent: path, or path!member")
    sha256 = models.CharField(max_length=64, db_index=True)
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
