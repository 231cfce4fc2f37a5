"""API building blocks: authentication, the scoped router and shared schemas.

``ScopedRouter.scoped`` is the API's twin of ``org_view`` / ``collaboration_view``: it
resolves the scope from the path (``org`` slug or ``collaboration_id``) before the
operation runs, and records scope and permission in the OpenAPI schema (``x-accord-scope``,
``x-accord-perm``), which the generic scope test reads to check every operation.
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.db import models
from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import AfterValidator, BeforeValidator, Field

from accord.core.converters import MAX_ID
from accord.core.permissions import Perm
from accord.core.registry import registry
from accord.core.scoping import resolve_collaboration, resolve_org

T = TypeVar("T")


def _email(value: str) -> str:
    """The same e-mail rules as Django's forms (pydantic's EmailStr refuses test domains)."""
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError("Enter a valid e-mail address.") from None
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]


def _text_rule(clean: Callable[[Any], str], limit: int, required: bool) -> Callable[[Any], str]:
    def validate(value: Any) -> str:
        from accord.core.text import check_length

        if not isinstance(value, str):
            raise ValueError("Enter text.")
        text = clean(value)
        check_length(text, limit)
        if required and not text:
            raise ValueError("This field is required: enter more than spaces.")
        return text

    return validate


def Line(max_length: int, *, required: bool = False) -> Any:  # noqa: N802 (a type factory)
    """A one-line string under the one rule for text (``accord.core.text``): line breaks and
    control characters refused, stripped, refused (never cut) over ``max_length``."""
    from accord.core.text import clean_line

    return Annotated[
        str,
        Field(max_length=max_length, min_length=1 if required else 0),
        BeforeValidator(_text_rule(clean_line, max_length, required)),
    ]


def Text(max_length: int = 20_000, *, required: bool = False) -> Any:  # noqa: N802 (a type factory)
    """A multi-line string under the one rule for text."""
    from accord.core.text import clean_text

    return Annotated[
        str,
        Field(max_length=max_length, min_length=1 if required else 0),
        BeforeValidator(_text_rule(clean_text, max_length, required)),
    ]


# Path ids the database can hold (an absurd id is a 422, never a database error).
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# The same for ids inside a body.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_PAGE_SIZE = 100


def _resolve_scope(request: HttpRequest, user: Any, scope: str | None, perm: Perm | None) -> Any:
    """After authentication and before input validation, so that an outsider gets 404 even
    for a malformed request."""
    if user is None or scope not in {"org", "collaboration"}:
        return user
    params = request.resolver_match.kwargs if request.resolver_match else {}
    if scope == "org":
        request.scope = resolve_org(user, params.get("org", ""), perm)  # type: ignore[attr-defined]
    else:
        request.scope = resolve_collaboration(user, params.get("collaboration_id"), perm)  # type: ignore[attr-defined]
    return user


class BearerToken(HttpBearer):
    """Personal API token sent as ``Authorization: Bearer <token>``."""

    def __init__(self, scope: str | None = None, perm: Perm | None = None):
        super().__init__()
        self.scope, self.perm = scope, perm

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = registry.authenticate_token(token)
        if user is not None:
            request.user = user
        return _resolve_scope(request, user, self.scope, self.perm)


class SessionCookie(APIKeyCookie):
    """The pages' own session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, scope: str | None = None, perm: Perm | None = None):
        super().__init__()
        self.scope, self.perm = scope, perm

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user if request.user.is_authenticated else None
        return _resolve_scope(request, user, self.scope, self.perm)


AUTH = [BearerToken(), SessionCookie()]


class ScopedRouter(Router):
    def scoped(
        self,
        method: str,
        path: str,
        *,
        scope: str,
        perm: Perm | None = None,
        register: str | None = None,
        **kwargs: Any,
    ) -> Callable:
        """Register an operation in scope ``org``, ``collaboration``, ``user`` or ``public``.

        The scope is resolved during authentication (``request.scope``), before ninja
        validates the input. ``register`` names the register (``app:name``) an operation of
        the register kit belongs to, for the scope test."""
        if scope in {"org", "collaboration"} and perm is None:
            raise ValueError("org and collaboration operations need a permission")

        def decorator(func: Callable) -> Callable:
            extra = {"x-accord-scope": scope, "x-accord-perm": perm.value if perm else None}
            if register:
                extra["x-accord-register"] = register
            auth = None if scope == "public" else [BearerToken(scope, perm), SessionCookie(scope, perm)]
            self.api_operation([method], path, openapi_extra=extra, auth=auth, **kwargs)(func)
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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class StrictJSONParser(Parser):
    """JSON bodies without NUL characters: PostgreSQL cannot store them in text, so they are
    refused here (django-ninja answers 400 "Cannot parse request body") for every operation,
    instead of failing in the database (500)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if _has_nul(data):
            raise NinjaValidationError(
                [{"loc": ("body",), "msg": "Text may not contain NUL (\\u0000) characters."}]
            )
        return data


def patch_data(payload: Schema, model: type[models.Model]) -> dict[str, Any]:
    """The fields a PATCH sets. ``null`` for a text field the model keeps as text (never NULL)
    means empty; a model's validation then refuses it where the field is required."""
    data = payload.dict(exclude_unset=True)
    for name, value in data.items():
        if value is not None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.CharField | models.TextField) and not field.null:
            data[name] = ""
    return data
