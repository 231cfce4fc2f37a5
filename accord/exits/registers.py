"""The exit strategy's registers, built with the register kit: the exit triggers, the
continuity and transition steps, and the assets, IP and data to return or transfer."""

from typing import Any

import django_filters
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.registers import Column, Register
from accord.exits import services
from accord.exits.forms import AssetForm, StepForm, TriggerForm
from accord.exits.models import (
    ExitAsset,
    ExitTrigger,
    TransitionStep,
    TriggerStatus,
)


def _party_name(party: Any) -> str:
    if party is None:
        return ""
    if party.status != PartyStatus.ACTIVE:
        return str(_("%(org)s (former party)") % {"org": party.organization.name})
    return party.organization.name


def _party(scope: Any, party_id: int | None, field: str, *, active_only: bool = True) -> Party | None:
    if party_id is None:
        return None
    parties = Party.objects.in_scope(scope.collaboration)
    if active_only:
        parties = parties.filter(status=PartyStatus.ACTIVE)
    party = parties.filter(pk=party_id).first()
    if party is None:
        raise ApplicationError(str(_("Choose a party of this collaboration.")), field=field)
    return party


# --- triggers ----------------------------------------------------------------------------------


class TriggerFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=TriggerStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = ExitTrigger
        fields = ["status"]


class TriggerRegister(Register):
    """Exit triggers (ISO 44003 5.12): what would start an exit, how it is watched and by
    whom, and where it stands today."""

    model = ExitTrigger
    scope = "collaboration"
    app, name, path = "exits", "triggers", "exit/triggers"
    api_path, api_id = "exit/triggers", "exit_trigger_id"
    title = _("Exit triggers")
    item_label = _("trigger")
    empty_text = _("No exit trigger agreed yet.")
    fields = ["description", "monitoring", "monitored_by_party", "monitored_by", "status"]
    form = TriggerForm
    columns = [
        Column("description", link=True, sort="description"),
        Column("monitoring"),
        Column("monitored_by_party", label=_("Party"), value=lambda t: _party_name(t.monitored_by_party)),
        Column("monitored_by"),
        Column("status", sort="status"),
    ]
    filterset = TriggerFilter
    search_fields = ["description", "monitoring", "monitored_by"]
    select_related = ["monitored_by_party__organization"]
    guidance = "exits.triggers"
    schema_out, schema_in = "accord.exits.schemas.TriggerOut", "accord.exits.schemas.TriggerIn"
    sample = {"description": "Main customer contract not renewed", "status": "watch"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ExitTrigger:
        return services.trigger_create(collaboration=scope.collaboration, data=data)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "monitored_by_party_id" in data:
            data["monitored_by_party"] = _party(
                scope, data.pop("monitored_by_party_id"), "monitored_by_party_id"
            )
        return data


# --- transition steps --------------------------------------------------------------------------


class StepRegister(Register):
    """Continuity and transition steps: who does what, when, relative to the exit date.
    Activating the exit turns each into a joint action."""

    model = TransitionStep
    scope = "collaboration"
    app, name, path = "exits", "steps", "exit/steps"
    api_path, api_id = "exit/steps", "exit_step_id"
    title = _("Continuity and transition steps")
    item_label = _("step")
    empty_text = _("No transition step agreed yet.")
    fields = ["title", "description", "owner_party", "owner_user", "offset_days"]
    form = StepForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("owner_party", label=_("Owner party"), value=lambda s: _party_name(s.owner_party)),
        Column(
            "owner_user", label=_("Owner"), value=lambda s: s.owner_user.display_name if s.owner_user else ""
        ),
        Column("timing", label=_("When"), value=lambda s: s.timing, sort="offset_days"),
        Column("description"),
    ]
    search_fields = ["title", "description"]
    select_related = ["owner_party__organization", "owner_user"]
    guidance = "exits.steps"
    schema_out, schema_in = "accord.exits.schemas.StepOut", "accord.exits.schemas.StepIn"
    sample = {"title": "Hand over the customer list", "offset_days": -14}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> TransitionStep:
        return services.step_create(collaboration=scope.collaboration, data=data)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        from accord.accounts.models import User

        if "owner_party_id" in data:
            data["owner_party"] = _party(scope, data.pop("owner_party_id"), "owner_party_id")
        if (
            "offset_days" in data
            and data["offset_days"] is not None
            and not -3650 <= data["offset_days"] <= 3650
        ):
            raise ApplicationError(
                str(_("Give a timing within ten years of the exit date.")), field="offset_days"
            )
        if "owner_user_id" in data:
            user_id = data.pop("owner_user_id")
            user = None
            if user_id is not None:
                user = User.objects.filter(
                    pk=user_id,
                    memberships__organization__parties__collaboration=scope.collaboration,
                    memberships__organization__parties__status=PartyStatus.ACTIVE,
                ).first()
                if user is None:
                    raise ApplicationError(
                        str(_("The owner must be a member of a party.")), field="owner_user_id"
                    )
            data["owner_user"] = user
        return data


# --- assets, IP and data -----------------------------------------------------------------------


def _contribution_url(asset: ExitAsset) -> str:
    if asset.contribution_id is None:
        return ""
    return asset.contribution.description


class AssetRegister(Register):
    """Assets, IP and data to return or transfer at exit, each linked to the contribution it
    comes from (the contributions register) or to another record through its link."""

    model = ExitAsset
    scope = "collaboration"
    app, name, path = "exits", "assets", "exit/assets"
    api_path, api_id = "exit/assets", "exit_asset_id"
    title = _("Assets, IP and data at exit")
    item_label = _("asset")
    empty_text = _("Nothing to return or transfer recorded yet.")
    fields = ["description", "contribution", "link", "arrangement", "to_party", "status", "notes"]
    form = AssetForm
    columns = [
        Column("description", link=True, sort="description"),
        Column("contribution", label=_("Contribution"), value=_contribution_url),
        Column("arrangement", sort="arrangement"),
        Column("to_party", label=_("To"), value=lambda a: _party_name(a.to_party)),
        Column("status", sort="status"),
        Column("link"),
    ]
    search_fields = ["description", "notes"]
    select_related = ["contribution", "to_party__organization"]
    guidance = "exits.assets"
    schema_out, schema_in = "accord.exits.schemas.AssetOut", "accord.exits.schemas.AssetIn"
    list_template = "exits/asset_list.html"
    sample = {"description": "Shared customer data", "arrangement": "share"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ExitAsset:
        asset = ExitAsset(collaboration=scope.collaboration, **data)
        asset.full_clean()
        asset.save()
        return asset

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        from accord.plans.models import Contribution

        if "to_party_id" in data:
            data["to_party"] = _party(scope, data.pop("to_party_id"), "to_party_id", active_only=False)
        if "contribution_id" in data:
            contribution_id = data.pop("contribution_id")
            contribution = None
            if contribution_id is not None:
                contribution = (
                    Contribution.objects.in_scope(scope.collaboration).filter(pk=contribution_id).first()
                )
                if contribution is None:
                    raise ApplicationError(
                        str(_("Choose a contribution of this collaboration.")), field="contribution_id"
                    )
            data["contribution"] = contribution
        return data

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {
            "contributions_url": reverse("plans:jrmp_contributions", args=[scope.collaboration.pk]),
            "strategy_url": reverse("exits:strategy", args=[scope.collaboration.pk]),
        }


triggers = TriggerRegister()
steps = StepRegister()
assets = AssetRegister()
