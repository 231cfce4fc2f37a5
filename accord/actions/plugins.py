"""What actions add to the shared pages: menus, cards, the gate check "Actions closed?",
the registers' history, and the source kind "other"."""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
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
    first = list(
        actions.filter(due_date__isnull=False)
        .select_related("owner_user", "owner_party__organization")
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
    from accord.actions.api import router
    from accord.actions.registers import joint_actions, own_actions
    from accord.core.registry import COLLABORATION, ORG, Card, registry

    registry.urls("accord.actions.urls")
    registry.api_router(router)
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
