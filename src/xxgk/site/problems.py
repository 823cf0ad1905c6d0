"""A database that cannot be used, told in one line: which database, and what to do about it."""

from __future__ import annotations

import re


def database_problem(error: BaseException) -> str | None:
    """The one line for a database error a user can cause (server not running, no such database or role, a file
    that cannot be opened or written), or None for any other error."""
    from django.db import DatabaseError, connection

    if not isinstance(error, DatabaseError):
        return None
    text = str(error)
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        from .paths import sqlite_file

        where = sqlite_file(str(s["NAME"]))
        if "readonly" in text or "read-only" in text:
            return f"数据库 {where} 是只读的，无法写入（查询类命令仍可使用；写入请换一个有写权限的位置，见 XXGK_DATA_DIR）"
        if "unable to open" in text:
            return f"无法打开 SQLite 数据库 {where}：所在文件夹不存在或没有写权限"
        if "locked" in text:
            return f"数据库 {where} 正被其他进程长时间占用，请稍后再试"
        return None
    where = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    if m := re.search(r'database "([^"]+)" does not exist', text):
        return f"数据库服务器 {where} 上没有数据库“{m.group(1)}”：请先创建（createdb {m.group(1)}）或改正 XXGK_DATABASE_URL"
    if m := re.search(r'role "([^"]+)" does not exist', text):
        return f"数据库服务器 {where} 上没有用户“{m.group(1)}”：请改正 XXGK_DATABASE_URL 中的用户名"
    if "password authentication failed" in text:
        return f"数据库服务器 {where} 拒绝了登录：用户名或密码不对（XXGK_DATABASE_URL）"
    if any(k in text for k in ("Connection refused", "could not connect", "connection failed", "timeout expired",
                               "Name or service not known", "could not translate host name")):
        return f"无法连接数据库服务器 {where}：服务器没有运行，或 XXGK_DATABASE_URL 的主机、端口不对"
    if "read-only transaction" in text or "permission denied" in text:
        return f"数据库服务器 {where} 不允许写入：{text.splitlines()[0]}"
    return None
