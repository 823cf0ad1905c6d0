"""Report(s) → Findings: the arithmetic of the format, conformity to the template, the text against the tables,
one year against the last. Each rule is one registered function with one code (see ``registry``)."""

from .registry import RULES, check, check_years, rule

__all__ = ["check", "check_years", "rule", "RULES"]
