"""Source files kept in the data directory by their SHA-256, written whole or not at all."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ..site.paths import source_store


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_path(digest: str) -> Path:
    return source_store() / digest[:2] / digest


def keep(data: bytes, digest: str) -> Path:
    """Write ``data`` under its hash unless it is there already; a crash leaves no partial file in place."""
    path = stored_path(digest)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
