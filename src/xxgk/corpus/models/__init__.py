"""Regions, agencies, reports with their versions and sources, findings with their review state; batches of
jobs for the workers."""

from .agencies import (Agency, AgencyChange, AgencyKind, AgencyName, ChangeKind, MatchProposal, ProposalState, Region,
                       RegionKind)
from .jobs import FINISHED, Batch, Job, JobKind, JobState
from .reports import Finding, FindingState, Report, ReportVersion, Source

__all__ = ["Region", "RegionKind", "Agency", "AgencyKind", "AgencyName", "MatchProposal", "ProposalState",
           "AgencyChange", "ChangeKind",
           "Source", "Report", "ReportVersion", "Finding", "FindingState", "Batch", "Job", "JobKind", "JobState", "FINISHED"]
