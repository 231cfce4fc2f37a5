"""Benchmark data set (see benchmarks/README.md): many small organizations plus one heavy one.

``manage.py bench_generate`` builds, with bulk inserts only:

* ``--orgs`` small organizations (default 1,000), each with an owner (also its senior
  executive responsible), its membership and the default segmentation criteria;
* "Heavy Industries" (``heavy-industries``, owner ``bench@heavy.example``, password
  ``bench-password``) with ``--entries`` register entries (default 3,000) carrying varied
  kinds, statuses, decisions, 0–3 of 30 tags and a score on every criterion; weighted scores
  and segments are computed by ``relationships_rescore`` at the end;
* ``--collaborations`` joint spaces (default 50) in which Heavy Industries is an active party
  with 1–3 of the small organizations, every party with a senior executive responsible.

Bulk inserts bypass django-simple-history: only the register entries, collaborations and
parties get one "created" history record each (so detail pages show a history), nothing else.
On PostgreSQL the tables are vacuumed and analyzed at the end, as autovacuum would do on a
running server. Meant for an empty benchmark database; refuses to run when Heavy Industries
exists already.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.collaborations.models import Collaboration, Party, PartyStatus, Stage, WorkingModel
from accord.core.permissions import Role
from accord.organizations.models import Membership, Organization, SizeClass
from accord.relationships.models import (
    Decision,
    Kind,
    Relationship,
    Score,
    SegmentationCriterion,
    Status,
    Tag,
)
from accord.relationships.services import DEFAULT_CRITERIA, relationships_rescore

HEAVY_NAME = "Heavy Industries"
HEAVY_SLUG = "heavy-industries"
HEAVY_OWNER = "bench@heavy.example"
PASSWORD = "bench-password"
BATCH = 1000

# Extra members of Heavy Industries (e-mail, role), so entries have several owners.
HEAVY_MEMBERS = [
    ("ser@heavy.example", Role.SER),
    ("manager1@heavy.example", Role.MANAGER),
    ("manager2@heavy.example", Role.MANAGER),
    ("contributor1@heavy.example", Role.CONTRIBUTOR),
    ("viewer1@heavy.example", Role.VIEWER),
]
WORDS = [
    "Alder", "Brook", "Cobalt", "Dune", "Ember", "Fjord", "Granite", "Hollow", "Iris", "Juniper",
    "Keel", "Larch", "Meridian", "Nimbus", "Oakridge", "Pylon", "Quarry", "Rowan", "Sable", "Tamar",
    "Umber", "Vale", "Willow", "Yarrow", "Zephyr", "Cedar", "Dove", "Elm", "Finch", "Heron",
]  # fmt: skip
TRADES = [
    "Fasteners", "Logistics", "CNC Services", "Hydraulics", "Electronics", "Marine", "Foundry",
    "Plastics", "Optics", "Automation", "Robotics", "Energy", "Pumps", "Sensors", "Tools",
    "Structures", "Abrasives", "Calibration", "Fluid Power", "Laser Cutting", "Paints", "Couriers",
    "IT Support", "Accountancy", "Air Systems", "Bearings", "Gaskets", "Castings", "Cleaning", "Labs",
]  # fmt: skip
TAGS = [
    "aerospace", "automotive", "rail", "medical", "energy", "defence", "marine", "food",
    "logistics", "materials", "tooling", "process", "research", "network", "export", "local",
    "strategic", "at risk", "new", "single source", "framework", "iso 9001", "iso 14001",
    "key account", "pilot", "renewal 2026", "audit due", "innovation", "sustainability", "pricing",
]  # fmt: skip
SECTORS = ["Machining", "Coatings", "Electronics", "Logistics", "Software", "Food", "Textiles", "Chemicals"]
COUNTRIES = ["United Kingdom", "France", "Germany", "Ireland", "Spain", "Italy", "Netherlands", "Poland"]
KINDS = [Kind.CUSTOMER, Kind.CUSTOMER, Kind.SUPPLIER, Kind.SUPPLIER, Kind.SUPPLIER, Kind.PARTNER]
KINDS += [Kind.NETWORK, Kind.LARGER_ORGANIZATION, Kind.INTERNAL_UNIT]
STATUSES = [Status.CURRENT] * 6 + [Status.FUTURE] * 2 + [Status.APPROACHING] * 2
DECISIONS = [Decision.UNDECIDED] * 6 + [Decision.YES, Decision.NO, Decision.NOT_YET]


class Command(BaseCommand):
    help = "Generate the benchmark data set (1,000 organizations, one heavy organization)."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=1000, help="Small organizations (default 1000).")
        parser.add_argument(
            "--entries", type=int, default=3000, help="Register entries of Heavy Industries (default 3000)."
        )
        parser.add_argument(
            "--collaborations", type=int, default=50, help="Collaborations of Heavy Industries (default 50)."
        )
        parser.add_argument("--seed", type=int, default=44003, help="Random seed (default 44003).")

    def handle(self, *args, **options):
        if Organization.objects.filter(slug=HEAVY_SLUG).exists():
            raise CommandError(f"“{HEAVY_NAME}” exists already: run bench_generate on an empty database.")
        if options["collaborations"] and options["orgs"] < 3:
            raise CommandError("Collaborations need at least 3 small organizations (--orgs).")
        self.rng = random.Random(options["seed"])  # noqa: S311 - test data, not security
        self.password = make_password(PASSWORD)  # hashed once, shared by every generated user
        self.now = timezone.now()
        started = time.perf_counter()
        with transaction.atomic():
            heavy, heavy_users = self.organizations(options["orgs"])
            self.register(heavy, heavy_users, options["entries"])
            self.collaborations(heavy, heavy_users, options["collaborations"])
            relationships_rescore(organization=heavy)
        if connection.vendor == "postgresql":
            # Fresh bulk data has no planner statistics yet (autovacuum would gather them
            # within a minute or so): without them PostgreSQL picks poor plans for a while.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['orgs']} organizations + {HEAVY_NAME} ({options['entries']} entries, "
                f"{options['collaborations']} collaborations) in {time.perf_counter() - started:.1f} s. "
                f"Log in as {HEAVY_OWNER} / {PASSWORD}."
            )
        )

    def organizations(self, count: int) -> tuple[Organization, dict[str, User]]:
        rng = self.rng
        orgs = [
            Organization(
                name=f"{rng.choice(WORDS)} {rng.choice(TRADES)} {i:04d}",
                slug=f"bench-org-{i:04d}",
                size_class=rng.choice(SizeClass.values),
                sector=rng.choice(SECTORS),
                country=rng.choice(COUNTRIES),
            )
            for i in range(1, count + 1)
        ]
        orgs.append(
            Organization(
                name=HEAVY_NAME,
                slug=HEAVY_SLUG,
                size_class=SizeClass.MEDIUM,
                sector="Heavy engineering",
                country="United Kingdom",
                vision="The benchmark's busy organization.",
            )
        )
        orgs = Organization.objects.bulk_create(orgs, batch_size=BATCH)
        self.small_orgs, heavy = orgs[:-1], orgs[-1]

        users = [
            User(email=f"owner{i:04d}@bench.example", password=self.password, last_organization=org)
            for i, org in enumerate(self.small_orgs, start=1)
        ]
        heavy_specs = [(HEAVY_OWNER, Role.OWNER), *HEAVY_MEMBERS]
        users += [
            User(
                email=email,
                password=self.password,
                full_name=email.split("@")[0].title(),
                last_organization=heavy,
            )
            for email, _role in heavy_specs
        ]
        users = User.objects.bulk_create(users, batch_size=BATCH)
        self.small_owners = dict(zip((o.pk for o in self.small_orgs), users[:count], strict=True))
        heavy_users = {email: user for (email, _), user in zip(heavy_specs, users[count:], strict=True)}

        memberships = [
            Membership(organization=org, user=user, role=Role.OWNER)
            for org, user in zip(self.small_orgs, users[:count], strict=True)
        ]
        memberships += [
            Membership(organization=heavy, user=heavy_users[email], role=role) for email, role in heavy_specs
        ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        # Each organization's senior executive responsible: the owner, or heavy's SER member.
        for org in self.small_orgs:
            org.ser = self.small_owners[org.pk]
        heavy.ser = heavy_users["ser@heavy.example"]
        Organization.objects.bulk_update(orgs, ["ser"], batch_size=BATCH)

        SegmentationCriterion.unscoped.bulk_create(
            (
                SegmentationCriterion(
                    organization=org,
                    name=str(name),
                    description=str(description),
                    weight=weight,
                    position=index,
                )
                for org in orgs
                for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
            ),
            batch_size=BATCH,
        )
        return heavy, heavy_users

    def register(self, heavy: Organization, heavy_users: dict[str, User], count: int) -> None:
        rng = self.rng
        tags = Tag.unscoped.bulk_create([Tag(organization=heavy, name=name) for name in TAGS])
        owners = [
            heavy_users[e] for e, role in [(HEAVY_OWNER, Role.OWNER), *HEAVY_MEMBERS] if role != Role.VIEWER
        ]
        entries = []
        for i in range(1, count + 1):
            decision = rng.choice(DECISIONS)
            name = f"{rng.choice(WORDS)} {rng.choice(TRADES)} Counterpart {i:04d}"
            entries.append(
                Relationship(
                    organization=heavy,
                    counterpart_name=name,
                    kind=rng.choice(KINDS),
                    status=rng.choice(STATUSES),
                    contacts=f"Pat Example, buyer, pat{i}@counterpart.example\n+44 20 7946 {i % 10000:04d}",
                    notes=rng.choice(
                        ["", "", "Annual review in spring.", "Watch delivery times.", "Price rise"]
                    ),
                    owner=rng.choice(owners + [None]),
                    decision=decision,
                    decision_rationale="Benchmark decision." if decision else "",
                    decided_by=heavy_users[HEAVY_OWNER] if decision else None,
                    decided_at=self.now - timedelta(days=rng.randint(1, 400)) if decision else None,
                )
            )
        entries = Relationship.unscoped.bulk_create(entries, batch_size=BATCH)
        Relationship.history.bulk_history_create(
            entries, batch_size=BATCH, default_user=heavy_users[HEAVY_OWNER], default_date=self.now
        )
        self.entries = entries

        Through = Relationship.tags.through
        Through.objects.bulk_create(
            (
                Through(relationship_id=entry.pk, tag_id=tag.pk)
                for entry in entries
                for tag in rng.sample(tags, rng.randint(0, 3))
            ),
            batch_size=BATCH,
        )
        criteria = list(SegmentationCriterion.unscoped.filter(organization=heavy))
        Score.unscoped.bulk_create(
            (
                Score(organization=heavy, relationship=entry, criterion=criterion, value=rng.randint(1, 5))
                for entry in entries
                for criterion in criteria
            ),
            batch_size=BATCH,
        )

    def collaborations(self, heavy: Organization, heavy_users: dict[str, User], count: int) -> None:
        rng = self.rng
        creator, ser = heavy_users[HEAVY_OWNER], heavy_users["ser@heavy.example"]
        collaborations = Collaboration.objects.bulk_create(
            [
                Collaboration(
                    name=f"{HEAVY_NAME} joint programme {i:02d}",
                    description="A benchmark joint space.",
                    working_model=rng.choice(WorkingModel.values),
                    stage=rng.choice(Stage.values),
                    created_by=creator,
                )
                for i in range(1, count + 1)
            ]
        )
        Collaboration.history.bulk_history_create(collaborations, default_user=creator, default_date=self.now)
        parties = []
        for collaboration in collaborations:
            joined = self.now - timedelta(days=rng.randint(30, 700))
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
            for partner in rng.sample(self.small_orgs, rng.randint(1, 3)):
                parties.append(
                    Party(
                        collaboration=collaboration,
                        organization=partner,
                        status=PartyStatus.ACTIVE,
                        ser=self.small_owners[partner.pk],
                        joined_at=joined + timedelta(days=rng.randint(1, 20)),
                    )
                )
        parties = Party.unscoped.bulk_create(parties, batch_size=BATCH)
        Party.history.bulk_history_create(
            parties, batch_size=BATCH, default_user=creator, default_date=self.now
        )
        # Every collaboration started from a register entry (a private link on heavy's side).
        linked = rng.sample(self.entries, min(count, len(self.entries)))
        for entry, collaboration in zip(linked, collaborations, strict=False):
            entry.collaboration = collaboration
        Relationship.unscoped.bulk_update(linked, ["collaboration"], batch_size=BATCH)
