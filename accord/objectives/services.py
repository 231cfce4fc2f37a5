"""Every write on objectives: own objectives, sharing, joint objectives, agreement and
alignment. Keyword-only, atomic, ``full_clean()`` before save."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.objectives.models import (
    JointObjective,
    JointObjectiveAgreement,
    JointStatus,
    Objective,
    ObjectiveAlignment,
    ObjectiveShare,
    Relation,
    SharedObjective,
)
from accord.organizations.models import Membership, Organization

OBJECTIVE_FIELDS = [
    "title",
    "rationale",
    "desired_outcome",
    "priority",
    "benefits",
    "risks",
    "owner",
    "due_date",
    "status",
    "relationship",
]
SHARED_FIELDS = ["title", "rationale"]
JOINT_FIELDS = ["title", "description", "desired_outcome", "measure_of_success", "due_date", "status"]
# What a party agrees to: changing any of these asks every party to agree again.
JOINT_SUBSTANCE = ["title", "description", "desired_outcome", "measure_of_success", "due_date"]


def _only(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


# Own objectives ----------------------------------------------------------------------------


def _check_objective(organization_id: int, data: dict[str, Any]) -> None:
    owner = data.get("owner")
    if owner is not None and not Membership.objects.filter(organization=organization_id, user=owner).exists():
        raise ApplicationError(_("The owner must be a member of your organization."), field="owner")
    relationship = data.get("relationship")
    if relationship is not None and relationship.organization_id != organization_id:
        raise ApplicationError(_("Choose a relationship from your own register."), field="relationship")


def objective_create(*, organization: Organization, data: dict[str, Any]) -> Objective:
    data = _only(data, OBJECTIVE_FIELDS)
    _check_objective(organization.pk, data)
    objective = Objective(organization=organization, **data)
    objective.full_clean()
    objective.save()
    return objective


def objective_update(
    *, objective: Objective, data: dict[str, Any], expected_version: int | None
) -> Objective:
    data = _only(data, OBJECTIVE_FIELDS)
    _check_objective(objective.organization_id, data)
    return versioned_update(objective, data=data, expected_version=expected_version, fields=OBJECTIVE_FIELDS)


def objective_delete(*, objective: Objective) -> None:
    """Deleting an own objective leaves what was shared of it in the joint spaces (a copy the
    partners may have aligned against); withdraw those first to remove them too."""
    objective.delete()


# Sharing -----------------------------------------------------------------------------------


def _active_party(collaboration: Collaboration | int, organization: Organization) -> Party:
    party = (
        Party.objects.in_scope(collaboration)
        .filter(organization=organization, status=PartyStatus.ACTIVE)
        .select_related("collaboration")
        .first()
    )
    if party is None:
        raise ApplicationError(
            _("Choose a collaboration your organization takes part in."), field="collaboration"
        )
    return party


def objective_share(
    *,
    organization: Organization,
    objective: Objective,
    collaboration: Collaboration | int,
    title: str,
    rationale: str,
    user: Any,
) -> SharedObjective:
    """Share one of the organization's objectives into a joint space: only ``title`` and
    ``rationale`` (what the party chose to show) are copied; the private record stays."""
    if objective.organization_id != organization.pk:
        raise ApplicationError(_("Choose one of your own objectives."), field="objective")
    party = _active_party(collaboration, organization)
    if (
        ObjectiveShare.objects.in_scope(organization)
        .filter(objective=objective, collaboration=party.collaboration)
        .exists()
    ):
        raise ApplicationError(
            _("This objective is shared with %(collaboration)s already: withdraw it there first.")
            % {"collaboration": party.collaboration.name},
            field="collaboration",
        )
    shared = SharedObjective(
        collaboration=party.collaboration, party=party, title=title, rationale=rationale, shared_by=user
    )
    shared.full_clean()
    try:
        with transaction.atomic():
            shared.save()
            ObjectiveShare.objects.create(
                organization=organization,
                objective=objective,
                shared_objective=shared,
                collaboration=party.collaboration,
            )
    except IntegrityError:
        raise ApplicationError(
            _("This objective is shared with %(collaboration)s already: withdraw it there first.")
            % {"collaboration": party.collaboration.name},
            field="collaboration",
        )
    return shared


def shared_objective_update(
    *, shared: SharedObjective, party: Party, data: dict[str, Any], expected_version: int | None
) -> SharedObjective:
    _check_own(shared, party)
    return versioned_update(shared, data=data, expected_version=expected_version, fields=SHARED_FIELDS)


def shared_objective_withdraw(*, shared: SharedObjective, party: Party) -> None:
    """A party takes back what it shared; its alignments go with it."""
    _check_own(shared, party)
    shared.delete()


def _check_own(shared: SharedObjective, party: Party) -> None:
    if shared.party_id != party.pk:
        raise ApplicationError(_("Only the party that shared an objective can change or withdraw it."))


# Joint objectives --------------------------------------------------------------------------


def _check_status(status: Any, *, agreed: bool) -> None:
    if status == JointStatus.AGREED and not agreed:
        raise ApplicationError(
            _(
                "A joint objective is agreed when every party has agreed it: each party uses its Agree button."
            ),
            field="status",
        )


def joint_objective_create(
    *, collaboration: Collaboration, party: Party | None, data: dict[str, Any]
) -> JointObjective:
    data = _only(data, JOINT_FIELDS)
    _check_status(data.get("status"), agreed=False)
    joint = JointObjective(collaboration=collaboration, proposed_by=party, **data)
    joint.full_clean()
    joint.save()
    return joint


def _active_party_ids(collaboration_id: int) -> set[int]:
    return set(
        Party.objects.in_scope(collaboration_id)
        .filter(status=PartyStatus.ACTIVE)
        .values_list("pk", flat=True)
    )


def _agreed_party_ids(joint: JointObjective) -> set[int]:
    return set(
        JointObjectiveAgreement.objects.in_scope(joint.collaboration_id)
        .filter(joint_objective=joint)
        .values_list("party_id", flat=True)
    )


def joint_objective_update(
    *, joint: JointObjective, data: dict[str, Any], expected_version: int | None
) -> JointObjective:
    """Change a joint objective. Changing what it says (not only its status) withdraws every
    party's agreement: each agrees again to the new wording."""
    data = _only(data, JOINT_FIELDS)
    with transaction.atomic():
        changed = any(k in data and data[k] != getattr(joint, k) for k in JOINT_SUBSTANCE)
        if changed:
            for agreement in JointObjectiveAgreement.objects.in_scope(joint.collaboration_id).filter(
                joint_objective=joint
            ):
                agreement.delete()  # one by one, so that each lands in the history
            if data.get("status", joint.status) == JointStatus.AGREED:
                data["status"] = JointStatus.DRAFT
        else:
            agreed = _active_party_ids(joint.collaboration_id) <= _agreed_party_ids(joint)
            if data.get("status") != joint.status:
                _check_status(data.get("status"), agreed=agreed)
        return versioned_update(joint, data=data, expected_version=expected_version, fields=JOINT_FIELDS)


def joint_objective_delete(*, joint: JointObjective) -> None:
    joint.delete()


def joint_objective_agree(*, joint: JointObjective, party: Party, user: Any) -> JointObjective:
    """``party`` agrees the joint objective as it reads now; when every active party has,
    a draft becomes agreed."""
    if joint.status == JointStatus.DROPPED:
        raise ApplicationError(_("This joint objective was dropped: there is nothing to agree."))
    with transaction.atomic():
        JointObjectiveAgreement.objects.in_scope(joint.collaboration_id).get_or_create(
            collaboration_id=joint.collaboration_id,
            joint_objective=joint,
            party=party,
            defaults={"agreed_by": user},
        )
        if joint.status == JointStatus.DRAFT and _active_party_ids(
            joint.collaboration_id
        ) <= _agreed_party_ids(joint):
            joint = versioned_update(
                joint, data={"status": JointStatus.AGREED}, expected_version=None, fields=["status"]
            )
    return joint


def joint_objective_withdraw_agreement(*, joint: JointObjective, party: Party) -> JointObjective:
    with transaction.atomic():
        for agreement in JointObjectiveAgreement.objects.in_scope(joint.collaboration_id).filter(
            joint_objective=joint, party=party
        ):
            agreement.delete()
        if joint.status == JointStatus.AGREED:
            joint = versioned_update(
                joint, data={"status": JointStatus.DRAFT}, expected_version=None, fields=["status"]
            )
    return joint


# Alignment ---------------------------------------------------------------------------------


def alignment_set(
    *,
    collaboration: Collaboration,
    party: Party,
    shared: SharedObjective,
    joint: JointObjective,
    relation: str,
    note: str = "",
    user: Any,
) -> ObjectiveAlignment | None:
    """``party`` says how one of its own shared objectives stands against a joint objective;
    an empty ``relation`` clears the mark. Each party marks its own objectives only."""
    if shared.collaboration_id != collaboration.pk or joint.collaboration_id != collaboration.pk:
        raise ApplicationError(_("Choose objectives of this collaboration."))
    if shared.party_id != party.pk:
        raise ApplicationError(
            _("Each party marks its own shared objectives: this one is another party's."), field="relation"
        )
    if relation and relation not in Relation.values:
        raise ApplicationError(_("Choose compatible, dependent or conflicting."), field="relation")
    with transaction.atomic():
        current = (
            ObjectiveAlignment.objects.in_scope(collaboration)
            .select_for_update()
            .filter(shared_objective=shared, joint_objective=joint)
            .first()
        )
        if not relation:
            if current is not None:
                current.delete()
            return None
        if current is None:
            current = ObjectiveAlignment(
                collaboration=collaboration, shared_objective=shared, joint_objective=joint, party=party
            )
        elif current.relation == relation and current.note == note:
            return current
        current.relation = relation
        current.note = note
        current.recorded_by = user
        current.full_clean()
        current.save()
    return current
