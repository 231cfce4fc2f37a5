from typing import Any

from django.http import HttpRequest


def accord(request: HttpRequest) -> dict[str, Any]:
    """The current scope (when the view resolved one) and the user's organizations for the
    switcher, loaded lazily so pages that do not show them pay no query."""
    scope = getattr(request, "scope", None)
    user = getattr(request, "user", None)

    def memberships() -> list[Any]:
        if user is None or not user.is_authenticated:
            return []
        from accord.core.scoping import user_memberships

        return user_memberships(user)

    return {
        "scope": scope,
        "current_org": getattr(scope, "organization", None),
        "my_memberships": memberships,
    }
