"""The joint spaces of the demo world and of the benchmark data (registered in
``CollaborationsConfig.ready``): created and joined through the services, as people would."""

from datetime import timedelta
from typing import Any

from django.conf import settings

from accord.collaborations.models import Collaboration, Party, PartyStatus, Stage, WorkingModel
from accord.collaborations.services import (
    collaboration_create,
    party_invitation_accept,
    party_invitation_create,
)
from accord.relationships.models import Relationship


def _start(
    world: Any, organization: Any, user: Any, data: dict[str, Any], from_entry: Any = None
) -> Collaboration:
    with world.acting_as(user):
        collaboration = collaboration_create(
            organization=organization, user=user, from_entry=from_entry, data=data
        )
    party = Party.objects.in_scope(collaboration).get(organization=organization)
    world.parties[collaboration.pk][organization.pk] = party
    return collaboration


def _join(
    world: Any, collaboration: Collaboration, inviter: tuple[Any, Any], organization: Any, owner: Any
) -> Party:
    """``inviter`` (organization, user) invites ``owner``, who accepts for ``organization``."""
    with world.acting_as(inviter[1]):
        invitation = party_invitation_create(
            collaboration=collaboration,
            organization=inviter[0],
            user=inviter[1],
            email=owner.email,
            organization_name=organization.name,
            base_url=settings.ACCORD_BASE_URL,  # `make demo` sets it to where it serves
        )
    with world.acting_as(owner):
        party = party_invitation_accept(invitation=invitation, user=owner, organization=organization)
    world.parties[collaboration.pk][organization.pk] = party
    return party


def demo(world: Any) -> None:
    """Scenario 1: the Northline Rail joint bid (Brightwave and Lumen). Scenario 2: the Valley
    Larder network (five producers and their coordinator's firm, six parties). Scenario 3:
    the Quillsoft–Westmoor scheduling partnership. Every party's SER is named (the
    organization's own SER, by default)."""
    ana = world.ana
    world.northline = _start(
        world,
        world.brightwave,
        ana,
        {
            "name": "Northline Rail joint bid",
            "working_model": WorkingModel.ONE_TO_ONE,
            "stage": Stage.WORKING_TOGETHER,
            "description": "Brightwave machines and Lumen coats bogie components for a joint bid to Northline Rail.",
        },
        from_entry=world.brightwave_entries["Lumen Coatings"],
    )
    _join(world, world.northline, (world.brightwave, ana), world.lumen, world.jo)

    coordinator = world.valley_coordinator
    tessa = world.valley_people[coordinator.slug]
    world.valley_larder = _start(
        world,
        coordinator,
        tessa,
        {
            "name": "Valley Larder",
            "working_model": WorkingModel.NETWORK,
            "stage": Stage.VALUE_CREATION,
            "description": "Five valley food producers share distribution (a cold-chain van, one "
            "order list for shops) with a coordinator who belongs to none of them.",
        },
    )
    for producer in world.valley_producers:
        _join(world, world.valley_larder, (coordinator, tessa), producer, world.valley_people[producer.slug])

    manager = world.hospital_people["manager"]
    world.quillsoft_hospital = _start(
        world,
        world.hospital,
        manager,
        {
            "name": "Westmoor scheduling partnership",
            "working_model": WorkingModel.WITH_LARGER,
            "stage": Stage.WORKING_TOGETHER,
            "description": "Quillsoft's scheduling software across Westmoor's theatres and clinics: "
            "availability, fewer cancelled sessions, joint improvements.",
        },
        from_entry=world.hospital_entries["Quillsoft"],
    )
    _join(
        world,
        world.quillsoft_hospital,
        (world.hospital, manager),
        world.quillsoft,
        world.quillsoft_people["owner"],
    )
    world.acting_as(ana)


# --- benchmark data ------------------------------------------------------------------------

BATCH = 1000


def bench(world: Any) -> None:
    """``--collaborations`` joint spaces in which Heavy Industries is an active party with 1–3
    small organizations, every party with a SER; each started from one of heavy's register
    entries. Sets ``world.collaborations`` and ``world.bench_collaboration`` (the first)."""
    rng, heavy, now = world.rng, world.heavy, world.now
    creator, ser = world.heavy_owner, world.heavy_ser
    collaborations = Collaboration.objects.bulk_create(
        [
            Collaboration(
                name=f"{heavy.name} joint programme {i:02d}",
                description="A benchmark joint space.",
                working_model=rng.choice(WorkingModel.values),
                stage=rng.choice(Stage.values),
                created_by=creator,
            )
            for i in range(1, world.options["collaborations"] + 1)
        ]
    )
    Collaboration.history.bulk_history_create(collaborations, default_user=creator, default_date=now)
    parties = []
    for collaboration in collaborations:
        joined = now - timedelta(days=rng.randint(30, 700))
        parties.append(
            Party(
                collaboration=collaboration,
                organization=heavy,
                status=PartyStatus.ACTIVE,
                ser=ser,
                is_initiator=True,
                joined_at=joined,
            )
        )
        for partner in rng.sample(world.small_orgs, rng.randint(1, 3)):
            parties.append(
                Party(
                    collaboration=collaboration,
                    organization=partner,
                    status=PartyStatus.ACTIVE,
                    ser=world.small_owners[partner.pk],
                    joined_at=joined + timedelta(days=rng.randint(1, 20)),
                )
            )
    parties = Party.unscoped.bulk_create(parties, batch_size=BATCH)
    Party.history.bulk_history_create(parties, batch_size=BATCH, default_user=creator, default_date=now)
    for party in parties:
        world.parties[party.collaboration_id][party.organization_id] = party
    # Every collaboration started from a register entry (a private link on heavy's side).
    entries = getattr(world, "heavy_entries", [])
    linked = rng.sample(entries, min(len(collaborations), len(entries)))
    for entry, collaboration in zip(linked, collaborations, strict=False):
        entry.collaboration = collaboration
    Relationship.unscoped.bulk_update(linked, ["collaboration"], batch_size=BATCH)
    world.collaborations = collaborations
    world.bench_collaboration = collaborations[0] if collaborations else None
