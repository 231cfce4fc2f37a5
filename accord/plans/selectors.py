"""Reads for plans: what each section shows from its source, and the document context."""

from typing import Any

from django.db import models

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.organizations.models import Organization
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
    Contribution,
    JointPlanApproval,
    JointPlanVersion,
    JointTeamMember,
    PlanStatus,
    RelationshipManagementPlanVersion,
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


def jrmp_sources(collaboration: Collaboration, *, limit: int | None = None) -> dict[str, Any]:
    """Joint records that JRMP sections show: only joint data, never a party's private data.
    ``limit`` keeps the first records of long lists (pages); documents take them all."""
    parties = list(
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization", "ser")
        .order_by("joined_at", "id")
    )
    # A party that left is no longer on the joint team; what it brought stays listed (with
    # what happens to it at exit) and is marked as a former party's.
    team = (
        JointTeamMember.objects.in_scope(collaboration)
        .filter(party__status=PartyStatus.ACTIVE)
        .select_related("party__organization")
    )
    contributions = Contribution.objects.in_scope(collaboration).select_related("party__organization")
    team_rows = list(team[:limit] if limit else team)
    contribution_rows = list(contributions[:limit] if limit else contributions)
    return {
        "parties": parties,
        "sers": [{"party": p.organization.name, "person": p.ser} for p in parties],
        "joint_team": team_rows,
        # Counted only when the list was cut.
        "joint_team_count": team.count() if limit and len(team_rows) == limit else len(team_rows),
        "contributions": contribution_rows,
        "contributions_count": (
            contributions.count() if limit and len(contribution_rows) == limit else len(contribution_rows)
        ),
    }


def completeness(version: Any, kind: str, sources: dict[str, Any]) -> tuple[set[str], int]:
    """(keys of the sections with content, number of sections): a source-backed section
    counts when its source has records or its text is written."""
    source_filled = {
        "ser": bool(sources.get("ser", {}).get("person")),
        "sers": any(s["person"] for s in sources.get("sers", [])),
        "decided_relationships": bool(sources.get("decided_relationships")),
        "business_cases": bool(sources.get("business_cases")),
        "resources": bool(sources.get("resources")),
        "joint_team": bool(sources.get("joint_team")),
        "contributions": bool(sources.get("contributions")),
    }
    if version.is_frozen:  # the records as they were when the version was sent for review
        source_filled = {s.source: bool(version.frozen_sources.get(s.key)) for s in sections_for(kind)}
    secs = sections_for(kind)
    filled = {
        s.key for s in secs if version.sections.get(s.key, "").strip() or source_filled.get(s.source, False)
    }
    return filled, len(secs)


def approvals_for(version: JointPlanVersion, parties: list[Party]) -> list[dict[str, Any]]:
    """Each active party with its approval of ``version``, or, once the version is approved
    (or superseded), the parties that approved it, whoever has joined or left since."""
    given = list(
        JointPlanApproval.objects.in_scope(version.collaboration_id)
        .filter(version=version)
        .select_related("approved_by", "party__organization", "party__ser")
    )
    if version.status in {PlanStatus.APPROVED, PlanStatus.SUPERSEDED}:
        given.sort(key=lambda a: (a.party.joined_at, a.party_id))  # the parties' order, every version
        return [{"party": a.party, "approval": a} for a in given]
    by_party = {a.party_id: a for a in given}
    return [{"party": p, "approval": by_party.get(p.pk)} for p in parties]


def plans_awaiting_approval(organization: Organization, user: Any) -> list[dict[str, Any]]:
    """Plan versions in review that wait for this organization's approval (its own RMP, and
    joint plans its party has not approved yet), each saying whether ``user`` is the SER who
    gives it. Two queries, whatever the number of collaborations."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    waiting = []
    rmp = RelationshipManagementPlanVersion.objects.in_scope(organization).order_by("-number").first()
    if rmp is not None and rmp.status == PlanStatus.IN_REVIEW:
        waiting.append(
            {
                "title": _("Relationship management plan, version %(n)s") % {"n": rmp.number},
                "url": reverse("plans:rmp_plan", args=[organization.slug]),
                "yours": organization.ser_id == user.pk,
            }
        )
    joint = (
        JointPlanVersion.unscoped.filter(
            status=PlanStatus.IN_REVIEW,
            collaboration__parties__organization=organization,
            collaboration__parties__status=PartyStatus.ACTIVE,
        )
        .exclude(approvals__party__organization=organization)
        .select_related("collaboration")
        .annotate(ser_id=models.F("collaboration__parties__ser_id"))
        .order_by("collaboration__name", "collaboration_id")
        .defer("sections", "revisions", "frozen_sources")
    )
    for version in joint:
        waiting.append(
            {
                "title": _("Joint plan of “%(collab)s”, version %(n)s")
                % {"collab": version.collaboration.name, "n": version.number},
                "url": reverse("plans:jrmp_plan", args=[version.collaboration_id]),
                "yours": version.ser_id == user.pk,
            }
        )
    return waiting


GATE_KEYS = ("jrmp_approved", "roles_assigned", "information_sharing", "exit_in_jrmp")


def gate_answers(collaboration: Collaboration, party: Party, keys: set[str]) -> dict[str, bool]:
    """What the joint plan and team tell of the gate checks named in ``keys`` (see
    ``guidance/data/stages.yaml``; registered in ``PlansConfig.ready``): one query."""
    if not keys & set(GATE_KEYS):
        return {}
    team = JointTeamMember.objects.in_scope(collaboration).filter(party__status=PartyStatus.ACTIVE)
    latest = JointPlanVersion.objects.in_scope(collaboration).order_by("-number")
    in_force = (
        JointPlanVersion.objects.in_scope(collaboration)
        .filter(status=PlanStatus.APPROVED)
        .order_by("-number")
        .values("pk")[:1]
    )

    def count(queryset: Any) -> models.Subquery:
        return models.Subquery(
            queryset.values("collaboration").annotate(n=models.Count("pk")).values("n")[:1],
            output_field=models.IntegerField(),
        )

    active = Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE)
    row = (
        Collaboration.objects.filter(pk=collaboration.pk)
        .annotate(
            has_team=models.Exists(team),
            # The version in force, approved by every party active today (one that joined
            # since has not approved it).
            active_parties=count(active),
            active_approvals=count(
                JointPlanApproval.objects.in_scope(collaboration).filter(
                    version_id=models.Subquery(in_force), party__status=PartyStatus.ACTIVE
                )
            ),
            latest_sections=models.Subquery(latest.values("sections")[:1], output_field=models.JSONField()),
        )
        .values("has_team", "latest_sections", "active_parties", "active_approvals")
        .get()
    )
    sections = row["latest_sections"] or {}

    def written(key: str) -> bool:
        return bool(sections.get(key, "").strip())

    answers = {
        "jrmp_approved": (row["active_parties"] or 0) >= 2
        and row["active_approvals"] == row["active_parties"],
        "roles_assigned": row["has_team"],
        "information_sharing": written("knowledge_sharing"),
        "exit_in_jrmp": written("exit"),
    }
    return {key: answer for key, answer in answers.items() if key in keys}
