"""Users made from the command line: ``xxgk createuser`` with a role and its scope, one clear line for each
mistake, and the demo administrator ``xxgk serve`` makes once on a corpus without users."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from xxgk.cli import main
from xxgk.web.models import Access, ApiToken
from xxgk.web.users import demo_login

pytestmark = pytest.mark.django_db


def createuser(*args: str, password: str = "Huaian-2024-supervisor") -> tuple[int, str]:
    with CliRunner().isolation(input=password + "\n") as streams:
        code = main(["createuser", *args, "--password-stdin"])
        return code, streams[0].getvalue().decode() + streams[1].getvalue().decode()


def test_a_supervisor_is_made_over_a_region_with_a_hashed_password():
    code, out = createuser("zhang", "--role", "supervisor", "--region", "青山区", "--token")
    assert code == 0 and "已创建用户 zhang（supervisor，示范市青山区）" in out
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password("Huaian-2024-supervisor") and "Huaian" not in user.password
    assert Access.objects.get(user=user).region.name == "青山区"
    token = out.split("接口令牌（只显示这一次）：")[1].strip()
    assert ApiToken.objects.filter(user=user, digest=ApiToken.digest_of(token)).exists()


@pytest.mark.parametrize("args, password, says", [
    (["a1", "--role", "supervisor"], "Huaian-2024-supervisor", "须用 --region 指定所管地区"),
    (["a2", "--role", "supervisor", "--region", "火星市"], "Huaian-2024-supervisor", "没有地区“火星市”"),
    (["a3", "--role", "agency"], "Huaian-2024-supervisor", "须用 --agency 指定其机关"),
    (["a4", "--role", "observer", "--region", "示范市"], "123", "密码不合要求"),
    (["city", "--role", "observer", "--region", "示范市"], "Huaian-2024-supervisor", "用户“city”已存在"),
    (["a5", "--role", "boss"], "Huaian-2024-supervisor", "--role"),
])
def test_each_mistake_is_one_line_and_makes_no_user(args, password, says):
    before = get_user_model().objects.count()
    code, out = createuser(*args, password=password)
    assert code == 2 and says in out and "Traceback" not in out
    assert get_user_model().objects.count() == before


def test_serve_makes_a_demo_administrator_once_on_a_corpus_without_users():
    get_user_model().objects.all().delete()
    password = demo_login()
    demo = get_user_model().objects.get(username="demo")
    assert password and demo.check_password(password) and demo.is_superuser
    assert demo_login() is None
