"""What actions add to the shared pages: menus, cards, the gate check "Actions closed?",
the registers' history, and the source kind "other"."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.actions import selectors
from accord.actions.models import OPEN_STATUSES, JointAction
from accord.actions.sources import action_source

GATE_KEYS = {"actions_closed"}
CARD_LIMIT = 5


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``actions_closed``: no joint action is open past its due date (one query)."""
    overdue = (
        JointAction.objects.in_scope(collaboration)
        .filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
        .exists()
    )
    return {"actions_closed": not overdue}


def joint_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Open and overdue joint actions, the overdue ones first (two queries); none: no card."""
    today = timezone.localdate()
    actions = JointAction.objects.in_scope(scope.collaboration).filter(status__in=OPEN_STATUSES)
    counts = actions.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    if not counts["open"]:
        return None
    # Only what the card shows (title, owner, due date): the rows are sorted among every
    # open action of the collaboration, narrower rows sort faster.
    first = list(
        actions.filter(due_date__isnull=False)
        .select_related("owner_user")
        .only("title", "owner_name", "due_date", "status", "owner_user__email", "owner_user__full_name")
        .order_by("due_date", "id")[:CARD_LIMIT]
    )
    return {
        "title": _("Joint actions"),
        "counts": counts,
        "actions": first,
        "all_url": reverse("actions:joint_actions", args=[scope.collaboration.pk]),
        "overdue_url": reverse("actions:joint_actions", args=[scope.collaboration.pk]) + "?overdue=true",
        "mine_url": reverse("actions:mine"),
    }


def my_overdue_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The person's overdue actions, wherever they are (three queries); none: no card."""
    today = timezone.localdate()
    keys = list(selectors.my_actions_union(request.user, "open", overdue_on=today)[:CARD_LIMIT])
    if not keys:
        return None
    return {
        "title": _("My overdue actions"),
        "rows": selectors.my_action_rows(keys, today=today),
        "mine_url": reverse("actions:mine"),
    }


def install() -> None:
    from accord.actions import demo
    from accord.actions.registers import joint_actions, own_actions
    from accord.core.registry import COLLABORATION, ORG, Card, registry

    registry.urls("accord.actions.urls")
    registry.api_router("accord.actions.api.router")
    registry.register(joint_actions)
    registry.register(own_actions)
    registry.nav(COLLABORATION, gettext_lazy("Actions"), "actions:joint_actions", order=720)
    registry.nav(ORG, gettext_lazy("Actions"), "actions:own_actions", order=820)
    registry.gate_checks(
        GATE_KEYS, gate_answers, evidence={"actions_closed": gettext_lazy("the joint actions (none overdue)")}
    )
    registry.card(COLLABORATION, Card("actions.joint", "actions/_joint_card.html", joint_card, order=35))
    registry.card(ORG, Card("actions.my_overdue", "actions/_my_card.html", my_overdue_card, order=20))
    action_source("other", gettext_lazy("Added directly"), lambda action: None)
    registry.demo("actions", demo.run, order=262)
    registry.bench("actions", demo.bench, order=262)
    install_reminders()


# Reminders ---------------------------------------------------------------------------------

DUE_SOON_DAYS = 3


def _open_actions(today: Any, *, overdue: bool) -> list[Any]:
    """Open actions with an owner who can still see them, due in the next few days (or past
    due): two queries."""
    import datetime

    from django.db.models import F

    from accord.actions.models import ActionStatus, JointAction, OwnAction
    from accord.collaborations.models import PartyStatus

    window = (
        {"due_date__lt": today}
        if overdue
        else {
            "due_date__gte": today,
            "due_date__lte": today + datetime.timedelta(days=DUE_SOON_DAYS),
        }
    )
    still_open = {"status__in": [ActionStatus.OPEN, ActionStatus.IN_PROGRESS], "owner_user__isnull": False}
    joint = (
        JointAction.unscoped.filter(**still_open, **window, owner_party__status=PartyStatus.ACTIVE)
        .filter(owner_party__organization__memberships__user=F("owner_user"))
        .select_related("owner_user", "collaboration")
    )
    own = (
        OwnAction.unscoped.filter(**still_open, **window)
        .filter(organization__memberships__user=F("owner_user"))
        .select_related("owner_user", "organization")
    )
    return [*joint, *own]


def _reminders(today: Any, *, overdue: bool) -> list[Any]:
    from django.utils.translation import gettext as _

    from accord.core.registry import Due

    out = []
    for action in _open_actions(today, overdue=overdue):
        where = action.collaboration.name if hasattr(action, "collaboration") else action.organization.name
        scope = "joint" if hasattr(action, "collaboration") else "own"
        if overdue:
            subject = _("Overdue: %(title)s") % {"title": action.title}
            body = _("Your action “%(title)s” (%(where)s) was due on %(date)s and is still open.")
        else:
            subject = _("Due soon: %(title)s") % {"title": action.title}
            body = _("Your action “%(title)s” (%(where)s) is due on %(date)s.")
        body = body % {
            "title": action.title,
            "where": where,
            "date": date_format(action.due_date, "DATE_FORMAT"),
        }
        body += "\n\n" + _("Your actions across Accord: /me/actions/")
        kind = "overdue" if overdue else "due"
        out.append(
            Due(
                user=action.owner_user,
                subject=subject,
                body=body,
                key=f"action-{kind}:{scope}:{action.pk}:{action.due_date.isoformat()}",
            )
        )
    return out


def actions_due_soon(today: Any) -> list[Any]:
    return _reminders(today, overdue=False)


def actions_overdue(today: Any) -> list[Any]:
    return _reminders(today, overdue=True)


def install_reminders() -> None:
    from accord.core.registry import registry

    registry.reminder("action_due", gettext_lazy("My actions due in the next few days"), actions_due_soon)
    registry.reminder("action_overdue", gettext_lazy("My overdue actions"), actions_overdue)
