"""Ingest a generated corpus and time it: reports per second, the database size, and the time of the
coverage, findings and aggregate questions on it.

    .venv/bin/python bench/ingest.py                 # 10,000 reports, 2 processes, SQLite in bench/out/
    .venv/bin/python bench/ingest.py -n 500 --runs 3
    XXGK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/ingest.py

The reports are written by the render stage as text files, four years of each agency (2021–2024); one in
twenty has a total that is not the sum.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from xxgk.render import render
from xxgk.render.sample import random_report

OUT = Path(__file__).resolve().parent / "out" / "ingest"
CITIES = ("东川市", "西岭市", "南浦市", "北原市", "中洲市", "安平市", "临江市", "望海市", "青原市", "白河市")
COUNTY_CHARS = "丰华泰和兴宁康乐嘉永长新"
BODIES = ("人民政府", "人民政府办公室", "教育局", "财政局", "自然资源和规划局", "市场监督管理局", "卫生健康委员会",
          "住房和城乡建设局", "生态环境局", "交通运输局", "农业农村局", "民政局", "司法局")
YEARS = (2021, 2022, 2023, 2024)


def agencies(count: int) -> list[str]:
    names = []
    for city in CITIES:
        for a in COUNTY_CHARS:
            for b in COUNTY_CHARS:
                for body in BODIES:
                    names.append(f"{city}{a}{b}区{body}")
                    if len(names) == count:
                        return names
    raise SystemExit(f"at most {len(names)} agencies")


def generate(folder: Path, reports: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, agency in enumerate(agencies(-(-reports // len(YEARS)))):
        for year in YEARS:
            n = i * len(YEARS) + year - YEARS[0]
            if n >= reports:
                return
            report = random_report(n, year=year, agency=agency)
            if n % 20 == 0:
                report.requests["granted"]["total"] += 1
            (folder / f"{n:05d}.txt").write_bytes(render(report, "txt"))


def xxgk(*args: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "xxgk"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def database_size(env: dict) -> str:
    url = env.get("XXGK_DATABASE_URL", "")
    if url.startswith("postgres"):
        out = subprocess.run(["psql", url, "-Atc", "select pg_database_size(current_database())"],
                             capture_output=True, text=True, check=True).stdout
        return f"{int(out) / 2**20:.1f} MiB"
    data = Path(env["XXGK_DATA_DIR"])
    size = sum(p.stat().st_size for p in data.glob("corpus.sqlite3*"))
    sources = sum(p.stat().st_size for p in (data / "sources").rglob("*") if p.is_file())
    return f"{size / 2**20:.1f} MiB (sources kept beside it: {sources / 2**20:.1f} MiB)"


def run_once(files: Path, processes: int) -> dict:
    data = OUT / "data"
    shutil.rmtree(data, ignore_errors=True)
    env = {**os.environ, "XXGK_DATA_DIR": str(data)}
    if env.get("XXGK_DATABASE_URL", "").startswith("postgres"):
        url = env["XXGK_DATABASE_URL"]
        subprocess.run(["psql", url, "-qc", "drop schema public cascade; create schema public"], check=True)
    count = len(list(files.iterdir()))
    seconds = xxgk("ingest", str(files), "--processes", str(processes), "--quiet", env=env)
    return {"reports": count, "seconds": seconds, "per_second": count / seconds, "size": database_size(env),
            "coverage": xxgk("coverage", "--year", "2024", "--region", "东川市", env=env),
            "findings": xxgk("findings", "--code", "sum", "--year", "2023", env=env),
            "aggregate": xxgk("aggregate", "--region", "东川市", "--year", "2024", env=env)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--reports", type=int, default=10_000)
    parser.add_argument("-p", "--processes", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    files = OUT / f"reports-{args.reports}"
    if not files.is_dir():
        start = time.perf_counter()
        generate(files, args.reports)
        print(f"generated {args.reports} reports in {time.perf_counter() - start:.0f} s")
    runs = [run_once(files, args.processes) for _ in range(args.runs)]
    median = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "per_second", "coverage", "findings",
                                                                  "aggregate")}
    print(f"{runs[0]['reports']} reports, {args.processes} processes, {os.cpu_count()} cores, median of {len(runs)}")
    print(f"  ingest     {median['seconds']:.1f} s  = {median['per_second']:.1f} reports/s")
    print(f"  database   {runs[-1]['size']}")
    for q in ("coverage", "findings", "aggregate"):
        print(f"  {q:10} {median[q]:.2f} s (whole command, Python start included)")


if __name__ == "__main__":
    main()
