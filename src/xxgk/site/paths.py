"""Where xxgk keeps its data and which database it uses; read from the environment, no Django needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..errors import InputError


def data_dir(create: bool = False) -> Path:
    """``XXGK_DATA_DIR``, else the platform's per-user data folder (~/.local/share/xxgk on Linux)."""
    if os.environ.get("XXGK_DATA_DIR"):
        path = Path(os.environ["XXGK_DATA_DIR"]).expanduser()
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "xxgk"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "xxgk"
    else:
        path = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "xxgk"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def database_settings(url: str | None = None) -> dict:
    """Django's DATABASES["default"] for ``XXGK_DATABASE_URL`` (postgresql://… or sqlite:///…), else the SQLite
    file ``corpus.sqlite3`` in the data directory."""
    url = url if url is not None else os.environ.get("XXGK_DATABASE_URL", "")
    if not url:
        return _sqlite(data_dir() / "corpus.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # as in SQLAlchemy: sqlite:///rel.db is relative to the working directory, sqlite:////abs.db absolute
        path = unquote(parts.path)[1:]
        return _sqlite(Path(path).absolute() if path else ":memory:")
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # a command opens one connection and is done; the site's workers keep theirs (xxgk serve sets this)
            "CONN_MAX_AGE": int(os.environ.get("XXGK_CONN_MAX_AGE", "0")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise InputError(f"XXGK_DATABASE_URL 无法识别：{url}（应为 postgresql://用户@主机:端口/库名 或 sqlite:///文件路径）")


def _sqlite(path) -> dict:
    """A SQLite file; one in a folder this process cannot write (a read-only copy of a corpus) is opened read-only
    and as unchanging, so that the commands that only read work and those that write say why they cannot."""
    if path != ":memory:" and Path(path).is_file() and not os.access(Path(path).parent, os.W_OK):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": f"file:{quote(str(path))}?mode=ro&immutable=1",
                "OPTIONS": {"timeout": 120}, "TEST": {"NAME": None}}
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {"timeout": 120, "transaction_mode": "IMMEDIATE",
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        "TEST": {"NAME": None},
    }


def sqlite_file(name: str) -> str:
    """The file a SQLite database NAME (a path, or a file: URI) opens."""
    return unquote(name.removeprefix("file:").split("?")[0]) if name.startswith("file:") else name


def read_only_database() -> str:
    """Why the corpus cannot be written (its SQLite file lies in a folder this process cannot write), or ""."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and name.startswith("file:") and "mode=ro" in name:
        return f"报告库 {sqlite_file(name)} 所在的文件夹没有写权限，只能查询，不能写入（写入请换一个有写权限的位置，见 XXGK_DATA_DIR）"
    return ""


def originals_storage() -> dict:
    """Where the originals are kept, as an entry of Django's ``STORAGES``: the data directory, or with
    ``XXGK_S3_BUCKET`` a bucket of an S3-compatible object store shared by every machine (``XXGK_S3_ENDPOINT_URL``
    for a store other than AWS, ``XXGK_S3_PREFIX`` for a folder in the bucket; the credentials as boto3 finds
    them: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws)."""
    return _shared_storage("sources", os.environ.get("XXGK_S3_PREFIX", "sources"))


def exports_storage() -> dict:
    """Where exports made by the workers are kept: the data directory's ``exports/``, or the bucket's folder
    ``XXGK_S3_EXPORTS_PREFIX`` (``exports`` unless set)."""
    return _shared_storage("exports", os.environ.get("XXGK_S3_EXPORTS_PREFIX", "exports"))


def _shared_storage(folder: str, prefix: str) -> dict:
    bucket = os.environ.get("XXGK_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "xxgk.corpus.store.DataDirStorage", "OPTIONS": {"folder": folder}}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "location": prefix.strip("/"),
        "endpoint_url": os.environ.get("XXGK_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("XXGK_S3_REGION") or None,
        "file_overwrite": True,  # an original's name is its hash, an export's its job: the same name, the same work
        "default_acl": None, "querystring_auth": False,
    }}


def secret_key() -> str:
    """``XXGK_SECRET_KEY``, else the key kept in the data directory (``secret_key``, made on first use, readable by
    its owner only). Where the data directory cannot be written, a key for this process alone: sessions then end
    when the site restarts."""
    if os.environ.get("XXGK_SECRET_KEY"):
        return os.environ["XXGK_SECRET_KEY"]
    import secrets

    path = data_dir() / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        data_dir(create=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="ascii") as f:
            f.write(key)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass
    return key
