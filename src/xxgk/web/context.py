"""What every page knows: the user's scope (its role and where)."""

from .access import Scope


def scope(request) -> dict:
    found = getattr(request, "scope", None)
    if found is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        found = Scope.of(request.user)
    return {"scope": found}
