#!/usr/bin/env python3
"""Milliseconds per report for each input kind: read + extract + check, in process, median of repeated runs.

Documents: the shared corpus, and reports generated with xxgk.render in every format it writes. For PDFs, the
ratio to `pdftotext -layout` on the same files (wall time of the command, median of the same number of runs).
Last, the whole process of `xxgk parse FILE --json` on one text report, as a user runs it (interpreter start and
imports included), and the libraries that process loaded that a text report does not need.

usage: .venv/bin/python bench/parse.py [--runs N] [--generated N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from xxgk.errors import XxgkError
from xxgk.pipeline import parse_file
from xxgk.read import choose

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        action()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def generated(folder: Path, count: int) -> list[Path]:
    """Reports made by xxgk.render, in each format it writes; none when the render stage is missing."""
    try:
        from xxgk.render import FORMATS, render
        from xxgk.render.sample import random_report
    except ImportError:
        return []
    paths = []
    for seed in range(count):
        report = random_report(seed)
        for fmt in FORMATS:
            path = folder / f"generated_{seed}.{fmt}"
            path.write_bytes(render(report, fmt))
            paths.append(path)
    return paths


HEAVY = ("django", "numpy", "cv2", "onnxruntime", "openpyxl", "pypdfium2", "lxml", "docx")


def whole_process(path: Path, runs: int) -> tuple[float, list[str]]:
    """Median ms of ``xxgk parse PATH --json`` in a new interpreter, and the heavy libraries it imported."""
    command = [sys.executable, "-m", "xxgk", "parse", str(path), "--json"]
    ms = median_ms(lambda: subprocess.run(command, capture_output=True, check=True), runs)
    probe = (f"import sys; from xxgk.cli import main; main(['parse', {str(path)!r}, '--json']); "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return ms, [m for m in loaded.split(",") if m]


def kind_of(path: Path) -> str:
    return choose(path.read_bytes()[:8192], path.name).kind


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--generated", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = sorted(p for p in CORPUS.rglob("*") if p.is_file() and not p.name.endswith(".json"))
        docs += generated(Path(tmp), args.generated)
        per_kind: dict[str, list[float]] = defaultdict(list)
        pdf_ratio = []
        for path in docs:
            try:
                parse_file(path)  # warm caches and imports
            except XxgkError as e:
                print(f"skipped  {e.message}")
                continue
            ms = median_ms(lambda: parse_file(path), args.runs)
            kind = kind_of(path)
            per_kind[kind].append(ms)
            line = f"{kind:5} {ms:8.1f} ms  {path.name}"
            if kind == "pdf" and shutil.which("pdftotext"):
                ref = median_ms(lambda: subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                                       capture_output=True, check=True), args.runs)
                pdf_ratio.append(ms / ref)
                line += f"   pdftotext -layout {ref:6.1f} ms   ratio {ms / ref:4.2f}"
            print(line)
        print()
        for kind, values in sorted(per_kind.items()):
            print(f"{kind:5} median {statistics.median(values):7.1f} ms per report over {len(values)} documents")
        if pdf_ratio:
            print(f"pdf   median ratio to pdftotext -layout: {statistics.median(pdf_ratio):.2f}")
        text = next((p for p in docs if p.suffix == ".txt"), None)
        if text is not None:
            ms, loaded = whole_process(text, max(3, args.runs // 3))
            print(f"whole process `xxgk parse {text.name} --json`: median {ms:.0f} ms; "
                  f"loaded {', '.join(loaded) if loaded else 'none of ' + ', '.join(HEAVY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
