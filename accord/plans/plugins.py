"""What plans adds to the shared pages (registered in ``PlansConfig.ready``): the organization
home's "Waiting for approval" card and its "approved plan" next step."""

from typing import Any

from django.http import HttpRequest

from accord.organizations.models import Organization
from accord.plans.models import PlanStatus, RelationshipManagementPlanVersion
from accord.plans.selectors import plans_awaiting_approval


def waiting_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Plans waiting for the organization's approval (two queries); no card when none."""
    waiting = plans_awaiting_approval(scope.organization, request.user)
    return {"awaiting_approval": waiting} if waiting else None


def has_approved_plan(organization: Organization) -> bool:
    return (
        RelationshipManagementPlanVersion.objects.in_scope(organization)
        .filter(status=PlanStatus.APPROVED)
        .exists()
    )
