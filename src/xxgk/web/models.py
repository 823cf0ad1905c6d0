"""Who may see and change what: a user's role and the part of the region tree (or the one agency) it covers, the
tokens scripts use for the API, and the reports sent back to their agency."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    SUPERVISOR = "supervisor", "监督人员"
    AGENCY = "agency", "机关用户"
    OBSERVER = "observer", "只读观察员"


class Access(models.Model):
    """A user's role: an administrator sees everything; a supervisor sees and changes everything of a region and
    below; an observer sees the same and changes nothing; an agency user sees its own agency only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access")
    role = models.CharField(max_length=16, choices=Role.choices)
    region = models.ForeignKey("corpus.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("corpus.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="access_scope_fits_role",
                condition=(models.Q(role="admin", region=None, agency=None)
                           | models.Q(role__in=["supervisor", "observer"], agency=None)
                           | models.Q(role="agency", agency__isnull=False, region=None))),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token a script sends as ``Authorization: Bearer …``; only its SHA-256 is kept, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """A new token for ``user``: (the stored row, the token itself, to show once)."""
        token = "xxgk_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, digest=cls.digest_of(token), name=name), token


class ReturnState(models.TextChoices):
    OPEN = "open", "待修改"
    CORRECTED = "corrected", "已收到修改版"
    WITHDRAWN = "withdrawn", "已撤回"


class Return(models.Model):
    """A report sent back to its agency with the findings to fix; closed when a newer version of the same report
    arrives."""

    report = models.ForeignKey("corpus.Report", on_delete=models.CASCADE, related_name="returns")
    version = models.ForeignKey("corpus.ReportVersion", on_delete=models.PROTECT, related_name="+",
                                help_text="the version that was sent back")
    findings = models.ManyToManyField("corpus.Finding", related_name="+", blank=True)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=ReturnState.choices, default=ReturnState.OPEN)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at"]

    @property
    def status(self) -> str:
        """Corrected once the report's current version is newer than the one sent back."""
        if self.state == ReturnState.OPEN and self.report.current_id != self.version_id:
            return ReturnState.CORRECTED
        return self.state


class Upload(models.Model):
    """Files a user sent through the site: the batch of jobs that reads them, and who sent it."""

    batch = models.OneToOneField("corpus.Batch", on_delete=models.CASCADE, related_name="upload")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads")
    files = models.IntegerField(help_text="files as sent (an archive counts once)")

    class Meta:
        ordering = ["-batch__created"]
