"""What plans adds to the shared pages (registered in ``PlansConfig.ready``): the organization
home's "Waiting for approval" card and its "approved plan" next step."""

from typing import Any

from django.db.models import Exists
from django.http import HttpRequest

from accord.collaborations.models import Party, PartyStatus
from accord.organizations.models import Organization
from accord.plans.models import JointPlanVersion, PlanStatus, RelationshipManagementPlanVersion
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


def _joint_progress(organization: Organization) -> dict[str, bool]:
    """Whether a joint plan of the organization's collaborations is approved, and whether one
    (approved or not) holds an exit strategy: one query, kept for the request."""
    cached = organization.__dict__.get("_joint_plan_progress")
    if cached is None:
        mine = Party.unscoped.filter(organization=organization, status=PartyStatus.ACTIVE).values(
            "collaboration_id"
        )
        versions = JointPlanVersion.unscoped.filter(collaboration_id__in=mine)
        cached = (
            Organization.objects.filter(pk=organization.pk)
            .annotate(
                approved=Exists(versions.filter(status=PlanStatus.APPROVED)),
                exit=Exists(
                    versions.filter(
                        status__in=[PlanStatus.APPROVED, PlanStatus.IN_REVIEW, PlanStatus.DRAFT],
                        sections__has_key="exit",
                    ).exclude(sections__exit="")
                ),
            )
            .values("approved", "exit")
            .get()
        )
        organization.__dict__["_joint_plan_progress"] = cached
    return cached


def has_approved_joint_plan(organization: Organization) -> bool:
    return _joint_progress(organization)["approved"]


def has_joint_exit_strategy(organization: Organization) -> bool:
    return _joint_progress(organization)["exit"]
