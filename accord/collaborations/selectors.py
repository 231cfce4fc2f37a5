"""Reads on collaborations."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.history import history_for, history_rows
from accord.core.i18n import colon
from accord.core.scoping import active_collaboration_parties, forget_collaboration_parties


def organization_collaborations(organization: Any) -> list[Collaboration]:
    """The collaborations the organization is an active party of, most recently updated
    first, each with ``has_partner`` (another party is active in it). One query, kept on the
    organization for the request: the organization home lists the first few and its next
    steps read every one's stage (``accord.collaborations.steps``). Only the fields those
    show are loaded."""
    cached = organization.__dict__.get("_active_collaborations")
    if cached is None:
        partners = Party.unscoped.filter(collaboration=OuterRef("pk"), status=PartyStatus.ACTIVE).exclude(
            organization=organization
        )
        cached = list(
            Collaboration.objects.for_organization(organization)
            .annotate(has_partner=Exists(partners))
            .only("name", "stage", "updated_at")
            .order_by("-updated_at")
        )
        organization.__dict__["_active_collaborations"] = cached
    return cached


def active_parties(collaboration: Collaboration) -> list[Party]:
    """The parties active in the collaboration, in the order they joined, with their
    organization and SER. One query, kept on the collaboration object for the request and
    shared with the request's scope (``accord.core.scoping.collaboration_parties``): the joint
    plan's sections and the overview's cards read them several times. The services that change
    a party forget it (``forget_active_parties``)."""
    return active_collaboration_parties(collaboration)


def forget_active_parties(collaboration: Collaboration) -> None:
    forget_collaboration_parties(collaboration)


def collaboration_history(
    *, collaboration: Collaboration, parties: list[Party], limit: int = 50
) -> list[dict[str, Any]]:
    """The joint space's own changes merged with its parties' (joined, left, SER named)."""
    rows = history_for(collaboration, limit=limit)
    names = {p.pk: p.organization.name for p in parties}
    records = list(
        Party.history.filter(collaboration_id=collaboration.pk)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")[: limit * 4]
    )
    for row in history_rows(records, Party):
        party = names.get(row["record"].id, _("a party"))
        if row["action"] == "+":
            row["changes"] = [{"field": _("Party"), "old": "", "new": _("%(org)s joined") % {"org": party}}]
            row["action"] = "~"
        else:
            for change in row["changes"]:
                change["field"] = f"{party}{colon()} {change['field']}"
        rows.append(row)
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]


def gate_answers(collaboration: Collaboration, party: Party, keys: set[str]) -> dict[str, bool]:
    """The gate checks the joint space itself answers (``guidance/data/stages.yaml``;
    registered in ``CollaborationsConfig.ready``): no query."""
    return {"ser_named": party.ser_id is not None} if "ser_named" in keys else {}
