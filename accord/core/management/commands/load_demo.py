"""Demo data for `make demo` (scenario 1 of shared/scenarios): Brightwave Engineering with a
register of 40 relationships, Lumen Coatings in a collaboration with it, and unrelated Globex.

Runs only when asked (never from migrations or tests) and only on an empty database.
"""

import random

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
        with transaction.atomic():
            self.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password: {PASSWORD}):")
        for email, who in LOGINS:
            self.stdout.write(f"  {email:<28} {who}")

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
        lumen = organization_create(
            name="Lumen Coatings",
            owner=jo,
            size_class=SizeClass.MICRO,
            sector="Surface coatings",
            country="United Kingdom",
            vision="Coatings that make parts last twice as long.",
            values="Curiosity\nCare\nOpenness",
        )
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
        ana.last_organization = brightwave
        ana.save(update_fields=["last_organization"])
