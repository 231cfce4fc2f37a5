"""The registers of plans, built with the register kit: the organization's resources committed
to collaboration (private), and per collaboration the joint management team and the
contributions register (joint; each party changes its own records)."""

from typing import Any

import django_filters
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.permissions import Perm
from accord.core.registers import Column, Register
from accord.plans import services
from accord.plans.forms import ContributionForm, ResourceForm, TeamMemberForm
from accord.plans.models import (
    Contribution,
    ContributionKind,
    JointTeamMember,
    ResourceCommitment,
    ResourceKind,
)

# Resources ------------------------------------------------------------------------------


class ResourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ResourceKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = ResourceCommitment
        fields = ["kind"]


class ResourceRegister(Register):
    model = ResourceCommitment
    scope = "org"
    app, name, path = "plans", "resources", "resources"
    api_path, api_id = "resources", "resource_id"
    title = _("Resources committed to collaboration")
    item_label = _("resource")
    empty_text = _(
        "No resources recorded yet: list the people, time and systems you commit to collaboration."
    )
    fields = ["kind", "description", "person", "capability", "capacity"]
    form = ResourceForm
    columns = [
        Column("kind", sort="kind"),
        Column("description", link=True, sort="description"),
        Column("person", value=lambda r: r.person.display_name if r.person else ""),
        Column("capability"),
        Column("capacity"),
    ]
    filterset = ResourceFilter
    search_fields = ["description", "capability"]
    select_related = ["person"]
    guidance = "plans.resources"
    schema_out, schema_in = "accord.plans.schemas.ResourceOut", "accord.plans.schemas.ResourceIn"
    sample = {"kind": "people", "description": "Ana, two days a month"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ResourceCommitment:
        return services.resource_create(organization=scope.organization, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.resource_update(item=obj, data=data, expected_version=version)


# Joint management team ------------------------------------------------------------------


TEAM_DUTIES = [
    (
        "a",
        _("Review the joint objectives and the value the collaboration creates"),
        "plans:jrmp_plan",
        "objectives",
    ),
    ("b", _("Agree the measures and how results are reported"), "plans:jrmp_plan", "measurement"),
    ("c", _("Identify further mutual objectives"), "plans:jrmp_plan", "objectives"),
    ("d", _("Set out roles and responsibilities"), "plans:jrmp_team", ""),
    ("e", _("Agree information needs and interdependencies"), "plans:jrmp_plan", "knowledge_sharing"),
    (
        "f",
        _("Record the resources, equipment, property and assets each party brings"),
        "plans:jrmp_contributions",
        "",
    ),
    (
        "g",
        _(
            "Oversee the ongoing management: regular meetings, issues the working level cannot "
            "settle, changes, risks and actions due"
        ),
        "plans:jrmp_plan",
        "governance",
    ),
]


class TeamRegister(Register):
    """The joint management team: the people of the active parties (a party that leaves is no
    longer on it). Each party puts its own people on it and changes only them."""

    model = JointTeamMember
    scope = "collaboration"
    app, name, path = "plans", "jrmp_team", "team"
    api_path, api_id = "team", "team_member_id"
    title = _("Joint management team")
    item_label = _("team member")
    empty_text = _("Nobody is on the joint management team yet.")
    fields = ["user", "name", "role", "responsibilities", "authority", "is_ser_representative"]
    form = TeamMemberForm
    columns = [
        Column("party", label=_("Party"), value=lambda m: m.party.organization.name),
        Column("name", link=True, sort="name"),
        Column("role", sort="role"),
        Column("responsibilities"),
        Column("authority"),
    ]
    search_fields = ["name", "role"]
    select_related = ["party__organization", "user"]
    guidance = "plans.team"
    own_party = True
    add_perm = change_perm = delete_perm = Perm.DECIDE
    schema_out, schema_in = "accord.plans.schemas.TeamMemberOut", "accord.plans.schemas.TeamMemberIn"
    list_template = "plans/team.html"
    page_size = 200  # shown per party; a team is a handful of people per party
    sample = {"name": "Ana", "role": "Lead"}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).filter(party__status=PartyStatus.ACTIVE)

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> JointTeamMember:
        return services.team_member_add(collaboration=scope.collaboration, party=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.team_member_update(member=obj, data=data, expected_version=version)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("is_ser_representative", False) is None:
            data.pop("is_ser_representative")
        return data

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        collaboration = scope.collaboration
        parties = list(
            Party.objects.in_scope(collaboration)
            .filter(status=PartyStatus.ACTIVE)
            .select_related("organization", "ser")
            .order_by("joined_at", "id")
        )
        working = services.plan_working_version(owner=collaboration, user=request.user)
        has_members = JointTeamMember.objects.in_scope(collaboration).filter(party__status=PartyStatus.ACTIVE)
        has_contributions = Contribution.objects.in_scope(collaboration)
        duties = []
        for letter, text, url_name, key in TEAM_DUTIES:
            url = reverse(url_name, args=[collaboration.pk]) + (f"#section-{key}" if key else "")
            if key:
                done = bool(working.sections.get(key, "").strip())
            elif letter == "d":
                done = has_members.exists()
            else:
                done = has_contributions.exists()
            duties.append({"letter": letter, "text": text, "url": url, "done": done})
        return {"parties": parties, "duties": duties, "party": scope.party}


# Contributions --------------------------------------------------------------------------


class ContributionFilter(django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Party"), empty_label=_("All parties")
    )
    kind = django_filters.ChoiceFilter(
        choices=ContributionKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Contribution
        fields = ["party", "kind"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        collaboration = request.scope.collaboration
        self.filters["party"].queryset = (
            Party.objects.in_scope(collaboration).select_related("organization").order_by("joined_at", "id")
        )
        self.form.fields["party"].label_from_instance = lambda p: (
            p.organization.name
            if p.status == PartyStatus.ACTIVE
            else _("%(org)s (former party)") % {"org": p.organization.name}
        )


def _party_label(contribution: Contribution) -> str:
    name = contribution.party.organization.name
    if contribution.party.status != PartyStatus.ACTIVE:
        return str(_("%(org)s (former party)") % {"org": name})
    return name


class ContributionRegister(Register):
    """What each party brings (ISO 44003 5.1.3.3 f), and what happens to it at exit. A party
    that leaves stays listed, marked as a former party."""

    model = Contribution
    scope = "collaboration"
    app, name, path = "plans", "jrmp_contributions", "contributions"
    api_path, api_id = "contributions", "contribution_id"
    title = _("Contributions register")
    item_label = _("contribution")
    fields = ["kind", "description", "terms_of_use", "return_at_exit"]
    form = ContributionForm
    columns = [
        Column("party", label=_("Party"), value=_party_label),
        Column("kind", sort="kind"),
        Column("description", link=True, sort="description"),
        Column("terms_of_use"),
        Column("return_at_exit"),
    ]
    filterset = ContributionFilter
    search_fields = ["description", "terms_of_use", "return_at_exit"]
    select_related = ["party__organization"]
    guidance = "plans.contributions"
    own_party = True
    schema_out, schema_in = "accord.plans.schemas.ContributionOut", "accord.plans.schemas.ContributionIn"
    sample = {"kind": "equipment", "description": "CNC machine"}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Contribution:
        return services.contribution_add(collaboration=scope.collaboration, party=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.contribution_update(item=obj, data=data, expected_version=version)


resources = ResourceRegister()
team = TeamRegister()
contributions = ContributionRegister()
