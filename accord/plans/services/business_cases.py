"""Business cases, one per opportunity; approving or rejecting one is a recorded decision."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.organizations.models import Organization
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
)

# Business cases -------------------------------------------------------------------------

CASE_FIELDS = [
    "title",
    "opportunity",
    "objectives",
    "value",
    "expected_amount",
    "expected_currency",
    "risks",
    "resources",
    "status",
]


DECISIONS = {BusinessCaseStatus.APPROVED, BusinessCaseStatus.REJECTED}


def _decision(old_status: str | None, data: dict[str, Any], user: Any, may_decide: bool) -> dict[str, Any]:
    """Approving or rejecting a business case is a decision: it needs the decide permission
    (manager, SER, owner) and records who made it and when; moving it back clears that."""
    new_status = data.get("status", old_status)
    if new_status == old_status:
        return {}
    if old_status in DECISIONS and not may_decide:
        raise ApplicationError(
            _("Reopening an approved or rejected business case is for a manager, the SER or an owner."),
            field="status",
        )
    if new_status in DECISIONS:
        if not may_decide:
            raise ApplicationError(
                _("Approving or rejecting a business case is for a manager, the SER or an owner."),
                field="status",
            )
        return {"decided_by": user, "decided_at": timezone.now()}
    return {"decided_by": None, "decided_at": None}


@transaction.atomic
def business_case_create(
    *,
    organization: Organization,
    data: dict[str, Any],
    candidates: Any = (),
    user: Any = None,
    may_decide: bool = True,
) -> BusinessCase:
    case = BusinessCase(organization=organization, **{k: v for k, v in data.items() if k in CASE_FIELDS})
    for name, value in _decision(None, {"status": case.status}, user, may_decide).items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    case.candidates.set(_own_entries(organization, candidates))
    return case


@transaction.atomic
def business_case_update(
    *,
    case: BusinessCase,
    data: dict[str, Any],
    expected_version: int | None,
    candidates: Any = None,
    user: Any = None,
    may_decide: bool = True,
) -> BusinessCase:
    data = {**data, **_decision(case.status, data, user, may_decide)}
    case = versioned_update(
        case, data=data, expected_version=expected_version, fields=[*CASE_FIELDS, "decided_by", "decided_at"]
    )
    if candidates is not None:
        case.candidates.set(_own_entries(case.organization, candidates))
    return case


def business_case_delete(*, case: BusinessCase, may_decide: bool) -> None:
    """Delete a business case (its history keeps it). An approved one is a decision: only
    someone who may decide can delete it."""
    if case.status == BusinessCaseStatus.APPROVED and not may_decide:
        raise ApplicationError(
            _("An approved business case can be deleted by a manager, the SER or an owner.")
        )
    case.delete()


def _own_entries(organization: Organization, entries: Any) -> list:
    from accord.relationships.models import Relationship

    ids = [getattr(e, "pk", e) for e in entries]
    own = list(Relationship.objects.in_scope(organization).filter(pk__in=ids))
    if len(own) != len(set(ids)):
        raise ApplicationError(_("Candidates must be entries of your own register."), field="candidates")
    return own
