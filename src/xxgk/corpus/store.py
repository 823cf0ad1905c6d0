"""Source files kept by their SHA-256 behind Django's storage API ("originals" in ``STORAGES``), each written whole
or not at all: in the data directory by default, in an S3-compatible object store (django-storages) when
``XXGK_S3_BUCKET`` is set, so that workers on several machines read the same originals. A file is named by its
hash alone (``ab/abcdef…``); where it was uploaded from plays no part. Exports made by the workers are kept the
same way ("exports"), by job."""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

from ..errors import XxgkError
from ..site.paths import data_dir


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def originals():
    return storages["originals"]


def name_of(digest: str) -> str:
    return f"{digest[:2]}/{digest}"


class Unavailable(XxgkError):
    """The store of originals could not be reached (the object store's network, its credentials): a problem of
    the moment, not of the file."""


@contextmanager
def _reaching():
    """A store's own errors as ``Unavailable``; a file that is not there stays FileNotFoundError."""
    try:
        yield
    except (FileNotFoundError, Unavailable):
        raise
    except Exception as e:
        detail = str(e).splitlines()[0] if str(e) else ""
        raise Unavailable(f"文件库暂时无法访问（{type(e).__name__}: {detail}）") from e


def keep(data: bytes, digest: str) -> None:
    """Store ``data`` under its hash unless it is there already."""
    storage, name = originals(), name_of(digest)
    with _reaching():
        if not storage.exists(name):
            storage.save(name, ContentFile(data))


def read(digest: str) -> bytes:
    with open_original(digest) as f, _reaching():
        return f.read()


def open_original(digest: str):
    """The stored file as an open binary file (for a download). A file not there is FileNotFoundError; a store
    that cannot be reached is ``Unavailable``."""
    with _reaching():
        return originals().open(name_of(digest), "rb")


def size(digest: str) -> int:
    with _reaching():
        return originals().size(name_of(digest))


def keep_export(name: str, data: bytes) -> str:
    """Store an export under ``name`` (``<job>/<file>``), replacing what a run before left; the name kept."""
    with _reaching():
        return storages["exports"].save(name, ContentFile(data))


def open_export(name: str):
    with _reaching():
        return storages["exports"].open(name, "rb")


class DataDirStorage(FileSystemStorage):
    """A folder of the data directory (``sources/``), looked up at each use (``XXGK_DATA_DIR`` names it). A file is
    written under a temporary name and moved into place, so a crash never leaves part of one under its hash; the
    same hash stored twice at once is the same content, so the second simply replaces the first."""

    def __init__(self, folder: str = "sources", **options):
        self.folder = folder
        super().__init__(allow_overwrite=True, **options)

    @property
    def base_location(self):
        return str(data_dir() / self.folder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                for chunk in content.chunks():
                    f.write(chunk)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return name
