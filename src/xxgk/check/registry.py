"""The check rules: each a function registered with the codes it may report."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Finding, Report

RuleFunction = Callable[[Report, "Report | None"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    function: RuleFunction
    across_years: bool = False


RULES: list[Rule] = []
DEFAULT_RULE_MODULES = ("xxgk.check.arithmetic", "xxgk.check.conformity", "xxgk.check.narrative", "xxgk.check.years",
                        "xxgk.check.ocr")


def rule(*codes: str, across_years: bool = False):
    """Register a rule function ``f(report, previous) -> findings`` that reports the given codes; a rule
    ``across_years`` runs only when the year before is given."""
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(function.__name__, codes, function, across_years))
        return function
    return register


def _load() -> None:
    for module in DEFAULT_RULE_MODULES:
        importlib.import_module(module)


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding of every rule; with ``previous`` (the same agency's report for the year before) the rules
    across years run too."""
    _load()
    findings: list[Finding] = []
    for r in RULES:
        if r.across_years and previous is None:
            continue
        findings.extend(r.function(report, previous))
    return findings


def check_years(report: Report, previous: Report) -> list[Finding]:
    """Only the findings of the rules that compare a report with the year before."""
    _load()
    return [f for r in RULES if r.across_years for f in r.function(report, previous)]
