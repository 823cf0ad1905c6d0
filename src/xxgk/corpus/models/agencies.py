"""Regions as a tree and the agencies in them, with every name an agency has printed on a report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class RegionKind(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县区级"
    ZONE = "zone", "开发区"
    TOWN = "town", "乡镇街道"


class RegionQuerySet(models.QuerySet):
    def named(self, name: str) -> "RegionQuerySet":
        """Regions whose name is ``name`` or ends with it (“洪泽” finds 洪泽区), the full name first."""
        return self.filter(Q(name=name) | Q(name__endswith=name) | Q(name__startswith=name))


class Region(models.Model):
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    objects = RegionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_in_parent")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """The names from the widest region down; a name that begins with its wider region's stem stands for
        both: 淮安市洪泽区, but 淄博高新技术产业开发区 (under 淄博市)."""
        names, region = [], self
        while region is not None:
            names.append(region.name)
            region = region.parent
        path, previous = "", ""
        for name in reversed(names):
            if previous and len(previous) >= 3 and name.startswith(previous[:-1]):
                path = path[: len(path) - len(previous)]
            path, previous = path + name, name
        return path

    def subtree_ids(self) -> list[int]:
        """This region's id and every region's below it."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids += frontier
        return ids


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "部门"
    ZONE_COMMITTEE = "zone_committee", "开发区管委会"
    SUBDISTRICT = "subdistrict", "街道办事处"
    OTHER = "other", "其他"


class AgencyQuerySet(models.QuerySet):
    def in_region(self, region: Region | None) -> "AgencyQuerySet":
        return self if region is None else self.filter(region_id__in=region.subtree_ids())

    def without_report(self, year: int, region: Region | None = None) -> "AgencyQuerySet":
        """The agencies (of ``region`` and below) that have no report for ``year``."""
        return self.in_region(region).exclude(reports__year=year)

    def search(self, text: str) -> "AgencyQuerySet":
        """Agencies any of whose names contains ``text``."""
        return self.filter(names__name__contains=text).distinct()


class Agency(models.Model):
    name = models.CharField(max_length=128, help_text="最近一份报告所印的机关名称")
    kind = models.CharField(max_length=16, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies")
    credit_code = models.CharField(max_length=18, null=True, blank=True, unique=True,
                                   help_text="统一社会信用代码，取自索引号")
    created = models.DateTimeField(auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyName(models.Model):
    """A name an agency has used (printed on a report, or given when merging); ``key`` is its normalised form."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=128, unique=True)
    key = models.CharField(max_length=128, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProposalState(models.TextChoices):
    OPEN = "open", "待确认"
    MERGED = "merged", "已合并"
    REJECTED = "rejected", "不是同一机关"


class MatchProposal(models.Model):
    """Two agencies that may be one, where the evidence was not clear enough to merge them unasked. A decided
    proposal is kept with the names as they were when it was decided, also after a merge removed one agency."""

    agency = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+")
    candidate = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+")
    agency_name = models.CharField(max_length=128, blank=True, help_text="the agency's name when decided")
    candidate_name = models.CharField(max_length=128, blank=True, help_text="the candidate's name when decided")
    score = models.FloatField()
    reason = models.CharField(max_length=200)
    state = models.CharField(max_length=16, choices=ProposalState.choices, default=ProposalState.OPEN)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "candidate"], name="proposal_unique_pair")]
        ordering = ["-score"]


class ChangeKind(models.TextChoices):
    MERGE = "merge", "合并"
    SPLIT = "split", "拆分"


class AgencyChange(models.Model):
    """A merge or a split, with who made it, when, and what moved, so that it can be undone by naming it.

    ``moved`` holds what the inverse needs: the names, the reports that changed agency whole, the versions that
    joined or left another report of the same year (with the current version each such report had before), and
    for a merge the merged agency as it was (name, kind, region, credit code)."""

    kind = models.CharField(max_length=8, choices=ChangeKind.choices)
    agency = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="合并时保留的机关；拆分时被拆分的机关")
    other = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+",
                              help_text="拆分出的新机关（合并后被并入的机关已不存在，见 moved）")
    summary = models.CharField(max_length=300)
    moved = models.JSONField(default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]
