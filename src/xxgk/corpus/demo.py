"""A small imaginary region whose reports xxgk writes itself, some with the errors real reports have, so that a
fresh corpus shows real results: 示范市 with a few agencies over four years."""

from __future__ import annotations

from pathlib import Path

from ..model import Report
from ..render import render
from ..render.sample import random_report

YEARS = (2021, 2022, 2023, 2024)
# agency → the name it prints each year (a zone that shortened its name in 2023), and the years it reported
AGENCIES = {
    "示范市人民政府": {},
    "示范市财政局": {},
    "示范市教育局": {"years": YEARS[:-1]},  # no 2024 report yet
    "示范市卫生健康委员会": {},
    "示范市青山区人民政府": {},
    "示范高新技术产业开发区管理委员会": {"from_2023": "示范高新区管委会"},
}
APPLICANTS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org")


def demo_files(folder: Path) -> list[Path]:
    """Write the region's reports as HTML files into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (agency, plan) in enumerate(AGENCIES.items()):
        previous = None
        for year in plan.get("years", YEARS):
            report = random_report(number * 100 + year, year=year, agency=agency)
            if year >= 2023 and "from_2023" in plan:
                report.meta.agency = plan["from_2023"]
            if previous is not None:
                carry_over(previous, report)
            report.sections = narrative(report)
            previous = report.model_copy(deep=True)
            inject_error(report)
            path = folder / f"{year}_{report.meta.agency}.html"
            path.write_bytes(render(report, "html"))
            paths.append(path)
    return paths


def carry_over(last: Report, this: Report) -> None:
    """This year's 上年结转 is last year's 结转下年度 (the balance of each column kept by 结转下年度), and its
    现行有效件数 follow on from last year's."""
    req = this.requests
    for column in APPLICANTS:
        delta = last.requests["carried_forward"][column] - req["carried_over"][column]
        req["carried_over"][column] += delta
        req["carried_forward"][column] += delta
        if req["carried_forward"][column] < 0:
            req["received_new"][column] -= req["carried_forward"][column]
            req["carried_forward"][column] = 0
    for row in ("carried_over", "carried_forward", "received_new"):
        req[row]["total"] = sum(req[row][c] for c in APPLICANTS)
    for row in ("regulations", "normative_documents"):  # 现行有效 = last year's + 制发 − 废止
        cells, before = this.active[row], last.active[row]["in_force"]
        cells["repealed"] = min(cells["repealed"], before + cells["issued"])
        cells["in_force"] = before + cells["issued"] - cells["repealed"]


def inject_error(report: Report) -> None:
    """The mistakes the demo shows: a total that is not the sum, a 上年结转 that is not last year's 结转, a
    review total left at zero."""
    agency, year = report.meta.agency, report.meta.year
    if agency == "示范市财政局" and year == 2023:
        report.requests["granted"]["total"] += 1
    if agency == "示范市青山区人民政府" and year == 2024:
        report.requests["carried_over"]["natural_person"] += 2
        report.requests["carried_over"]["total"] += 2
        report.requests["carried_forward"]["natural_person"] += 2
        report.requests["carried_forward"]["total"] += 2
    if agency == "示范市卫生健康委员会" and year == 2024:
        group = report.review["reconsideration"]
        group["upheld"] += 1
        group["total"] = 0


def narrative(report: Report) -> dict[str, str]:
    req = report.requests
    return {
        "overview": f"{report.meta.year}年，{report.meta.agency}认真贯彻《中华人民共和国政府信息公开条例》。"
                    f"全年共收到政府信息公开申请{req['received_new']['total']}件，"
                    f"上年结转{req['carried_over']['total']}件。",
        "problems": "公开内容的深度有待加强。下一步将加强政策解读。",
        "other": "无其他需要报告的事项。",
    }
