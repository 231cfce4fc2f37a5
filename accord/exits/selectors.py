"""Reads of the exits app that are more than a one-liner."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from accord.collaborations.models import Party, PartyStatus
from accord.exits import gates
from accord.exits.models import GateConfirmation, PostExitReview

READINESS_PAGE_SIZE = 10


def own_reviews(organization: Any, copies: list[Any]) -> dict[int, PostExitReview]:
    """The organization's post-exit reviews of the exits its copies come from (one query).
    The activations are read from the organization's own copies, so the rows are its own."""
    activation_ids = [c.activation_id for c in copies if c.activation_id]
    if not activation_ids:
        return {}
    rows = PostExitReview.unscoped.filter(activation_id__in=activation_ids, party__organization=organization)
    return {r.activation_id: r for r in rows}


@dataclass
class ReadinessRow:
    collaboration: Any
    party: Any
    gates: list[gates.StageGate]


def readiness(organization: Any, *, page_number: Any = None) -> tuple[Page, list[ReadinessRow]]:
    """A page of the organization's collaborations with their eight gates answered: one
    query for the page, one for its confirmations, and each gate provider once per row (a
    page holds at most ``READINESS_PAGE_SIZE`` rows)."""
    parties = (
        Party.unscoped.filter(organization=organization, status=PartyStatus.ACTIVE)
        .select_related("collaboration", "organization")
        .order_by("collaboration__name", "collaboration_id")
    )
    page = Paginator(parties, READINESS_PAGE_SIZE).get_page(page_number)
    party_rows = list(page.object_list)
    ids = [p.collaboration_id for p in party_rows]
    # Confirmations of the organization's own collaborations only (ids from its parties).
    confirmations: dict[int, list[Any]] = {i: [] for i in ids}
    for c in GateConfirmation.unscoped.filter(collaboration_id__in=ids, revoked_at__isnull=True):
        confirmations[c.collaboration_id].append(c)
    rows = [
        ReadinessRow(
            p.collaboration,
            p,
            gates.collaboration_gates(p.collaboration, p, confirmations=confirmations[p.collaboration_id]),
        )
        for p in party_rows
    ]
    return page, rows
