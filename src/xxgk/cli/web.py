"""The web application: ``xxgk serve`` runs it under gunicorn, ``xxgk createuser`` makes its users."""

from __future__ import annotations

import os
import sys

import click

from .corpus import open_corpus

ROLES = ["admin", "supervisor", "agency", "observer"]


@click.command("serve")
@click.option("--bind", "-b", default="127.0.0.1:8000", show_default=True,
              help="监听地址。Address and port to listen on.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=2, show_default=True,
              help="gunicorn 工作进程数。Worker processes.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="每个进程的线程数：空闲的保持连接不占住进程。Threads per worker; idle keep-alive connections "
                   "hold no worker.")
def serve_command(bind, workers, threads):
    """运行网页应用（gunicorn）：概览、机关、报告与问题、接口 /api/。

    Run the web application under gunicorn. On a corpus without users it first makes an administrator
    `demo` and prints its password once.

    \b
    例 / examples:
      xxgk demo && xxgk serve                  the demo corpus at http://127.0.0.1:8000/
      xxgk serve --bind 0.0.0.0:8080 --workers 4
    """
    open_corpus()
    from ..web.users import DEMO_USER, demo_login

    password = demo_login()
    if password is not None:
        click.echo(f"已创建演示账号：用户名 {DEMO_USER}  密码 {password}（只显示这一次；xxgk createuser 可建正式账号）")
    host = bind.rsplit(":", 1)[0]
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="xxgk.site.settings")
    env.setdefault("XXGK_CONN_MAX_AGE", "300")  # each worker keeps its database connection between requests
    if host not in ("127.0.0.1", "localhost", "0.0.0.0", "[::]", "::") and "XXGK_ALLOWED_HOSTS" not in env:
        env["XXGK_ALLOWED_HOSTS"] = f"{host},localhost,127.0.0.1"
    click.echo(f"xxgk 网页：http://{bind}/  （Ctrl-C 停止）", err=True)
    command = [sys.executable, "-m", "gunicorn", "xxgk.site.wsgi:application", "--bind", bind,
               "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads), "--preload",
               "--access-logfile", "-"]
    os.execve(sys.executable, command, env)


@click.command("createuser")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="角色：管理员、地区监督人员、机关用户、只读观察员。Role.")
@click.option("--region", "-r", help="监督人员、观察员所管地区（含下级）。Region a supervisor or observer covers.")
@click.option("--agency", "-a", help="机关用户所属机关（名称或编号）。An agency user's agency.")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码。Read the password from stdin.")
@click.option("--token", is_flag=True, help="同时生成接口令牌并显示一次。Also issue an API token, shown once.")
@click.option("--email", default="", help="电子邮件地址（登记簿的提醒发到这里）。E-mail address, for reminders.")
def createuser_command(username, role, region, agency, password_stdin, token, email):
    """创建网页应用的用户并指定角色与范围。

    Make a user of the web application with a role: an administrator sees everything; a supervisor sees and
    changes everything of a region and below; an observer sees the same and changes nothing; an agency user
    sees its own agency only.

    \b
    例 / examples:
      xxgk createuser zhang --role supervisor --region 淮安市
      xxgk createuser hz --role agency --agency 洪泽区人民政府
      echo "$PW" | xxgk createuser bot --role observer --password-stdin --token
    """
    open_corpus()
    from ..corpus.lookup import find_agency, find_region
    from ..errors import InputError
    from ..web.users import create_user, issue_token

    if role in ("supervisor", "observer") and not region:
        raise InputError(f"{'监督人员' if role == 'supervisor' else '观察员'}须用 --region 指定所管地区")
    found_region = find_region(region) if region else None
    found_agency = find_agency(agency) if agency else None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")
    user = create_user(username, password, role, region=found_region, agency=found_agency, email=email)
    where = found_agency.name if found_agency else found_region.path if found_region else "全部地区"
    click.echo(f"已创建用户 {user.username}（{role}，{where}）")
    if token:
        click.echo(f"接口令牌（只显示这一次）：{issue_token(user, 'createuser')}")
