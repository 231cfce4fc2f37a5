"""The two risk registers, built with the register kit: a collaboration's joint risks (every
party sees them) and an organization's own risks (private). One base class holds what they
share; the services do every write."""

from typing import Any

import django_filters
from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.core.registers import Column, Register
from accord.risks import services
from accord.risks.forms import JointRiskForm, OwnRiskForm, active_parties, org_users, party_users
from accord.risks.models import JointRisk, OwnRisk, RiskCategory, RiskStatus

# --- schemas -----------------------------------------------------------------------------------


# --- filters -----------------------------------------------------------------------------------


def _overdue(queryset: Any, name: str, value: Any) -> Any:
    overdue = queryset.review_overdue(timezone.localdate()).values("pk")
    if value is True:
        return queryset.filter(pk__in=overdue)
    if value is False:
        return queryset.exclude(pk__in=overdue)
    return queryset


class OwnRiskFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        choices=RiskCategory.choices, label=_("Category"), empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(
        choices=RiskStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    owner_user = django_filters.ModelChoiceFilter(queryset=None, label=_("Owner"), empty_label=_("Everyone"))
    overdue_review = django_filters.BooleanFilter(method=_overdue, label=_("Review overdue"))
    # The heat map's cells link here (not shown as fields on the page).
    likelihood = django_filters.NumberFilter(widget=django_filters.widgets.forms.HiddenInput)
    impact = django_filters.NumberFilter(widget=django_filters.widgets.forms.HiddenInput)
    residual_likelihood = django_filters.NumberFilter(widget=django_filters.widgets.forms.HiddenInput)
    residual_impact = django_filters.NumberFilter(widget=django_filters.widgets.forms.HiddenInput)

    class Meta:
        model = OwnRisk
        fields = [
            "category",
            "status",
            "owner_user",
            "overdue_review",
            "likelihood",
            "impact",
            "residual_likelihood",
            "residual_impact",
        ]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        users = self.owner_users(request.scope)
        self.filters["owner_user"].queryset = users
        self.form.fields["owner_user"].queryset = users
        self.form.fields["owner_user"].label_from_instance = lambda u: u.display_name

    def owner_users(self, scope: Any) -> Any:
        return org_users(scope.organization)


class JointRiskFilter(OwnRiskFilter):
    owner_party = django_filters.ModelChoiceFilter(
        queryset=None, label=_("Owner party"), empty_label=_("All parties")
    )

    class Meta:
        model = JointRisk
        fields = ["category", "status", "owner_party", *OwnRiskFilter.Meta.fields[2:]]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        parties = active_parties(request.scope.collaboration)
        self.filters["owner_party"].queryset = parties
        self.form.fields["owner_party"].queryset = parties
        self.form.fields["owner_party"].label_from_instance = lambda p: p.organization.name

    def owner_users(self, scope: Any) -> Any:
        return party_users(scope.collaboration)


# --- registers ---------------------------------------------------------------------------------


def _review(risk: Any) -> str:
    if risk.review_date is None:
        return ""
    text = date_format(risk.review_date, "DATE_FORMAT")
    return f"{text} — {_('review overdue')}" if risk.review_overdue else text


class RiskRegisterBase(Register):
    item_label = _("risk")
    search_fields = ["title", "description", "cause", "consequence"]
    ordering = ["-score", "id"]
    list_template = "risks/risk_list.html"

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        return services.risk_create(owner=self.owner(scope), data=data, user=user)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.risk_update(risk=obj, data=data, expected_version=version, user=user)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.risk_delete(risk=obj, user=user)

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return self._detail_base(scope).format(pk=obj.pk)

    def _detail_base(self, scope: Any) -> str:
        """The risk page's URL with ``{pk}`` to fill (one reversal per space, not per row)."""
        return reverse(f"risks:{self.name[:-1]}", args=[self.owner_arg(scope), 999999999]).replace(
            "999999999", "{pk}"
        )

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        owner = self.owner(scope)
        if "owner_user_id" in data:
            pk = data.pop("owner_user_id")
            user = None
            if pk is not None:
                user = apps.get_model("accounts", "User").objects.filter(pk=pk).first()
                if user is None:
                    raise ApplicationError(_("Choose a member as the owner."), field="owner_user_id")
            data["owner_user"] = user
        if "owner_party_id" in data:
            pk = data.pop("owner_party_id")
            party = None
            if pk is not None:
                party = active_parties(owner).filter(pk=pk).first()
                if party is None:
                    raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party_id")
            data["owner_party"] = party
        related = {"objective_ids": ("objectives", self.objective_model)}
        if self.scope == "collaboration":
            related["value_item_ids"] = ("value_items", ("value", "ValueInitiative"))
        for key, (name, label) in related.items():
            if key in data:
                ids = set(data.pop(key) or [])
                found = list(apps.get_model(*label).objects.in_scope(owner).filter(pk__in=ids))
                if len(found) != len(ids):
                    raise ApplicationError(_("Choose records of this space."), field=key)
                data[name] = found
        return data

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        top = services.scale_max(self.owner(scope))
        return {
            "joint": self.scope == "collaboration",
            "scale_max": top,
            "can_manage": scope.can(Perm.MANAGE),
            "heat_url": reverse(f"risks:{self.name[:-1]}_heat_map", args=[self.owner_arg(scope)]),
            "scale_url": reverse(f"risks:{self.name[:-1]}_scale", args=[self.owner_arg(scope)]),
        }


COMMON_COLUMNS = [
    Column("title", link=True, sort="title"),
    Column("category", sort="category"),
    Column("likelihood", sort="likelihood"),
    Column("impact", sort="impact"),
    Column("score", sort="score"),
    Column("residual_score", sort="residual_score"),
    Column("owner", label=_("Owner"), value=lambda r: r.owner_display),
    Column("status", sort="status"),
    Column("review_date", label=_("Review date"), value=_review, sort="review_date"),
]


class JointRiskRegister(RiskRegisterBase):
    model = JointRisk
    scope = "collaboration"
    app, name, path = "risks", "joint_risks", "risks"
    api_path, api_id = "risks", "joint_risk_id"
    title = _("Joint risks")
    empty_text = _(
        "No joint risks yet. Name what could stop the collaboration reaching its objectives, "
        "how likely it is and how much it would hurt; each party can add its mitigations."
    )
    fields = services.JOINT_RISK_FIELDS
    form = JointRiskForm
    columns = [
        *COMMON_COLUMNS[:6],
        Column(
            "owner_party",
            label=_("Owner party"),
            value=lambda r: r.owner_party.organization.name if r.owner_party_id else "",
        ),
        *COMMON_COLUMNS[6:],
    ]
    filterset = JointRiskFilter
    select_related = ["owner_party__organization", "owner_user"]
    schema_out, schema_in = "accord.risks.schemas.JointRiskOut", "accord.risks.schemas.JointRiskIn"
    sample = {"title": "Key supplier fails", "category": "operational", "likelihood": 2, "impact": 4}
    guidance = "risks.joint"
    objective_model = ("objectives", "JointObjective")

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).prefetch_related("objectives", "value_items")

    def table_queryset(self, queryset: Any) -> Any:
        return queryset.prefetch_related(None)  # the table has no column for linked records


class OwnRiskRegister(RiskRegisterBase):
    model = OwnRisk
    scope = "org"
    app, name, path = "risks", "own_risks", "risks"
    api_path, api_id = "risks", "own_risk_id"
    title = _("Own risks")
    empty_text = _(
        "No risks recorded yet. Your organization's own risks — in its relationships and in "
        "its readiness to collaborate — stay private to your members."
    )
    fields = services.OWN_RISK_FIELDS
    form = OwnRiskForm
    columns = COMMON_COLUMNS
    filterset = OwnRiskFilter
    select_related = ["owner_user"]
    schema_out, schema_in = "accord.risks.schemas.RiskOut", "accord.risks.schemas.OwnRiskIn"
    sample = {"title": "Bid team stretched", "category": "internal", "likelihood": 3, "impact": 3}
    guidance = "risks.own"
    objective_model = ("objectives", "Objective")

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).prefetch_related("objectives")

    def table_queryset(self, queryset: Any) -> Any:
        return queryset.prefetch_related(None)  # the table has no column for linked records


joint_risks = JointRiskRegister()
own_risks = OwnRiskRegister()
