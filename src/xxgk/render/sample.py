"""Made-up reports that are right by construction, for demonstrations and round-trip tests.

Every relation of the template holds in them: each row's 总计 is the sum of its applicants, （七）总计 the sum of
the results, 新收 + 结转 = 办结 + 结转下年 in every column, each review group's 总计 the sum of its results. Counts
are small and mostly zero, as in real reports; the narrative states the same numbers the tables print.
"""

from __future__ import annotations

import random

from ..model import Meta, Report
from ..template import Template
from ..template import load as load_template

PLACES = ("淄博市", "淮安市", "临沂市兰山区", "青岛市黄岛区", "苏州市吴中区", "绍兴市柯桥区", "洛阳市", "宜昌市夷陵区",
          "南宁市青秀区", "遵义市")
BODIES = ("人民政府", "人民政府办公室", "教育局", "财政局", "自然资源和规划局", "市场监督管理局", "卫生健康委员会",
          "住房和城乡建设局", "生态环境局", "交通运输局", "农业农村局", "工业和信息化局")
# How often an applicant column has any application at all: natural persons nearly always, enterprises often.
ACTIVITY = {"natural_person": 0.95, "enterprise": 0.5, "research": 0.1, "nonprofit": 0.1, "legal_service": 0.2,
            "other_org": 0.15}
# How many results of each kind a busy column sees, roughly: most applications are granted or not held.
WEIGHT = {"granted": 8, "partially_granted": 3, "unavailable_not_held": 5, "rejected_petition": 2,
          "rejected_duplicate": 1, "withheld_third_party": 1, "withheld_process_info": 1}


def random_report(seed: int, template: str = "2021", year: int | None = None, agency: str | None = None,
                  legacy_other: bool = False) -> Report:
    """A consistent report in the format ``template`` ("2021" or "2019"). ``legacy_other``: a 2021 report that
    prints the single （六）其他处理 row, as some still do."""
    rng = random.Random(seed)
    spec = load_template(template)
    first, last = spec.years
    year = year if year is not None else rng.randint(first, min(last, 2025))
    agency = agency or rng.choice(PLACES) + rng.choice(BODIES)
    report = Report(meta=Meta(agency=agency, year=year, template=spec.name))
    report.active = _active(rng, spec)
    report.requests = _requests(rng, spec, legacy_other)
    report.review = _review(rng, spec)
    report.sections = _sections(rng, report)
    return report


def _small(rng: random.Random, high: int, zero: float = 0.6) -> int:
    """Zero with probability ``zero``, else a count up to ``high`` leaning to the low end."""
    if rng.random() < zero:
        return 0
    return min(high, int(rng.paretovariate(1.2)) if high > 3 else rng.randint(1, high))


def _active(rng: random.Random, spec: Template) -> dict:
    counts = {
        "issued": lambda: _small(rng, 30, 0.4), "repealed": lambda: _small(rng, 10, 0.7),
        "in_force": lambda: rng.randint(0, 200),
        "decisions": lambda: _small(rng, 5000, 0.3) * rng.choice((1, 1, 10, 100)),
        "made": lambda: _small(rng, 30, 0.4), "published": lambda: _small(rng, 30, 0.4),
        "total_published": lambda: rng.randint(0, 200), "last_year_items": lambda: _small(rng, 200, 0.3),
        "change": lambda: rng.choice((0, 0, 0, 1, 2, -1, -3, 5)), "projects": lambda: _small(rng, 50, 0.4),
        "amount_wan_yuan": lambda: round(rng.choice((0.0, 0.0, rng.uniform(0.5, 50), rng.uniform(50, 5000))), 2),
    }
    table = {row.key: {c: counts[c]() for c in row.columns} for row in spec.active.rows}
    for row in table.values():
        if "change" in row and "last_year_items" in row:  # a decrease cannot exceed last year's items
            row["change"] = max(row["change"], -row["last_year_items"])
    return table


def result_rows(spec: Template, legacy_other: bool) -> list[str]:
    """The result rows a report in this format prints (the single （六） row, or the three that replaced it)."""
    rows = spec.requests.rows
    legacy = [r for r in rows if r.legacy]
    if legacy_other and legacy:
        replaced = {k for r in legacy for k in r.replaces}
        return [r.key for r in rows if r.result and r.key not in replaced]
    return [r.key for r in rows if r.result and not r.legacy]


def _requests(rng: random.Random, spec: Template, legacy_other: bool) -> dict:
    columns = [c.key for c in spec.requests.columns]
    applicants, total = columns[:-1], columns[-1]
    results = result_rows(spec, legacy_other)
    table = {key: {} for key in ("received_new", "carried_over", *results, "processed_total", "carried_forward")}
    for column in applicants:
        busy = rng.random() < ACTIVITY.get(column, 0.1)
        scale = rng.choice((3, 10, 40, 200)) if column == "natural_person" else 3
        for key in results:
            weight = WEIGHT.get(key, 0.2)
            seen = busy and rng.random() < min(0.9, weight / 8 + 0.05)
            table[key][column] = rng.randint(1, max(1, int(scale * weight / 8))) if seen else 0
        processed = sum(table[key][column] for key in results)
        forward = _small(rng, 5, 0.7) if busy else 0
        over = min(_small(rng, 5, 0.7), processed + forward)
        table["processed_total"][column] = processed
        table["carried_forward"][column] = forward
        table["carried_over"][column] = over
        table["received_new"][column] = processed + forward - over
    for row in table.values():
        row[total] = sum(row[c] for c in applicants)
    return {key: {c: row[c] for c in columns} for key, row in table.items()}


def _review(rng: random.Random, spec: Template) -> dict:
    columns = [c.key for c in spec.review.columns]
    parts, total = columns[:-1], columns[-1]
    table = {}
    for group in spec.review.groups:
        row = {c: _small(rng, 6, 0.85) for c in parts} if rng.random() < 0.4 else dict.fromkeys(parts, 0)
        row[total] = sum(row.values())
        table[group.key] = row
    return table


def _sections(rng: random.Random, report: Report) -> dict[str, str]:
    """Narrative that states the table's counts the way reports word them."""
    year = report.meta.year
    req, rev = report.requests, report.review
    litigation = rev["litigation_direct"]["total"] + rev["litigation_after_reconsideration"]["total"]
    released = rng.randint(100, 3000)
    overview = [
        f"{year}年，{report.meta.agency}深入贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，围绕中心工作推进决策、执行、管理、服务、结果公开，政务公开工作取得新成效。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{released}条，及时发布政策文件及解读材料。",
        f"（二）依申请公开。全年共收到政府信息公开申请{req['received_new']['total']}件，"
        f"上年结转{req['carried_over']['total']}件，办结{req['processed_total']['total']}件，"
        f"结转下年度继续办理{req['carried_forward']['total']}件。"
        f"因政府信息公开被申请行政复议{rev['reconsideration']['total']}件，提起行政诉讼{litigation}件。",
        "（三）政府信息管理。严格落实公开前保密审查，动态更新政府信息公开目录。",
        "（四）平台建设。优化政府网站信息公开专栏，做好政务新媒体信息发布。",
        "（五）监督保障。将政务公开纳入年度工作考核，组织业务培训。",
    ]
    problems = [
        "一是公开内容的深度和解读的针对性有待加强；二是基层工作人员业务能力需进一步提高。",
        f"{year + 1}年，将加强政策解读和业务培训，进一步提升政务公开工作水平。",
    ]
    other = ["本年度未收取信息处理费。", "无其他需要报告的事项。"]
    return {"overview": "\n".join(overview), "problems": "\n".join(problems), "other": "\n".join(other)}
