"""The files a command is given: each plain file as it is, each folder as the files under it."""

from __future__ import annotations

from pathlib import Path

LABEL_SUFFIX = ".expected.json"  # the labels of the test corpus, beside their reports: not reports


def walk(paths) -> list[Path]:
    """Every path given, with each folder replaced by the files under it (recursively, in a stable order; hidden
    files left out). A path that is not a folder is kept as given, even when it does not exist, for its reader to
    say so. The corpus's labels are left out wherever they stand."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and not _hidden(p.relative_to(path)) and not p.name.endswith(LABEL_SUFFIX))
        elif not path.name.endswith(LABEL_SUFFIX):
            files.append(path)
    return files


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
