"""Reads for objectives: the joint objectives process of a collaboration, its flags, and what
plans, cards and gate checks show. Each read makes a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.collaborations.selectors import active_parties
from accord.objectives.models import (
    PRIORITY_RANK,
    SERVING,
    JointObjective,
    JointObjectiveAgreement,
    JointStatus,
    Objective,
    ObjectiveAlignment,
    ObjectiveShare,
    ObjectiveStatus,
    Relation,
    SharedObjective,
)
from accord.organizations.models import Organization

DUE_SOON_DAYS = 30


@dataclass
class JointRow:
    """A joint objective with each active party's agreement."""

    objective: JointObjective
    agreements: dict[int, JointObjectiveAgreement]  # party id -> agreement
    agreed: bool  # by every active party
    waiting_for: list[Party]

    @property
    def live(self) -> bool:
        return self.objective.status != JointStatus.DROPPED


@dataclass
class SharedRow:
    """A shared objective with its marks against the joint objectives."""

    objective: SharedObjective
    alignments: dict[int, ObjectiveAlignment]  # joint objective id -> alignment
    served_by: list[JointObjective] = field(default_factory=list)
    conflicts_with: list[JointObjective] = field(default_factory=list)

    @property
    def unmatched(self) -> bool:
        return not self.served_by


@dataclass
class PartySide:
    party: Party
    shared: list[SharedRow]


@dataclass
class JointProcess:
    """Everything the joint objectives page shows, as one party sees it."""

    parties: list[Party]
    sides: list[PartySide]  # one per active party, in joining order
    joint: list[JointRow]
    conflicts: list[ObjectiveAlignment]
    unmatched: list[SharedObjective]
    not_agreed: list[JointObjective]

    @property
    def shared_rows(self) -> list[SharedRow]:
        return [row for side in self.sides for row in side.shared]

    @property
    def flag_count(self) -> int:
        return len(self.conflicts) + len(self.unmatched) + len(self.not_agreed)


def joint_process(collaboration: Collaboration | int) -> JointProcess:
    """The four steps of ISO 44003 5.3.3.6 for one collaboration, in five queries: the active
    parties, their shared objectives, the joint objectives, the agreements and the marks.
    Only joint data: shared copies, never a party's private objective."""
    parties = list(
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization")
        .order_by("joined_at", "id")
    )
    by_party = {p.pk: p for p in parties}
    shared = list(
        SharedObjective.objects.in_scope(collaboration)
        .filter(party__in=list(by_party))
        .select_related("shared_by")
        .order_by("party_id", "title", "id")
    )
    joint = list(JointObjective.objects.in_scope(collaboration).order_by("due_date", "title", "id"))
    joint_by_id = {j.pk: j for j in joint}
    agreements: dict[int, dict[int, JointObjectiveAgreement]] = {j.pk: {} for j in joint}
    for agreement in JointObjectiveAgreement.objects.in_scope(collaboration).select_related("agreed_by"):
        if agreement.party_id in by_party:
            agreements[agreement.joint_objective_id][agreement.party_id] = agreement
    marks: dict[int, dict[int, ObjectiveAlignment]] = {s.pk: {} for s in shared}
    alignments = list(ObjectiveAlignment.objects.in_scope(collaboration).select_related("recorded_by"))
    shared_by_id = {s.pk: s for s in shared}
    for alignment in alignments:
        if alignment.shared_objective_id in marks:
            alignment.shared_objective = shared_by_id[alignment.shared_objective_id]
            alignment.joint_objective = joint_by_id[alignment.joint_objective_id]
            marks[alignment.shared_objective_id][alignment.joint_objective_id] = alignment

    joint_rows = []
    for j in joint:
        agreed_by = agreements[j.pk]
        waiting = [p for p in parties if p.pk not in agreed_by]
        joint_rows.append(JointRow(j, agreed_by, bool(parties) and not waiting, waiting))
    live = {row.objective.pk for row in joint_rows if row.live}

    sides = []
    conflicts: list[ObjectiveAlignment] = []
    unmatched: list[SharedObjective] = []
    for party in parties:
        rows = []
        for s in shared:
            if s.party_id != party.pk:
                continue
            s.party = party
            row = SharedRow(s, marks[s.pk])
            for joint_id, alignment in marks[s.pk].items():
                if joint_id not in live:
                    continue
                if alignment.relation in SERVING:
                    row.served_by.append(joint_by_id[joint_id])
                elif alignment.relation == Relation.CONFLICTING:
                    row.conflicts_with.append(joint_by_id[joint_id])
                    conflicts.append(alignment)
            if row.unmatched:
                unmatched.append(s)
            rows.append(row)
        sides.append(PartySide(party, rows))
    not_agreed = [row.objective for row in joint_rows if row.live and not row.agreed]
    return JointProcess(parties, sides, joint_rows, conflicts, unmatched, not_agreed)


@dataclass(frozen=True)
class Conflict:
    party: str
    shared: str
    joint: str


@dataclass(frozen=True)
class Unmatched:
    party: str
    shared: str


@dataclass
class PlanSummary:
    """The joint objectives and flags as plans and the overview card show them."""

    parties: list[Party]
    joint: list[JointRow]  # live joint objectives
    shared_count: int
    conflicts: list[Conflict]
    unmatched: list[Unmatched]

    @property
    def agreed_count(self) -> int:
        return sum(1 for row in self.joint if row.agreed)

    @property
    def not_agreed(self) -> list[JointObjective]:
        return [row.objective for row in self.joint if not row.agreed]


SEPARATOR = "\x1f"  # never in a title: a line refuses control characters


def joint_summary(collaboration: Collaboration, parties: list[Party] | None = None) -> PlanSummary:
    """Live joint objectives with who agreed them, conflicts and unmatched shared objectives,
    in three queries (the JRMP section and the overview card): joint data only. ``parties``:
    the active parties in the order they joined (with their organization), when the caller
    has them already; else the request's list (``accord.collaborations.selectors
    .active_parties``): two queries once the request has read them."""
    if parties is None:
        parties = active_parties(collaboration)
    agreed = (
        JointObjectiveAgreement.objects.in_scope(collaboration)
        .filter(joint_objective=models.OuterRef("pk"))
        .values("joint_objective")
        .annotate(ids=models.StringAgg(Cast("party_id", models.CharField()), delimiter=models.Value(",")))
        .values("ids")[:1]
    )
    joint = list(
        JointObjective.objects.in_scope(collaboration)
        .exclude(status=JointStatus.DROPPED)
        .annotate(agreed_ids=models.Subquery(agreed, output_field=models.CharField()))
        .order_by("due_date", "title", "id")
    )
    rows = []
    for j in joint:
        ids = {int(i) for i in (j.agreed_ids or "").split(",") if i}
        waiting = [p for p in parties if p.pk not in ids]
        rows.append(JointRow(j, {}, bool(parties) and not waiting, waiting))
    marks = ObjectiveAlignment.objects.in_scope(collaboration).filter(
        shared_objective=models.OuterRef("pk"), joint_objective__in=[j.pk for j in joint]
    )
    conflicting = (
        marks.filter(relation=Relation.CONFLICTING)
        .values("shared_objective")
        .annotate(titles=models.StringAgg("joint_objective__title", delimiter=models.Value(SEPARATOR)))
        .values("titles")[:1]
    )
    shared = list(
        SharedObjective.objects.in_scope(collaboration)
        .filter(party__in=[p.pk for p in parties])
        .annotate(
            served=models.Exists(marks.filter(relation__in=SERVING)),
            conflicting=models.Subquery(conflicting, output_field=models.CharField()),
        )
        .values_list("party_id", "title", "served", "conflicting")
        .order_by("party_id", "title", "id")
    )
    names = {p.pk: p.organization.name for p in parties}
    order = {p.pk: index for index, p in enumerate(parties)}
    shared.sort(key=lambda row: order[row[0]])
    conflicts = [
        Conflict(names[party_id], title, joint_title)
        for party_id, title, _served, titles in shared
        for joint_title in (titles or "").split(SEPARATOR)
        if joint_title
    ]
    unmatched = [Unmatched(names[party_id], title) for party_id, title, served, _t in shared if not served]
    return PlanSummary(parties, rows, len(shared), conflicts, unmatched)


def joint_flags(collaboration: Collaboration | int) -> dict[str, Any]:
    """The flags of the joint objectives process: conflicts, shared objectives no joint
    objective serves, joint objectives not agreed by every party (fixed query count)."""
    process = joint_process(collaboration)
    return {
        "conflicts": process.conflicts,
        "unmatched": process.unmatched,
        "not_agreed": process.not_agreed,
    }


def agreed_by_all_exists(collaboration: Collaboration | int) -> bool:
    """At least one live joint objective agreed by every active party (one query)."""
    active = Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE)
    agreed_active = (
        JointObjectiveAgreement.objects.in_scope(collaboration)
        .filter(joint_objective=models.OuterRef("pk"), party__status=PartyStatus.ACTIVE)
        .values("joint_objective")
        .annotate(n=models.Count("pk"))
        .values("n")[:1]
    )
    active_count = active.values("collaboration").annotate(n=models.Count("pk")).values("n")[:1]
    return (
        JointObjective.objects.in_scope(collaboration)
        .exclude(status=JointStatus.DROPPED)
        .annotate(
            agreed_n=models.Subquery(agreed_active, output_field=models.IntegerField()),
            active_n=models.Subquery(active_count, output_field=models.IntegerField()),
        )
        .filter(agreed_n__gte=models.F("active_n"), active_n__gte=1)
        .exists()
    )


def joint_agreed_by_all(joint: JointObjective) -> bool:
    """Whether every active party agreed ``joint`` (two queries)."""
    active = set(
        Party.objects.in_scope(joint.collaboration_id)
        .filter(status=PartyStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    agreed = set(
        JointObjectiveAgreement.objects.in_scope(joint.collaboration_id)
        .filter(joint_objective=joint)
        .values_list("party_id", flat=True)
    )
    return bool(active) and active <= agreed


def shares_of(organization: Organization) -> dict[int, list[ObjectiveShare]]:
    """objective id -> the organization's shares of it (with the collaboration), one query."""
    out: dict[int, list[ObjectiveShare]] = {}
    for share in ObjectiveShare.objects.in_scope(organization).select_related("collaboration"):
        out.setdefault(share.objective_id, []).append(share)
    return out


def own_for_plan(organization: Organization, limit: int | None = None) -> list[Objective]:
    """The organization's proposed and active objectives, highest priority first (RMP)."""
    rows = list(
        Objective.objects.in_scope(organization)
        .filter(status__in=[ObjectiveStatus.ACTIVE, ObjectiveStatus.PROPOSED])
        .select_related("relationship", "owner")
    )
    rows.sort(key=lambda o: (PRIORITY_RANK[o.priority], o.due_date or datetime.date.max, o.title, o.pk))
    return rows if limit is None else rows[:limit]


def own_due(organization: Organization, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Open objectives overdue or due within DUE_SOON_DAYS, for the organization home (one
    query)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = list(
        Objective.objects.in_scope(organization)
        .filter(status__in=[ObjectiveStatus.ACTIVE, ObjectiveStatus.PROPOSED], due_date__lte=horizon)
        .select_related("owner")
        .order_by("due_date", "title", "id")[:11]
    )
    more = len(rows) > 10
    rows = rows[:10]
    return {
        "overdue": [o for o in rows if o.due_date < today],
        "soon": [o for o in rows if o.due_date >= today],
        "more": more,
        "today": today,
    }
