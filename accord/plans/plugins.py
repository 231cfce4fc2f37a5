"""What plans adds to the shared pages (registered in ``PlansConfig.ready``): the organization
home's "Waiting for approval" card and its "approved plan" next step."""

from typing import Any

from django.http import HttpRequest

from accord.organizations.models import Organization
from accord.plans.selectors import organization_plan_progress, plans_awaiting_approval


def waiting_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Plans waiting for the organization's approval (the next steps' query, plus one when a
    joint plan is in review); no card when none."""
    waiting = plans_awaiting_approval(scope.organization, request.user)
    return {"awaiting_approval": waiting} if waiting else None


def has_approved_plan(organization: Organization) -> bool:
    return organization_plan_progress(organization)["rmp_approved"]


def has_approved_joint_plan(organization: Organization) -> bool:
    return organization_plan_progress(organization)["joint_approved"]


def has_joint_exit_strategy(organization: Organization) -> bool:
    return organization_plan_progress(organization)["joint_exit"]
