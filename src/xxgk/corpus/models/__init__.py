"""Regions, agencies, reports with their versions and sources, findings with their review state."""

from .agencies import Agency, AgencyKind, AgencyName, MatchProposal, ProposalState, Region, RegionKind
from .reports import Finding, FindingState, Report, ReportVersion, Source

__all__ = ["Region", "RegionKind", "Agency", "AgencyKind", "AgencyName", "MatchProposal", "ProposalState",
           "Source", "Report", "ReportVersion", "Finding", "FindingState"]
