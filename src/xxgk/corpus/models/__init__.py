"""Regions, agencies, reports with their versions and sources, findings with their review state."""

from .agencies import (Agency, AgencyChange, AgencyKind, AgencyName, ChangeKind, MatchProposal, ProposalState, Region,
                       RegionKind)
from .reports import Finding, FindingState, Report, ReportVersion, Source

__all__ = ["Region", "RegionKind", "Agency", "AgencyKind", "AgencyName", "MatchProposal", "ProposalState",
           "AgencyChange", "ChangeKind",
           "Source", "Report", "ReportVersion", "Finding", "FindingState"]
