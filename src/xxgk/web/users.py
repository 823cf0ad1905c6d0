"""Users and their roles, made from the command line: ``xxgk createuser`` and the demo login of ``xxgk serve``."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..errors import InputError
from .models import Access, ApiToken, Role

DEMO_USER = "demo"
# the password rules whose messages Django's Chinese catalogue does not carry
PASSWORD_RULES = {"password_too_short": "密码太短，至少要有 10 个字符"}


@transaction.atomic
def create_user(username: str, password: str, role: str, region=None, agency=None, email: str = ""):
    """A user with ``role`` over ``region`` (supervisor, observer), ``agency`` (agency user), or everything
    (administrator); the password is checked by Django's validators and stored hashed."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise InputError(f"用户“{username}”已存在")
    if role == Role.AGENCY and agency is None:
        raise InputError("机关用户须用 --agency 指定其机关")
    if role != Role.AGENCY and agency is not None:
        raise InputError("只有机关用户（--role agency）才指定 --agency")
    if role == Role.ADMIN and region is not None:
        raise InputError("管理员不限地区，请不要指定 --region")
    try:
        validate_password(password, User(username=username))
    except ValidationError as e:
        said = [PASSWORD_RULES.get(error.code) or "".join(error.messages) for error in e.error_list]
        raise InputError("密码不合要求：" + "；".join(said)) from None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InputError(f"“{email}”不是电子邮件地址") from None
    user = User.objects.create_user(username=username, password=password, email=email,
                                    is_superuser=role == Role.ADMIN,
                                    is_staff=role == Role.ADMIN)
    Access.objects.create(user=user, role=role, region=region, agency=agency)
    return user


def demo_login() -> str | None:
    """On a corpus without users, an administrator ``demo`` with a new random password, returned to be shown
    once; None when users exist."""
    User = get_user_model()
    if User.objects.filter(access__isnull=False).exists() or User.objects.filter(is_superuser=True).exists():
        return None
    if User.objects.filter(username=DEMO_USER).exists():  # a reviewer name recorded by `xxgk review --by demo`
        return None
    password = secrets.token_urlsafe(12)
    create_user(DEMO_USER, password, Role.ADMIN)
    return password


def issue_token(user, name: str = "") -> str:
    return ApiToken.issue(user, name)[1]
