"""The register kit's JSON API: list (paginated), create, read, PATCH and DELETE operations
for a register, built from its schemas. Imported when the API is first built, so that a
process serving pages never loads ninja and pydantic."""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field, create_model

from accord.core.api import FieldErrors, Message, Page, PathId, paginate, patch_data
from accord.core.registers import ORG, Register


class RegisterListQuery(Schema):
    """The query string of a register's API list."""

    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    q: str = Field("", max_length=200, description="Search text.")
    sort: str = Field("", max_length=50, description="A sortable column's name; '-' first for descending.")


def patch_schema(schema_in: type[Schema]) -> type[Schema]:
    """The PATCH body: every field of ``schema_in`` optional, plus the version read."""
    fields: dict[str, Any] = {
        "version": (int, Field(description="The version you read; a stale one gives 409.")),
    }
    for name, info in schema_in.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[name] = (annotation | None, Field(None, description=info.description))
    return create_model(f"{schema_in.__name__}Patch", __base__=Schema, **fields)


def install(register: Register, router: Any) -> None:
    """The register's API operations on ``router`` (a ScopedRouter)."""
    out, body = register.api_schemas()
    if out is None or body is None or not register.api_path or not register.api_id:
        raise ValueError(f"{type(register).__name__}: the API needs schema_out, schema_in, api_path, api_id")
    patch = patch_schema(body)
    if register.scope == ORG:
        base, owner_param = (
            "/organizations/{org}/",
            inspect.Parameter("org", inspect.Parameter.KEYWORD_ONLY, annotation=str),
        )
    else:
        base, owner_param = (
            "/collaborations/{collaboration_id}/",
            inspect.Parameter("collaboration_id", inspect.Parameter.KEYWORD_ONLY, annotation=PathId),
        )
    collection = base + register.api_path
    item = collection + "/{" + register.api_id + "}"
    request_param = inspect.Parameter(
        "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
    )
    id_param = inspect.Parameter(register.api_id, inspect.Parameter.KEYWORD_ONLY, annotation=PathId)

    def params(*extra: inspect.Parameter) -> inspect.Signature:
        return inspect.Signature([request_param, owner_param, *extra])

    def operation(name: str, signature: inspect.Signature) -> Callable:
        def decorate(func: Callable) -> Callable:
            func.__name__ = f"{register.app}_{register.name}_{name}"
            func.__signature__ = signature  # type: ignore[attr-defined]
            return func

        return decorate

    extra = {"register": register.url_name(), "tags": [register.app]}

    @operation(
        "list",
        params(
            inspect.Parameter("query", inspect.Parameter.KEYWORD_ONLY, annotation=Query[RegisterListQuery])
        ),
    )
    def list_items(request: HttpRequest, **kwargs: Any) -> Any:
        queryset, _form, _q, _sort = register.filtered(request, request.scope)
        query = kwargs["query"]
        return paginate(queryset, query.page, query.page_size)

    router.scoped(
        "GET",
        collection,
        scope=register.scope,
        perm=register.view_perm,
        response=Page[out],
        operation_id=list_items.__name__,
        summary=_("List: %(what)s") % {"what": register.title},
        description="Filters: the same query parameters as the register's page.",
        **extra,
    )(list_items)

    @operation(
        "create", params(inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=body))
    )
    def create(request: HttpRequest, **kwargs: Any) -> Any:
        data = register.api_data(request.scope, kwargs["payload"].dict())
        return Status(201, register.create(request.scope, data, request.user))

    router.scoped(
        "POST",
        collection,
        scope=register.scope,
        perm=register.add_perm,
        response={201: out, 400: FieldErrors},
        operation_id=create.__name__,
        **extra,
    )(create)

    def get_item(request: HttpRequest, pk: int, *, editable: bool) -> Any:
        queryset = register.editable(request.scope) if editable else register.queryset(request.scope)
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    @operation("read", params(id_param))
    def read(request: HttpRequest, **kwargs: Any) -> Any:
        return get_item(request, kwargs[register.api_id], editable=False)

    router.scoped(
        "GET",
        item,
        scope=register.scope,
        perm=register.view_perm,
        response=out,
        operation_id=read.__name__,
        **extra,
    )(read)

    @operation(
        "patch",
        params(id_param, inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=patch)),
    )
    def patch_item(request: HttpRequest, **kwargs: Any) -> Any:
        obj = get_item(request, kwargs[register.api_id], editable=True)
        data = patch_data(kwargs["payload"], register.model)
        version = data.pop("version")
        data = register.api_data(request.scope, data)
        return register.update(request.scope, obj, data, version, request.user)

    router.scoped(
        "PATCH",
        item,
        scope=register.scope,
        perm=register.change_perm,
        response={200: out, 400: FieldErrors, 409: Message},
        operation_id=patch_item.__name__,
        **extra,
    )(patch_item)

    @operation("delete", params(id_param))
    def delete_item(request: HttpRequest, **kwargs: Any) -> Any:
        obj = get_item(request, kwargs[register.api_id], editable=True)
        register.delete(request.scope, obj, request.user)
        return Status(204, None)

    router.scoped(
        "DELETE",
        item,
        scope=register.scope,
        perm=register.delete_perm,
        response={204: None},
        operation_id=delete_item.__name__,
        **extra,
    )(delete_item)
