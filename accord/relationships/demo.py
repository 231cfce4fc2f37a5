"""The register's part of the demo world and of the benchmark data (registered in
``RelationshipsConfig.ready``; the cast is made by ``accord.demo`` first)."""

from datetime import timedelta
from typing import Any

from accord.core.permissions import Role
from accord.relationships.models import (
    Decision,
    Kind,
    Relationship,
    Score,
    Segment,
    SegmentationCriterion,
    Status,
    Tag,
)
from accord.relationships.services import (
    DEFAULT_CRITERIA,
    relationship_create,
    relationship_decide,
    relationship_set_scores,
    relationships_rescore,
)

# Brightwave's register: name, kind, status, scores (value, potential, dependency, risk), tags
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

# The hospital group's suppliers: Quillsoft and eleven more strategic ones score into the
# "collaborate" segment; the other 288 (generated) do not.
HOSPITAL_STRATEGIC = [
    ("Quillsoft", (5, 5, 4, 4), ["software", "scheduling"]),
    ("Medline Theatre Supplies", (5, 4, 4, 4), ["theatres"]),
    ("Northgate Imaging", (5, 4, 5, 4), ["imaging"]),
    ("Calder Pathology Services", (4, 5, 4, 4), ["laboratory"]),
    ("Brightside Catering", (4, 4, 4, 4), ["facilities"]),
    ("Vantage Patient Transport", (4, 4, 4, 5), ["transport"]),
    ("Harbour Linen Services", (4, 4, 4, 4), ["facilities"]),
    ("Sterile Solutions", (5, 4, 4, 5), ["theatres"]),
    ("Cardiff Medical Gases", (4, 4, 5, 4), ["utilities"]),
    ("Pennine Pharmacy Wholesale", (5, 4, 5, 4), ["pharmacy"]),
    ("Orbit Clinical Records", (4, 5, 4, 4), ["software"]),
    ("Keystone Estates Maintenance", (4, 4, 4, 4), ["facilities"]),
]
HOSPITAL_SUPPLIERS = 300
SUPPLIER_TRADES = [
    "Medical Supplies", "Cleaning", "Catering", "Couriers", "IT Support", "Laboratory", "Uniforms",
    "Waste Services", "Security", "Dental Supplies", "Orthopaedics", "Printing", "Staffing",
    "Energy", "Furniture", "Optics", "Pharmacy", "Equipment Repair", "Consulting", "Training",
]  # fmt: skip
SUPPLIER_WORDS = [
    "Alder", "Brook", "Cobalt", "Dune", "Ember", "Fjord", "Granite", "Hollow", "Iris", "Juniper",
    "Keel", "Larch", "Meridian", "Nimbus", "Oakridge",
]  # fmt: skip


def _scores(entry: Relationship, criteria: list[SegmentationCriterion], values: Any) -> None:
    relationship_set_scores(entry=entry, values={c.pk: v for c, v in zip(criteria, values, strict=True)})


def _brightwave(world: Any) -> None:
    """Scenario 1: Brightwave's 40 relationships, scored, three decided."""
    rng, ana, ben, brightwave = world.rng, world.ana, world.ben, world.brightwave
    world.acting_as(ana)
    criteria = list(SegmentationCriterion.objects.in_scope(brightwave))
    entries = {}
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
        _scores(entry, criteria, scores)
        entries[name] = entry
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
            _scores(entry, criteria, [rng.choice([1, 2, 2, 3, 3, 4]) for _c in criteria])
        entries[name] = entry
    # Keep the rows the services return: a stale copy saved later would undo the decision.
    entries["Lumen Coatings"] = relationship_decide(
        entry=entries["Lumen Coatings"],
        decision=Decision.YES,
        user=ana,
        rationale="Complementary coating know-how; joint bid to Northline Rail.",
    )
    with world.acting_as(ben):
        entries["Pinewood Packaging"] = relationship_decide(
            entry=entries["Pinewood Packaging"],
            decision=Decision.NO,
            user=ben,
            rationale="Commodity packaging: price and delivery are all we need.",
        )
    entries["Valley Manufacturing Network"] = relationship_decide(
        entry=entries["Valley Manufacturing Network"],
        decision=Decision.NOT_YET,
        user=ana,
        rationale="Revisit after the network's spring meeting.",
    )
    world.brightwave_entries = entries


def _hospital(world: Any) -> None:
    """Scenario 3: the hospital group's 300 suppliers, scored; Quillsoft is one of the 12 in
    the "collaborate" segment, and the one it decided to collaborate with."""
    rng, hospital, manager = world.rng, world.hospital, world.hospital_people["manager"]
    criteria = list(SegmentationCriterion.objects.in_scope(hospital))
    entries = {}
    with world.acting_as(manager):
        for name, scores, tags in HOSPITAL_STRATEGIC:
            entry = relationship_create(
                organization=hospital,
                data={
                    "counterpart_name": name,
                    "kind": Kind.SUPPLIER,
                    "status": Status.CURRENT,
                    "owner": manager,
                    "notes": "Strategic supplier: reviewed by the supplier-relationship team.",
                },
                tags=["strategic", *tags],
            )
            _scores(entry, criteria, scores)
            entries[name] = entry
    # The other suppliers in bulk (a few seconds saved), scored and placed by the same service.
    names = sorted({f"{w} {t}" for w in SUPPLIER_WORDS for t in SUPPLIER_TRADES})
    others = Relationship.unscoped.bulk_create(
        Relationship(
            organization=hospital,
            counterpart_name=name,
            kind=Kind.SUPPLIER,
            status=rng.choice([Status.CURRENT] * 8 + [Status.FUTURE, Status.APPROACHING]),
        )
        for name in names[: HOSPITAL_SUPPLIERS - len(HOSPITAL_STRATEGIC)]
    )
    Relationship.history.bulk_history_create(others, default_user=manager)
    scores = []
    for entry in others:
        values = [rng.choice([1, 2, 2, 3, 3, 4, 4]) for _c in criteria]
        if min(values) == 4:  # all fours would be "collaborate": keep these below it
            values[-1] = 3
        scores += [
            Score(organization=hospital, relationship=entry, criterion=c, value=v)
            for c, v in zip(criteria, values, strict=True)
        ]
        entries[entry.counterpart_name] = entry
    Score.unscoped.bulk_create(scores)
    relationships_rescore(organization=hospital, ids=[e.pk for e in others])
    with world.acting_as(manager):
        relationship_decide(
            entry=entries["Quillsoft"],
            decision=Decision.YES,
            user=manager,
            rationale="Theatre and clinic scheduling depends on Quillsoft; joint improvements "
            "would cut cancelled sessions.",
        )
    world.hospital_entries = entries
    collaborate = Relationship.objects.in_scope(hospital).filter(segment=Segment.COLLABORATE).count()
    if collaborate != len(HOSPITAL_STRATEGIC):
        raise RuntimeError(f"The hospital's collaborate segment holds {collaborate} entries, not 12.")


def demo(world: Any) -> None:
    _brightwave(world)
    _hospital(world)
    world.acting_as(world.ana)


# --- benchmark data ------------------------------------------------------------------------

BATCH = 1000
TAGS = [
    "aerospace", "automotive", "rail", "medical", "energy", "defence", "marine", "food",
    "logistics", "materials", "tooling", "process", "research", "network", "export", "local",
    "strategic", "at risk", "new", "single source", "framework", "iso 9001", "iso 14001",
    "key account", "pilot", "renewal 2026", "audit due", "innovation", "sustainability", "pricing",
]  # fmt: skip
BENCH_KINDS = [Kind.CUSTOMER, Kind.CUSTOMER, Kind.SUPPLIER, Kind.SUPPLIER, Kind.SUPPLIER, Kind.PARTNER]
BENCH_KINDS += [Kind.NETWORK, Kind.LARGER_ORGANIZATION, Kind.INTERNAL_UNIT]
STATUSES = [Status.CURRENT] * 6 + [Status.FUTURE] * 2 + [Status.APPROACHING] * 2
DECISIONS = [Decision.UNDECIDED] * 6 + [Decision.YES, Decision.NO, Decision.NOT_YET]


def bench(world: Any) -> None:
    """The default criteria of every organization, and ``--entries`` register entries of
    Heavy Industries with tags and a score on every criterion (bulk inserts; one "created"
    history record per entry); weighted scores and segments computed at the end.
    Sets ``world.heavy_entries``."""
    rng, heavy, owner = world.rng, world.heavy, world.heavy_owner
    SegmentationCriterion.unscoped.bulk_create(
        (
            SegmentationCriterion(
                organization=org,
                name=str(name),
                description=str(description),
                weight=weight,
                position=index,
            )
            for org in [*world.small_orgs, heavy]
            for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
        ),
        batch_size=BATCH,
    )
    tags = Tag.unscoped.bulk_create([Tag(organization=heavy, name=name) for name in TAGS])
    owners = [world.heavy_users[e] for e, role in world.heavy_roles.items() if role != Role.VIEWER]
    entries = []
    for i in range(1, world.options["entries"] + 1):
        decision = rng.choice(DECISIONS)
        name = f"{rng.choice(world.words)} {rng.choice(world.trades)} Counterpart {i:04d}"
        entries.append(
            Relationship(
                organization=heavy,
                counterpart_name=name,
                kind=rng.choice(BENCH_KINDS),
                status=rng.choice(STATUSES),
                contacts=f"Pat Example, buyer, pat{i}@counterpart.example\n+44 20 7946 {i % 10000:04d}",
                notes=rng.choice(["", "", "Annual review in spring.", "Watch delivery times.", "Price rise"]),
                owner=rng.choice(owners + [None]),
                decision=decision,
                decision_rationale="Benchmark decision." if decision else "",
                decided_by=owner if decision else None,
                decided_at=world.now - timedelta(days=rng.randint(1, 400)) if decision else None,
            )
        )
    entries = Relationship.unscoped.bulk_create(entries, batch_size=BATCH)
    Relationship.history.bulk_history_create(
        entries, batch_size=BATCH, default_user=owner, default_date=world.now
    )
    world.heavy_entries = entries

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
    relationships_rescore(organization=heavy)
