"""Reads for plans: completeness, approvals, what waits for approval, gate answers."""

from typing import Any

from django.db import models

from accord.collaborations import selectors as collaborations_selectors
from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.organizations.models import Organization
from accord.plans import sources
from accord.plans.models import (
    JointPlanApproval,
    JointPlanVersion,
    JointTeamMember,
    PlanStatus,
    RelationshipManagementPlanVersion,
)
from accord.plans.sections import sections_for


def active_parties(collaboration: Collaboration) -> list[Party]:
    """The parties active today, in the order they joined (one query, shared by the request's
    reads: ``accord.collaborations.selectors.active_parties``)."""
    return collaborations_selectors.active_parties(collaboration)


def required_keys(kind: str) -> set[str]:
    """The sections of the minimum plan (``Section.required``): what completeness counts."""
    return {s.key for s in sections_for(kind) if s.required}


def completeness(version: Any, kind: str, shown: dict[str, Any]) -> tuple[set[str], int]:
    """(keys of the sections with content, number of required sections): a section has
    content when its text is written or one of its sources (``accord.plans.sources.shown``)
    has records; for a version sent for review, the records as they were then. The plan is
    complete when every required section has content (``required_keys``); the optional
    ones never hold it back."""
    if version.is_frozen:
        source_filled = {key for key, lines in (version.frozen_sources or {}).items() if lines}
    else:
        source_filled = sources.filled(shown)
    secs = sections_for(kind)
    filled = {s.key for s in secs if version.sections.get(s.key, "").strip() or s.key in source_filled}
    return filled, sum(1 for s in secs if s.required)


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


def organization_plan_progress(organization: Organization) -> dict[str, Any]:
    """What the organization home tells of plans, in one query kept on the organization for
    the request (the next steps and the "Waiting for approval" card both read it), plus the
    request's list of the organization's collaborations (``organization_collaborations``):

    - ``rmp_approved``: a version of its own plan is approved;
    - ``rmp_number``, ``rmp_status``: its own plan's latest version (None: no version yet);
    - ``joint_approved``: a joint plan of a collaboration it is active in is approved;
    - ``joint_exit``: one of those (approved, in review or draft) holds an exit strategy;
    - ``joint_in_review``: one of those is in review (whether its party has approved it is
      left to ``plans_awaiting_approval``: cheaper here)."""
    cached = organization.__dict__.get("_plan_progress")
    if cached is None:
        rmp = RelationshipManagementPlanVersion.objects.in_scope(organization)
        latest = rmp.order_by("-number")
        facts: dict[str, Any] = {
            "rmp_approved": models.Exists(rmp.filter(status=PlanStatus.APPROVED)),
            "rmp_number": models.Subquery(latest.values("number")[:1]),
            "rmp_status": models.Subquery(latest.values("status")[:1]),
        }
        # The collaborations it is active in: the request's list, which the home reads anyway.
        collaboration_ids = [c.pk for c in collaborations_selectors.organization_collaborations(organization)]
        if collaboration_ids:
            versions = JointPlanVersion.unscoped.filter(collaboration_id__in=collaboration_ids)
            facts["joint_approved"] = models.Exists(versions.filter(status=PlanStatus.APPROVED))
            facts["joint_exit"] = models.Exists(
                versions.filter(
                    status__in=[PlanStatus.APPROVED, PlanStatus.IN_REVIEW, PlanStatus.DRAFT],
                    sections__has_key="exit",
                ).exclude(sections__exit="")
            )
            facts["joint_in_review"] = models.Exists(versions.filter(status=PlanStatus.IN_REVIEW))
        cached = {"joint_approved": False, "joint_exit": False, "joint_in_review": False}
        cached.update(Organization.objects.filter(pk=organization.pk).annotate(**facts).values(*facts).get())
        organization.__dict__["_plan_progress"] = cached
    return cached


def plans_awaiting_approval(organization: Organization, user: Any) -> list[dict[str, Any]]:
    """Plan versions in review that wait for this organization's approval (its own RMP, and
    joint plans its party has not approved yet), each saying whether ``user`` is the SER who
    gives it. One query (``organization_plan_progress``), and one more when a joint plan is
    in review, whatever the number of collaborations."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    waiting = []
    progress = organization_plan_progress(organization)
    if progress["rmp_status"] == PlanStatus.IN_REVIEW:
        waiting.append(
            {
                "title": _("Relationship management plan, version %(n)s") % {"n": progress["rmp_number"]},
                "url": reverse("plans:rmp_plan", args=[organization.slug]),
                "yours": organization.ser_id == user.pk,
            }
        )
    if not progress["joint_in_review"]:
        return waiting
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


# "information_sharing" is answered by the knowledge app (the knowledge map agreed by every party).
GATE_KEYS = ("jrmp_approved", "roles_assigned", "exit_in_jrmp")


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
        "exit_in_jrmp": written("exit"),
    }
    return {key: answer for key, answer in answers.items() if key in keys}
