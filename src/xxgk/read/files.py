"""A reader's file opened: its bytes, or the one line that says why they cannot be had."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError


def file_bytes(path: Path, shown: str | Path | None = None) -> bytes:
    """All the bytes of the file at ``path``; ReadError naming it as ``shown`` (else ``path``) when it cannot be
    read."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取（{e.strerror}）", path=path if shown is None else shown) from None
