"""Reads of governance, each in a fixed number of queries."""

from collections import defaultdict
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party, PartyStatus
from accord.governance import timing
from accord.governance.models import (
    ChangeApproval,
    ChangeRequest,
    DecisionRight,
    Escalation,
    EscalationLevel,
    Forum,
    ForumMember,
    Issue,
    IssueStatus,
    LadderContact,
    RaciActivity,
    RaciCell,
)


def active_parties(collaboration: Any) -> list[Party]:
    return list(
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization", "ser")
        .order_by("joined_at", "id")
    )


def _by_party(parties: list[Party], rows: list[Any]) -> list[dict[str, Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.party_id].append(row)
    return [{"party": p, "people": grouped.get(p.pk, [])} for p in parties]


def forums_with_members(collaboration: Any, parties: list[Party]) -> list[dict[str, Any]]:
    """Every forum with its members grouped by active party (two queries)."""
    forums = list(Forum.objects.in_scope(collaboration).order_by("kind", "name", "id"))
    members: dict[int, list[ForumMember]] = defaultdict(list)
    active = {p.pk for p in parties}
    for member in ForumMember.objects.in_scope(collaboration).order_by("name", "id"):
        if member.party_id in active:
            members[member.forum_id].append(member)
    return [{"forum": f, "parties": _by_party(parties, members.get(f.pk, []))} for f in forums]


def ladder_with_people(
    collaboration: Any, parties: list[Party], levels: list[EscalationLevel] | None = None
) -> list[dict[str, Any]]:
    """Each level of the ladder with its people per active party (two queries; one when the
    caller has read the ``levels`` already)."""
    if levels is None:
        levels = list(EscalationLevel.objects.in_scope(collaboration).order_by("number"))
    people: dict[int, list[LadderContact]] = defaultdict(list)
    active = {p.pk for p in parties}
    for contact in LadderContact.objects.in_scope(collaboration).order_by("name", "id"):
        if contact.party_id in active:
            people[contact.level_id].append(contact)
    return [{"level": lv, "parties": _by_party(parties, people.get(lv.pk, []))} for lv in levels]


def decision_rights(collaboration: Any) -> list[DecisionRight]:
    return list(DecisionRight.objects.in_scope(collaboration).order_by("area", "id"))


def roles_matrix(collaboration: Any, parties: list[Party]) -> dict[str, Any]:
    """Activities × active parties with each cell's role and the one-A problems (two queries)."""
    from accord.governance.services import raci_problems

    activities = list(RaciActivity.objects.in_scope(collaboration).order_by("position", "name", "id"))
    active = {p.pk for p in parties}
    cells = [c for c in RaciCell.objects.in_scope(collaboration) if c.party_id in active]
    roles = {(c.activity_id, c.party_id): c.role for c in cells}
    problems = raci_problems([a.pk for a in activities], cells)
    rows = [
        {
            "activity": a,
            "cells": [{"party": p, "role": roles.get((a.pk, p.pk), "")} for p in parties],
            "problem": problems.get(a.pk, ""),
        }
        for a in activities
    ]
    return {"rows": rows, "problems": problems}


def issue_timeline(issue: Issue, levels: dict[int, EscalationLevel] | None = None) -> list[timing.LevelTime]:
    """The issue's stay at each level, met or missed against the ladder (two queries)."""
    if levels is None:
        levels = {lv.number: lv for lv in EscalationLevel.objects.in_scope(issue.collaboration_id)}
    escalations = list(
        Escalation.objects.in_scope(issue.collaboration_id)
        .filter(issue=issue)
        .select_related("by", "by_party__organization")
        .order_by("at", "id")
    )
    return timing.level_times(
        raised_at=issue.raised_at,
        escalations=escalations,
        resolved_at=issue.resolved_at,
        reopened_at=issue.reopened_at,
        levels=levels,
        now=timezone.now(),
    )


def late_issues(collaboration: Any) -> Any:
    """Open issues past the target time of their current level."""
    return (
        Issue.objects.in_scope(collaboration)
        .filter(status=IssueStatus.OPEN, level_due_at__lt=timezone.now())
        .order_by("level_due_at", "id")
    )


def open_issue_count(collaboration: Any) -> int:
    return Issue.objects.in_scope(collaboration).filter(status=IssueStatus.OPEN).count()


def approvals_table(item: ChangeRequest, parties: list[Party]) -> list[dict[str, Any]]:
    """Per active party: its SER and its approval, if given (one query)."""
    approvals = {
        a.party_id: a
        for a in ChangeApproval.objects.in_scope(item.collaboration_id)
        .filter(change_request=item)
        .select_related("approved_by")
    }
    return [{"party": p, "approval": approvals.get(p.pk)} for p in parties]


def waiting_for_party(collaboration: Any, party: Party) -> Any:
    """Submitted change requests the party's SER has not approved yet."""
    from accord.governance.models import ChangeStatus

    done = ChangeApproval.objects.in_scope(collaboration).filter(party=party).values("change_request_id")
    return (
        ChangeRequest.objects.in_scope(collaboration)
        .filter(status=ChangeStatus.SUBMITTED)
        .exclude(pk__in=done)
        .order_by("submitted_at", "id")
    )
