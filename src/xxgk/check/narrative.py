"""The narrative against the tables: counts the text states about applications and appeals.

Only statements whose wording leaves no doubt what they count are compared; a number about something else (a
channel of application, a comparison with last year, matters handled for other bodies) is passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Report, finding
from .registry import rule



def _n(name: str = "n") -> str:
    return rf"(?P<{name}>\d+)\s*(?:件|起|宗)"


_N = _n()
_GAP = r"[^，,。；;！？!?\n\d]"
_CLAUSE = re.compile(r"[^，,。；;！？!?\n]+")
_OFF_TOPIC = re.compile(r"督促|指导|交办|转办|同比|较去年|较上年|比上年|当面|信函|网上申请|网络申请|邮件|邮寄|电话|传真|现场|"
                        r"同意|不予|部分公开|公开答复|各部门|各镇|各单位|占比|%|含|包括")
SECTION_NAMES = {"overview": "“一、总体情况”", "requests": "“三、收到和处理政府信息公开申请情况”",
                 "review": "“四、行政复议、行政诉讼情况”", "problems": "“五、存在的主要问题及改进情况”",
                 "other": "“六、其他需要报告的事项”", "active": "“二、主动公开政府信息情况”"}


@dataclass(frozen=True)
class Statement:
    """A way the text states one count, and the table cells it must equal (their sum)."""

    name: str
    pattern: re.Pattern
    cells: tuple[str, ...]
    table: str
    row: str
    column: str = "“总计”栏"
    unless: re.Pattern | None = None


STATEMENTS = (
    Statement("carried_forward", re.compile(r"结转(?:到|至)?(?:下一?年度?|(?P<next>\d{4})年度?)" + _GAP + r"{0,8}?" + _N
                                            + r"|" + _n("n2") + _GAP + r"{0,4}结转(?:到|至)?(?:下一?年|(?P<next2>\d{4})年)"),
              ("requests.carried_forward.total",), "requests", "四、结转下年度继续办理"),
    Statement("carried_over", re.compile(r"(?:上一?年度?|(?P<prev>\d{4})年度?)结转" + _GAP + r"{0,6}?" + _N),
              ("requests.carried_over.total",), "requests", "二、上年结转政府信息公开申请数量"),
    Statement("received", re.compile(r"(?:收到|受理|新收|接收|接到)" + _GAP + r"{0,24}?申请" + _GAP + r"{0,6}?" + _N),
              ("requests.received_new.total",), "requests", "一、本年新收政府信息公开申请数量",
              unless=re.compile(r"复议|诉讼")),
    Statement("processed", re.compile(r"(?:已|均已|全部|共|累计|按时)?(?:答复|办结)(?:数|了)?" + _N
                                      + r"|" + _n("n2") + r"(?:均已|已|全部)?(?:依法依规)?(?:进行|予以|作出)?(?:答复|办结)"),
              ("requests.processed_total.total",), "requests", "（七）总计"),
    Statement("reconsideration", re.compile(r"行政复议(?:案件|申请)?(?:共|合计)?" + _N),
              ("review.reconsideration.total",), "review", "行政复议", "“总计”"),
    Statement("litigation", re.compile(r"行政诉讼(?:案件)?(?:共|合计)?" + _N),
              ("review.litigation_direct.total", "review.litigation_after_reconsideration.total"), "review",
              "行政诉讼", "“总计”（未经复议直接起诉与复议后起诉之和）"),
)


def _count(match: re.Match) -> int:
    return int(match.group("n") or match.group("n2"))


def _year_fits(statement: Statement, match: re.Match, year: int | None) -> bool:
    named = {k: v for k, v in match.groupdict().items() if v and k in ("next", "next2", "prev")}
    if not named or year is None:
        return True
    stated = int(next(iter(named.values())))
    return stated == (year - 1 if "prev" in named else year + 1)


def statements(text: str, year: int | None):
    """(statement, count, quote, offset) for each clause of ``text`` that states one of the counts."""
    for clause in _CLAUSE.finditer(text):
        if _OFF_TOPIC.search(clause.group(0)):
            continue
        for statement in STATEMENTS:
            m = statement.pattern.search(clause.group(0))
            if statement.unless and statement.unless.search(clause.group(0)):
                continue
            if m and _year_fits(statement, m, year):
                yield statement, _count(m), clause.group(0).strip(), clause.start()


@rule("text.table_mismatch")
def text_against_tables(report: Report, previous=None):
    """A count the narrative states that differs from the table cell it names."""
    for section in ("overview", "requests", "review"):
        text = report.sections.get(section, "")
        seen = set()
        for statement, stated, quote, offset in statements(text, report.meta.year):
            values = [report.cell(p) for p in statement.cells]
            if any(v is None for v in values) or statement.name in seen:
                continue
            seen.add(statement.name)
            value = sum(values)
            if value != stated:
                where = report.text_location(section, offset)
                yield finding("text.table_mismatch", cells=list(statement.cells),
                              where=([where] if where else []) + report.where(*statement.cells),
                              section=SECTION_NAMES[section], quote=quote, stated=f"{stated}件",
                              table=statement.table, row=statement.row, column=statement.column, value=value)
