"""The site in a real browser: ``xxgk serve`` (gunicorn) on the demo corpus, driven in headless Chromium. A person
signs in, reads the overview, opens a wrong report, sees the cells of its findings marked, dismisses one with a
note, and the corpus records it. A screenshot of each page is kept under test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("XXGK_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Shifan-city-2024!"


def xxgk(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo corpus served by ``xxgk serve`` on a port of its own; (address, environment)."""
    env = {k: v for k, v in os.environ.items() if k != "XXGK_DATABASE_URL"}
    env["XXGK_DATA_DIR"] = str(tmp_path_factory.mktemp("site"))
    assert xxgk(env, "demo").returncode == 0
    made = xxgk(env, "createuser", "city", "--role", "supervisor", "--region", "示范市", "--password-stdin",
                stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    port = free_port()
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
        pytest.fail("xxgk serve did not start: " + server.stderr.read())
    yield f"http://127.0.0.1:{port}", env
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-background-networking"])
        yield browser
        browser.close()


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
    page.goto(address + "/login/")
    page.fill("input[name=username]", "city")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(address + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "07-overview-phone")
