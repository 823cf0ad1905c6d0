"""The documentation keeps up with the code: every finding code is documented and tested, every command helped."""

from __future__ import annotations

import re
from pathlib import Path

from xxgk.cli import cli
from xxgk.model import CODES

ROOT = Path(__file__).resolve().parents[1]


def test_every_finding_code_has_a_row_in_the_docs():
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", (ROOT / "docs" / "findings.md").read_text(), re.M))
    assert documented == set(CODES)


def test_every_finding_code_is_named_in_a_test():
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")
                    if p.name != "test_docs.py")
    assert [code for code in CODES if f'"{code}"' not in tests] == []


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = cli.list_commands(None)
    assert "parse" in names and "ingest" in names
    assert [name for name in names if f"xxgk {name}" not in readme] == []
