"""The actions registers, built with the register kit: a collaboration's joint actions (every
party sees them) and an organization's own actions (private). Overdue actions say so in
words and colour; each action links back to where it was agreed."""

from typing import Any

import django_filters
from django.apps import apps
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.actions import services
from accord.actions.forms import JointActionForm, OwnActionForm, active_parties, org_users, party_users
from accord.actions.models import OPEN_STATUSES, ActionStatus, JointAction, OwnAction
from accord.actions.sources import source_choices, source_label, source_url
from accord.core.errors import ApplicationError
from accord.core.registers import Column, Register

# --- schemas ---------------------------------------------------------------------------------


# --- filters ---------------------------------------------------------------------------------


def _overdue(queryset: Any, name: str, value: Any) -> Any:
    today = timezone.localdate()
    late = Q(status__in=OPEN_STATUSES, due_date__lt=today)
    if value is True:
        return queryset.filter(late)
    if value is False:
        return queryset.exclude(late)
    return queryset


class OwnActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ActionStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    owner_user = django_filters.ModelChoiceFilter(queryset=None, label=_("Owner"), empty_label=_("Everyone"))
    overdue = django_filters.BooleanFilter(method=_overdue, label=_("Overdue"))
    source_kind = django_filters.ChoiceFilter(choices=[], label=_("Source"), empty_label=_("All sources"))

    class Meta:
        model = OwnAction
        fields = ["status", "owner_user", "overdue", "source_kind"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self.filters["source_kind"].extra["choices"] = source_choices()
        self.form.fields["source_kind"].choices = [("", _("All sources")), *source_choices()]
        users = self.owner_users(request.scope)
        self.filters["owner_user"].queryset = users
        self.form.fields["owner_user"].queryset = users
        self.form.fields["owner_user"].label_from_instance = lambda u: u.display_name

    def owner_users(self, scope: Any) -> Any:
        return org_users(scope.organization)


class JointActionFilter(OwnActionFilter):
    owner_party = django_filters.ModelChoiceFilter(
        queryset=None, label=_("Owner party"), empty_label=_("All parties")
    )

    class Meta:
        model = JointAction
        fields = ["status", "owner_party", "owner_user", "overdue", "source_kind"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        parties = active_parties(request.scope.collaboration)
        self.filters["owner_party"].queryset = parties
        self.form.fields["owner_party"].queryset = parties
        self.form.fields["owner_party"].label_from_instance = lambda p: p.organization.name

    def owner_users(self, scope: Any) -> Any:
        return party_users(scope.collaboration)


# --- registers -------------------------------------------------------------------------------


def _due(action: Any) -> str:
    if action.due_date is None:
        return ""
    text = date_format(action.due_date, "DATE_FORMAT")
    return f"{text} — {_('overdue')}" if action.overdue else text


def _source(action: Any) -> str:
    return action.source_label or source_label(action.source_kind)


class ActionRegisterBase(Register):
    item_label = _("action")
    columns = [
        Column("title", link=True, sort="title"),
        Column("owner", label=_("Owner"), value=lambda a: a.owner_display),
        Column("due_date", value=_due, sort="due_date"),
        Column("status", sort="status"),
        Column("source", label=_("Source"), value=_source),
    ]
    search_fields = ["title", "description", "owner_name", "source_label"]
    ordering = [F("due_date").asc(nulls_last=True), "id"]
    list_template = "actions/action_list.html"
    guidance = "actions.register"

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        data = {k: v for k, v in data.items() if k in self.fields}
        return services.action_create(
            owner=self.owner(scope),
            source_kind=data.pop("source_kind", "other"),
            created_by=user if getattr(user, "is_authenticated", False) else None,
            **data,
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.action_update(action=obj, data=data, expected_version=version, user=user)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.action_delete(action=obj, user=user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
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
                party = active_parties(scope.collaboration).filter(pk=pk).first()
                if party is None:
                    raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party_id")
            data["owner_party"] = party
        return data

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {"source_url": source_url, "joint": self.scope == "collaboration"}


class JointActionRegister(ActionRegisterBase):
    model = JointAction
    scope = "collaboration"
    app, name, path = "actions", "joint_actions", "actions"
    api_path, api_id = "actions", "joint_action_id"
    title = _("Joint actions")
    empty_text = _(
        "No joint actions yet. Actions agreed in meetings and joint reviews show here, with an "
        "owner and a due date; you can add one directly too."
    )
    fields = services.JOINT_FIELDS
    form = JointActionForm
    columns = [
        *ActionRegisterBase.columns[:1],
        Column(
            "owner_party",
            label=_("Owner party"),
            value=lambda a: a.owner_party.organization.name if a.owner_party_id else "",
        ),
        *ActionRegisterBase.columns[1:],
    ]
    filterset = JointActionFilter
    select_related = ["owner_party__organization", "owner_user"]
    schema_out, schema_in = "accord.actions.schemas.JointActionOut", "accord.actions.schemas.JointActionIn"
    sample = {"title": "Send the revised schedule"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}


class OwnActionRegister(ActionRegisterBase):
    model = OwnAction
    scope = "org"
    app, name, path = "actions", "own_actions", "actions"
    api_path, api_id = "actions", "own_action_id"
    title = _("Own actions")
    empty_text = _(
        "No own actions yet. Your organization's private to-dos show here; partners never see them."
    )
    fields = services.OWN_FIELDS
    form = OwnActionForm
    filterset = OwnActionFilter
    select_related = ["owner_user"]
    schema_out, schema_in = "accord.actions.schemas.OwnActionOut", "accord.actions.schemas.OwnActionIn"
    sample = {"title": "Brief the bid team"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}


joint_actions = JointActionRegister()
own_actions = OwnActionRegister()
