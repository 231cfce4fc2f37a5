"""Writes of value creation. Each party writes its own definition of value, expected values
and realised values; any party may propose and edit initiatives; status moves only along the
allowed transitions."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.value.models import (
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueKind,
    ValueRealisation,
)

DEFINITION_FIELDS = ["statement", "indicators"]
INITIATIVE_FIELDS = [
    "title",
    "description",
    "owner_party",
    "owner_name",
    "category",
    "gain_sharing",
    "proposed_on",
    "target_on",
]
ESTIMATE_FIELDS = ["kind", "amount", "currency", "unit", "description"]
REALISATION_FIELDS = ["amount", "currency", "unit", "evidence", "realised_on"]

S = InitiativeStatus
# Where an initiative may go from each status. Steps back are allowed one at a time (an
# approval withdrawn, work paused); a dropped idea can be picked up again as an idea.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.IDEA: (S.ASSESSED, S.DROPPED),
    S.ASSESSED: (S.APPROVED, S.IDEA, S.DROPPED),
    S.APPROVED: (S.IN_PROGRESS, S.ASSESSED, S.DROPPED),
    S.IN_PROGRESS: (S.REALISED, S.APPROVED, S.DROPPED),
    S.REALISED: (S.IN_PROGRESS,),
    S.DROPPED: (S.IDEA,),
}
CLOSED = {S.REALISED, S.DROPPED}


def _only(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _check_party(collaboration: Collaboration, party: Party | None, field: str) -> None:
    if party is not None and (
        party.collaboration_id != collaboration.pk or party.status != PartyStatus.ACTIVE
    ):
        raise ApplicationError(_("Choose one of the collaboration's parties."), field=field)


# Definitions of value ---------------------------------------------------------------------


def definition_create(*, collaboration: Collaboration, party: Party, data: dict[str, Any]) -> ValueDefinition:
    """The party's statement of what value means to it (one per party)."""
    if ValueDefinition.objects.in_scope(collaboration).filter(party=party).exists():
        raise ApplicationError(
            _("Your organization has stated what value means to it already: edit that statement instead.")
        )
    item = ValueDefinition(collaboration=collaboration, party=party, **_only(data, DEFINITION_FIELDS))
    item.full_clean()
    item.save()
    return item


def definition_update(
    *, item: ValueDefinition, data: dict[str, Any], expected_version: int | None
) -> ValueDefinition:
    return versioned_update(item, data=data, expected_version=expected_version, fields=DEFINITION_FIELDS)


# Initiatives ------------------------------------------------------------------------------


def initiative_create(
    *,
    collaboration: Collaboration,
    proposer: Party,
    data: dict[str, Any],
    status: str = InitiativeStatus.IDEA,
) -> ValueInitiative:
    """A new initiative, proposed by ``proposer``; it starts as an idea (data generators may
    name another status)."""
    data = _only(data, INITIATIVE_FIELDS)
    _check_party(collaboration, data.get("owner_party"), "owner_party")
    item = ValueInitiative(collaboration=collaboration, proposer=proposer, status=status, **data)
    if status in CLOSED:
        item.closed_on = timezone.localdate()
    item.full_clean()
    item.save()
    return item


def initiative_update(
    *, item: ValueInitiative, data: dict[str, Any], expected_version: int | None
) -> ValueInitiative:
    data = _only(data, INITIATIVE_FIELDS)
    _check_party(item.collaboration, data.get("owner_party"), "owner_party")
    return versioned_update(item, data=data, expected_version=expected_version, fields=INITIATIVE_FIELDS)


def allowed_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def initiative_set_status(
    *, item: ValueInitiative, status: str, expected_version: int | None
) -> ValueInitiative:
    """Move the initiative to ``status`` if the step is allowed from where it stands (read
    under lock, so two people moving it at once cannot skip a step)."""
    if status not in InitiativeStatus.values:
        raise ApplicationError(_("Unknown status."), field="status")
    with transaction.atomic():
        current = ValueInitiative.unscoped.select_for_update().get(pk=item.pk)
        if expected_version is not None and current.version != expected_version:
            # versioned_update raises the conflict with the stored record.
            return versioned_update(current, data={}, expected_version=expected_version, fields=[])
        if status == current.status:
            raise ApplicationError(
                _("The initiative is %(status)s already.")
                % {"status": str(InitiativeStatus(status).label).lower()},
                field="status",
            )
        allowed = allowed_statuses(current.status)
        if status not in allowed:
            raise ApplicationError(
                _("An initiative that is %(current)s cannot become %(wanted)s. It can become: %(allowed)s.")
                % {
                    "current": str(InitiativeStatus(current.status).label).lower(),
                    "wanted": str(InitiativeStatus(status).label).lower(),
                    "allowed": ", ".join(str(InitiativeStatus(s).label).lower() for s in allowed),
                },
                field="status",
            )
        closed_on = timezone.localdate() if status in CLOSED else None
        return versioned_update(
            current,
            data={"status": status, "closed_on": closed_on},
            expected_version=None,
            fields=["status", "closed_on"],
        )


def initiative_delete(*, item: ValueInitiative) -> None:
    item.delete()


# Expected values --------------------------------------------------------------------------


def _clean_amount(data: dict[str, Any], *, kind: str | None) -> dict[str, Any]:
    """Keep the fields that go with the way the value is expressed, and check them."""
    data = dict(data)
    if data.get("currency"):
        data["currency"] = str(data["currency"]).strip().upper()
    if kind == ValueKind.QUALITATIVE:
        data.update(amount=None, currency="", unit="")
        if not (data.get("description") or "").strip():
            raise ApplicationError(_("Describe the value you expect."), field="description")
        return data
    if data.get("amount") is None:
        raise ApplicationError(_("Enter the amount you expect."), field="amount")
    if kind == ValueKind.MONEY:
        data["unit"] = ""
        if not data.get("currency"):
            raise ApplicationError(_("Enter the currency of the amount."), field="currency")
    elif kind == ValueKind.QUANTITY:
        data["currency"] = ""
        if not (data.get("unit") or "").strip():
            raise ApplicationError(_("Enter the unit of the amount, such as hours/month."), field="unit")
    return data


def _check_same_space(initiative: ValueInitiative, party: Party) -> None:
    if initiative.collaboration_id != party.collaboration_id:
        raise ApplicationError(_("Choose an initiative of this collaboration."), field="initiative")


def estimate_add(*, initiative: ValueInitiative, party: Party, data: dict[str, Any]) -> ValueEstimate:
    """A party's first expected value for an initiative (refused when it has one already)."""
    _check_same_space(initiative, party)
    if (
        ValueEstimate.objects.in_scope(initiative.collaboration_id)
        .filter(initiative=initiative, party=party)
        .exists()
    ):
        raise ApplicationError(
            _(
                "Your organization has recorded what it expects from this initiative already: change that instead."
            ),
            field="initiative",
        )
    return estimate_set(initiative=initiative, party=party, data=data)


def estimate_set(
    *,
    initiative: ValueInitiative,
    party: Party,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> ValueEstimate:
    """Record or change the value ``party`` expects from ``initiative`` (one per party)."""
    _check_same_space(initiative, party)
    data = _only(data, ESTIMATE_FIELDS)
    existing = (
        ValueEstimate.objects.in_scope(initiative.collaboration_id)
        .filter(initiative=initiative, party=party)
        .first()
    )
    kind = data.get("kind") or (existing.kind if existing else ValueKind.MONEY)
    merged = {f: getattr(existing, f) for f in ESTIMATE_FIELDS} if existing else {}
    merged.update(data, kind=kind)
    merged = _clean_amount(merged, kind=kind)
    if existing is None:
        item = ValueEstimate(
            collaboration_id=initiative.collaboration_id, initiative=initiative, party=party, **merged
        )
        item.full_clean()
        item.save()
        return item
    return versioned_update(existing, data=merged, expected_version=expected_version, fields=ESTIMATE_FIELDS)


def estimate_delete(*, item: ValueEstimate) -> None:
    item.delete()


# Realised values --------------------------------------------------------------------------


def _clean_realisation(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    currency = (data.get("currency") or "").strip().upper()
    unit = (data.get("unit") or "").strip()
    if currency and unit:
        raise ApplicationError(_("Give a currency or a unit, not both."), field="unit")
    if data.get("amount") is not None and not (currency or unit):
        raise ApplicationError(_("Give the currency or the unit of the amount."), field="currency")
    if data.get("amount") is None:
        currency, unit = "", ""
    data.update(currency=currency, unit=unit)
    return data


def realisation_add(*, initiative: ValueInitiative, party: Party, data: dict[str, Any]) -> ValueRealisation:
    """Value ``party`` has realised from ``initiative``. Without a currency or unit, the
    party's expected value gives them."""
    _check_same_space(initiative, party)
    data = _only(data, REALISATION_FIELDS)
    if data.get("amount") is not None and not (data.get("currency") or data.get("unit")):
        estimate = (
            ValueEstimate.objects.in_scope(initiative.collaboration_id)
            .filter(initiative=initiative, party=party)
            .first()
        )
        if estimate is not None and estimate.kind != ValueKind.QUALITATIVE:
            data["currency"], data["unit"] = estimate.currency, estimate.unit
    data = _clean_realisation(data)
    item = ValueRealisation(
        collaboration_id=initiative.collaboration_id, initiative=initiative, party=party, **data
    )
    item.full_clean()
    item.save()
    return item


def realisation_update(
    *, item: ValueRealisation, data: dict[str, Any], expected_version: int | None
) -> ValueRealisation:
    data = _only(data, REALISATION_FIELDS)
    merged = {f: getattr(item, f) for f in REALISATION_FIELDS}
    merged.update(data)
    merged = _clean_realisation(merged)
    return versioned_update(item, data=merged, expected_version=expected_version, fields=REALISATION_FIELDS)


def realisation_delete(*, item: ValueRealisation) -> None:
    item.delete()
