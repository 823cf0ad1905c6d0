"""The check rules: each a function registered with the codes it may report."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Finding, Report, Severity

RuleFunction = Callable[[Report, "Report | None"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    function: RuleFunction
    across_years: bool = False


RULES: list[Rule] = []
DEFAULT_RULE_MODULES = ("xxgk.check.arithmetic", "xxgk.check.conformity", "xxgk.check.narrative", "xxgk.check.years",
                        "xxgk.check.amounts", "xxgk.check.ocr")


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
    return hedged(findings, report, previous)


def check_years(report: Report, previous: Report) -> list[Finding]:
    """Only the findings of the rules that compare a report with the year before."""
    _load()
    return hedged([f for r in RULES if r.across_years for f in r.function(report, previous)], report, previous)


def hedged(findings: list[Finding], report: Report, previous: Report | None = None) -> list[Finding]:
    """The findings, with an error about a cell whose place the reader is not sure of made a warning that says so: a
    lost table structure must not pass for a wrong report. Unsure are the cells of ``Report.uncertain``, and for a
    finding across years every cell of a table of the year before that has such cells."""
    doubtful_tables = {path.split(".")[0]: why for path, why in (previous.uncertain if previous else {}).items()}
    for f in findings:
        if f.severity != Severity.ERROR:
            continue
        why = [report.uncertain[c] for c in f.cells if c in report.uncertain]
        if f.code.startswith("years."):
            why += [f"{previous.meta.year}年度报告：{doubtful_tables[t]}"
                    for t in dict.fromkeys(c.split(".")[0] for c in f.cells) if t in doubtful_tables]
        if why:
            f.severity = Severity.WARNING
            f.message += f"（所涉单元格的位置不确定：{'、'.join(dict.fromkeys(why))}；仅供核对）"
    return findings
