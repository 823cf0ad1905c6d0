"""Load on the web application: concurrent users browsing the overview, agency and report pages of a generated
corpus under ``xxgk serve`` on PostgreSQL, driven by wrk over loopback for a bounded time; prints p50/p95/p99 and
the errors. Each user pauses between pages as a person reading them does (``--think``, 1 s on average); with
``--think 0`` every connection asks again at once and the figures are those of a saturated server.

    .venv/bin/python bench/web.py                     # 10,000 reports, 50 users, 30 s, 4 gunicorn workers
    .venv/bin/python bench/web.py -n 2000 --duration 10 --users 20
    .venv/bin/python bench/web.py --reuse             # the corpus already stored by an earlier run
    .venv/bin/python bench/web.py --reuse --think 0   # no pause between pages: the throughput of the server

Needs wrk (Debian: ``apt-get install wrk``) and the PostgreSQL server of the tests (127.0.0.1:5432, trust). The
corpus goes to the database ``xxgk_bench_web`` (made afresh unless ``--reuse``); the reports are those of
bench/ingest.py (four years of each agency, one in twenty with a total that is not the sum). The users sign in
as a supervisor of one city, so every page asks its scope of the region tree. Before the clock runs, a warm-up
asks each kind of page until every worker has started and computed its overview.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import generate  # noqa: E402  (the same generated corpus as the ingest benchmark)

OUT = Path(__file__).resolve().parent / "out" / "web"
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "xxgk_bench_web"
CITY = "东川市"
PASSWORD = "bench-Supervisor-2024"

# wrk: each request a random page of the list, the status of each counted, percentiles printed at the end
LUA = r"""
local paths = {}
for line in io.lines(os.getenv("XXGK_BENCH_PATHS")) do paths[#paths + 1] = line end
local errors = 0
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {Cookie = os.getenv("XXGK_BENCH_COOKIE")})
end
local think = tonumber(os.getenv("XXGK_BENCH_THINK"))
delay = function()
  if think == 0 then return 0 end
  return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  local out = io.open(os.getenv("XXGK_BENCH_RESULT"), "w")
  out:write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "max": %f, ' ..
    '"socket_errors": %d, "non_2xx": %d}', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  out:close()
end
"""


def xxgk(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([str(Path(sys.executable).parent / "xxgk"), *args], env=env, input=stdin, text=True,
                          capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"xxgk {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def pages(env: dict, count: int) -> list[str]:
    """Overview, agency and report pages of the city, in equal shares."""
    from psycopg import connect

    with connect(env["XXGK_DATABASE_URL"]) as connection:
        region = connection.execute("select id from corpus_region where name = %s", [CITY]).fetchone()[0]
        ids = [region]
        while True:
            more = [r[0] for r in connection.execute("select id from corpus_region where parent_id = any(%s)",
                                                     [ids]).fetchall() if r[0] not in ids]
            if not more:
                break
            ids += more
        agencies = [r[0] for r in connection.execute(
            "select id from corpus_agency where region_id = any(%s)", [ids]).fetchall()]
        reports = [r[0] for r in connection.execute(
            "select id from corpus_report where agency_id = any(%s) and current_id is not null", [ids]).fetchall()]
    rng = random.Random(1)
    chosen = ["/", "/?year=2023"] * (count // 6)
    chosen += [f"/agencies/{rng.choice(agencies)}/" for _ in range(count // 3)]
    chosen += [f"/reports/{rng.choice(reports)}/" for _ in range(count // 3)]
    return chosen


def sign_in(address: str) -> str:
    """The session cookie of the supervisor, signed in through the login page as a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(address + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": "supervisor", "password": PASSWORD, "csrfmiddlewaretoken": token,
                                   "next": "/"}).encode()
    opener.open(urllib.request.Request(address + "/login/", data, headers={"Referer": address + "/login/"}))
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not sign in")
    return f"sessionid={cookies['sessionid']}"


def warm_up(address: str, cookie: str, paths: list[str], workers: int) -> None:
    """Every worker started and its overview sums computed, before the clock runs: the figures are of the site at
    work, not of its first minute."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        request = urllib.request.Request(address + path, headers={"Cookie": cookie})
        urllib.request.urlopen(request, timeout=60).read()

    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(get, ["/", "/?year=2023"] * workers * 4 + paths[:100]))


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("xxgk serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--reports", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--think", type=int, default=1000,
                        help="a user's mean pause between pages, ms (0: no pause, the server saturated)")
    parser.add_argument("--reuse", action="store_true", help="keep the corpus of an earlier run")
    args = parser.parse_args()
    env = {**os.environ, "XXGK_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DATABASE}",
           "XXGK_DATA_DIR": str(OUT / "data"), "XXGK_SECRET_KEY": "bench-only"}
    env.pop("XXGK_BROKER_URL", None)
    if not args.reuse:
        files = Path(__file__).resolve().parent / "out" / "ingest" / f"reports-{args.reports}"
        if not files.is_dir():
            generate(files, args.reports)
        fresh_database()
        start = time.perf_counter()
        xxgk(env, "ingest", str(files), "--processes", "2", "--quiet")
        print(f"stored {args.reports} reports in {time.perf_counter() - start:.0f} s")
        xxgk(env, "createuser", "supervisor", "--role", "supervisor", "--region", CITY, "--password-stdin",
             stdin=PASSWORD + "\n")
    port = 8700 + os.getpid() % 200
    server = subprocess.Popen([str(Path(sys.executable).parent / "xxgk"), "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        address = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as folder:
            paths, script, result = (Path(folder) / n for n in ("paths.txt", "load.lua", "result.json"))
            script.write_text(LUA)
            cookie = sign_in(address)
            chosen = pages(env, 3000)
            paths.write_text("\n".join(chosen) + "\n")
            warm_up(address, cookie, random.Random(2).sample(chosen, 100), args.workers)
            run = {**os.environ, "XXGK_BENCH_PATHS": str(paths), "XXGK_BENCH_RESULT": str(result),
                   "XXGK_BENCH_COOKIE": cookie, "XXGK_BENCH_THINK": str(args.think)}
            subprocess.run(["wrk", "-t2", f"-c{args.users}", f"-d{args.duration}s", "--timeout", "10s", "-s",
                            str(script), address + "/"], env=run, check=True, stdout=subprocess.DEVNULL)
            figures = json.loads(result.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.users} users pausing {args.think / 1000:g} s (0.5–1.5×) between pages, {args.duration} s, "
          f"{args.workers} gunicorn workers, {os.cpu_count()} cores, {args.reports} reports on PostgreSQL; "
          "pages: overview, agency, report")
    print(f"  requests  {figures['requests']} ({figures['requests'] / figures['seconds']:.0f}/s)")
    print(f"  latency   p50 {figures['p50']:.0f} ms  p95 {figures['p95']:.0f} ms  p99 {figures['p99']:.0f} ms  "
          f"max {figures['max']:.0f} ms")
    print(f"  errors    {figures['non_2xx']} not 200, {figures['socket_errors']} socket errors")


if __name__ == "__main__":
    main()
