"""Shared fixtures: the real reports of the shared corpus, loaded by name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("XXGK_CORPUS", ROOT.parent / "shared" / "corpus"))
SKIP_CORPUS = os.environ.get("XXGK_SKIP_CORPUS") == "1"


def pytest_configure(config):
    """A run that cannot find the corpus stops at once, unless the user asked to skip the tests that need it."""
    if not CORPUS.is_dir() and not SKIP_CORPUS:
        raise pytest.UsageError(f"corpus not found at {CORPUS}: set XXGK_CORPUS to its folder, or XXGK_SKIP_CORPUS=1 "
                                "to skip the tests that need it")


def labelled_documents() -> list[tuple[Path, Path]]:
    """(document, label) for every *.expected.json of the corpus that has its document beside it."""
    pairs = []
    for label in sorted(CORPUS.rglob("*.expected.json")):
        stem = label.name[: -len(".expected.json")]
        docs = [p for p in label.parent.glob(stem + ".*") if not p.name.endswith(".json")]
        if docs:
            pairs.append((docs[0], label))
    return pairs


def load_label(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (XXGK_SKIP_CORPUS=1)")
    return CORPUS


@pytest.fixture(scope="session")
def seed(corpus):
    """A seed document of the corpus by the start of its name: seed("003")."""
    def find(prefix: str) -> Path:
        return next((corpus / "seeds").glob(prefix + "*.txt"))
    return find
