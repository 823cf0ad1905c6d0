"""The report as data: `Report`, `Finding` and report-json (de)serialisation."""

from .report import SCHEMA, TABLES, Finding, Location, Meta, Report, Severity, Value

__all__ = ["Report", "Finding", "Location", "Meta", "Severity", "Value", "SCHEMA", "TABLES"]
from .findings import CODES, TABLE_NAMES, finding

__all__ += ["finding", "CODES", "TABLE_NAMES"]
