"""The pages: each view looks its objects up through the user's scope (``request.scope``)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ..access import Scope


def scoped(view=None, *, change: bool = False, supervise: bool = False):
    """A page for a signed-in user with a role; ``change``: for those who may change things (not observers);
    ``supervise``: for supervisors and administrators."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = Scope.of(request.user)
            if scope is None:
                raise PermissionDenied("此账号尚未分配角色，请联系管理员")
            if (change and not scope.can_change) or (supervise and not scope.supervises):
                raise PermissionDenied("此账号无权进行该操作")
            request.scope = scope
            return view(request, *args, **kwargs)
        return wrapped

    return decorate(view) if view is not None else decorate


def year_of(request, default: int | None, key: str = "year") -> int | None:
    """``?year=`` (or ``?key=``) when it is a year, else ``default``."""
    value = request.GET.get(key, "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else default
