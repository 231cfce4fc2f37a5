"""Roles and what each may do: the one place a permission rule lives.

Members of an organization hold one role. Inside a joint space a person acts with the role
they hold in their own (party) organization.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OWNER = "owner", pgettext_lazy("role", "Owner")  # not the owner of an action or a risk
    SER = "ser", _("Senior executive responsible")
    MANAGER = "manager", _("Manager")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


class Perm(StrEnum):
    """Actions, from least to most demanding."""

    VIEW = "view"  # read everything in the scope
    EDIT = "edit"  # add and change register entries and scores
    DECIDE = "decide"  # decisions, deleting entries; start collaborations, invite partners, stages
    MANAGE = "manage"  # organization profile, segmentation criteria and weights
    ADMIN = "admin"  # members and roles; accept or leave collaborations; name the party's SER


ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 0,
    Role.CONTRIBUTOR: 1,
    Role.MANAGER: 2,
    Role.SER: 3,
    Role.OWNER: 4,
}

MINIMUM_ROLE: dict[Perm, Role] = {
    Perm.VIEW: Role.VIEWER,
    Perm.EDIT: Role.CONTRIBUTOR,
    Perm.DECIDE: Role.MANAGER,
    Perm.MANAGE: Role.SER,
    Perm.ADMIN: Role.OWNER,
}

ROLE_HELP: dict[str, str] = {
    Role.OWNER: _("Everything, including members, roles and accepting collaborations."),
    Role.SER: _(
        "Senior executive responsible: makes sure the collaborative processes are in place, "
        "work and are followed (ISO 44003 5.4.3.1). In Accord the role also approves plans and "
        "edits the profile and the segmentation criteria."
    ),
    Role.MANAGER: _(
        "Runs relationships: decides on the collaborative approach, deletes register entries, "
        "starts collaborations and invites partners."
    ),
    Role.CONTRIBUTOR: _("Adds and updates register entries and scores."),
    Role.VIEWER: _("Reads everything in the organization, changes nothing."),
}


def role_allows(role: str, perm: Perm) -> bool:
    return ROLE_RANK[role] >= ROLE_RANK[MINIMUM_ROLE[perm]]
