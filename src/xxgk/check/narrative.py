"""The narrative against the tables: counts the text states about applications and appeals.

Only statements whose wording leaves no doubt what they count are compared; a number about something else (a
channel of application, a comparison with last year, matters handled for other bodies) is passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

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


# -- claims: a combined figure, or "all" of something, that the tables must bear out ------------------------------

_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_EXCEPT = re.compile(r"其余|其他|除|以外|之外|外，|结转|转入|尚在|正在")


@dataclass(frozen=True)
class Claim:
    """A way the text states a combined figure or an "all": ``figure(report, match, sentence)`` gives (what the
    tables say, cells, holds) or None when the tables do not print what it needs."""

    name: str
    pattern: re.Pattern
    figure: Callable
    subject: re.Pattern | None = None  # the sentence must speak of this, or the claim is about something else


def _total(report: Report, rows) -> tuple[list[str], list]:
    cells = [f"requests.{r}.total" for r in rows]
    return cells, [report.cell(c) for c in cells]


def _sum_claim(rows, what: str):
    def figure(report: Report, match: re.Match, sentence: str):
        keys = [r for r in rows(report)]
        cells, values = _total(report, keys)
        if not keys or any(v is None for v in values):
            return None
        return f"{what}为{sum(values):g}", cells, sum(values) == _count(match)
    return figure


def _granted(report):
    return ["granted", "partially_granted"]


def _unavailable(report):
    return [r for r in report.requests if r.startswith("unavailable_")]


def _in_force(report: Report, match: re.Match, sentence: str):
    row = "regulations" if "规章" in match.group(0) else "normative_documents"
    cell = f"active.{row}.in_force"
    value = report.cell(cell)
    if value is None:
        return None
    label = "规章" if row == "regulations" else "行政规范性文件"
    return f"表二“{label}”的“现行有效件数”为{value:g}", [cell], value == _count(match)


REVIEW_GROUPS = {"reconsideration": "行政复议", "litigation_direct": "未经复议直接起诉",
                 "litigation_after_reconsideration": "复议后起诉"}


def _all_upheld(report: Report, match: re.Match, sentence: str):
    groups = [g for g in REVIEW_GROUPS if ("复议" in sentence) == (g == "reconsideration")
              or not re.search("复议|诉讼", sentence)]
    cells = [f"review.{g}.{c}" for g in groups for c in ("corrected", "pending")]
    values = [report.cell(c) for c in cells]
    if any(v is None for v in values):
        return None
    shown = [f"{REVIEW_GROUPS[c.split('.')[1]]}“{'结果纠正' if c.endswith('corrected') else '尚未审结'}”为{v:g}"
             for c, v in zip(cells, values) if v]
    return "、".join(shown) or "无纠正、无未审结", cells, not shown


def _all_done(report: Report, match: re.Match, sentence: str):
    if _EXCEPT.search(sentence):
        return None
    cell = "requests.carried_forward.total"
    value = report.cell(cell)
    if value is None:
        return None
    return f"表三“四、结转下年度继续办理”的“总计”栏为{value:g}", [cell], value == 0


CLAIMS = (
    Claim("granted", re.compile(r"(?:予以)?公开(?:及|和|与|、|或)部分公开" + r"(?:的|申请)?(?:共|合计|计|总计)?"
                                + _GAP + r"{0,4}?" + _N), _sum_claim(_granted, "表三“（一）予以公开”与“（二）部分公开”的“总计”栏之和")),
    Claim("unavailable", re.compile(r"无法提供" + _GAP + r"{0,6}?" + _N),
          _sum_claim(_unavailable, "表三“（四）无法提供”各项的“总计”栏之和")),
    Claim("in_force", re.compile(r"现行有效(?:的)?(?:规章|(?:行政)?规范性文件)(?:共|合计)?" + _GAP + r"{0,4}?" + _N
                                 + r"|(?:规章|(?:行政)?规范性文件)" + _GAP + r"{0,6}?现行有效(?:的)?(?:共|合计)?" + _n("n2")),
          _in_force),
    Claim("all_upheld", re.compile(r"(?:均|全部|都)(?:被|获|予以|得到|依法)*维持"), _all_upheld,
          subject=re.compile(r"复议|诉讼")),
    Claim("all_done", re.compile(r"(?:均|全部|都)(?:已|已经)?(?:在法定期限内|按时|按期|依法|及时)*(?:办结|答复完毕|办理完毕)"),
          _all_done, subject=re.compile(r"申请")),
)


def claims(text: str):
    """(claim, match, sentence, offset) for each sentence of ``text`` that makes one of the claims."""
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group(0)
        for claim in CLAIMS:
            m = claim.pattern.search(body)
            if m and (claim.subject is None or claim.subject.search(body)):
                yield claim, m, body.strip(), sentence.start()


@rule("text.claim_mismatch")
def claims_against_tables(report: Report, previous=None):
    """A combined figure or an "all" the narrative states that the tables contradict."""
    for section in ("overview", "requests", "review"):
        seen = set()
        for claim, match, sentence, offset in claims(report.sections.get(section, "")):
            figure = claim.figure(report, match, sentence)
            if figure is None or claim.name in seen:
                continue
            seen.add(claim.name)
            fact, cells, holds = figure
            if not holds:
                where = report.text_location(section, offset)
                yield finding("text.claim_mismatch", cells=cells, where=([where] if where else []) + report.where(*cells),
                              section=SECTION_NAMES[section], quote=match.group(0), fact=fact)
