"""The site in a real browser: ``xxgk serve`` (gunicorn) on the demo corpus with a worker on the real Redis, driven
in headless Chromium. A person signs in, reads the overview, opens a wrong report, sees the cells of its findings
marked, dismisses one with a note, and the corpus records it; uploads a real report of the shared corpus and
watches it arrive. A screenshot of each page is kept under test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..ports import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("XXGK_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
CHROMIUM = "/usr/bin/chromium"
BROKER = "redis://127.0.0.1:6379/12"
PASSWORD = "Shifan-city-2024!"


def xxgk(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo corpus served by ``xxgk serve`` on a port of its own; (address, environment)."""
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(XXGK_DATA_DIR=str(tmp_path_factory.mktemp("site")), XXGK_BROKER_URL=BROKER)
    assert xxgk(env, "demo").returncode == 0
    made = xxgk(env, "createuser", "city", "--role", "supervisor", "--region", "示范市", "--password-stdin",
                stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    made = xxgk(env, "createuser", "chief", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    made = xxgk(env, "createuser", "officer", "--role", "agency", "--agency", "示范市财政局", "--password-stdin",
                stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    port = free_port()
    worker = subprocess.Popen([sys.executable, "-m", "xxgk", "worker", "-c", "1", "-l", "WARNING"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        worker.kill()
        pytest.fail("xxgk serve did not start: " + server.stderr.read())
    yield f"http://127.0.0.1:{port}", env
    for process in (server, worker):
        process.terminate()
    for process in (server, worker):
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-background-networking"])
        yield browser
        browser.close()


def sign_in(page, address: str, username: str = "city") -> None:
    page.goto(address + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(address + "/")


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_supervisor_signs_in_finds_a_wrong_report_and_dismisses_a_finding(site, browser):
    address, env = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(address + "/")
    assert "/login/" in page.url
    shot(page, "01-login")
    page.fill("input[name=username]", "city")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(address + "/")
    assert "2024年度概览" in page.inner_text("h1")
    assert page.locator("svg").count() == 3
    shot(page, "02-overview")

    page.goto(address + "/findings?severity=error&code=sum.row")
    shot(page, "03-findings")
    page.click("table.list tbody tr td a")
    page.wait_for_selector("table.national")
    marked = page.locator("td.marked.error")
    assert marked.count() >= 7  # the row whose 总计 is not the sum of its applicants
    published = page.frame_locator("iframe.source").locator("h1, h2, p").first
    published.wait_for()  # the page as published, beside the tables
    assert "政府信息公开工作年度报告" in page.frame_locator("iframe.source").locator("body").inner_text()
    shot(page, "04-report")

    finding = page.locator(".finding.error").first
    finding.locator("select[name=state]").select_option("dismissed")
    finding.locator("input[name=note]").fill("已与财政局核实，系排版错误")
    finding.locator("button[type=submit]").click()
    page.wait_for_selector(".messages li")
    assert "已排除" in page.inner_text(".messages")
    shot(page, "05-dismissed")

    page.goto(address + "/agencies?q=财政")
    page.click("table.list tbody tr td a")
    page.wait_for_selector("table.years")
    shot(page, "06-agency")
    assert errors == []

    found = json.loads(xxgk(env, "findings", "--state", "dismissed", "--json").stdout)
    assert [(f["agency"], f["reviewed_by"], f["note"]) for f in found] == [
        ("示范市财政局", "city", "已与财政局核实，系排版错误")]


def test_the_pages_fit_a_phone(site, browser):
    address, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, address)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "07-overview-phone")


def test_an_uploaded_report_is_read_by_the_worker_and_arrives_on_the_page(site, browser):
    from ..conftest import CORPUS

    address, _ = site
    report = sorted((CORPUS / "pdf").glob("*.pdf"))[0]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, address, "chief")  # the report is of 洪泽区: outside the demo city, inside everything
    page.goto(address + "/upload/")
    page.set_input_files("input[name=files]", str(report))
    assert "已选择 1 个文件" in page.inner_text("#chosen")
    shot(page, "08-upload")
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/batches/*/")
    page.wait_for_selector("#jobs a", timeout=120_000)  # the page follows the batch until the file is read
    assert "1/1 个文件已处理" in page.inner_text("#summary")
    shot(page, "09-batch")
    page.click("#jobs a")
    page.wait_for_selector("table.national")
    assert "年政府信息公开工作年度报告" in page.inner_text("h1")
    image = page.locator("figure.page img").first  # the PDF's page with the places of its findings boxed
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 800
    shot(page, "10-uploaded-report")


def test_a_supervisor_compares_two_years_returns_a_report_and_downloads_an_export(site, browser):
    import csv
    import io

    address, env = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, address)
    page.goto(address + "/agencies?q=青山区")
    page.click("table.list tbody tr td a")
    page.click("text=对比两年")
    page.wait_for_selector("table.compare")
    assert "2023" in page.inner_text("table.compare thead") and "2024" in page.inner_text("table.compare thead")
    shot(page, "11-compare")

    page.goto(address + "/findings?code=years.carry")
    page.click("table.list tbody tr td a")
    page.click("details.send-back summary")
    page.fill("details.send-back textarea", "上年结转数与上年报告不符，请核实后更正")
    page.click("details.send-back button[type=submit]")
    page.wait_for_selector(".messages li")
    assert "已将报告退回示范市青山区人民政府" in page.inner_text(".messages")
    assert "待修改" in page.inner_text(".returned")
    shot(page, "12-returned")
    page.goto(address + "/returns")
    assert "示范市青山区人民政府" in page.inner_text("table.list")

    page.goto(address + "/exports/")
    page.select_option("select[name=year]", "2024")
    page.select_option("select[name=format]", "csv")
    page.check("input[name=wide]")
    shot(page, "13-exports")
    with page.expect_download() as download:
        page.click("main form.filters button[type=submit]")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5 and {r["year"] for r in rows} == {"2024"}
    assert all(r["region"].startswith("示范") for r in rows)


def test_an_officer_registers_answers_and_writes_the_year_s_report(site, browser):
    from xxgk.pipeline import parse_file

    address, _ = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, address, "officer")
    page.click("text=登记簿")
    page.click("text=登记新申请")
    page.fill("input[name=number]", "2025-0001")
    page.select_option("select[name=channel]", "online")
    page.fill("input[name=submitted]", "2025-09-25")
    page.fill("input[name=confirmed]", "2025-09-26")  # confirmed with the applicant: the day received
    page.select_option("select[name=applicant_kind]", "natural_person")
    page.fill("input[name=applicant]", "王某某")
    page.fill("textarea[name=request]", "申请公开2024年度预算执行情况")
    shot(page, "14-register-new")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=答复期限：2025-10-30")
    page.locator("form:has(input[value=answered]) input[name=date]").fill("2025-10-20")
    page.locator("form:has(input[value=answered]) select[name=outcome]").select_option("granted")
    page.locator("form:has(input[value=answered]) button").click()
    page.wait_for_selector("text=已于 2025-10-20 答复")
    shot(page, "15-register-answered")
    appeal = page.locator("form[action$='/appeal']")
    appeal.locator("select[name=kind]").select_option("reconsideration")
    appeal.locator("input[name=filed]").fill("2025-11-03")
    appeal.locator("select[name=result]").select_option("upheld")
    appeal.locator("input[name=decided]").fill("2025-12-15")
    appeal.locator("button").click()
    page.wait_for_selector("text=行政复议：2025-11-03 提起，2025-12-15 结果维持")
    page.goto(address + "/register/report/?year=2025")
    page.fill("input[name='licensing.decisions']", "12")
    page.fill("textarea[name=overview]", "2025年，本机关依法做好政府信息公开工作。")
    page.locator("button.insert").first.click()  # the year's figures, from the tables, into the narrative
    overview = page.input_value("textarea[name=overview]")
    assert "本机关依法做好政府信息公开工作" in overview and "本年新收政府信息公开申请1件" in overview
    page.click("form.year-entry button[type=submit]")
    page.wait_for_selector(".messages li")
    shot(page, "16-register-report")
    with page.expect_download() as download:
        page.click("text=Word")
    back = parse_file(Path(download.value.path()).rename(Path(download.value.path()).with_suffix(".docx")))
    assert back.cell("requests.granted.natural_person") == 1 and back.cell("active.licensing.decisions") == 12
    assert back.cell("review.reconsideration.upheld") == 1  # the appeal recorded above, in table 四


def test_the_officer_submits_the_supervisor_returns_accepts_and_publishes(site, browser):
    """After the officer's year above: submit (each error explained), returned with a comment, resubmitted,
    accepted, published, and read on the region's public page by someone not signed in."""
    address, _ = site
    officer = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(officer, address, "officer")
    officer.goto(address + "/register/report/?year=2025")
    assert "状态：草稿" in officer.inner_text("section.submission")
    explain = officer.locator("form.submit textarea")
    assert explain.count() == 2  # 上年结转 against the corpus's 2024 report: 其他 and 总计
    for i in range(explain.count()):
        explain.nth(i).fill("登记簿自2025年启用，2024年结转的1件申请已于1月办结")
    shot(officer, "17-register-submit")
    officer.click("form.submit button[type=submit]")
    officer.wait_for_selector(".messages li.success")
    assert "状态：已报送" in officer.inner_text("section.submission")

    supervisor = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(supervisor, address)
    supervisor.goto(address + "/submissions?year=2025")
    supervisor.click("table.list tbody tr td a")
    assert "经登记簿报送：已报送" in supervisor.inner_text(".submission")
    assert "机关说明：登记簿自2025年启用" in supervisor.inner_text(".findings-panel")
    supervisor.click("details.send-back summary")
    supervisor.fill("details.send-back textarea", "请在正文中说明上年结转申请的办理情况")
    supervisor.click("details.send-back button[type=submit]")
    supervisor.wait_for_selector(".messages li")
    report_address = supervisor.url

    officer.goto(address + "/register/report/?year=2025")
    assert "已退回：请在正文中说明上年结转申请的办理情况" in officer.inner_text("section.submission")
    officer.fill("textarea[name=overview]", "2025年，本机关依法做好政府信息公开工作。2024年结转的1件申请已于1月办结。")
    officer.click("form.year-entry button[type=submit]")
    officer.wait_for_selector(".messages li")
    officer.click("form.submit button[type=submit]")  # the explanations stay filled in
    officer.wait_for_selector(".messages li.success")
    assert "状态：已重新报送" in officer.inner_text("section.submission")

    supervisor.goto(report_address)
    supervisor.click(".submission button:has-text('接收')")
    supervisor.wait_for_selector(".messages li.success")
    supervisor.click(".submission button:has-text('公开')")
    supervisor.wait_for_selector(".messages li.success")
    shot(supervisor, "18-submission-published")
    assert "经登记簿报送：已公开" in supervisor.inner_text(".submission")

    public = browser.new_page(viewport={"width": 1366, "height": 768})
    public.goto(address + "/public/")
    public.click("ul.regions a")
    public.click("text=示范市财政局")
    assert "2024年结转的1件申请已于1月办结" in public.inner_text("main")
    assert public.locator("table.national").count() == 3
    shot(public, "19-public-report")
