"""The governance registers, built with the register kit: forums and their members, decision
rights, the escalation ladder and its people, the roles matrix's activities, the agreements
register, the issue log and change requests. All joint: every active party sees them."""

from typing import Any

import django_filters
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import PartyStatus
from accord.core.errors import ApplicationError
from accord.core.registers import Column, Register
from accord.governance import services
from accord.governance.forms import (
    AgreementForm,
    ChangeRequestForm,
    ForumForm,
    ForumMemberForm,
    IssueForm,
    LadderContactForm,
    LevelForm,
)
from accord.governance.models import (
    Agreement,
    ChangeRequest,
    ChangeStatus,
    DecisionRight,
    EscalationLevel,
    Forum,
    ForumMember,
    Impact,
    Issue,
    IssueStatus,
    LadderContact,
    RaciActivity,
)


def _party_name(obj: Any, attr: str = "party") -> str:
    party = getattr(obj, attr)
    return party.organization.name if party else ""


# --- forums ----------------------------------------------------------------------------------


class ForumRegister(Register):
    model = Forum
    scope = "collaboration"
    app, name, path = "governance", "forums", "governance/forums"
    api_path, api_id = "forums", "forum_id"
    title = _("Forums")
    item_label = _("forum")
    empty_text = _("No forums yet: add the joint management team, the SER review and any working groups.")
    fields = ["name", "kind", "frequency", "purpose"]
    form = ForumForm
    columns = [
        Column("name", link=True, sort="name"),
        Column("kind", sort="kind"),
        Column("frequency"),
        Column("purpose"),
    ]
    search_fields = ["name", "purpose"]
    guidance = "governance.forums"
    schema_out, schema_in = "accord.governance.schemas.ForumOut", "accord.governance.schemas.ForumIn"
    sample = {"name": "Joint management team", "kind": "jmt", "frequency": "monthly"}


# --- forum members ---------------------------------------------------------------------------


class ForumMemberFilter(django_filters.FilterSet):
    forum = django_filters.ModelChoiceFilter(queryset=None, label=_("Forum"), empty_label=_("All forums"))

    class Meta:
        model = ForumMember
        fields = ["forum"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        forums = Forum.objects.in_scope(request.scope.collaboration).order_by("name")
        self.filters["forum"].queryset = forums
        self.form.fields["forum"].queryset = forums


class ForumMemberRegister(Register):
    """People of the parties in each forum: each party names its own."""

    model = ForumMember
    scope = "collaboration"
    app, name, path = "governance", "forum_members", "governance/forum-members"
    api_path, api_id = "forum-members", "forum_member_id"
    title = _("Forum members")
    item_label = _("forum member")
    empty_text = _("Nobody is named in a forum yet. Each party names its own people.")
    fields = ["forum", "name", "role", "user"]
    form = ForumMemberForm
    columns = [
        Column("forum", label=_("Forum"), value=lambda m: m.forum.name, sort="forum__name"),
        Column("party", label=_("Party"), value=_party_name),
        Column("name", link=True, sort="name"),
        Column("role"),
    ]
    filterset = ForumMemberFilter
    search_fields = ["name", "role", "forum__name"]
    select_related = ["forum", "party__organization"]
    ordering = ["forum__name", "party_id", "name", "id"]
    guidance = "governance.forums"
    own_party = True
    schema_out, schema_in = (
        "accord.governance.schemas.ForumMemberOut",
        "accord.governance.schemas.ForumMemberIn",
    )
    sample = {"name": "Ana", "role": "Lead", "forum_name": "Joint management team"}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).filter(party__status=PartyStatus.ACTIVE)

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration, "organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ForumMember:
        data = dict(data)
        if data.get("forum") is None and "forum_name" in data:  # the scope test's sample
            data["forum"] = Forum.objects.in_scope(scope.collaboration).filter(
                name=data["forum_name"]
            ).first() or Forum.objects.create(collaboration=scope.collaboration, name=data["forum_name"])
        data.pop("forum_name", None)
        forum = data.get("forum")
        if forum is None or forum.collaboration_id != scope.collaboration.pk:
            raise ApplicationError(_("Choose a forum of this collaboration."), field="forum")
        user_value = data.get("user")
        if user_value is not None and not scope.organization.memberships.filter(user=user_value).exists():
            raise ApplicationError(_("Choose a member of your own organization."), field="user")
        return super().create(scope, data, user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "forum_id" in data:
            forum = Forum.objects.in_scope(scope.collaboration).filter(pk=data.pop("forum_id")).first()
            if forum is None:
                raise ApplicationError(_("Choose a forum of this collaboration."), field="forum_id")
            data["forum"] = forum
        return data


# --- decision rights -------------------------------------------------------------------------


class DecisionRightRegister(Register):
    model = DecisionRight
    scope = "collaboration"
    app, name, path = "governance", "decision_rights", "governance/decision-rights"
    api_path, api_id = "decision-rights", "decision_right_id"
    title = _("Decision rights")
    item_label = _("decision right")
    empty_text = _("No decision rights yet: say who decides what, who is consulted, and the limits.")
    fields = ["area", "decides", "consulted", "limits"]
    columns = [
        Column("area", link=True, sort="area"),
        Column("decides"),
        Column("consulted"),
        Column("limits"),
    ]
    search_fields = ["area", "decides", "consulted", "limits"]
    guidance = "governance.decision_rights"
    schema_out, schema_in = (
        "accord.governance.schemas.DecisionRightOut",
        "accord.governance.schemas.DecisionRightIn",
    )
    sample = {"area": "Price changes", "decides": "Joint management team", "limits": "Up to 5%"}


# --- escalation ladder -----------------------------------------------------------------------


class LadderRegister(Register):
    model = EscalationLevel
    scope = "collaboration"
    app, name, path = "governance", "ladder", "governance/ladder"
    api_path, api_id = "ladder", "level_id"
    title = _("Escalation ladder")
    item_label = _("level")
    empty_text = _(
        "No levels yet: the usual ladder is the working level, then the joint management team, then the SERs."
    )
    fields = ["number", "name", "target_amount", "target_unit"]
    form = LevelForm
    columns = [
        Column("number", sort="number"),
        Column("name", link=True),
        Column("target_amount", label=_("Target time"), value=lambda lv: lv.target_text),
    ]
    ordering = ["number", "id"]
    guidance = "governance.ladder"
    schema_out, schema_in = "accord.governance.schemas.LevelOut", "accord.governance.schemas.LevelIn"
    sample = {"number": 1, "name": "Working level", "target_amount": 3, "target_unit": "working_days"}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> EscalationLevel:
        return services.level_create(collaboration=scope.collaboration, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.level_update(level=obj, data=data, expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.level_delete(level=obj)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        for name in ("number", "target_amount", "target_unit"):
            if name in data and data[name] is None and name != "number":
                data.pop(name)
        if data.get("number", 1) is not None and not 1 <= data.get("number", 1) <= 9:
            raise ApplicationError(_("A level is numbered 1 to 9."), field="number")
        if "target_amount" in data and not 1 <= data["target_amount"] <= 10_000:
            raise ApplicationError(_("A target time is 1 to 10,000."), field="target_amount")
        return data


class LadderContactRegister(Register):
    """The people at each level of the ladder: each party names its own (mirrored levels)."""

    model = LadderContact
    scope = "collaboration"
    app, name, path = "governance", "ladder_people", "governance/ladder-people"
    api_path, api_id = "ladder-people", "ladder_contact_id"
    title = _("People on the escalation ladder")
    item_label = _("person")
    empty_text = _("Nobody is named on the ladder yet. Each party names its own people at each level.")
    fields = ["level", "name", "role"]
    form = LadderContactForm
    columns = [
        Column("level", label=_("Level"), value=lambda c: str(c.level), sort="level__number"),
        Column("party", label=_("Party"), value=_party_name),
        Column("name", link=True, sort="name"),
        Column("role"),
    ]
    search_fields = ["name", "role"]
    select_related = ["level", "party__organization"]
    ordering = ["level__number", "party_id", "name", "id"]
    guidance = "governance.ladder"
    own_party = True
    schema_out, schema_in = (
        "accord.governance.schemas.LadderContactOut",
        "accord.governance.schemas.LadderContactIn",
    )
    sample = {"name": "Ana", "role": "Owner", "level_number": 1}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).filter(party__status=PartyStatus.ACTIVE)

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> LadderContact:
        data = dict(data)
        if data.get("level") is None and "level_number" in data:  # the scope test's sample
            number = data["level_number"]
            data["level"] = EscalationLevel.objects.in_scope(scope.collaboration).filter(
                number=number
            ).first() or services.level_create(
                collaboration=scope.collaboration, data={"number": number, "name": "Working level"}
            )
        data.pop("level_number", None)
        level = data.get("level")
        if level is None or level.collaboration_id != scope.collaboration.pk:
            raise ApplicationError(_("Choose a level of this collaboration's ladder."), field="level")
        return super().create(scope, data, user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "level_id" in data:
            level = (
                EscalationLevel.objects.in_scope(scope.collaboration).filter(pk=data.pop("level_id")).first()
            )
            if level is None:
                raise ApplicationError(_("Choose a level of this collaboration's ladder."), field="level_id")
            data["level"] = level
        return data


# --- roles matrix activities -----------------------------------------------------------------


class ActivityRegister(Register):
    model = RaciActivity
    scope = "collaboration"
    app, name, path = "governance", "raci_activities", "governance/roles/activities"
    api_path, api_id = "roles/activities", "raci_activity_id"
    title = _("Activities of the roles matrix")
    item_label = _("activity")
    empty_text = _("No activities yet: list what the parties share out (planning, delivery, invoicing...).")
    fields = ["name", "position"]
    columns = [Column("position", sort="position"), Column("name", link=True, sort="name")]
    search_fields = ["name"]
    guidance = "governance.roles"
    schema_out, schema_in = "accord.governance.schemas.ActivityOut", "accord.governance.schemas.ActivityIn"
    sample = {"name": "Monthly planning"}

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return None

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("position", 0) is None:
            data.pop("position")
        elif not 0 <= data.get("position", 0) <= 32767:
            raise ApplicationError(_("A position is 0 to 32767."), field="position")
        return data


# --- agreements ------------------------------------------------------------------------------


def _renewal(a: Agreement) -> str:
    if a.renewal_date is None:
        return ""
    days = (a.renewal_date - timezone.localdate()).days
    text = date_format(a.renewal_date, "DATE_FORMAT")
    if 0 <= days <= 90:
        return f"{text} ({_('in %(n)s days') % {'n': days}})"
    if days < 0:
        return f"{text} ({_('passed')})"
    return text


class AgreementRegister(Register):
    model = Agreement
    scope = "collaboration"
    app, name, path = "governance", "agreements", "agreements"
    api_path, api_id = "agreements", "agreement_id"
    title = _("Agreements and contracts")
    item_label = _("agreement")
    empty_text = _("No agreements yet: record the contracts and agreements the collaboration rests on.")
    fields = AgreementForm.Meta.fields
    form = AgreementForm
    columns = [
        Column("reference", sort="reference"),
        Column("title", link=True, sort="title"),
        Column("parties"),
        Column("start_date", sort="start_date"),
        Column("end_date", sort="end_date"),
        Column("renewal_date", value=_renewal, sort="renewal_date"),
        Column("notice_period"),
        Column("key_terms"),
    ]
    search_fields = ["reference", "title", "parties", "key_terms"]
    guidance = "governance.agreements"
    schema_out, schema_in = "accord.governance.schemas.AgreementOut", "accord.governance.schemas.AgreementIn"
    sample = {"reference": "C-1", "title": "Framework agreement"}


# --- issues ----------------------------------------------------------------------------------


def _overdue(issue: Issue) -> bool:
    return issue.is_open and issue.level_due_at is not None and issue.level_due_at < timezone.now()


def _level_cell(issue: Issue) -> str:
    name = getattr(issue, "level_name", None)
    return f"{issue.level}. {name}" if name else str(issue.level)


def _due_cell(issue: Issue) -> str:
    if not issue.is_open or issue.level_due_at is None:
        return ""
    # Labelled with the zone it is shown in (the organization's, accord.core.zones).
    text = date_format(timezone.localtime(issue.level_due_at), "DATETIME_FORMAT")
    text = f"{text} {timezone.get_current_timezone_name()}"
    return f"{text} — {_('target missed')}" if _overdue(issue) else text


def _state_filter(queryset: Any, name: str, value: Any) -> Any:
    return queryset.filter(status=value) if value else queryset


def _level_filter(queryset: Any, name: str, value: Any) -> Any:
    try:
        return queryset.filter(level=int(value))
    except (TypeError, ValueError):
        return queryset


def _overdue_filter(queryset: Any, name: str, value: Any) -> Any:
    if value == "yes":
        return queryset.filter(status=IssueStatus.OPEN, level_due_at__lt=timezone.now())
    if value == "no":
        from django.db.models import Q

        return queryset.filter(status=IssueStatus.OPEN).filter(
            Q(level_due_at__isnull=True) | Q(level_due_at__gte=timezone.now())
        )
    return queryset


class IssueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=IssueStatus.choices,
        method=_state_filter,
        label=_("State"),
        empty_label=_("Open and resolved"),
    )
    level = django_filters.ChoiceFilter(
        choices=[], method=_level_filter, label=_("Level"), empty_label=_("Every level")
    )
    impact = django_filters.ChoiceFilter(
        choices=Impact.choices, label=_("Impact"), empty_label=_("Any impact")
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", _("Past the level's target")), ("no", _("Within target"))],
        method=_overdue_filter,
        label=_("Time at level"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Issue
        fields = ["state", "level", "impact", "overdue"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        levels = list(
            EscalationLevel.objects.in_scope(request.scope.collaboration)
            .order_by("number")
            .values_list("number", "name")
        )
        choices = [(str(n), f"{n}. {name}") for n, name in levels] or [("1", "1")]
        self.filters["level"].extra["choices"] = choices
        self.form.fields["level"].choices = [("", _("Every level")), *choices]


class IssueRegister(Register):
    model = Issue
    scope = "collaboration"
    app, name, path = "governance", "issues", "issues"
    api_path, api_id = "issues", "issue_id"
    title = _("Issue log")
    item_label = _("issue")
    empty_text = _("No issues raised. When something goes wrong between the parties, log it here.")
    fields = services.ISSUE_FIELDS
    form = IssueForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("impact", sort="impact"),
        Column("raised_by_party", label=_("Raised by"), value=lambda i: _party_name(i, "raised_by_party")),
        Column("raised_at", sort="raised_at"),
        Column("level", value=_level_cell, sort="level"),
        Column("level_due_at", label=_("Target at this level"), value=_due_cell, sort="level_due_at"),
        Column("status", sort="status"),
    ]
    filterset = IssueFilter
    search_fields = ["title", "description"]
    select_related = ["raised_by_party__organization"]
    guidance = "governance.issues"
    list_template = "governance/issue_list.html"
    schema_out, schema_in = "accord.governance.schemas.IssueOut", "accord.governance.schemas.IssueIn"
    sample = {"title": "Late deliveries", "impact": "high"}

    def queryset(self, scope: Any) -> Any:
        names = EscalationLevel.objects.in_scope(scope.collaboration).filter(number=OuterRef("level"))
        return super().queryset(scope).annotate(level_name=Subquery(names.values("name")[:1]))

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse("governance:issue", args=[scope.collaboration.pk, obj.pk])

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Issue:
        return services.issue_raise(
            collaboration=scope.collaboration, party=scope.party, user=user, data=data
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.issue_update(issue=obj, data=data, expected_version=version)


# --- change requests -------------------------------------------------------------------------


class ChangeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ChangeStatus.choices, label=_("Status"), empty_label=_("Any status")
    )

    class Meta:
        model = ChangeRequest
        fields = ["status"]


class ChangeRequestRegister(Register):
    model = ChangeRequest
    scope = "collaboration"
    app, name, path = "governance", "changes", "changes"
    api_path, api_id = "change-requests", "change_request_id"
    title = _("Change requests")
    item_label = _("change request")
    empty_text = _("No change requests. Propose a change to the plan, scope or terms here.")
    fields = services.CHANGE_FIELDS
    form = ChangeRequestForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("raised_by_party", label=_("Raised by"), value=lambda c: _party_name(c, "raised_by_party")),
        Column("status", sort="status"),
        Column("submitted_at", sort="submitted_at"),
        Column("decided_at", sort="decided_at"),
    ]
    filterset = ChangeFilter
    search_fields = ["title", "change", "rationale"]
    select_related = ["raised_by_party__organization"]
    guidance = "governance.changes"
    schema_out, schema_in = (
        "accord.governance.schemas.ChangeRequestOut",
        "accord.governance.schemas.ChangeRequestIn",
    )
    sample = {"title": "Add weekend deliveries", "change": "Deliver on Saturdays too."}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope)

    def can_change(self, scope: Any, obj: Any) -> bool:
        return super().can_change(scope, obj) and obj.status == ChangeStatus.DRAFT

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse("governance:change", args=[scope.collaboration.pk, obj.pk])

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ChangeRequest:
        return services.change_create(
            collaboration=scope.collaboration, party=scope.party, user=user, data=data
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.change_update(item=obj, data=data, expected_version=version)


forums = ForumRegister()
forum_members = ForumMemberRegister()
decision_rights = DecisionRightRegister()
ladder = LadderRegister()
ladder_people = LadderContactRegister()
raci_activities = ActivityRegister()
agreements = AgreementRegister()
issues = IssueRegister()
changes = ChangeRequestRegister()

REGISTERS = [
    forums,
    forum_members,
    decision_rights,
    ladder,
    ladder_people,
    raci_activities,
    agreements,
    issues,
    changes,
]
