from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accord.accounts.models import User
from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status, rebase_on_current
from accord.core.history import history_for
from accord.core.permissions import Perm
from accord.core.scoping import OrgScope, org_view
from accord.relationships import selectors, services, transfer
from accord.relationships.filters import ORDERING, RelationshipFilter
from accord.relationships.forms import CriterionForm, DecisionForm, ImportForm, RelationshipForm, ScoresForm
from accord.relationships.matrix import SEGMENT_COLOURS, matrix_svg
from accord.relationships.models import (
    SCORE_MAX,
    SCORE_MIN,
    Segment,
    SegmentationCriterion,
    Tag,
    segment_bands,
)

IMPORT_SESSION_KEY = "relationship_import"
MATRIX_TABLE_ROWS = 200  # the table beside the matrix; the register lists them all


def _filter_fields(org, query) -> list[dict]:
    """The register's filter selects, as plain data: rendering Django widgets for them took
    longer than the rest of the page."""
    base = RelationshipFilter.base_filters
    tags = [(t, t) for t in Tag.objects.in_scope(org).values_list("name", flat=True)]
    # Plain rows, not User instances: a large firm has hundreds of members (User.display_name).
    owners = [
        (str(pk), full_name or email)
        for pk, full_name, email in User.objects.filter(memberships__organization=org)
        .order_by("email")
        .values_list("pk", "full_name", "email")
    ]
    fields = [
        ("kind", base["kind"].label, base["kind"].extra["choices"], True),
        ("status", base["status"].label, base["status"].extra["choices"], True),
        ("segment", base["segment"].label, base["segment"].extra["choices"], True),
        ("decision", base["decision"].label, base["decision"].extra["choices"], True),
        ("tag", _("Tag"), tags, True),
        ("owner", _("Owner"), owners, True),
        ("sort", base["sort"].label, ORDERING, False),
    ]
    return [
        {"name": name, "label": label, "choices": choices, "any": any_, "current": query.get(name, "")}
        for name, label, choices, any_ in fields
    ]


LIST_COLUMNS = (
    "organization_id",
    "counterpart_name",
    "segment",
    "weighted_score",
    "kind",
    "status",
    "decision",
    "owner__full_name",
    "owner__email",
)


@org_view()
@vary_on_headers("HX-Request")
def relationship_list(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    try:
        entries = selectors.relationship_list(organization=org, filters=request.GET.dict())
    except ApplicationError as error:
        messages.error(request, _("Some filters were ignored: %(errors)s") % {"errors": error.message})
        entries = selectors.relationship_list(organization=org)
    # The table shows these columns only: reading the long texts (contacts, notes) and the
    # timestamps of 25 entries and their tags cost more than the queries themselves.
    entries = (
        entries.only(*LIST_COLUMNS)
        .prefetch_related(None)
        .prefetch_related(Prefetch("tags", queryset=Tag.unscoped.only("name").order_by("name")))
    )
    page = Paginator(entries, settings.ACCORD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "filter_fields": _filter_fields(org, request.GET),
        # One reverse() instead of one per row.
        "detail_prefix": reverse("relationships:detail", args=[org.slug, 0])[: -len("0/")],
        "page_obj": page,
        "entries": page.object_list,
        "filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
    }
    template = "relationships/relationship_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@org_view(Perm.EDIT)
def relationship_create(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    form = RelationshipForm(request.POST or None, organization=org, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"tags", "version"}}
        try:
            entry = services.relationship_create(organization=org, data=data, tags=form.tag_names())
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("“%(name)s” was added. Score it to see its segment.") % {"name": entry}
            )
            return redirect("relationships:detail", org.slug, entry.pk)
    return render(
        request, "relationships/relationship_form.html", {"org": org, "form": form}, status=form_status(form)
    )


def _detail_context(request: HttpRequest, scope: OrgScope, entry, **extra):
    criteria = selectors.criteria_list(organization=scope.organization)
    scores = selectors.scores_by_criterion(entry=entry)
    return {
        "org": scope.organization,
        "entry": entry,
        "criteria": criteria,
        "scores": scores,
        "scores_form": extra.pop("scores_form", None)
        or ScoresForm(criteria=criteria, initial_scores=scores, initial={"version": entry.version}),
        "decision_form": extra.pop("decision_form", None)
        or DecisionForm(
            initial={
                "decision": entry.decision,
                "rationale": entry.decision_rationale,
                "version": entry.version,
            }
        ),
        "history": selectors.relationship_history(entry=entry, criteria=criteria),
        "segment_bands": segment_bands(),
        "can_edit": scope.can(Perm.EDIT),
        "can_decide": scope.can(Perm.DECIDE),
        **extra,
    }


@org_view()
def relationship_detail(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    entry = selectors.relationship_get(organization=scope.organization, pk=pk)
    return render(request, "relationships/relationship_detail.html", _detail_context(request, scope, entry))


@org_view(Perm.EDIT)
def relationship_edit(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    org = scope.organization
    entry = selectors.relationship_get(organization=org, pk=pk)
    form = RelationshipForm(request.POST or None, instance=entry, organization=org)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"tags", "version"}}
        try:
            services.relationship_update(
                entry=selectors.relationship_get(organization=org, pk=pk),
                data=data,
                expected_version=form.cleaned_data.get("version"),
                tags=form.tag_names(),
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("relationships:detail", org.slug, entry.pk)
    return render(
        request,
        "relationships/relationship_form.html",
        {"org": org, "form": form, "entry": entry, "conflict": conflict},
        status=form_status(form, conflict=conflict),
    )


@org_view(Perm.DECIDE)
@require_POST
def relationship_delete(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    entry = selectors.relationship_get(organization=scope.organization, pk=pk)
    services.relationship_delete(entry=entry)
    messages.success(request, _("“%(name)s” was deleted; its history is kept.") % {"name": entry})
    return redirect("relationships:list", scope.organization.slug)


@org_view(Perm.EDIT)
@require_POST
def relationship_scores(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    entry = selectors.relationship_get(organization=scope.organization, pk=pk)
    criteria = selectors.criteria_list(organization=scope.organization)
    form = ScoresForm(request.POST, criteria=criteria, initial_scores={})
    if form.is_valid():
        try:
            entry = services.relationship_set_scores(
                entry=entry, values=form.values(), expected_version=form.cleaned_data["version"]
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
            context = _detail_context(request, scope, entry, scores_form=form)
            return render(request, "relationships/relationship_detail.html", context, status=409)
        messages.success(
            request, _("Scores saved. Segment: %(segment)s.") % {"segment": entry.get_segment_display()}
        )
        return redirect("relationships:detail", scope.organization.slug, entry.pk)
    context = _detail_context(request, scope, entry, scores_form=form)
    return render(request, "relationships/relationship_detail.html", context, status=422)


@org_view(Perm.DECIDE)
@require_POST
def relationship_decide(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    entry = selectors.relationship_get(organization=scope.organization, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.relationship_decide(
                entry=entry,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
            context = _detail_context(request, scope, entry, decision_form=form)
            return render(request, "relationships/relationship_detail.html", context, status=409)
        messages.success(request, _("Decision recorded."))
        return redirect("relationships:detail", scope.organization.slug, entry.pk)
    context = _detail_context(request, scope, entry, decision_form=form)
    return render(request, "relationships/relationship_detail.html", context, status=422)


@org_view()
def criteria(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    items = selectors.criteria_list(organization=org)
    form = CriterionForm(initial={"weight": 1, "position": len(items)})
    return render(
        request,
        "relationships/criteria.html",
        {
            "org": org,
            "criteria": items,
            "form": form,
            "can_manage": scope.can(Perm.MANAGE),
            "total_weight": sum(c.weight for c in items),
        },
    )


@org_view(Perm.MANAGE)
@require_POST
def criterion_create(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_create(organization=org, data=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Criterion added. Scores and segments were recomputed."))
            return redirect("relationships:criteria", org.slug)
    items = selectors.criteria_list(organization=org)
    return render(
        request,
        "relationships/criteria.html",
        {
            "org": org,
            "criteria": items,
            "form": form,
            "can_manage": True,
            "total_weight": sum(c.weight for c in items),
        },
        status=form_status(form),
    )


@org_view(Perm.MANAGE)
def criterion_edit(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    org = scope.organization
    criterion = get_object_or_404(SegmentationCriterion.objects.in_scope(org), pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(
                criterion=SegmentationCriterion.objects.in_scope(org).get(pk=pk),
                data=form.changes,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            conflict = form.conflict_rows(error.current)
            form.add_error(None, error.message)
            rebase_on_current(form, error.current)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Criterion saved. Scores and segments were recomputed."))
            return redirect("relationships:criteria", org.slug)
    return render(
        request,
        "relationships/criterion_form.html",
        {
            "org": org,
            "form": form,
            "criterion": criterion,
            "conflict": conflict,
            "history": history_for(criterion),
        },
        status=form_status(form, conflict=conflict),
    )


@org_view(Perm.MANAGE)
@require_POST
def criterion_delete(request: HttpRequest, scope: OrgScope, pk: int) -> HttpResponse:
    criterion = get_object_or_404(SegmentationCriterion.objects.in_scope(scope.organization), pk=pk)
    try:
        services.criterion_delete(criterion=criterion)
        messages.success(request, _("Criterion deleted; its scores went with it."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("relationships:criteria", scope.organization.slug)


@org_view()
def matrix(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    items = selectors.criteria_list(organization=org)
    context: dict = {"org": org, "criteria": items, "colours": SEGMENT_COLOURS, "segments": Segment}
    if len(items) >= 2:
        by_id = {str(c.pk): c for c in items}
        x = by_id.get(request.GET.get("x", ""), items[0])
        y = by_id.get(request.GET.get("y", ""), items[1] if items[1] != x else items[0])
        if y == x:  # one criterion against itself says nothing: take the next one
            y = next(c for c in items if c != x)
        points = selectors.matrix_points(organization=org, x_criterion=x, y_criterion=y)
        listed = sorted(points, key=lambda p: p["counterpart_name"].lower())[:MATRIX_TABLE_ROWS]
        numbers = {p["id"]: n for n, p in enumerate(listed, start=1)}
        context.update(
            x=x,
            y=y,
            points=[
                {
                    **p,
                    "number": numbers[p["id"]],
                    "segment_label": Segment(p["segment"]).label if p["segment"] else "",
                }
                for p in listed
            ],
            segment_bands=segment_bands(),
            middle=(SCORE_MIN + SCORE_MAX) // 2,
            points_total=len(points),
            # One reverse() instead of one per row.
            detail_prefix=reverse("relationships:detail", args=[org.slug, 0])[: -len("0/")],
            table_rows=MATRIX_TABLE_ROWS,
            svg=mark_safe(
                matrix_svg(
                    points=points,
                    x_label=x.name,
                    y_label=y.name,
                    org_slug=org.slug,
                    title=_("Portfolio matrix: %(y)s against %(x)s") % {"x": x.name, "y": y.name},
                    x_id=x.pk,
                    y_id=y.pk,
                    numbers=numbers,
                )
            ),
        )
    return render(request, "relationships/matrix.html", context)


@org_view(Perm.EDIT)
def relationship_import(request: HttpRequest, scope: OrgScope) -> HttpResponse:
    org = scope.organization
    form = ImportForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        text = request.session.get(IMPORT_SESSION_KEY, {}).get(org.slug)
        if not text:
            messages.error(request, _("Upload the file again: the preview expired."))
            return redirect("relationships:import", org.slug)
        try:
            count = transfer.import_commit(organization=org, text=text, default_owner=request.user)
        except ValueError:
            messages.error(request, _("The file has errors; nothing was imported."))
            return redirect("relationships:import", org.slug)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request, ngettext("%(n)s entry imported.", "%(n)s entries imported.", count) % {"n": count}
        )
        return redirect("relationships:list", org.slug)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
            else:
                preview = transfer.import_preview(organization=org, text=text, default_owner=request.user)
                if preview.is_clean:
                    request.session[IMPORT_SESSION_KEY] = {org.slug: text}
                else:
                    request.session.pop(IMPORT_SESSION_KEY, None)
    columns = transfer.BASE_COLUMNS + [c.name for c in selectors.criteria_list(organization=org)]
    return render(
        request,
        "relationships/import.html",
        {"org": org, "form": form, "preview": preview, "columns": columns},
        status=422 if form.errors or (preview and not preview.is_clean) else 200,
    )


@org_view()
def relationship_export(request: HttpRequest, scope: OrgScope, fmt: str) -> HttpResponse:
    org = scope.organization
    try:
        entries = selectors.relationship_list(organization=org, filters=request.GET.dict())
    except ApplicationError:
        entries = selectors.relationship_list(organization=org)
    header, rows = transfer.export_rows(organization=org, queryset=entries)
    if fmt == "xlsx":
        response = HttpResponse(
            transfer.export_xlsx(header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(transfer.export_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{org.slug}-register.{fmt}"'
    return response
