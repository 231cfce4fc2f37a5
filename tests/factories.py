"""factory_boy factories and the shared test world."""

from dataclasses import dataclass, field
from typing import Any

import factory

from accord.accounts.models import User
from accord.collaborations.models import Collaboration, Party
from accord.core.permissions import Role
from accord.organizations.models import Membership, Organization
from accord.organizations.services import organization_create
from accord.relationships.models import Kind, Relationship

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def make_org(name: str, owner: User, **kwargs: Any) -> Organization:
    return organization_create(name=name, owner=owner, **kwargs)


def add_member(org: Organization, role: str, email: str | None = None) -> User:
    user = UserFactory(email=email) if email else UserFactory()
    Membership.objects.create(organization=org, user=user, role=role)
    return user


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    counterpart_name = factory.Sequence(lambda n: f"Counterpart {n:04d}")
    kind = Kind.SUPPLIER


@dataclass
class World:
    brightwave: Organization
    lumen: Organization
    globex: Organization
    ana: User  # Brightwave owner
    jo: User  # Lumen owner
    mallory: User  # Globex owner
    collaboration: Collaboration
    entry: Relationship
    roles: dict[str, User] = field(default_factory=dict)  # Brightwave member per role
    lou: User | None = None  # Lumen viewer


def build_world() -> World:
    ana = UserFactory(email="ana@brightwave.test", full_name="Ana")
    jo = UserFactory(email="jo@lumen.test", full_name="Jo")
    mallory = UserFactory(email="mallory@globex.test", full_name="Mallory")
    brightwave = make_org("Brightwave Engineering", ana)
    lumen = make_org("Lumen Coatings", jo)
    globex = make_org("Globex", mallory)
    roles = {Role.OWNER: ana}
    for role in (Role.SER, Role.MANAGER, Role.CONTRIBUTOR, Role.VIEWER):
        roles[role] = add_member(brightwave, role, f"{role}@brightwave.test")
    lou = add_member(lumen, Role.VIEWER, "lou@lumen.test")
    entry = RelationshipFactory(organization=brightwave, counterpart_name="Lumen Coatings", kind=Kind.PARTNER)
    collaboration = Collaboration.objects.create(name="Rail bid", created_by=ana)
    Party.objects.create(collaboration=collaboration, organization=brightwave, ser=ana, is_initiator=True)
    Party.objects.create(collaboration=collaboration, organization=lumen, ser=jo)
    return World(brightwave, lumen, globex, ana, jo, mallory, collaboration, entry, roles, lou)
