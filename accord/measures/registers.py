"""The registers of measures, built with the register kit: joint measures (collaboration),
an organization's own measures (private), joint reviews and their improvement actions.

The measure registers show each measure's latest value, status and trend; the list of a
page of measures is read in a fixed number of queries (``selectors.measure_rows``)."""

import datetime
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import django_filters
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.actions.models import JointAction
from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.registers import Column, Register
from accord.measures import selectors, services
from accord.measures.forms import ActionForm, JointMeasureForm, PrivateMeasureForm, ReviewForm
from accord.measures.models import (
    ImprovementActionStatus,
    JointMeasure,
    JointMeasureValue,
    JointReview,
    MeasureKind,
    PrivateMeasure,
    PrivateMeasureValue,
)
from accord.measures.periods import Frequency, period_label
from accord.measures.status import Status

# --- schemas ---------------------------------------------------------------------------------

# Figures go out as exact decimal strings without trailing zeros ("99.5", not "99.5000").


class MeasureFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=MeasureKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    frequency = django_filters.ChoiceFilter(
        choices=Frequency.choices, label=_("Frequency"), empty_label=_("All frequencies")
    )


class JointMeasureFilter(MeasureFilter):
    class Meta:
        model = JointMeasure
        fields = ["kind", "frequency"]


class PrivateMeasureFilter(MeasureFilter):
    class Meta:
        model = PrivateMeasure
        fields = ["kind", "frequency"]


@lru_cache(maxsize=512)
def _url_pattern(name: str, owner: Any) -> str:
    return reverse(name, args=[owner, 999999999])


def _url_with_pk(name: str, owner: Any, pk: int) -> str:
    """A record's page, reversed once per list rather than once per row."""
    return _url_pattern(name, owner).replace("999999999", str(pk))


_EXPORTING: ContextVar[bool] = ContextVar("measures_exporting", default=False)


def _status_text(measure: Any) -> str:
    """The status from the annotated latest value (for exports: no extra query)."""
    value = getattr(measure, "latest_value", None)
    period = getattr(measure, "latest_period", None)
    latest = selectors.Point(period, value) if period is not None else None
    return str(selectors.latest_status(measure, latest, timezone.localdate()).label)


def _latest_text(measure: Any) -> str:
    if getattr(measure, "latest_period", None) is None:
        return ""
    value = selectors.plain(measure.latest_value)
    unit = f" {measure.unit}" if measure.unit else ""
    return f"{value}{unit} ({period_label(measure.latest_period, measure.frequency)})"


MEASURE_COLUMNS = [
    Column("name", link=True, sort="name"),
    Column("kind", sort="kind"),
    Column("unit"),
    Column("direction"),
    Column("target", label=_("Target"), value=lambda m: m.thresholds_text()),
    Column("frequency", sort="frequency"),
    Column("latest", label=_("Latest value"), value=_latest_text),
    Column("status", label=_("Status"), value=_status_text),
    Column("data_owner", label=_("Data owner"), value=lambda m: m.data_owner_display),
]


class MeasureRegister(Register):
    """What both measure registers share: the latest value annotated on every row, the rows'
    status and trend, the detail page as the link."""

    value_model: type
    app = "measures"
    item_label = _("measure")
    filterset = MeasureFilter
    search_fields = ["name", "description"]
    list_template = "measures/measure_list.html"
    inline_add = False  # its form picks people and objectives: the add page holds it
    detail_name = ""
    fields_extra: list[str] = []

    def queryset(self, scope: Any) -> Any:
        return selectors.with_latest(super().queryset(scope), self.owner(scope))

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return _url_with_pk(f"measures:{self.detail_name}", self.owner_arg(scope), obj.pk)

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        return services.measure_create(owner=self.owner(scope), model=self.model, data=data, user=user)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.measure_update(measure=obj, data=data, expected_version=version, user=user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        owner = self.owner(scope)
        if "objective_ids" in data:
            ids = data.pop("objective_ids")
            if ids is not None:
                objectives = list(self.objective_model().objects.in_scope(owner).filter(pk__in=ids))
                if len(objectives) != len(set(ids)):
                    raise ApplicationError(_("Choose objectives of this space."), field="objective_ids")
                data["objectives"] = objectives
        if data.get("start_date", 0) is None:
            data.pop("start_date")
        return data

    def objective_model(self) -> type:
        raise NotImplementedError

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {
            "upload_url": reverse(f"measures:{self.name}_upload", args=[self.owner_arg(scope)]),
            "can_upload": scope.can(self.add_perm),
            "private": self.scope == "org",
        }

    def page_rows(self, scope: Any, measures: list[Any]) -> list[selectors.MeasureRow]:
        """The rows of the measures the kit put on the page: latest value, status and trend
        from one window query, and the links of each row."""
        rows = selectors.measure_rows(measures, today=timezone.localdate())
        detail = reverse(f"measures:{self.detail_name}", args=[self.owner_arg(scope), 999999999])
        edit = self.url(scope, "_edit", 999999999)
        delete = self.url(scope, "_delete", 999999999)
        can_change = scope.can(self.change_perm)
        can_delete = scope.can(self.delete_perm)
        for row in rows:
            pk = str(row.measure.pk)
            row.detail_url = detail.replace("999999999", pk)
            row.edit_url = edit.replace("999999999", pk) if can_change else None
            row.delete_url = delete.replace("999999999", pk) if can_delete else None
        return rows

    # The list page shows its own table (``measure_rows``), so the kit's cells are computed
    # only for exports: the page skips the columns it does not show.
    def cell(self, column: Column, obj: Any) -> Any:
        if column.value is not None and not _EXPORTING.get():
            return None
        return super().cell(column, obj)

    def export_view(self, request: HttpRequest, scope: Any, fmt: str) -> Any:
        token = _EXPORTING.set(True)
        try:
            response = super().export_view(request, scope, fmt)
            if getattr(response, "streaming", False):
                # A CSV streams after this returns: compute its rows now, inside the flag.
                response.streaming_content = [b"".join(response.streaming_content)]
            return response
        finally:
            _EXPORTING.reset(token)


class JointMeasureRegister(MeasureRegister):
    model = JointMeasure
    value_model = JointMeasureValue
    scope = "collaboration"
    name, path = "joint_measures", "measures"
    detail_name = "joint_measure"
    api_path, api_id = "measures", "measure_id"
    title = _("Joint measures")
    empty_text = _(
        "No joint measures yet: agree a few delivery KPIs and at least one measure of how the "
        "relationship itself is doing."
    )
    fields = [*services.JOINT_MEASURE_FIELDS, "objectives"]
    form = JointMeasureForm
    columns = [
        *MEASURE_COLUMNS,
        Column(
            "owner_party",
            label=_("Owner party"),
            value=lambda m: m.owner_party.organization.name if m.owner_party_id else "",
        ),
    ]
    filterset = JointMeasureFilter
    select_related = ["owner_party__organization", "data_owner"]
    guidance = "measures.joint"
    schema_out, schema_in = (
        "accord.measures.schemas.JointMeasureOut",
        "accord.measures.schemas.JointMeasureIn",
    )
    sample = {"name": "On-time delivery", "unit": "%", "target": "95", "warning": "90"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def objective_model(self) -> type:
        from accord.objectives.models import JointObjective

        return JointObjective

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "owner_party_id" in data:
            pk = data.pop("owner_party_id")
            party = None
            if pk is not None:
                party = (
                    Party.objects.in_scope(scope.collaboration)
                    .filter(pk=pk, status=PartyStatus.ACTIVE)
                    .first()
                )
                if party is None:
                    raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party_id")
            data["owner_party"] = party
        return super().api_data(scope, data)


class PrivateMeasureRegister(MeasureRegister):
    model = PrivateMeasure
    value_model = PrivateMeasureValue
    scope = "org"
    name, path = "own_measures", "own-measures"
    detail_name = "own_measure"
    api_path, api_id = "measures", "own_measure_id"
    title = _("Own measures")
    empty_text = _(
        "No own measures yet: track what only you need to know about a relationship, such as "
        "your margin on it. Partners never see these."
    )
    fields = [*services.PRIVATE_MEASURE_FIELDS, "objectives"]
    form = PrivateMeasureForm
    columns = [
        *MEASURE_COLUMNS,
        Column(
            "relationship",
            label=_("Relationship"),
            value=lambda m: m.relationship.counterpart_name if m.relationship_id else "",
        ),
    ]
    filterset = PrivateMeasureFilter
    select_related = ["relationship", "data_owner"]
    guidance = "measures.private"
    schema_out, schema_in = (
        "accord.measures.schemas.PrivateMeasureOut",
        "accord.measures.schemas.PrivateMeasureIn",
    )
    sample = {"name": "Our margin", "unit": "%", "target": "15"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}

    def objective_model(self) -> type:
        from accord.objectives.models import Objective

        return Objective

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "relationship_id" in data:
            from accord.relationships.models import Relationship

            pk = data.pop("relationship_id")
            entry = None
            if pk is not None:
                entry = Relationship.objects.in_scope(scope.organization).filter(pk=pk).first()
                if entry is None:
                    raise ApplicationError(
                        _("Choose an entry of your own register."), field="relationship_id"
                    )
            data["relationship"] = entry
        return super().api_data(scope, data)


# --- joint reviews ---------------------------------------------------------------------------


class ReviewRegister(Register):
    """Joint reviews: creating one keeps the joint measures of its period as they are (the
    snapshot); the review page shows it with findings, lessons and improvement actions."""

    model = JointReview
    scope = "collaboration"
    app, name, path = "measures", "reviews", "reviews"
    api_path, api_id = "reviews", "review_id"
    title = _("Joint reviews")
    item_label = _("joint review")
    empty_text = _(
        "No joint reviews yet. Hold one at the end of each period: the review keeps the measures "
        "as they stand, with what you found, what you learned and what you will improve."
    )
    fields = services.REVIEW_FIELDS
    form = ReviewForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("period_start", sort="period_start"),
        Column("period_end", sort="period_end"),
        Column("held_on", sort="held_on"),
        Column("status", sort="status"),
        Column("lessons"),
    ]
    search_fields = ["title", "findings", "lessons"]
    ordering = ["-period_end", "-id"]
    guidance = "measures.reviews"
    schema_out, schema_in = "accord.measures.schemas.JointReviewOut", "accord.measures.schemas.JointReviewIn"
    sample = {"title": "Q1 review", "period_start": "2025-01-01", "period_end": "2025-03-31"}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).defer("snapshot")

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return _url_with_pk("measures:review", scope.collaboration.pk, obj.pk)

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> JointReview:
        return services.review_create(collaboration=scope.collaboration, data=data, user=user)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data = {
            k: v for k, v in data.items() if k not in ("period_start", "period_end") or v != getattr(obj, k)
        }
        return services.review_update(review=obj, data=data, expected_version=version, user=user)


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ImprovementActionStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = JointAction
        fields = ["status"]


class ActionRegister(Register):
    """Improvement actions agreed in joint reviews, with owner and due date: the joint actions
    (``accord.actions``) whose source is a review."""

    model = JointAction
    scope = "collaboration"
    app, name, path = "measures", "actions", "improvement-actions"
    api_path, api_id = "improvement-actions", "action_id"
    title = _("Improvement actions")
    item_label = _("improvement action")
    empty_text = _("No improvement actions yet: agree them in a joint review.")
    fields = services.ACTION_FIELDS
    form = ActionForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("review", label=_("Review"), value=lambda a: a.source_label),
        Column(
            "owner_party",
            label=_("Owner party"),
            value=lambda a: a.owner_party.organization.name if a.owner_party_id else "",
        ),
        Column("owner", label=_("Owner"), value=lambda a: a.owner_display),
        Column("due_date", sort="due_date"),
        Column("status", sort="status"),
    ]
    filterset = ActionFilter
    search_fields = ["title", "owner_name"]
    select_related = ["owner_party__organization", "owner_user"]
    in_history = False  # the joint actions register puts JointAction in the history
    guidance = "measures.actions"
    schema_out, schema_in = (
        "accord.measures.schemas.ReviewActionOut",
        "accord.measures.schemas.ReviewActionIn",
    )

    @property
    def sample(self) -> dict[str, Any]:  # type: ignore[override]
        return {"title": "Weekly stand-up", "review_title": "Q1 review"}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).filter(source_kind="review")

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        review = data.pop("review", None)
        if review is None and "review_title" in data:
            # The scope test's sample: an action needs a review to belong to.
            review = services.review_create(
                collaboration=scope.collaboration,
                data={
                    "title": data.pop("review_title"),
                    "period_start": datetime.date(2025, 1, 1),
                    "period_end": datetime.date(2025, 3, 31),
                },
            )
        if review is None or review.collaboration_id != scope.collaboration.pk:
            raise ApplicationError(_("Choose a review of this collaboration."), field="review")
        return services.action_create(review=review, data=data, user=user)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data.pop("review", None)
        return services.action_update(action=obj, data=data, expected_version=version, user=user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "review_id" in data:
            review = (
                JointReview.objects.in_scope(scope.collaboration).filter(pk=data.pop("review_id")).first()
            )
            if review is None:
                raise ApplicationError(_("Choose a review of this collaboration."), field="review_id")
            data["review"] = review
        if "owner_party_id" in data:
            pk = data.pop("owner_party_id")
            party = None
            if pk is not None:
                party = Party.objects.in_scope(scope.collaboration).filter(pk=pk).first()
                if party is None:
                    raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party_id")
            data["owner_party"] = party
        return data


joint_measures = JointMeasureRegister()
own_measures = PrivateMeasureRegister()
reviews = ReviewRegister()
actions = ActionRegister()

__all__ = ["Status", "actions", "joint_measures", "own_measures", "reviews"]
