"""API building blocks: authentication, the scoped router and shared schemas.

``ScopedRouter.scoped`` is the API's twin of ``org_view`` / ``collaboration_view``: it
resolves the scope from the path (``org`` slug or ``collaboration_id``) before the
operation runs, and records scope and permission in the OpenAPI schema (``x-accord-scope``,
``x-accord-perm``), which the generic scope test reads to check every operation.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import APIKeyCookie, HttpBearer

from accord.core.permissions import Perm
from accord.core.scoping import resolve_collaboration, resolve_org

T = TypeVar("T")
MAX_PAGE_SIZE = 100


class BearerToken(HttpBearer):
    """Personal API token sent as ``Authorization: Bearer <token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from accord.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The pages' own session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


AUTH = [BearerToken(), SessionCookie()]


class ScopedRouter(Router):
    def scoped(
        self, method: str, path: str, *, scope: str, perm: Perm | None = None, **kwargs: Any
    ) -> Callable:
        """Register an operation in scope ``org``, ``collaboration``, ``user`` or ``public``."""
        if scope in {"org", "collaboration"} and perm is None:
            raise ValueError("org and collaboration operations need a permission")

        def decorator(func: Callable) -> Callable:
            @wraps(func)
            def wrapper(request: HttpRequest, *args: Any, **params: Any) -> Any:
                if scope == "org":
                    request.scope = resolve_org(request.auth, params["org"], perm)  # type: ignore[attr-defined]
                elif scope == "collaboration":
                    request.scope = resolve_collaboration(  # type: ignore[attr-defined]
                        request.auth, params["collaboration_id"], perm
                    )
                return func(request, *args, **params)

            extra = {"x-accord-scope": scope, "x-accord-perm": perm.value if perm else None}
            if scope == "public":
                kwargs.setdefault("auth", None)
            self.api_operation([method], path, openapi_extra=extra, **kwargs)(wrapper)
            return func

        return decorator


class Page[T](Schema):
    items: list[T]
    count: int
    page: int
    pages: int


class Message(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def paginate(queryset: Any, page: int, page_size: int) -> dict[str, Any]:
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    paginator = Paginator(queryset, page_size)
    current = paginator.get_page(page)
    return {
        "items": list(current.object_list),
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
    }
