"""Reading actions: those of one source, and "My actions" of one person across every
organization and collaboration the person belongs to."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Case, CharField, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.actions.models import OPEN_STATUSES, ActionBase, JointAction, OwnAction
from accord.actions.sources import source_label, source_url

OVERDUE, THIS_WEEK, LATER, NO_DATE = "overdue", "this_week", "later", "no_date"
GROUP_LABELS = {
    OVERDUE: _("Overdue"),
    THIS_WEEK: _("Due this week"),
    LATER: _("Later"),
    NO_DATE: _("No due date"),
}
WEEK = datetime.timedelta(days=7)


def _is_collaboration(owner: Any) -> bool:
    return owner._meta.label == "collaborations.Collaboration"


def action_model(owner: Any) -> type[ActionBase]:
    return JointAction if _is_collaboration(owner) else OwnAction


def actions_for_source(owner: Any, source_kind: str, source_id: int | None) -> Any:
    """The actions of one source (a meeting, a review, ...) of an organization or collaboration."""
    queryset = (
        action_model(owner).objects.in_scope(owner).filter(source_kind=source_kind, source_id=source_id)
    )
    related = ["owner_user", "owner_party__organization"] if _is_collaboration(owner) else ["owner_user"]
    return queryset.select_related(*related).order_by("due_date", "id")


def open_actions(owner: Any) -> Any:
    return action_model(owner).objects.in_scope(owner).filter(status__in=OPEN_STATUSES)


def group_of(due_date: datetime.date | None, today: datetime.date) -> str:
    """Overdue (due before today), due this week (today and the six days after), later, no date."""
    if due_date is None:
        return NO_DATE
    if due_date < today:
        return OVERDUE
    if due_date < today + WEEK:
        return THIS_WEEK
    return LATER


# --- My actions -----------------------------------------------------------------------------


def _my_joint(user: Any) -> Any:
    """The person's joint actions in the collaborations where one of their organizations is
    an active party. The scope is this filter (several collaborations at once), hence
    ``unscoped``; the owner filter keeps everyone else's actions out."""
    party = apps.get_model("collaborations", "Party")
    collaborations = party.unscoped.filter(status="active", organization__memberships__user=user).values(
        "collaboration_id"
    )
    return JointAction.unscoped.filter(owner_user=user, collaboration_id__in=collaborations)


def _my_own(user: Any) -> Any:
    """The person's own actions in the organizations they are a member of now."""
    membership = apps.get_model("organizations", "Membership")
    organizations = membership.objects.filter(user=user).values("organization_id")
    return OwnAction.unscoped.filter(owner_user=user, organization_id__in=organizations)


def _state(queryset: Any, state: str) -> Any:
    if state == "done":
        return queryset.exclude(status__in=OPEN_STATUSES)
    if state == "all":
        return queryset
    return queryset.filter(status__in=OPEN_STATUSES)


def my_actions_union(user: Any, state: str = "open", overdue_on: datetime.date | None = None) -> Any:
    """(kind, id, due_date) of the person's actions, joint and own, nearest due date first
    and those without a date last: one query per page once sliced."""
    columns = ("kind", "pk", "no_date", "due_date")

    def part(queryset: Any, kind: str) -> Any:
        queryset = _state(queryset, state)
        if overdue_on is not None:
            queryset = queryset.filter(status__in=OPEN_STATUSES, due_date__lt=overdue_on)
        return (
            queryset.annotate(
                kind=Value(kind, output_field=CharField()),
                no_date=Case(When(due_date__isnull=True, then=1), default=0, output_field=IntegerField()),
            )
            .values_list(*columns)
            .order_by()
        )

    return (
        part(_my_joint(user), "joint")
        .union(part(_my_own(user), "own"), all=True)
        .order_by("no_date", "due_date", "kind", "pk")
    )


def my_counts(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    """How many open actions the person has in each group (two queries)."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(GROUP_LABELS, 0)
    for queryset in (_my_joint(user), _my_own(user)):
        row = queryset.filter(status__in=OPEN_STATUSES).aggregate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            this_week=Count("pk", filter=Q(due_date__gte=today, due_date__lt=today + WEEK)),
            later=Count("pk", filter=Q(due_date__gte=today + WEEK)),
            no_date=Count("pk", filter=Q(due_date__isnull=True)),
        )
        for key, value in row.items():
            counts[key] += value
    return counts


@dataclass
class MyAction:
    action: ActionBase
    kind: str  # "joint" or "own"
    where: str  # the collaboration's or the organization's name
    where_url: str
    source: str
    source_url: str | None
    group: str
    overdue: bool


def my_action_rows(keys: list[tuple[Any, ...]], today: datetime.date | None = None) -> list[MyAction]:
    """The actions of one page of ``my_actions_union`` with where they live and their
    source's link: two queries, whatever the page's size."""
    from django.urls import reverse

    today = today or timezone.localdate()
    joint_ids = [k[1] for k in keys if k[0] == "joint"]
    own_ids = [k[1] for k in keys if k[0] == "own"]
    joint = (
        {
            a.pk: a
            for a in JointAction.unscoped.filter(pk__in=joint_ids).select_related(
                "collaboration", "owner_party__organization", "owner_user"
            )
        }
        if joint_ids
        else {}
    )
    own = (
        {
            a.pk: a
            for a in OwnAction.unscoped.filter(pk__in=own_ids).select_related("organization", "owner_user")
        }
        if own_ids
        else {}
    )
    collaboration_base = reverse("actions:joint_actions", args=[999999999])
    org_base = reverse("actions:own_actions", args=["slug-placeholder"])
    rows = []
    for key in keys:
        kind, pk = key[0], key[1]
        action = joint.get(pk) if kind == "joint" else own.get(pk)
        if action is None:
            continue
        if kind == "joint":
            where = action.collaboration.name
            where_url = collaboration_base.replace("999999999", str(action.collaboration_id))
        else:
            where = action.organization.name
            where_url = org_base.replace("slug-placeholder", action.organization.slug)
        rows.append(
            MyAction(
                action=action,
                kind=kind,
                where=where,
                where_url=where_url,
                source=action.source_label or source_label(action.source_kind),
                source_url=source_url(action),
                group=group_of(action.due_date, today) if action.is_open else "",
                overdue=action.is_overdue(today),
            )
        )
    return rows


def my_page(
    user: Any, state: str, number: Any, per_page: int, today: datetime.date
) -> tuple[Any, dict[str, int]]:
    """The page of the person's actions and the open counts per group. With ``state`` open
    the counts give the total, so the page needs no count query of its own."""
    from django.core.paginator import Paginator

    counts = my_counts(user, today)
    paginator = Paginator(my_actions_union(user, state), per_page)
    if state == "open":
        paginator.count = sum(counts.values())  # a cached property: set, not counted again
    return paginator.get_page(number), counts
