"""Records plan sections show from elsewhere in Accord.

Each app registers its sources as ``accord.core.registry.PlanSource`` (plans registers its
own below, in ``PlansConfig.ready``); the plan pages, completeness, the copy a version keeps
when it is sent for review, compare and the documents read them all through ``shown``.
A JRMP source shows joint data only: its ``lines`` go into documents partners read.
"""

from dataclasses import dataclass
from typing import Any

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.registry import PlanSource, registry
from accord.organizations.models import Organization
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
    Contribution,
    JointTeamMember,
    ResourceCommitment,
)
from accord.relationships.models import Decision, Relationship


@dataclass(frozen=True)
class Shown:
    """One source's rows as a plan page shows them (``count``: all rows, when cut)."""

    source: PlanSource
    rows: Any
    count: int | None = None

    @property
    def template(self) -> str:
        return self.source.template


def shown(
    kind: str, owner: Any, *, limit: int | None = None, section: str | None = None
) -> dict[str, list[Shown]]:
    """Per section key, the rows of each source that fills it (in order): a fixed number of
    queries per source. ``limit`` keeps the first rows of long lists (pages)."""
    out: dict[str, list[Shown]] = {}
    for source in registry.plan_sources(kind, section):
        rows = source.load(owner, limit)
        count = None
        if limit and source.count is not None and len(rows) >= limit:
            count = source.count(owner)
            count = count if count > len(rows) else None
        out.setdefault(source.section, []).append(Shown(source, rows, count))
    return out


def lines(by_section: dict[str, list[Shown]]) -> dict[str, list[str]]:
    """Plain lines per section key, every source of the section one after the other."""
    return {
        key: [line for item in items for line in item.source.lines(item.rows)]
        for key, items in by_section.items()
    }


def filled(by_section: dict[str, list[Shown]]) -> set[str]:
    """The keys of the sections one of whose sources has records."""
    return {key for key, items in by_section.items() if any(item.source.filled(item.rows) for item in items)}


# --- the sources plans fills from its own records (and the register's decisions) --------


def _ser(organization: Organization, limit: int | None) -> dict[str, Any]:
    return {
        "person": organization.ser,
        "responsibility": organization.ser_responsibility,
        "authority": organization.ser_authority,
    }


def _ser_lines(ser: dict[str, Any]) -> list[str]:
    out = []
    if ser.get("person"):
        out.append(f"Senior executive responsible: {ser['person'].display_name}")
    if ser.get("responsibility"):
        out.append(f"Role and responsibility: {ser['responsibility']}")
    if ser.get("authority"):
        out.append(f"Authority: {ser['authority']}")
    return out


def _decided(organization: Organization, limit: int | None) -> list[dict[str, Any]]:
    return list(
        Relationship.objects.in_scope(organization)
        .filter(decision=Decision.YES)
        .order_by("counterpart_name")
        .values("id", "counterpart_name", "segment", "decision_rationale")
    )


def _business_cases(organization: Organization, limit: int | None) -> list[dict[str, Any]]:
    return list(
        BusinessCase.objects.in_scope(organization)
        .exclude(status=BusinessCaseStatus.REJECTED)
        .values("id", "title", "status", "value")
    )


def _resources(organization: Organization, limit: int | None) -> list[ResourceCommitment]:
    return list(ResourceCommitment.objects.in_scope(organization).select_related("person"))


def _resource_lines(rows: list[ResourceCommitment]) -> list[str]:
    return [
        f"{item.kind_label}: {item.description}"
        + (f" — {item.person.display_name}" if item.person else "")
        + (f" ({item.capacity})" if item.capacity else "")
        for item in rows
    ]


def _sers(collaboration: Collaboration, limit: int | None) -> list[dict[str, Any]]:
    parties = (
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization", "ser")
        .order_by("joined_at", "id")
    )
    return [{"party": p.organization.name, "person": p.ser} for p in parties]


def _team(collaboration: Collaboration) -> Any:
    # A party that left is no longer on the joint team.
    return (
        JointTeamMember.objects.in_scope(collaboration)
        .filter(party__status=PartyStatus.ACTIVE)
        .select_related("party__organization")
    )


def _contributions(collaboration: Collaboration) -> Any:
    # What a former party brought stays listed (with what happens to it at exit), marked so.
    return Contribution.objects.in_scope(collaboration).select_related("party__organization")


def _first(queryset: Any, limit: int | None) -> list[Any]:
    return list(queryset[:limit] if limit else queryset)


def _team_lines(rows: list[JointTeamMember]) -> list[str]:
    return [
        f"{m.name} ({m.party.organization.name}) — {m.role}"
        + (f": {m.responsibilities}" if m.responsibilities else "")
        for m in rows
    ]


def _contribution_lines(rows: list[Contribution]) -> list[str]:
    return [
        f"{c.party.organization.name}"
        + ("" if c.party.status == PartyStatus.ACTIVE else " (former party)")
        + f": {c.kind_label} — {c.description}"
        + (f"; at exit: {c.return_at_exit}" if c.return_at_exit else "")
        for c in rows
    ]


PLANS_SOURCES = [
    PlanSource(
        "rmp",
        "leadership",
        "ser",
        _ser,
        _ser_lines,
        "plans/sources/ser.html",
        filled=lambda ser: bool(ser["person"]),
    ),
    PlanSource(
        "rmp",
        "opportunities",
        "decided_relationships",
        _decided,
        lambda rows: [f"{row['counterpart_name']} — {row['decision_rationale']}" for row in rows],
        "plans/sources/decided_relationships.html",
    ),
    PlanSource(
        "rmp",
        "value_case",
        "business_cases",
        _business_cases,
        lambda rows: [f"{row['title']} ({row['status']}) {row['value']}".strip() for row in rows],
        "plans/sources/business_cases.html",
    ),
    PlanSource("rmp", "resources", "resources", _resources, _resource_lines, "plans/sources/resources.html"),
    PlanSource(
        "jrmp",
        "leadership",
        "sers",
        _sers,
        lambda rows: [
            f"{row['party']}: {row['person'].display_name if row['person'] else '—'}" for row in rows
        ],
        "plans/sources/sers.html",
        filled=lambda rows: any(row["person"] for row in rows),
    ),
    # The joint organization: who runs the collaboration, then what each party brings to it
    # (ISO 44003 5.1.3.3 f). Contributions are not value created (that is the value app's).
    PlanSource(
        "jrmp",
        "organisation",
        "joint_team",
        lambda c, limit: _first(_team(c), limit),
        _team_lines,
        "plans/sources/joint_team.html",
        order=100,
        count=lambda c: _team(c).count(),
    ),
    PlanSource(
        "jrmp",
        "organisation",
        "contributions",
        lambda c, limit: _first(_contributions(c), limit),
        _contribution_lines,
        "plans/sources/contributions.html",
        order=110,
        count=lambda c: _contributions(c).count(),
    ),
]
