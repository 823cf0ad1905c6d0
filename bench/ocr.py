#!/usr/bin/env python3
"""OCR on scans made from reports: seconds per page on one core and cell accuracy, at 150 dpi (clean) and 100 dpi
(noise, blur, 1.5° skew). Each scan is read --runs times and its median counts; the figure per setting is the median
over documents. A cell is exact, flagged (wrong or blank but named by a finding) or wrong (no finding names it: the
number that must never happen).

Documents: reports made by xxgk.render (random_report) and the real PDFs of the shared corpus.

usage: .venv/bin/python bench/ocr.py [--reports N] [--threads 1] [--runs 3]

Measured (2 cores, one OCR thread, --runs 3, 2 random reports + the 2 洪泽区 PDFs, 770 cells):
  150 dpi: 2.65 s/page (random reports 3.21 and 3.21, 洪泽区 1.96 and 2.10), 770/770 exact.
  100 dpi poor: 4.04 s/page, 763/770 exact, 7 flagged, 0 wrong without a finding.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import scanmaker  # noqa: E402
from tests.read.test_scan import label_report  # noqa: E402
from xxgk.pipeline import parse_file  # noqa: E402
from xxgk.read import ReadOptions  # noqa: E402
from xxgk.render import render  # noqa: E402
from xxgk.render.sample import random_report  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SETTINGS = {"150 dpi": (150, scanmaker.CLEAN), "100 dpi poor": (100, scanmaker.POOR)}


def documents(count: int):
    for seed in range(count):
        report = random_report(seed, "2021" if seed % 2 == 0 else "2019")
        yield f"random {seed}", report, render(report, "pdf")
    for label in sorted((CORPUS / "pdf").glob("*.expected.json")):
        pdf = label.with_name(label.name.replace(".expected.json", ".pdf"))
        yield pdf.stem, label_report(label), pdf.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="times each scan is read; its median time counts")
    args = parser.parse_args()
    options = ReadOptions(ocr_threads=args.threads)
    with tempfile.TemporaryDirectory() as folder:
        for setting, (dpi, damage) in SETTINGS.items():
            per_page, exact, flagged, wrong = [], 0, 0, 0
            for name, expected, pdf in documents(args.reports):
                images = scanmaker.pages(pdf, dpi, damage)
                path = scanmaker.save_images(images, Path(folder) / "scan.tif", dpi)
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    got = parse_file(path, options)
                    times.append((time.perf_counter() - start) / len(images))
                per_page.append(statistics.median(times))
                print(f"  {setting} {name}: {len(images)} pages, {per_page[-1]:.2f} s/page")
                named = {c for f in got.findings for c in f.cells}
                for cell, value in expected.cells():
                    if got.cell(cell) == value:
                        exact += 1
                    elif cell in named:
                        flagged += 1
                    else:
                        wrong += 1
                        print(f"  {setting} {name}: {cell} read {got.cell(cell)!r}, printed {value!r}")
            total = exact + flagged + wrong
            print(f"{setting}: {statistics.median(per_page):.2f} s/page ({args.threads} thread(s)), "
                  f"{exact}/{total} cells exact ({100 * exact / total:.1f} %), {flagged} flagged, {wrong} wrong "
                  f"without a finding")


if __name__ == "__main__":
    main()
