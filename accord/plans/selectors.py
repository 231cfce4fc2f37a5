"""Reads for plans: what each section shows from its source, and the document context."""

from typing import Any

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.organizations.models import Organization
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
    Contribution,
    JointPlanApproval,
    JointPlanVersion,
    JointTeamMember,
    ResourceCommitment,
)
from accord.plans.sections import sections_for
from accord.relationships.models import Decision, Relationship


def rmp_sources(organization: Organization) -> dict[str, Any]:
    """Records kept elsewhere that RMP sections show (a fixed number of queries)."""
    return {
        "ser": {
            "person": organization.ser,
            "responsibility": organization.ser_responsibility,
            "authority": organization.ser_authority,
        },
        "decided_relationships": list(
            Relationship.objects.in_scope(organization)
            .filter(decision=Decision.YES)
            .order_by("counterpart_name")
            .values("id", "counterpart_name", "segment", "decision_rationale")
        ),
        "business_cases": list(
            BusinessCase.objects.in_scope(organization)
            .exclude(status=BusinessCaseStatus.REJECTED)
            .values("id", "title", "status", "value")
        ),
        "resources": list(ResourceCommitment.objects.in_scope(organization).select_related("person")),
    }


def jrmp_sources(collaboration: Collaboration) -> dict[str, Any]:
    """Joint records that JRMP sections show: only joint data, never a party's private data."""
    parties = list(
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization", "ser")
        .order_by("joined_at", "id")
    )
    return {
        "parties": parties,
        "sers": [{"party": p.organization.name, "person": p.ser} for p in parties],
        "joint_team": list(
            JointTeamMember.objects.in_scope(collaboration).select_related("party__organization")
        ),
        "contributions": list(
            Contribution.objects.in_scope(collaboration).select_related("party__organization")
        ),
    }


def completeness(version: Any, kind: str, sources: dict[str, Any]) -> tuple[int, int]:
    """(sections with content, all sections): a source-backed section counts when its
    source has records or its text is written."""
    source_filled = {
        "ser": bool(sources.get("ser", {}).get("person")),
        "sers": any(s["person"] for s in sources.get("sers", [])),
        "decided_relationships": bool(sources.get("decided_relationships")),
        "business_cases": bool(sources.get("business_cases")),
        "resources": bool(sources.get("resources")),
        "joint_team": bool(sources.get("joint_team")),
        "contributions": bool(sources.get("contributions")),
    }
    secs = sections_for(kind)
    filled = sum(
        1 for s in secs if version.sections.get(s.key, "").strip() or source_filled.get(s.source, False)
    )
    return filled, len(secs)


def approvals_for(version: JointPlanVersion, parties: list[Party]) -> list[dict[str, Any]]:
    given = {
        a.party_id: a
        for a in JointPlanApproval.objects.in_scope(version.collaboration_id)
        .filter(version=version)
        .select_related("approved_by")
    }
    return [{"party": p, "approval": given.get(p.pk)} for p in parties]
