"""The exits app's part of the demo world (registered in ``ExitsConfig.ready``): scenario 1's
joint exit strategy for Northline, scenario 2's producer leaving Valley Larder after a year,
and a few gate confirmations. Everything goes through the services, acting as the people of
the world contract. A scenario missing from the world is skipped."""

import datetime
from contextlib import nullcontext
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party, PartyStatus
from accord.exits import gates, services
from accord.exits.models import ActivationKind, AssetArrangement, AssetStatus, ExitAsset, TriggerStatus
from accord.guidance import library


def _acting(world: Any, user: Any) -> Any:
    acting = getattr(world, "acting_as", None)
    return acting(user) if acting is not None else nullcontext()


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    party = (getattr(world, "parties", {}) or {}).get(collaboration.pk, {}).get(organization.pk)
    return party or Party.objects.in_scope(collaboration).get(organization=organization)


def _confirm(owner: Any, stage: int, text: str, note: str, user: Any, party: Any = None) -> None:
    """Confirm an item by its text, when it is still one a person confirms (another app may
    have come to answer it from its records since)."""
    from accord.core.registry import registry

    check = next((c for c in library.stage(stage).gate_checks if c.text == text), None)
    if check is None or (check.check and (check.check in registry.gate_keys() or check.check == "ser_named")):
        return
    services.confirm(owner=owner, party=party, stage=stage, key=gates.item_key(check), note=note, user=user)


def run(world: Any) -> None:
    if getattr(world, "northline", None) is not None:
        _northline(world)
    if getattr(world, "valley_larder", None) is not None:
        _valley_larder(world)


def _northline(world: Any) -> None:
    from accord.plans.models import Contribution
    from accord.plans.services import contribution_add

    c = world.northline
    bright = _party(world, c, world.brightwave)
    lumen = _party(world, c, world.lumen)
    with _acting(world, world.ana):
        services.strategy_save(
            collaboration=c,
            expected_version=None,
            data={
                "boundaries": "The joint bid and, if won, the five-year coating and machining package "
                "for Northline Rail's bogie parts. Each firm's other customers are outside it.",
                "continuity": "Whoever stays finishes every open order; the other keeps supplying at "
                "the agreed prices for three months so Northline never waits for parts.",
                "people": "Nobody is seconded; the joint team returns to its own firm. Ben and Jo hand "
                "over the open quality issues in person.",
                "communication": "Both SERs tell Northline's buyer together, before anyone else, then "
                "the two firms' staff; one agreed note for other customers.",
                "door_open": "A closing review with both SERs; we keep each other on our preferred "
                "supplier lists and meet once a year.",
            },
        )
        for description, monitoring, party, person, status in [
            (
                "Northline does not award the bid",
                "The tender portal and the buyer's debrief",
                bright,
                "Ben",
                TriggerStatus.NOT_TRIGGERED,
            ),
            (
                "Coating rework above 3 % two months running",
                "The monthly quality measure",
                lumen,
                "Jo",
                TriggerStatus.WATCH,
            ),
            (
                "Either firm changes owner",
                "Board news at the quarterly SER review",
                bright,
                "Ana",
                TriggerStatus.NOT_TRIGGERED,
            ),
        ]:
            services.trigger_create(
                collaboration=c,
                data={
                    "description": description,
                    "monitoring": monitoring,
                    "monitored_by_party": party,
                    "monitored_by": person,
                    "status": status,
                },
            )
        for title, party, days in [
            ("Tell Northline's buyer, both SERs together", bright, -28),
            ("Finish or hand over every open order", lumen, -14),
            ("Return the coating fixtures and the test rig", bright, 0),
            ("Closing review and lessons learned", lumen, 14),
        ]:
            services.step_create(
                collaboration=c, data={"title": title, "owner_party": party, "offset_days": days}
            )
    contributions = list(Contribution.objects.in_scope(c).select_related("party"))
    if not contributions:
        with _acting(world, world.ana):
            contributions.append(
                contribution_add(
                    collaboration=c,
                    party=bright,
                    data={"kind": "equipment", "description": "Five-axis machining cell, two days a week"},
                )
            )
        with _acting(world, world.jo):
            contributions.append(
                contribution_add(
                    collaboration=c,
                    party=lumen,
                    data={"kind": "knowledge", "description": "Low-friction coating process"},
                )
            )
    with _acting(world, world.ana):
        for contribution in contributions[:4]:
            arrangement = (
                AssetArrangement.RETURN if contribution.kind != "knowledge" else AssetArrangement.SHARE
            )
            ExitAsset.objects.create(
                collaboration=c,
                description=contribution.description,
                contribution=contribution,
                arrangement=arrangement,
                to_party=contribution.party,
                notes="As agreed in the contributions register.",
            )
        ExitAsset.objects.create(
            collaboration=c,
            description="Joint test results and the bid documents",
            arrangement=AssetArrangement.SHARE,
            notes="Both firms keep a copy; neither publishes them without the other's consent.",
        )
        _confirm(
            c,
            4,
            "Partner evaluated against the stage 3 criteria?",
            "Lumen scored 4.2 on our criteria; see the register entry.",
            world.ana,
            party=bright,
        )
        _confirm(
            c,
            4,
            "Shared values evidenced?",
            "Both profiles put openness first; alignment page agreed.",
            world.ana,
            party=bright,
        )
        _confirm(
            world.brightwave,
            1,
            "Collaboration policy approved?",
            "Policy signed by Ana in the March board meeting.",
            world.ana,
        )


def _valley_larder(world: Any) -> None:
    c = world.valley_larder
    coordinator_org = world.valley_coordinator
    tessa = world.valley_people[coordinator_org.slug]
    coordinator = _party(world, c, coordinator_org)
    leaver_org = world.valley_producers[-1]
    leaver_owner = world.valley_people[leaver_org.slug]
    leaver = _party(world, c, leaver_org)
    if leaver.status != PartyStatus.ACTIVE:
        return
    stayer_org = world.valley_producers[0]
    stayer = _party(world, c, stayer_org)
    with _acting(world, tessa):
        services.strategy_save(
            collaboration=c,
            expected_version=None,
            data={
                "boundaries": "Shared cold storage, the shared van and the joint customer list. Each "
                "producer's own shop and markets stay outside.",
                "continuity": "A leaving producer gives a month's notice; its customers are offered a "
                "like-for-like product from the others, or kept supplied until they choose.",
                "people": "No staff are shared; the van driver is employed by the coordinator.",
                "communication": "The coordinator writes to the joint customers once the date is set.",
                "door_open": "A producer that leaves may rejoin after a season without a new vote.",
            },
        )
        trigger = services.trigger_create(
            collaboration=c,
            data={
                "description": "A producer gives notice to leave",
                "monitoring": "Notice in writing to the coordinator",
                "monitored_by_party": coordinator,
                "monitored_by": "Tessa",
                "status": TriggerStatus.WATCH,
            },
        )
        services.trigger_create(
            collaboration=c,
            data={
                "description": "Van costs exceed the savings two quarters running",
                "monitoring": "The value register's van initiative",
                "monitored_by_party": coordinator,
                "monitored_by": "Tessa",
            },
        )
        for title, party, days in [
            ("Sell or move the leaving producer's stock out of the shared cold store", leaver, -7),
            ("Take the leaving producer's stops off the shared van schedule", coordinator, -7),
            ("Hand over the leaving producer's joint customers", coordinator, 0),
            ("Settle the van costs to the exit date", coordinator, 14),
        ]:
            services.step_create(
                collaboration=c, data={"title": title, "owner_party": party, "offset_days": days}
            )
        ExitAsset.objects.create(
            collaboration=c,
            description="Joint customer list",
            arrangement=AssetArrangement.KEEP,
            status=AssetStatus.DONE,
            notes="Stays with the network; the leaver keeps its own direct customers.",
        )
    exit_date = timezone.localdate() - datetime.timedelta(days=30)
    with _acting(world, tessa):
        activation = services.activation_create(
            collaboration=c,
            party=coordinator,
            user=tessa,
            kind=ActivationKind.PARTY_LEAVES,
            leaving_party=leaver,
            trigger=trigger,
            exit_date=exit_date,
            reason=f"{leaver_org.name} moves to a regional wholesaler after a year in the network.",
            today=timezone.localdate(),
        )
    review = {
        "values_respected": "yes",
        "work_again": 4,
    }
    with _acting(world, leaver_owner):
        services.review_save(
            activation=activation,
            party=leaver,
            user=leaver_owner,
            data={
                **review,
                "worked_well": "The shared van halved our delivery costs.",
                "lessons": "Agree the notice period before the first season.",
            },
        )
    with _acting(world, tessa):
        services.review_save(
            activation=activation,
            party=coordinator,
            user=tessa,
            data={
                **review,
                "work_again": 5,
                "worked_well": "The exit followed the plan: stock out, van schedule changed, customers handed over in a week.",
                "lessons": "Keep the customer list joint from day one.",
            },
        )
    stayer_owner = world.valley_people[stayer_org.slug]
    with _acting(world, stayer_owner):
        services.review_save(
            activation=activation,
            party=stayer,
            user=stayer_owner,
            data={
                **review,
                "values_respected": "partly",
                "worked_well": "Customers hardly noticed.",
                "lessons": "A month's notice is short in the harvest season.",
            },
        )
