"""Shared set-up for the value tests."""

from decimal import Decimal
from typing import Any

from accord.collaborations.models import Party
from accord.value import services
from accord.value.models import ValueInitiative


def parties(world: Any) -> tuple[Party, Party]:
    """(Brightwave's party, Lumen's party) in the world's collaboration."""
    found = {p.organization_id: p for p in Party.objects.in_scope(world.collaboration)}
    return found[world.brightwave.pk], found[world.lumen.pk]


def initiative(
    world: Any, party: Party, title: str = "Shared van", category: str = "cost", **kw: Any
) -> ValueInitiative:
    return services.initiative_create(
        collaboration=world.collaboration, proposer=party, data={"title": title, "category": category, **kw}
    )


def money(amount: str, currency: str = "EUR") -> dict[str, Any]:
    return {"kind": "money", "amount": Decimal(amount), "currency": currency}
