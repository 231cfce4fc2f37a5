"""Helpers shared by the plans tests."""

from accord.collaborations.models import Party
from accord.plans import services


def party(world, org):
    return Party.objects.in_scope(world.collaboration).get(organization=org)


def in_review(owner):
    """The submitted_at of the version in review, which an approval must name."""
    return services.plan_working_version(owner=owner).submitted_at


def write(owner, key, text, user, revision=None):
    working = services.plan_working_version(owner=owner, user=user)
    rev = working.revisions.get(key, 0) if revision is None else revision
    return services.plan_section_save(owner=owner, key=key, text=text, expected_revision=rev, user=user)
