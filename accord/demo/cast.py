"""The demo app's own steps: the cast (people and organizations) of the demo world and of the
benchmark data. What they do together is added by the apps that own it (order 20 on)."""

from typing import Any

from django.contrib.auth.hashers import make_password

from accord.accounts.models import User
from accord.core.permissions import Role
from accord.demo.world import PASSWORD
from accord.organizations.models import Membership, Organization, SizeClass
from accord.organizations.services import organization_create, organization_update

# (e-mail, full name, what the login shows) — printed by load_demo and listed in the README.
PEOPLE = [
    ("ana@brightwave.example", "Ana Ribeiro", "Brightwave Engineering — owner and SER"),
    ("ben@brightwave.example", "Ben Okafor", "Brightwave Engineering — relationship manager"),
    ("jo@lumen.example", "Jo Lindqvist", "Lumen Coatings — owner and SER"),
    ("mallory@globex.example", "Mallory Grant", "Globex — an unrelated organization"),
    ("tessa@marshfood.example", "Tessa Marsh", "Marsh Food Consulting — Valley Larder's coordinator"),
    ("owner@hillfarm.example", "Maggie Hill", "Hill Farm Dairy — Valley Larder producer"),
    ("owner@oakbarrel.example", "Tom Ashby", "Oakbarrel Cider — Valley Larder producer"),
    ("owner@brackenridge.example", "Priya Shah", "Brackenridge Bakery — Valley Larder producer"),
    ("owner@milllane.example", "Owen Price", "Mill Lane Preserves — Valley Larder producer"),
    ("owner@greenhollow.example", "Lena Novak", "Greenhollow Growers — Valley Larder producer"),
    ("sam@quillsoft.example", "Sam Quill", "Quillsoft — owner"),
    ("nadia@quillsoft.example", "Nadia Brandt", "Quillsoft — SER"),
    ("lee@quillsoft.example", "Lee Carter", "Quillsoft — account manager"),
    ("harriet@westmoor.example", "Harriet Lowe", "Westmoor Hospitals Group — owner"),
    ("victor@westmoor.example", "Victor Adeyemi", "Westmoor Hospitals Group — SER"),
    ("mina@westmoor.example", "Mina Kovacs", "Westmoor Hospitals Group — supplier-relationship manager"),
]
LOGINS = [(email, who) for email, _name, who in PEOPLE]

# Valley Larder's five producers: name, e-mail, profile.
PRODUCERS = [
    ("Hill Farm Dairy", "owner@hillfarm.example", "Milk, butter and soft cheese from a 60-cow herd."),
    ("Oakbarrel Cider", "owner@oakbarrel.example", "Craft cider and apple juice from valley orchards."),
    ("Brackenridge Bakery", "owner@brackenridge.example", "Sourdough and pastries, baked daily."),
    ("Mill Lane Preserves", "owner@milllane.example", "Jams, chutneys and pickles in small batches."),
    ("Greenhollow Growers", "owner@greenhollow.example", "Organic vegetables and salad leaves."),
]


def _people(world: Any) -> None:
    hashed = make_password(PASSWORD)  # hashed once: a slow hash per person would take seconds
    for email, name, _who in PEOPLE:
        user = User.objects.create_user(email=email, full_name=name)
        user.password = hashed
        user.save(update_fields=["password"])
        world.users[email] = user


def _organization(world: Any, name: str, owner_email: str, **profile: Any) -> Organization:
    """The firms of the scenarios are British (times shown as in London) unless told."""
    profile.setdefault("time_zone", "Europe/London")
    owner = world.users[owner_email]
    with world.acting_as(owner):
        return organization_create(name=name, owner=owner, **profile)


def _member(organization: Organization, user: User, role: str, *, ser: bool = False) -> None:
    Membership.objects.create(organization=organization, user=user, role=role)
    if ser:
        organization_update(organization=organization, data={"ser": user}, expected_version=None)
        organization.refresh_from_db()


def cast(world: Any) -> None:
    """People and organizations of the three scenarios (shared/scenarios/README.md)."""
    _people(world)
    users = world.users
    world.ana, world.ben = users["ana@brightwave.example"], users["ben@brightwave.example"]
    world.jo, world.mallory = users["jo@lumen.example"], users["mallory@globex.example"]

    # Scenario 1: two small firms, one joint bid; and an unrelated organization.
    world.brightwave = _organization(
        world,
        "Brightwave Engineering",
        "ana@brightwave.example",
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
    with world.acting_as(world.ana):
        _member(world.brightwave, world.ben, Role.MANAGER)
    world.lumen = _organization(
        world,
        "Lumen Coatings",
        "jo@lumen.example",
        size_class=SizeClass.MICRO,
        sector="Surface coatings",
        country="United Kingdom",
        vision="Coatings that make parts last twice as long.",
        values="Curiosity\nCare\nOpenness",
    )
    world.globex = _organization(
        world,
        "Globex",
        "mallory@globex.example",
        size_class=SizeClass.MEDIUM,
        sector="Distribution",
        time_zone="Europe/Paris",  # a firm elsewhere: its pages show times as in Paris
    )

    # Scenario 2: five food producers and their coordinator's own small consultancy.
    world.valley_producers = [
        _organization(
            world,
            name,
            email,
            size_class=SizeClass.MICRO,
            sector="Food production",
            country="United Kingdom",
            market=market,
        )
        for name, email, market in PRODUCERS
    ]
    world.valley_coordinator = _organization(
        world,
        "Marsh Food Consulting",
        "tessa@marshfood.example",
        size_class=SizeClass.MICRO,
        sector="Consulting for food businesses",
        country="United Kingdom",
        market="Coordinates shared distribution for small food producers; belongs to none of them.",
    )
    world.valley_people = {
        org.slug: users[email]
        for org, email in [
            *zip(world.valley_producers, [p[1] for p in PRODUCERS], strict=True),
            (world.valley_coordinator, "tessa@marshfood.example"),
        ]
    }

    # Scenario 3: a software firm and a regional hospital group.
    world.quillsoft_people = {
        "owner": users["sam@quillsoft.example"],
        "ser": users["nadia@quillsoft.example"],
        "manager": users["lee@quillsoft.example"],
    }
    world.quillsoft = _organization(
        world,
        "Quillsoft",
        "sam@quillsoft.example",
        size_class=SizeClass.SMALL,
        sector="Scheduling software",
        country="United Kingdom",
        market="Staff and theatre scheduling software for hospitals and clinics (30 people).",
        vision="Schedules nobody has to fight with.",
    )
    with world.acting_as(world.quillsoft_people["owner"]):
        _member(world.quillsoft, world.quillsoft_people["ser"], Role.SER, ser=True)
        _member(world.quillsoft, world.quillsoft_people["manager"], Role.MANAGER)
    world.hospital_people = {
        "owner": users["harriet@westmoor.example"],
        "ser": users["victor@westmoor.example"],
        "manager": users["mina@westmoor.example"],
    }
    world.hospital = _organization(
        world,
        "Westmoor Hospitals Group",
        "harriet@westmoor.example",
        size_class=SizeClass.LARGE,
        sector="Healthcare",
        country="United Kingdom",
        market="Four hospitals and twelve clinics in the region; a supplier-relationship team "
        "manages about 300 suppliers.",
    )
    with world.acting_as(world.hospital_people["owner"]):
        _member(world.hospital, world.hospital_people["ser"], Role.SER, ser=True)
        _member(world.hospital, world.hospital_people["manager"], Role.MANAGER)


# --- benchmark data ------------------------------------------------------------------------

HEAVY_NAME = "Heavy Industries"
HEAVY_SLUG = "heavy-industries"
HEAVY_OWNER = "bench@heavy.example"
BENCH_PASSWORD = "bench-password"
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
SECTORS = ["Machining", "Coatings", "Electronics", "Logistics", "Software", "Food", "Textiles", "Chemicals"]
COUNTRIES = ["United Kingdom", "France", "Germany", "Ireland", "Spain", "Italy", "Netherlands", "Poland"]


def bench_cast(world: Any) -> None:
    """``--orgs`` small organizations, each with an owner (also its SER), and Heavy
    Industries with its owner and members: bulk inserts only, no history."""
    rng, count = world.rng, world.options["orgs"]
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
    small_orgs, heavy = orgs[:-1], orgs[-1]

    users = [
        User(email=f"owner{i:04d}@bench.example", password=world.password, last_organization=org)
        for i, org in enumerate(small_orgs, start=1)
    ]
    heavy_specs = [(HEAVY_OWNER, Role.OWNER), *HEAVY_MEMBERS]
    users += [
        User(
            email=email,
            password=world.password,
            full_name=email.split("@")[0].title(),
            last_organization=heavy,
        )
        for email, _role in heavy_specs
    ]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    small_owners = dict(zip((o.pk for o in small_orgs), users[:count], strict=True))
    heavy_users = {email: user for (email, _), user in zip(heavy_specs, users[count:], strict=True)}

    memberships = [
        Membership(organization=org, user=user, role=Role.OWNER)
        for org, user in zip(small_orgs, users[:count], strict=True)
    ]
    memberships += [
        Membership(organization=heavy, user=heavy_users[email], role=role) for email, role in heavy_specs
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    # Each organization's senior executive responsible: the owner, or heavy's SER member.
    for org in small_orgs:
        org.ser = small_owners[org.pk]
    heavy.ser = heavy_users["ser@heavy.example"]
    Organization.objects.bulk_update(orgs, ["ser"], batch_size=BATCH)

    world.heavy, world.heavy_users = heavy, heavy_users
    world.heavy_roles = dict(heavy_specs)
    world.heavy_owner, world.heavy_ser = heavy_users[HEAVY_OWNER], heavy_users["ser@heavy.example"]
    world.small_orgs, world.small_owners = small_orgs, small_owners
    world.users.update({u.email: u for u in users})
    world.words, world.trades = WORDS, TRADES
