"""The registers of objectives, built with the register kit: the organization's own
objectives (private), and per collaboration the objectives each party shares (each party
changes and withdraws its own) and the joint objectives."""

from typing import Any

import django_filters
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.core.registers import Column, Register
from accord.objectives import selectors, services
from accord.objectives.forms import JointObjectiveForm, ObjectiveForm, SharedObjectiveForm
from accord.objectives.models import (
    JointObjective,
    JointObjectiveAgreement,
    JointStatus,
    Objective,
    ObjectiveShare,
    ObjectiveStatus,
    Priority,
    SharedObjective,
)
from accord.organizations.models import Membership
from accord.relationships.models import Relationship

# Own objectives (private) ------------------------------------------------------------------


class ObjectiveFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ObjectiveStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    priority = django_filters.ChoiceFilter(
        choices=Priority.choices, label=_("Priority"), empty_label=_("All priorities")
    )
    relationship = django_filters.ModelChoiceFilter(
        queryset=Relationship.unscoped.none(),
        label=_("Relationship"),
        empty_label=_("All, overall included"),
        null_label=_("Overall only"),
    )

    class Meta:
        model = Objective
        fields = ["status", "priority", "relationship"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        # Only the entries that have objectives: a register of thousands stays out of the page.
        organization = request.scope.organization
        self.filters["relationship"].queryset = (
            Relationship.objects.in_scope(organization)
            .filter(pk__in=Objective.objects.in_scope(organization).values("relationship_id"))
            .order_by("counterpart_name")
        )


def _shared_with(obj: Objective) -> str:
    return ", ".join(share.collaboration.name for share in obj.shares.all())


class ObjectiveRegister(Register):
    """An organization's own business objectives (ISO 44003 5.3.3.1): private; only a copy of
    what the organization chooses to share reaches a joint space."""

    model = Objective
    scope = "org"
    inline_add = False  # its form picks from the whole register
    app, name, path = "objectives", "objectives", "objectives"
    api_path, api_id = "objectives", "objective_id"
    title = _("Own objectives")
    item_label = _("objective")
    empty_text = _(
        "No objective recorded yet: write down what collaboration should achieve for your business."
    )
    fields = [
        "title",
        "rationale",
        "desired_outcome",
        "priority",
        "benefits",
        "risks",
        "owner",
        "due_date",
        "status",
        "relationship",
    ]
    form = ObjectiveForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("priority", sort="priority"),
        Column("status", sort="status"),
        Column("due_date", sort="due_date"),
        Column("owner", value=lambda o: o.owner.display_name if o.owner else ""),
        Column(
            "relationship",
            value=lambda o: o.relationship.counterpart_name if o.relationship else _gettext("Overall"),
        ),
        Column("desired_outcome"),
        Column("shared_with", label=_("Shared with"), value=_shared_with),
    ]
    filterset = ObjectiveFilter
    search_fields = ["title", "desired_outcome", "rationale"]
    select_related = ["owner", "relationship"]
    guidance = "objectives.own"
    list_template = "objectives/objective_list.html"
    schema_out, schema_in = "accord.objectives.schemas.ObjectiveOut", "accord.objectives.schemas.ObjectiveIn"
    sample = {"title": "Grow rail work to a third of turnover"}

    def queryset(self, scope: Any) -> Any:
        return (
            super()
            .queryset(scope)
            .prefetch_related(
                models.Prefetch(
                    "shares",
                    queryset=ObjectiveShare.objects.in_scope(scope.organization).select_related(
                        "collaboration"
                    ),
                )
            )
        )

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Objective:
        return services.objective_create(organization=scope.organization, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.objective_update(objective=obj, data=data, expected_version=version)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        organization = scope.organization
        if "owner_id" in data:
            owner_id = data.pop("owner_id")
            if owner_id is None:
                data["owner"] = None
            else:
                membership = (
                    Membership.objects.filter(organization=organization, user_id=owner_id)
                    .select_related("user")
                    .first()
                )
                if membership is None:
                    raise ApplicationError(
                        _gettext("The owner must be a member of your organization."), field="owner_id"
                    )
                data["owner"] = membership.user
        if "relationship_id" in data:
            relationship_id = data.pop("relationship_id")
            if relationship_id is None:
                data["relationship"] = None
            else:
                relationship = Relationship.objects.in_scope(organization).filter(pk=relationship_id).first()
                if relationship is None:
                    raise ApplicationError(
                        _gettext("Choose a relationship from your own register."), field="relationship_id"
                    )
                data["relationship"] = relationship
        return data


# Shared objectives (joint; each party its own) -----------------------------------------------


class SharedObjectiveFilter(django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Party"), empty_label=_("All parties")
    )

    class Meta:
        model = SharedObjective
        fields = ["party"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self.filters["party"].queryset = (
            Party.objects.in_scope(request.scope.collaboration)
            .filter(status=PartyStatus.ACTIVE)
            .select_related("organization")
            .order_by("joined_at", "id")
        )
        self.form.fields["party"].label_from_instance = lambda p: p.organization.name


class SharedObjectiveRegister(Register):
    """The objectives each party shows in the joint space (step 1 and 2 of ISO 44003 5.3.3.6),
    with the rationale it chose to show. A party shares from its own objectives (a copy) or
    states one here; it changes and withdraws only its own."""

    model = SharedObjective
    scope = "collaboration"
    app, name, path = "objectives", "shared", "objectives/shared"
    api_path, api_id = "objectives/shared", "shared_objective_id"
    title = _("Objectives the parties share")
    item_label = _("shared objective")
    empty_text = _("No party has shared an objective yet.")
    fields = ["title", "rationale"]
    form = SharedObjectiveForm
    columns = [
        Column("party", label=_("Party"), value=lambda s: s.party.organization.name),
        Column("title", link=True, sort="title"),
        Column("rationale"),
        Column("shared_by", value=lambda s: s.shared_by.display_name if s.shared_by else ""),
        Column("shared_at", sort="shared_at"),
    ]
    filterset = SharedObjectiveFilter
    search_fields = ["title", "rationale"]
    select_related = ["party__organization", "shared_by"]
    guidance = "objectives.shared"
    own_party = True
    list_template = "objectives/shared_list.html"
    schema_out, schema_in = (
        "accord.objectives.schemas.SharedObjectiveOut",
        "accord.objectives.schemas.SharedObjectiveIn",
    )
    sample = {"title": "Keep the coating know-how in-house", "rationale": "Our core skill."}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).filter(party__status=PartyStatus.ACTIVE)

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> SharedObjective:
        shared = SharedObjective(
            collaboration=scope.collaboration,
            party=scope.party,
            title=data.get("title", ""),
            rationale=data.get("rationale", ""),
            shared_by=user,
        )
        shared.full_clean()
        shared.save()
        return shared

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.shared_objective_update(
            shared=obj, party=scope.party, data=data, expected_version=version
        )

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.shared_objective_withdraw(shared=obj, party=scope.party)

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {
            "process_url": reverse("objectives:joint_process", args=[scope.collaboration.pk]),
            "share_url": reverse("objectives:share", args=[scope.organization.slug])
            + f"?collaboration={scope.collaboration.pk}",
        }


# Joint objectives -------------------------------------------------------------------------------


def _agreed_by_all(obj: JointObjective) -> bool:
    active = getattr(obj, "active_n", None)
    if active is None:  # a record fresh from a write, not from the register's queryset
        return selectors.joint_agreed_by_all(obj)
    agreed = sum(1 for a in obj.agreements.all() if a.party.status == PartyStatus.ACTIVE)
    return bool(active) and agreed >= active


def _agreement_text(obj: JointObjective) -> str:
    if _agreed_by_all(obj):
        return _gettext("Agreed by every party")
    names = [a.party.organization.name for a in obj.agreements.all() if a.party.status == PartyStatus.ACTIVE]
    if not names:
        return _gettext("Not agreed yet")
    return _gettext("Agreed by %(parties)s only") % {"parties": ", ".join(names)}


class JointObjectiveFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=JointStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = JointObjective
        fields = ["status"]


class JointObjectiveRegister(Register):
    """The objectives the parties pursue together (step 3 of ISO 44003 5.3.3.6). Any party
    proposes and edits them; each party's SER or manager agrees them for its party."""

    model = JointObjective
    scope = "collaboration"
    app, name, path = "objectives", "joint", "objectives/joint"
    api_path, api_id = "objectives/joint", "joint_objective_id"
    title = _("Joint objectives")
    item_label = _("joint objective")
    empty_text = _("No joint objective yet: propose one the parties can pursue together.")
    fields = ["title", "description", "desired_outcome", "measure_of_success", "due_date", "status"]
    form = JointObjectiveForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("desired_outcome"),
        Column("measure_of_success"),
        Column("due_date", sort="due_date"),
        Column("status", sort="status"),
        Column("agreement", label=_("Agreement"), value=_agreement_text),
    ]
    filterset = JointObjectiveFilter
    search_fields = ["title", "description", "desired_outcome"]
    select_related = ["proposed_by__organization"]
    guidance = "objectives.joint"
    delete_perm = Perm.DECIDE
    list_template = "objectives/joint_list.html"
    schema_out, schema_in = (
        "accord.objectives.schemas.JointObjectiveOut",
        "accord.objectives.schemas.JointObjectiveIn",
    )
    sample = {"title": "Win the Northline tender"}

    def queryset(self, scope: Any) -> Any:
        active = Party.objects.in_scope(scope.collaboration).filter(status=PartyStatus.ACTIVE)
        return (
            super()
            .queryset(scope)
            .annotate(
                active_n=models.Subquery(
                    active.values("collaboration").annotate(n=models.Count("pk")).values("n")[:1],
                    output_field=models.IntegerField(),
                )
            )
            .prefetch_related(
                models.Prefetch(
                    "agreements",
                    queryset=JointObjectiveAgreement.objects.in_scope(scope.collaboration).select_related(
                        "party__organization", "agreed_by"
                    ),
                )
            )
        )

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> JointObjective:
        return services.joint_objective_create(
            collaboration=scope.collaboration, party=scope.party, data=data
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.joint_objective_update(joint=obj, data=data, expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.joint_objective_delete(joint=obj)

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {"process_url": reverse("objectives:joint_process", args=[scope.collaboration.pk])}


objectives = ObjectiveRegister()
shared = SharedObjectiveRegister()
joint = JointObjectiveRegister()
