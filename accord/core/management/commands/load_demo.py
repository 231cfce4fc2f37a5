"""Demo data for `make demo` (scenario 1 of shared/scenarios): Brightwave Engineering with a
register of 40 relationships, Lumen Coatings in a collaboration with it, and unrelated Globex.

Runs only when asked (never from migrations or tests) and only on an empty database.
"""

import contextlib
import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accord.accounts.models import User
from accord.collaborations.models import Stage, WorkingModel
from accord.collaborations.services import (
    collaboration_create,
    party_invitation_accept,
    party_invitation_create,
)
from accord.core.permissions import Role
from accord.organizations.models import Membership, SizeClass
from accord.organizations.services import organization_create
from accord.relationships.models import Decision, Kind, SegmentationCriterion, Status
from accord.relationships.services import relationship_create, relationship_decide, relationship_set_scores

PASSWORD = "accord-demo"
LOGINS = [
    ("ana@brightwave.example", "Brightwave Engineering — owner and SER"),
    ("ben@brightwave.example", "Brightwave Engineering — relationship manager"),
    ("jo@lumen.example", "Lumen Coatings — owner"),
    ("mallory@globex.example", "Globex — an unrelated organization"),
]

# name, kind, status, scores (value, potential, dependency, risk), tags
REGISTER = [
    ("Lumen Coatings", Kind.PARTNER, Status.CURRENT, (5, 5, 4, 4), ["coatings", "rail bid"]),
    ("Northline Rail", Kind.CUSTOMER, Status.FUTURE, (5, 4, 4, 4), ["rail bid"]),
    ("Castell University Lab", Kind.PARTNER, Status.CURRENT, (4, 5, 3, 4), ["research"]),
    ("Kestrel Aerospace", Kind.CUSTOMER, Status.CURRENT, (5, 3, 3, 4), ["aerospace"]),
    ("Ferro Steel Supplies", Kind.SUPPLIER, Status.CURRENT, (4, 3, 4, 3), ["materials"]),
    ("Valley Manufacturing Network", Kind.NETWORK, Status.CURRENT, (3, 4, 2, 3), ["network"]),
    ("Orbis Medical Devices", Kind.CUSTOMER, Status.APPROACHING, (4, 4, 2, 3), ["medical"]),
    ("Harbour Heat Treatment", Kind.SUPPLIER, Status.CURRENT, (3, 3, 4, 4), ["process"]),
    ("Delta Tooling", Kind.SUPPLIER, Status.CURRENT, (3, 3, 3, 3), ["tooling"]),
    ("Pinewood Packaging", Kind.SUPPLIER, Status.CURRENT, (2, 2, 2, 2), ["logistics"]),
]
FILLER_NAMES = [
    "Alder Fasteners",
    "Brook Logistics",
    "Cobalt CNC Services",
    "Dune Hydraulics",
    "Ember Electronics",
    "Fjord Marine",
    "Granite Foundry",
    "Hollow Mill Plastics",
    "Iris Optics",
    "Juniper Automation",
    "Keel Robotics",
    "Larch Energy",
    "Meridian Pumps",
    "Nimbus Sensors",
    "Oakridge Tools",
    "Pylon Structures",
    "Quarry Abrasives",
    "Rowan Calibration",
    "Sable Fluid Power",
    "Tamar Laser Cutting",
    "Umber Paints",
    "Vale Couriers",
    "Willow IT Support",
    "Yarrow Accountancy",
    "Zephyr Air Systems",
    "Brightwave Quality Unit",
    "Cedar Bearings",
    "Dove Gaskets",
    "Elm Precision Castings",
    "Finch Cleaning Services",
]
KINDS = [Kind.CUSTOMER, Kind.SUPPLIER, Kind.SUPPLIER, Kind.PARTNER, Kind.LARGER_ORGANIZATION]


def acting_as(user: Any) -> None:
    """Record ``user`` as the author of the history entries that follow (what the request
    middleware does on the site); None stops it."""
    from types import SimpleNamespace

    from simple_history.models import HistoricalRecords

    if user is None:
        with contextlib.suppress(AttributeError):
            del HistoricalRecords.context.request
    else:
        HistoricalRecords.context.request = SimpleNamespace(user=user)


class Command(BaseCommand):
    help = "Load the demo organizations and data into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when users exist.")

    def handle(self, *args, **options):
        if User.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data: demo data not loaded again.")
                self.print_logins()
                return
            self.stderr.write("The database is not empty; refusing to load demo data.")
            raise SystemExit(1)
        try:
            with transaction.atomic():
                self.load()
        finally:
            acting_as(None)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password: {PASSWORD}):")
        for email, who in LOGINS:
            self.stdout.write(f"  {email:<28} {who}")

    def load_plans(self, *, ana, ben, jo, brightwave, collaboration, entries) -> None:
        from accord.collaborations.models import Party
        from accord.organizations.services import organization_update
        from accord.plans import services as plans

        organization_update(
            organization=brightwave,
            data={
                "ser_responsibility": "Sponsors every collaboration, chairs the quarterly review, approves plans.",
                "ser_authority": "Commits up to 20 % of shop capacity and signs agreements up to 250k.",
            },
            expected_version=None,
        )
        rmp = {
            "policy": "We collaborate where a partner's skills complete ours and both sides gain; "
            "everything else we buy well and keep simple.",
            "approach": "Collaborate with a few partners in rail and medical parts; keep commodity "
            "suppliers transactional.",
            "objectives": "Two joint bids a year; shorter lead times on coated parts.\n\nMeasure: bids "
            "won, lead time, partner satisfaction.",
            "risk": "Over-committing shop capacity; losing know-how to a partner; dependence on one coater.",
            "exit": "Every joint agreement names what happens to shared tooling and open orders.",
        }
        for key, text in rmp.items():
            plans.plan_section_save(owner=brightwave, key=key, text=text, expected_revision=0, user=ana)
        plans.business_case_create(
            organization=brightwave,
            data={
                "title": "Northline Rail bogie components",
                "status": "approved",
                "opportunity": "Northline Rail tenders coated bogie parts for 2027-2029.",
                "objectives": "Win the tender with Lumen; 15 % margin.",
                "value": "About 1.2 million over three years.",
                "risks": "Tight delivery windows; coating qualification.",
                "resources": "Ana (lead), Ben (planning), two machinists part-time.",
            },
            candidates=[entries[0].pk, entries[1].pk],
            user=ana,
        )
        plans.resource_create(
            organization=brightwave,
            data={
                "kind": "people",
                "description": "Relationship manager for joint bids",
                "person": ben,
                "capability": "Planning, customer contact",
                "capacity": "1 day a week",
            },
        )
        # Approved once its business case and resources exist: the plan shows them.
        submitted = plans.plan_submit(owner=brightwave, user=ana)
        plans.rmp_approve(organization=brightwave, user=ana, reviewed=submitted.submitted_at)
        jrmp = {
            "context": "Brightwave machines and Lumen coats bogie components for Northline Rail.",
            "objectives": "Win the Northline tender; deliver on time; share the margin 60/40.",
            "governance": "A monthly joint meeting; the two SERs meet each quarter; issues go to the "
            "SERs within five working days.",
            "knowledge_sharing": "Drawings and schedules are shared; coating recipes stay with Lumen.",
            "exit": "If the tender is lost, the collaboration ends after a joint review; shared "
            "fixtures return to their owner.",
        }
        for key, text in jrmp.items():
            plans.plan_section_save(owner=collaboration, key=key, text=text, expected_revision=0, user=ana)
        parties = {p.organization_id: p for p in Party.objects.in_scope(collaboration)}
        # The team and contributions first: the approved plan shows them as they were.
        plans.team_member_add(
            collaboration=collaboration,
            party=parties[brightwave.pk],
            data={"user": ana, "role": "Joint lead", "is_ser_representative": True},
        )
        plans.team_member_add(
            collaboration=collaboration, party=parties[brightwave.pk], data={"user": ben, "role": "Planning"}
        )
        plans.team_member_add(
            collaboration=collaboration,
            party=parties[jo.last_organization_id],
            data={"user": jo, "role": "Coating lead", "is_ser_representative": True},
        )
        plans.contribution_add(
            collaboration=collaboration,
            party=parties[jo.last_organization_id],
            data={
                "kind": "equipment",
                "description": "Spray booth time, 2 days a week",
                "return_at_exit": "Booking ends with the collaboration.",
            },
        )
        plans.contribution_add(
            collaboration=collaboration,
            party=parties[brightwave.pk],
            data={
                "kind": "equipment",
                "description": "Holding fixtures for bogie parts",
                "return_at_exit": "Returned to Brightwave.",
            },
        )
        reviewed = plans.plan_submit(owner=collaboration, user=ana).submitted_at
        for party, ser in ((parties[brightwave.pk], ana), (parties[jo.last_organization_id], jo)):
            acting_as(ser)
            plans.jrmp_approve(collaboration=collaboration, party=party, user=ser, reviewed=reviewed)
        acting_as(ana)

    def load(self) -> None:
        rng = random.Random(44001)
        ana = User.objects.create_user(
            email="ana@brightwave.example", password=PASSWORD, full_name="Ana Ribeiro"
        )
        ben = User.objects.create_user(
            email="ben@brightwave.example", password=PASSWORD, full_name="Ben Okafor"
        )
        jo = User.objects.create_user(email="jo@lumen.example", password=PASSWORD, full_name="Jo Lindqvist")
        mallory = User.objects.create_user(
            email="mallory@globex.example", password=PASSWORD, full_name="Mallory Grant"
        )
        acting_as(ana)  # the history says who did what, as if each had used the site

        brightwave = organization_create(
            name="Brightwave Engineering",
            owner=ana,
            size_class=SizeClass.SMALL,
            sector="Precision machining",
            country="United Kingdom",
            market="Precision parts for rail, aerospace and medical customers; growing demand for "
            "coated components and shorter lead times.",
            stakeholders="Customers: on-time delivery and certified quality.\nStaff (14): stable work "
            "and skills.\nBank: steady cash flow.",
            vision="Be the partner small and large manufacturers call first for hard parts.",
            values="Straight talk\nShared credit\nNo surprises",
        )
        Membership.objects.create(organization=brightwave, user=ben, role=Role.MANAGER)
        acting_as(jo)
        lumen = organization_create(
            name="Lumen Coatings",
            owner=jo,
            size_class=SizeClass.MICRO,
            sector="Surface coatings",
            country="United Kingdom",
            vision="Coatings that make parts last twice as long.",
            values="Curiosity\nCare\nOpenness",
        )
        acting_as(ana)
        organization_create(name="Globex", owner=mallory, size_class=SizeClass.MEDIUM, sector="Distribution")

        criteria = list(SegmentationCriterion.objects.in_scope(brightwave))
        entries = []
        for name, kind, status, scores, tags in REGISTER:
            entry = relationship_create(
                organization=brightwave,
                data={
                    "counterpart_name": name,
                    "kind": kind,
                    "status": status,
                    "owner": ana if scores[0] >= 4 else ben,
                    "contacts": f"Main contact — {name.split()[0].lower()}@example.com",
                    "notes": "Private note: Brightwave's own view of this relationship.",
                },
                tags=tags,
            )
            relationship_set_scores(
                entry=entry, values={c.pk: v for c, v in zip(criteria, scores, strict=True)}
            )
            entries.append(entry)
        for name in FILLER_NAMES:
            entry = relationship_create(
                organization=brightwave,
                data={
                    "counterpart_name": name,
                    "kind": rng.choice(KINDS),
                    "status": rng.choice(list(Status)),
                    "owner": rng.choice([ana, ben]),
                },
                tags=[rng.choice(["materials", "services", "logistics", "customers", "local"])],
            )
            if rng.random() < 0.85:
                relationship_set_scores(
                    entry=entry, values={c.pk: rng.choice([1, 2, 2, 3, 3, 4]) for c in criteria}
                )
        relationship_decide(
            entry=entries[0],
            decision=Decision.YES,
            user=ana,
            rationale="Complementary coating know-how; joint bid to Northline Rail.",
        )
        relationship_decide(
            entry=entries[9],
            decision=Decision.NO,
            user=ben,
            rationale="Commodity packaging: price and delivery are all we need.",
        )
        relationship_decide(
            entry=entries[5],
            decision=Decision.NOT_YET,
            user=ana,
            rationale="Revisit after the network's spring meeting.",
        )

        collaboration = collaboration_create(
            organization=brightwave,
            user=ana,
            from_entry=entries[0],
            data={
                "name": "Northline Rail joint bid",
                "working_model": WorkingModel.ONE_TO_ONE,
                "stage": Stage.WORKING_TOGETHER,
                "description": "Brightwave machines and Lumen coats bogie components for a joint "
                "bid to Northline Rail.",
            },
        )
        invitation = party_invitation_create(
            collaboration=collaboration,
            organization=brightwave,
            user=ana,
            email="jo@lumen.example",
            organization_name="Lumen Coatings",
            base_url="http://127.0.0.1:8000",
        )
        party_invitation_accept(invitation=invitation, user=jo, organization=lumen)
        self.load_plans(
            ana=ana, ben=ben, jo=jo, brightwave=brightwave, collaboration=collaboration, entries=entries
        )
        ana.last_organization = brightwave
        ana.save(update_fields=["last_organization"])
