"""xxgk's modules import one another without a cycle, counting the imports made inside functions, and reading a
text report loads none of the heavy libraries that only PDFs, scans and pictures need."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS

SOURCE = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("numpy", "cv2", "onnxruntime", "rapidocr", "pypdfium2")
TEXT_REPORT = CORPUS / "seeds" / "000_ad630df0648df120.txt"


def modules() -> dict[str, Path]:
    """Every module under src/xxgk by its dotted name (a package by the name of its __init__)."""
    found = {}
    for path in sorted((SOURCE / "xxgk").rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The xxgk modules that a module imports, anywhere in it (a name imported from a package counts as the
    submodule when there is one of that name)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                targets.add(submodule if submodule in known else origin)
    return {t for t in targets if t in known and t != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as the modules along it (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := walk(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := walk(start)):
            return found
    return None


def test_the_graph_sees_imports_inside_functions():
    edges = graph()
    assert "xxgk.read.ocr.refine" in edges["xxgk.read.scan"]  # imported inside ScanReader.read
    assert "xxgk.read.page" in edges["xxgk.read.scan"]


def test_no_import_cycle_among_xxgk_modules():
    found = cycle(graph())
    assert found is None, "import cycle: " + " → ".join(found)


def test_no_reader_imports_another_reader():
    from xxgk.read.registry import DEFAULT_READERS

    edges = graph()
    for reader in DEFAULT_READERS:
        others = edges[reader] & set(DEFAULT_READERS)
        assert not others, f"{reader} imports {sorted(others)}"


def test_reading_a_text_report_loads_no_heavy_library():
    code = ("import sys\nfrom xxgk.pipeline import parse_file\n"
            f"parse_file({str(TEXT_REPORT)!r})\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""
