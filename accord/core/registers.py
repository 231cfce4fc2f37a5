"""The register kit: a register declares its model, form, columns, filters and API schemas,
and gets its pages and API operations, built the same way for every register.

A register is a list of records in one organization (``scope = "org"``, private) or one
collaboration (``scope = "collaboration"``, joint). Declaring one (see
``accord/plans/registers.py`` for worked examples)::

    class ResourceRegister(Register):
        model = ResourceCommitment
        scope = "org"
        app, name, path = "plans", "resources", "resources"
        api_path, api_id = "resources", "resource_id"
        fields = ["kind", "description", "person", "capability", "capacity"]
        columns = [Column("kind"), Column("description", link=True)]
        schema_out = "accord.plans.schemas.ResourceOut"  # the API's bodies, in the
        schema_in = "accord.plans.schemas.ResourceIn"    # app's schemas module
        sample = {"kind": "people", "description": "Ana, two days a month"}

    resources = ResourceRegister()
    urlpatterns = [*resources.urls()]     # list, add, edit, delete, CSV and Excel export
    resources.api(router)                 # in api.py: list, create, read, PATCH, DELETE
    registry.register(resources)          # in AppConfig.ready(): the history export

What every register gets, without writing it again:

- every page through ``org_view`` / ``collaboration_view`` and every API operation through
  ``ScopedRouter.scoped``, each stating its scope and permission where the scope test reads
  them (a register's routes also carry the register, so the scope test makes a sample record
  from ``sample``);
- records read only through ``Model.objects.in_scope(...)``; with ``own_party`` each party
  changes only the records it owns (another party's answer 404);
- edits checked against the version the person read (409 with the stored values beside
  the form, or in the API's body), invalid input answered 422 with the form kept;
- search (``search_fields``), filters (``filterset``), sorting by a column's ``sort``,
  pagination, CSV and Excel export of what is filtered, in a fixed number of queries;
- the register's change history on its page, and its model in the scope's history export.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Q
from django.forms import modelform_factory
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import VersionedModelForm, rebase_on_current
from accord.core.history import history_window
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view, org_view
from accord.core.services import versioned_update
from accord.core.text import neutralize

ORG, COLLABORATION = "org", "collaboration"


@dataclass(frozen=True)
class Column:
    """A column of a register's list and exports.

    ``name``: a model field (its label and, for choices, its display value come from the
    model) or any attribute; ``value(obj)``: computes the cell instead; ``link``: the cell
    links to the record; ``sort``: the field path to order by when the column is sorted."""

    name: str
    label: Any = None
    value: Callable[[Any], Any] | None = None
    link: bool = False
    sort: str | None = None


def _cell_text(value: Any) -> str:
    """A cell as text for CSV and the page."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(localtime(value) if value.tzinfo else value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


class Row:
    """One row of a register's list page. Its cells are computed only if the template asks
    for them: pages with their own row template (risks, actions…) never pay for them."""

    __slots__ = ("register", "obj", "link", "edit_url", "delete_url", "_cells")

    def __init__(
        self,
        register: "Register",
        obj: Any,
        *,
        link: str | None,
        edit_url: str | None,
        delete_url: str | None,
    ) -> None:
        self.register, self.obj = register, obj
        self.link, self.edit_url, self.delete_url = link, edit_url, delete_url
        self._cells: list[dict[str, Any]] | None = None

    def __getitem__(self, key: str) -> Any:  # row["obj"], as when rows were dicts
        return getattr(self, key)

    @property
    def cells(self) -> list[dict[str, Any]]:
        if self._cells is None:
            self._cells = [
                {"value": _cell_text(self.register.cell(c, self.obj)), "link": self.link if c.link else None}
                for c in self.register.columns
            ]
        return self._cells


class Register:
    """Base of every register; subclasses set the class attributes below and may override the
    hooks (``create``, ``update``, ``delete``, ``queryset``, ``api_data``, ``form_kwargs``,
    ``extra_context``, ``detail_url``)."""

    model: type[models.Model]
    scope: str = ORG
    app: str = ""
    name: str = ""
    path: str = ""
    api_path: str | None = None
    api_id: str | None = None
    title: Any = ""
    item_label: Any = gettext_lazy("record")
    empty_text: Any = gettext_lazy("Nothing recorded yet.")
    fields: list[str] = []
    form: type | None = None
    columns: list[Column] = []
    filterset: type | None = None
    search_fields: list[str] = []
    select_related: list[str] = []
    ordering: list[str] | None = None
    guidance: str = ""
    own_party: bool = False
    in_history: bool = True
    view_perm: Perm = Perm.VIEW
    add_perm: Perm = Perm.EDIT
    change_perm: Perm = Perm.EDIT
    # Deleting is a manager's (ROLE_HELP: contributors add and update, managers delete).
    delete_perm: Perm = Perm.DECIDE
    # The API's bodies: dotted paths to Schema classes of the app's ``schemas`` module.
    schema_out: str | type | None = None
    schema_in: str | type | None = None
    sample: dict[str, Any] = {}
    list_template: str = "registers/list.html"
    form_template: str = "registers/form.html"
    page_size: int | None = None
    history_size: int = 30
    # The add form under the list; False: an "Add" button to the add page instead, for forms
    # with a picker over a set that grows with the firm (its register, its people), which would
    # put thousands of options on every list page.
    inline_add: bool = True

    def __init__(self) -> None:
        if self.scope not in (ORG, COLLABORATION):
            raise ValueError(f"{type(self).__name__}.scope must be 'org' or 'collaboration'")
        self._labels = {}
        self._choices: dict[str, dict[Any, str]] = {}
        for column in self.columns:
            try:
                field = self.model._meta.get_field(column.name)
            except Exception:  # noqa: BLE001 (an attribute, not a field)
                field = None
            label = column.label or (field.verbose_name if field is not None else column.name)
            self._labels[column.name] = label
            if field is not None and getattr(field, "choices", None):
                # Kept lazy: a label is read in the language of each request (``cell``).
                self._choices[column.name] = dict(field.flatchoices)
        self._m2m = {
            name for name in self.fields if getattr(self.model._meta.get_field(name), "many_to_many", False)
        }

    # --- scope ------------------------------------------------------------------------------

    def owner(self, scope: Any) -> Any:
        return scope.organization if self.scope == ORG else scope.collaboration

    def owner_arg(self, scope: Any) -> Any:
        return scope.organization.slug if self.scope == ORG else scope.collaboration.pk

    def url_name(self, suffix: str = "") -> str:
        return f"{self.app}:{self.name}{suffix}"

    def url(self, scope: Any, suffix: str = "", *extra: Any) -> str:
        return reverse(self.url_name(suffix), args=[self.owner_arg(scope), *extra])

    def queryset(self, scope: Any) -> Any:
        """Every record the caller may see, in the register's order."""
        queryset = self.model.objects.in_scope(self.owner(scope))
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        return queryset

    def history_records(self, scope: Any) -> Any:
        """The historical records the list page's change panel shows: the scope's. A register
        whose ``queryset`` hides some records from some parties narrows this the same way, or
        the panel would show them (their titles, who added them) to everyone in the scope."""
        return self.model.history.filter(**{f"{self.model.scope_field}_id": self.owner(scope).pk})

    def table_queryset(self, queryset: Any) -> Any:
        """The rows of the list page and the exports from ``queryset``: drop what only the API
        needs (e.g. the prefetch of linked records the table has no column for)."""
        return queryset

    def editable(self, scope: Any) -> Any:
        """The records the caller may change: with ``own_party``, its own party's only."""
        queryset = self.queryset(scope)
        return queryset.filter(party=scope.party) if self.own_party else queryset

    def can_change(self, scope: Any, obj: Any) -> bool:
        if not scope.can(self.change_perm):
            return False
        return not self.own_party or obj.party_id == scope.party.pk

    # --- writes (hooks) --------------------------------------------------------------------

    def _split(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        plain = {k: v for k, v in data.items() if k in self.fields and k not in self._m2m}
        many = {k: v for k, v in data.items() if k in self._m2m}
        return plain, many

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        plain, many = self._split(data)
        obj = self.model(**{self.model.scope_field: self.owner(scope)}, **plain)
        if self.own_party:
            obj.party = scope.party
        with transaction.atomic():
            obj.full_clean()
            obj.save()
            for name, values in many.items():
                getattr(obj, name).set(values)
        return obj

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        plain, many = self._split(data)
        with transaction.atomic():
            obj = versioned_update(obj, data=plain, expected_version=version, fields=self.fields)
            for name, values in many.items():
                getattr(obj, name).set(values)
        return obj

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        obj.delete()

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The model values for an API payload (turn ids into records here)."""
        return data

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {}

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {}

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        """Where a linked cell leads; None: the edit page, for those who may edit."""
        return None

    # --- reading for lists and exports -----------------------------------------------------

    def filtered(self, request: HttpRequest, scope: Any) -> tuple[Any, Any, str, str]:
        """(queryset, filter form or None, search text, sort key) from the query string."""
        queryset = self.queryset(scope)
        form = None
        if self.filterset is not None:
            filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
            form = filterset.form
            if filterset.is_bound and filterset.is_valid():
                queryset = filterset.qs
        q = (request.GET.get("q") or "").strip()[:200]
        if q and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": q})
            queryset = queryset.filter(condition)
        sort = request.GET.get("sort", "")
        sorts = {c.name: c.sort for c in self.columns if c.sort}
        if sort.lstrip("-") in sorts:
            field = sorts[sort.lstrip("-")]
            queryset = queryset.order_by(("-" if sort.startswith("-") else "") + field, "pk")
        else:
            sort = ""
        return queryset, form, q, sort

    def cell(self, column: Column, obj: Any) -> Any:
        if column.value is not None:
            return column.value(obj)
        value = getattr(obj, column.name, None)
        if column.name in self._choices:
            label = self._choices[column.name].get(value)
            return value if label is None else str(label)
        return value

    def label(self, column: Column) -> str:
        label = str(self._labels[column.name])
        return label[:1].upper() + label[1:]

    # --- pages --------------------------------------------------------------------------------

    def make_form(self, scope: Any, data: Any = None, instance: Any = None) -> Any:
        form_class = self.form or modelform_factory(self.model, form=VersionedModelForm, fields=self.fields)
        return form_class(data, instance=instance, **self.form_kwargs(scope))

    def _nav(self, scope: Any) -> dict[str, Any]:
        key = "org" if self.scope == ORG else "collaboration"
        return {key: self.owner(scope), "owner": self.owner(scope), "register": self}

    def list_page(
        self, request: HttpRequest, scope: Any, form: Any = None, status: int = 200
    ) -> HttpResponse:
        queryset, filter_form, q, sort = self.filtered(request, scope)
        queryset = self.table_queryset(queryset)
        page = Paginator(queryset, self.page_size or settings.ACCORD_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        can_add = scope.can(self.add_perm)
        can_delete = scope.can(self.delete_perm)
        # One reversal each, not one per row.
        edit_base = self.url(scope, "_edit", 999999999).replace("999999999", "{pk}")
        delete_base = self.url(scope, "_delete", 999999999).replace("999999999", "{pk}")
        rows = []
        for obj in page.object_list:
            changeable = self.can_change(scope, obj)
            own = not self.own_party or obj.party_id == scope.party.pk
            rows.append(
                Row(
                    self,
                    obj,
                    link=self.detail_url(scope, obj) or (edit_base.format(pk=obj.pk) if changeable else None),
                    edit_url=edit_base.format(pk=obj.pk) if changeable else None,
                    delete_url=delete_base.format(pk=obj.pk) if can_delete and own else None,
                )
            )
        context = {
            **self._nav(scope),
            "scope": scope,
            "page_obj": page,
            "rows": rows,
            "headers": [
                {"label": self.label(c), "sort": c.name if c.sort else "", "current": sort}
                for c in self.columns
            ],
            "filter_form": filter_form,
            "q": q,
            "sort": sort,
            "searchable": bool(self.search_fields),
            "filtered": bool(q) or any(k not in {"page", "sort"} for k in request.GET),
            "can_add": can_add,
            # Built only if the template shows it (pages with their own "add" block never do).
            "form": form
            if form is not None
            else (SimpleLazyObject(lambda: self.make_form(scope)) if can_add else None),
            "add_url": self.url(scope, "_add"),
            "list_url": self.url(scope),
            "export_csv": self.url(scope, "_export", "csv"),
            "export_xlsx": self.url(scope, "_export", "xlsx"),
            "history": history_window(
                self.history_records(scope),
                self.model,
                limit=self.history_size,
            ),
            **self.extra_context(request, scope),
        }
        return render(request, self.list_template, context, status=status)

    def _write(self, form: Any, save: Callable[[], Any]) -> Any:
        """Run ``save``; refusals become form errors. Returns the record, or None."""
        try:
            return save()
        except ConflictError:
            raise
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, " ".join(error.messages))
        return None

    def add_view(self, request: HttpRequest, scope: Any) -> HttpResponse:
        form = self.make_form(scope, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            obj = self._write(form, lambda: self.create(scope, form.changes, request.user))
            if obj is not None:
                messages.success(request, _("Added: %(name)s.") % {"name": obj})
                return redirect(self.url(scope))
        return render(
            request,
            self.form_template,
            {
                **self._nav(scope),
                "form": form,
                "heading": _("Add: %(what)s") % {"what": self.item_label},
                "back_url": self.url(scope),
            },
            status=422 if form.is_bound else 200,
        )

    def edit_view(self, request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
        obj = self.editable(scope).filter(pk=pk).first()
        # Opening a missing record, or another party's, is a 404; a save for a record removed
        # meanwhile keeps the input and says so.
        if obj is None and (request.method != "POST" or self.queryset(scope).filter(pk=pk).exists()):
            raise Http404
        form = self.make_form(scope, request.POST if request.method == "POST" else None, instance=obj)
        context = {
            **self._nav(scope),
            "form": form,
            "heading": _("Edit: %(name)s") % {"name": obj} if obj else _("Edit a record"),
            "back_url": self.url(scope),
            "conflict": None,
        }
        status = 200
        if request.method == "POST" and obj is None:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone removed this record while you were editing it. Your input is below if you want to add it again."
                ),
            )
            context["removed"] = True
            context["action"] = self.url(scope, "_add")
            status = 409
        elif request.method == "POST" and form.is_valid():
            try:
                saved = self._write(
                    form,
                    lambda: self.update(
                        scope,
                        self.editable(scope).get(pk=pk),
                        form.changes,
                        form.cleaned_data.get("version"),
                        request.user,
                    ),
                )
            except ConflictError as error:
                context["conflict"] = form.conflict_rows(error.current)
                form.add_error(None, error.message)
                rebase_on_current(form, error.current)
                status = 409
            except ObjectDoesNotExist:
                form.add_error(None, _("Someone removed this record while you were editing it."))
                context["removed"] = True
                status = 409
            else:
                if saved is not None:
                    messages.success(request, _("Saved."))
                    return redirect(self.url(scope))
                status = 422
        elif request.method == "POST":
            status = 422
        return render(request, self.form_template, context, status=status)

    def delete_view(self, request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
        obj = self.editable(scope).filter(pk=pk).first()
        if obj is None:
            raise Http404
        try:
            self.delete(scope, obj, request.user)
        except ApplicationError as error:  # a rule of the domain keeps the record
            messages.error(request, error.message)
        else:
            messages.success(request, _("Removed: %(name)s.") % {"name": obj})
        return redirect(self.url(scope))

    def export_view(self, request: HttpRequest, scope: Any, fmt: str) -> HttpResponse:
        queryset, _form, _q, _sort = self.filtered(request, scope)
        queryset = self.table_queryset(queryset)
        header = [self.label(c) for c in self.columns]
        filename = f"{slugify(str(self.owner(scope)))[:60] or 'accord'}-{self.name}"
        if fmt == "csv":
            return self._csv(header, queryset, filename)
        if fmt == "xlsx":
            return self._xlsx(header, queryset, filename)
        raise Http404

    def _values(self, obj: Any) -> list[Any]:
        out = []
        for column in self.columns:
            value = self.cell(column, obj)
            if isinstance(value, datetime):
                value = localtime(value).replace(tzinfo=None) if value.tzinfo else value
            elif value is not None and not isinstance(value, int | float | Decimal | date | bool):
                value = str(value)
            out.append(value)
        return out

    def _csv(self, header: list[str], queryset: Any, filename: str) -> StreamingHttpResponse:
        class Echo:
            def write(self, value: str) -> str:
                return value

        writer = csv.writer(Echo())

        def rows() -> Any:
            yield "\ufeff" + writer.writerow([neutralize(h) for h in header])
            for obj in queryset.iterator(chunk_size=500):
                yield writer.writerow([neutralize("" if v is None else v) for v in self._values(obj)])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response

    def _xlsx(self, header: list[str], queryset: Any, filename: str) -> HttpResponse:
        from accord.core.spreadsheets import xlsx_bytes

        rows = (self._values(obj) for obj in queryset.iterator(chunk_size=500))
        response = HttpResponse(
            xlsx_bytes(slugify(str(self.title)) or "register", header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response

    # --- URLs ------------------------------------------------------------------------------

    def _page(self, perm: Perm, view: Callable, methods: str = "") -> Callable:
        decorate = org_view if self.scope == ORG else collaboration_view

        def page(request: HttpRequest, scope: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, scope, *args, **kwargs)

        page.__name__ = f"{self.name}_{view.__name__}"
        page.__qualname__ = page.__name__
        page.__module__ = type(self).__module__
        wrapped = decorate(perm)(require_POST(page) if methods == "POST" else page)
        wrapped.accord_register = self  # type: ignore[attr-defined]
        return wrapped

    def _list_or_add(self, request: HttpRequest, scope: Any) -> HttpResponse:
        return self.list_page(request, scope)

    def urls(self) -> list:
        """The register's pages: list, add, edit, delete and the CSV and Excel exports."""
        prefix = ("o/<slug:org>/" if self.scope == ORG else "c/<id:collaboration>/") + self.path + "/"
        return [
            path(prefix, self._page(self.view_perm, self._list_or_add), name=self.name),
            path(f"{prefix}add/", self._page(self.add_perm, self.add_view), name=f"{self.name}_add"),
            path(
                f"{prefix}<id:pk>/edit/",
                self._page(self.change_perm, self.edit_view),
                name=f"{self.name}_edit",
            ),
            path(
                f"{prefix}<id:pk>/delete/",
                self._page(self.delete_perm, self.delete_view, "POST"),
                name=f"{self.name}_delete",
            ),
            path(
                f"{prefix}export.<str:fmt>",
                self._page(self.view_perm, self.export_view),
                name=f"{self.name}_export",
            ),
        ]

    # --- API -------------------------------------------------------------------------------

    def api_schemas(self) -> tuple[Any, Any]:
        """(schema_out, schema_in) as classes: a register names them by dotted path (its app's
        ``schemas`` module), imported when the API is first used; the pages never need them."""
        return tuple(import_string(s) if isinstance(s, str) else s for s in (self.schema_out, self.schema_in))

    def api(self, router: Any) -> None:
        """The register's API operations on ``router`` (a ScopedRouter)."""
        from accord.core.register_api import install

        install(self, router)
