"""A user's scope: the agencies, reports and findings a role covers, and whether it may change them.

Every page, export and API call looks its objects up through the scope, so an object outside it is simply not
found (404): nothing tells a user that another region's report exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, QuerySet

from ..corpus.models import Agency, Finding, Region, Report
from .models import Access, Role


@dataclass
class Scope:
    role: str
    region: Region | None = None
    agency: Agency | None = None

    @classmethod
    def of(cls, user) -> "Scope | None":
        """The scope of a signed-in user; None for a user with no role (who sees nothing)."""
        if not user.is_authenticated:
            return None
        if user.is_superuser:
            return cls(Role.ADMIN)
        try:
            access = Access.objects.select_related("region", "agency").get(user=user)
        except Access.DoesNotExist:
            return None
        return cls(access.role, access.region, access.agency)

    @property
    def label(self) -> str:
        where = self.agency.name if self.agency else self.region.path if self.region else "全部地区"
        return f"{Role(self.role).label}·{where}"

    @property
    def can_change(self) -> bool:
        """Reviews, merges, splits, returns and uploads: everyone but the observer."""
        return self.role != Role.OBSERVER

    @property
    def supervises(self) -> bool:
        """Merges, splits and returns are a supervisor's (or an administrator's) work."""
        return self.role in (Role.ADMIN, Role.SUPERVISOR)

    @cached_property
    def region_ids(self) -> list[int] | None:
        """The regions covered (None: all of them)."""
        if self.role == Role.AGENCY:
            return []
        return self.region.subtree_ids() if self.region is not None else None

    def regions(self) -> QuerySet:
        query = Region.objects.all()
        if self.role == Role.AGENCY:
            return query.filter(pk=self.agency.region_id) if self.agency.region_id else query.none()
        return query if self.region_ids is None else query.filter(pk__in=self.region_ids)

    def agencies(self) -> QuerySet:
        if self.role == Role.AGENCY:
            return Agency.objects.filter(pk=self.agency.pk)
        query = Agency.objects.all()
        return query if self.region_ids is None else query.filter(region_id__in=self.region_ids)

    def reports(self) -> QuerySet:
        """The reports of the agencies covered that have a current version."""
        query = Report.objects.filter(current__isnull=False)
        if self.role == Role.AGENCY:
            return query.filter(agency=self.agency)
        return query if self.region_ids is None else query.filter(agency__region_id__in=self.region_ids)

    def findings(self) -> QuerySet:
        """The findings of the current versions of the reports covered."""
        query = Finding.objects.filter(version__report__current=F("version"))
        if self.role == Role.AGENCY:
            return query.filter(version__report__agency=self.agency)
        return query if self.region_ids is None else query.filter(version__report__agency__region_id__in=self.region_ids)
