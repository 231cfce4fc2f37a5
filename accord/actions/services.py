"""Every write on actions. ``action_create`` is the one way other apps make an action: give it
the owner (an Organization: a private action; a Collaboration: a joint one) and the source."""

import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from accord.actions.models import ActionBase, JointAction, OwnAction
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update

JOINT_FIELDS = ["title", "description", "owner_party", "owner_user", "owner_name", "due_date", "status"]
OWN_FIELDS = ["title", "description", "owner_user", "owner_name", "due_date", "status"]


def _is_collaboration(owner: Any) -> bool:
    return owner._meta.label == "collaborations.Collaboration"


def fields_for(model: type[ActionBase]) -> list[str]:
    return JOINT_FIELDS if model is JointAction else OWN_FIELDS


def _check_joint(collaboration: Any, owner_party: Any, owner_user: Any) -> None:
    party_model = apps.get_model("collaborations", "Party")
    membership = apps.get_model("organizations", "Membership")
    active = party_model.objects.in_scope(collaboration).filter(status="active")
    if owner_party is not None and not active.filter(pk=owner_party.pk).exists():
        raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party")
    if owner_user is not None:
        organizations = (
            [owner_party.organization_id] if owner_party is not None else active.values("organization")
        )
        if not membership.objects.filter(user=owner_user, organization__in=organizations).exists():
            raise ApplicationError(
                _("The owner must be a member of the owner party.")
                if owner_party is not None
                else _("The owner must be a member of a party."),
                field="owner_user",
            )


def _check_own(organization: Any, owner_user: Any) -> None:
    membership = apps.get_model("organizations", "Membership")
    if (
        owner_user is not None
        and not membership.objects.filter(user=owner_user, organization=organization).exists()
    ):
        raise ApplicationError(_("The owner must be a member of the organization."), field="owner_user")


def _check(action: ActionBase) -> None:
    if isinstance(action, JointAction):
        _check_joint(action.collaboration, action.owner_party, action.owner_user)
    else:
        _check_own(action.organization, action.owner_user)


def action_create(
    *,
    owner: Any,
    title: str,
    source_kind: str,
    source_id: int | None = None,
    source_label: str = "",
    owner_user: Any = None,
    owner_party: Any = None,
    owner_name: str = "",
    due_date: datetime.date | None = None,
    description: str = "",
    status: str = "open",
    created_by: Any = None,
) -> ActionBase:
    """A new action of ``owner`` (Organization -> OwnAction, Collaboration -> JointAction)."""
    common = {
        "title": title,
        "description": description,
        "owner_user": owner_user,
        "owner_name": owner_name,
        "due_date": due_date,
        "status": status,
        "source_kind": source_kind,
        "source_id": source_id,
        "source_label": source_label,
        "created_by": created_by,
    }
    if _is_collaboration(owner):
        action: ActionBase = JointAction(collaboration=owner, owner_party=owner_party, **common)
    else:
        if owner_party is not None:
            raise ApplicationError(_("An organization's own action has no owner party."), field="owner_party")
        action = OwnAction(organization=owner, **common)
    with transaction.atomic():
        _check(action)
        action.full_clean()
        action.save()
    return action


def action_update(
    *, action: ActionBase, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> ActionBase:
    """Change what people may change (not the source); ``expected_version`` as read."""
    fields = fields_for(type(action))
    data = {k: v for k, v in data.items() if k in fields}
    with transaction.atomic():
        preview = type(action)._base_manager.get(pk=action.pk)
        for name, value in data.items():
            setattr(preview, name, value)
        _check(preview)
        return versioned_update(action, data=data, expected_version=expected_version, fields=fields)


def action_set_status(*, action: ActionBase, status: str, expected_version: int | None = None) -> ActionBase:
    return versioned_update(
        action, data={"status": status}, expected_version=expected_version, fields=["status"]
    )


def action_delete(*, action: ActionBase, user: Any = None) -> None:
    action.delete()


__all__ = ["action_create", "action_delete", "action_set_status", "action_update", "fields_for"]
