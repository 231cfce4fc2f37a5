"""Demo and benchmark data of assessments.

Demo (order 280):
- scenario 2: Valley Larder's trust and behaviour pulse, every quarter for a year (four
  campaigns), three people of each of the six parties answering (extra colleagues are added
  where a firm has only its owner), so per-party results, gaps and trends show; the latest
  pulse still waits for one producer's third answer ("not enough answers yet"); and a
  compatibility check of vision and values, which the JRMP's section shows;
- scenario 4: Northgate Logistics, a medium-sized logistics firm (owner and four colleagues,
  password ``accord-demo``), runs the 12-principle self-assessment twice, a year apart; five
  people answer and disagree on some principles; the gap analysis and the change show, with
  two actions raised from it.

Bench (order 280): on Heavy Industries, 40 past campaigns of one 60-question questionnaire
(five respondents each) and a current one with 200 respondents × 60 questions (bulk inserts).
"""

import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accord.assessments import engine, results, services
from accord.assessments.models import Answer, AssessmentTemplate, CampaignStatus, OwnCampaign, Respondent
from accord.core.permissions import Role

# Colleagues added to the Valley Larder firms so that three people of each can answer.
VALLEY_COLLEAGUES = {
    "Hill Farm Dairy": [("sian@hillfarm.example", "Sian Hill"), ("dev@hillfarm.example", "Dev Mistry")],
    "Oakbarrel Cider": [("kate@oakbarrel.example", "Kate Ashby"), ("rory@oakbarrel.example", "Rory Flynn")],
    "Brackenridge Bakery": [
        ("amir@brackenridge.example", "Amir Shah"),
        ("jess@brackenridge.example", "Jess Byrne"),
    ],
    "Mill Lane Preserves": [
        ("cara@milllane.example", "Cara Price"),
        ("ollie@milllane.example", "Ollie Grant"),
    ],
    "Greenhollow Growers": [
        ("marek@greenhollow.example", "Marek Novak"),
        ("fay@greenhollow.example", "Fay Doyle"),
    ],
    "Marsh Food Consulting": [
        ("ian@marshfood.example", "Ian Marsh"),
        ("zoe@marshfood.example", "Zoe Clarke"),
    ],
}
NORTHGATE = [
    ("owner@northgate.example", "Grace Whitfield", Role.OWNER),
    ("ops@northgate.example", "Raj Patel", Role.MANAGER),
    ("finance@northgate.example", "Ellen Brooks", Role.CONTRIBUTOR),
    ("fleet@northgate.example", "Marcus Dunn", Role.CONTRIBUTOR),
    ("sales@northgate.example", "Sofia Reyes", Role.MANAGER),
]
LOGINS = [(email, f"Northgate Logistics — {name}") for email, name, _role in NORTHGATE]


def _user(world: Any, email: str, name: str, hashed: str) -> Any:
    from accord.accounts.models import User

    user = world.users.get(email) or User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=name)
        user.password = hashed
        user.save(update_fields=["password"])
    world.users[email] = user
    return user


def _backdate(campaign: Any, when: datetime.datetime) -> None:
    type(campaign).unscoped.filter(pk=campaign.pk).update(created_at=when)
    campaign.created_at = when


def _clamp(value: float) -> str:
    return str(max(1, min(5, round(value))))


def _answer(
    campaign: Any, respondent: Respondent, values: dict[str, str], comments: dict[str, str] | None = None
) -> None:
    for question, value in values.items():
        services.answer_save(
            respondent=respondent,
            campaign=campaign,
            question=question,
            answer=value,
            comment=(comments or {}).get(question, ""),
        )
    services.submit(respondent=respondent, campaign=campaign)


def run(world: Any) -> None:
    _valley(world)
    _northgate(world)


# --- scenario 2 --------------------------------------------------------------------------------------


def _valley(world: Any) -> None:
    from accord.collaborations.models import Party
    from accord.organizations.models import Membership

    collaboration = getattr(world, "valley_larder", None)
    if collaboration is None:
        return
    rng = world.rng
    hashed = make_password("accord-demo")
    parties = list(
        Party.objects.in_scope(collaboration).filter(status="active").select_related("organization")
    )
    people: dict[int, list[Any]] = {}
    for party in parties:
        org = party.organization
        members = [
            m.user for m in Membership.objects.filter(organization=org).select_related("user").order_by("id")
        ]
        owner = members[0] if members else world.valley_people.get(org.slug)
        with world.acting_as(owner):
            for email, name in VALLEY_COLLEAGUES.get(org.name, []):
                if len(members) >= 3:
                    break
                user = _user(world, email, name, hashed)
                Membership.objects.get_or_create(
                    organization=org, user=user, defaults={"role": Role.CONTRIBUTOR}
                )
                members.append(user)
        people[party.pk] = members[:3]
    coordinator = world.users.get("tessa@marshfood.example") or people[parties[0].pk][0]
    organizer = next(
        (p for p in parties if p.organization_id == getattr(world.valley_coordinator, "pk", None)), parties[0]
    )
    questions = [q["id"] for q in engine.questions(engine.shipped()["trust_pulse"].definition)]
    now = timezone.now()
    # Each party's trust level per quarter: most rise over the year; one dips and recovers.
    levels = {party.pk: [2.7 + rng.uniform(-0.3, 0.3) + 0.35 * q for q in range(4)] for party in parties}
    if len(parties) > 2:
        levels[parties[2].pk] = [3.4, 2.6, 2.9, 3.5]  # the van schedule row of the second quarter
    latest = None
    for quarter in range(4):
        when = now - datetime.timedelta(days=91 * (3 - quarter) + 2)
        with world.acting_as(coordinator):
            campaign = services.campaign_create(
                owner=collaboration,
                organization=organizer.organization,
                template="trust_pulse",
                title=f"Trust pulse — {when:%B %Y}",
                user=coordinator,
            )
        _backdate(campaign, when)
        for party in parties:
            services.respondents_set(
                campaign=campaign,
                organization=party.organization,
                party=party,
                user_ids=[u.pk for u in people[party.pk]],
                notify=False,
            )
        rows = {(r.organization_id, r.user_id): r for r in Respondent.objects.filter(joint_campaign=campaign)}
        for party in parties:
            answering = people[party.pk]
            if quarter == 3 and party is parties[-1]:
                answering = answering[:2]  # the latest pulse waits for a third answer here
            for person in answering:
                base = levels[party.pk][quarter] + rng.uniform(-0.3, 0.3)
                values = {q: _clamp(base + rng.uniform(-0.6, 0.6)) for q in questions}
                if rng.random() < 0.2:
                    values[rng.choice(questions)] = "dk"
                comments = {}
                if rng.random() < 0.3:
                    comments["resp_views"] = rng.choice(
                        [
                            "The van rota discussion felt one-sided.",
                            "Good to have the coordinator keep everyone informed.",
                            "We heard about the price change late.",
                            "Meetings are short and useful.",
                        ]
                    )
                _answer(campaign, rows[(party.organization_id, person.pk)], values, comments)
        if quarter < 3:
            services.campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED)
        latest = campaign
    world.valley_pulses = latest
    # A compatibility check of vision and values, which the JRMP's section shows.
    with world.acting_as(coordinator):
        check = services.campaign_create(
            owner=collaboration,
            organization=organizer.organization,
            template="compatibility",
            title="Compatibility check: vision and values",
            user=coordinator,
        )
    _backdate(check, now - datetime.timedelta(days=330))
    ids = [q["id"] for q in engine.questions(check.definition)]
    for party in parties:
        services.respondents_set(
            campaign=check,
            organization=party.organization,
            party=party,
            user_ids=[u.pk for u in people[party.pk]],
            notify=False,
        )
    for row in Respondent.objects.filter(joint_campaign=check):
        _answer(check, row, {q: _clamp(3.6 + rng.uniform(-1.2, 1.2)) for q in ids})
    services.campaign_set_status(campaign=check, status=CampaignStatus.CLOSED)


# --- scenario 4 --------------------------------------------------------------------------------------

# Where Northgate stands on each principle a year ago and now (1–5), and how far its five
# people's views are apart (a larger spread: they disagree).
NORTHGATE_LEVELS = {
    "P1": (2.2, 3.4, 0.5),
    "P2": (2.8, 3.2, 0.4),
    "P3": (3.2, 3.6, 0.4),
    "P4": (2.6, 3.0, 1.4),
    "P5": (2.0, 3.2, 0.6),
    "P6": (2.4, 2.8, 0.8),
    "P7": (3.0, 3.4, 1.6),
    "P8": (1.8, 2.4, 0.6),
    "P9": (2.4, 3.0, 0.5),
    "P10": (2.0, 3.4, 0.5),
    "P11": (1.6, 2.6, 0.7),
    "P12": (1.4, 1.8, 0.6),
}


def _northgate(world: Any) -> None:
    from accord.organizations.models import Membership, SizeClass
    from accord.organizations.services import organization_create

    rng = world.rng
    hashed = make_password("accord-demo")
    users = [_user(world, email, name, hashed) for email, name, _role in NORTHGATE]
    owner = users[0]
    with world.acting_as(owner):
        northgate = organization_create(
            name="Northgate Logistics",
            owner=owner,
            size_class=SizeClass.MEDIUM,
            sector="Road freight and warehousing",
            country="United Kingdom",
            market="Contract logistics for regional manufacturers and retailers (120 people); "
            "preparing for ISO 44001 with two key customers.",
            vision="The logistics partner manufacturers plan with, not around.",
            values="Reliability\nOpenness\nSafety first",
            time_zone="Europe/London",
        )
        for user, (_email, _name, role) in zip(users[1:], NORTHGATE[1:], strict=True):
            Membership.objects.create(organization=northgate, user=user, role=role)
    world.northgate = northgate
    questions = engine.questions(engine.shipped()["capability_12"].definition)
    now = timezone.now()
    bias = [0.0, 0.5, -0.6, -0.2, 0.3]  # the owner, ops, finance, fleet, sales
    campaigns = []
    for year, when in enumerate([now - datetime.timedelta(days=372), now - datetime.timedelta(days=7)]):
        with world.acting_as(owner):
            campaign = services.campaign_create(
                owner=northgate,
                organization=northgate,
                template="capability_12",
                title=f"Capability self-assessment {when:%Y}",
                user=owner,
            )
        _backdate(campaign, when)
        services.respondents_set(
            campaign=campaign, organization=northgate, user_ids=[u.pk for u in users], notify=False
        )
        rows = {r.user_id: r for r in Respondent.objects.filter(own_campaign=campaign)}
        for index, user in enumerate(users):
            values = {}
            for q in questions:
                level, later, spread = NORTHGATE_LEVELS[q["principle"]]
                centre = later if year else level
                values[q["id"]] = _clamp(centre + bias[index] + rng.uniform(-spread, spread))
            if index == 3:
                values["p9_ip"] = "dk"
                values["p8_benefits"] = "na"
            _answer(campaign, rows[user.pk], values)
        services.campaign_set_status(campaign=campaign, status=CampaignStatus.CLOSED)
        campaigns.append(campaign)
    world.northgate_assessments = campaigns
    try:
        with world.acting_as(owner):
            for title, who, days in [
                ("Agree an exit and hand-over clause with both key customers", users[0], 60),
                ("Start a relationship health measure with each key customer", users[1], 90),
            ]:
                services.result_action(
                    campaign=campaigns[-1],
                    title=title,
                    owner_user=who,
                    due_date=timezone.localdate() + datetime.timedelta(days=days),
                    user=owner,
                )
    except ImportError:  # the actions app is not installed
        pass


# --- benchmark data ---------------------------------------------------------------------------------

BENCH_QUESTIONS = 60
BENCH_RESPONDENTS = 200
BENCH_PAST = 40


def bench_definition() -> dict[str, Any]:
    """A 60-question questionnaire across the 12 principles (five questions each)."""
    codes = list(engine.PRINCIPLE_KEYS)
    sections = []
    for s in range(6):
        items = []
        for q in range(10):
            number = s * 10 + q
            items.append(
                {
                    "id": f"q{number:02d}",
                    "text": f"Benchmark statement {number + 1} about working together.",
                    "scale": "maturity" if number % 2 else "agreement",
                    "principle": codes[number % 12],
                    "comment": number % 10 == 0,
                }
            )
        sections.append({"title": f"Part {s + 1}", "questions": items})
    raw = {
        "key": "bench_60",
        "version": 1,
        "title": "Benchmark questionnaire (60 questions)",
        "scope": "org",
        "dimension": "principle",
        "sections": sections,
    }
    return engine.parse_definition(raw)


def bench(world: Any, *, respondents: int = BENCH_RESPONDENTS, past: int = BENCH_PAST) -> None:
    from accord.accounts.models import User
    from accord.organizations.models import Membership

    heavy = world.heavy
    rng = world.rng
    definition = bench_definition()
    AssessmentTemplate.objects.create(
        organization=heavy,
        key=definition["key"],
        template_version=1,
        title=definition["title"],
        scope="org",
        definition=definition,
    )
    existing = list(User.objects.filter(memberships__organization=heavy).order_by("pk"))
    needed = respondents - len(existing)
    if needed > 0:
        password = getattr(world, "password", "!")
        new = User.objects.bulk_create(
            [
                User(
                    email=f"respondent{i:04d}@{heavy.slug}.example",
                    full_name=f"Respondent {i:04d}",
                    password=password,
                )
                for i in range(needed)
            ],
            batch_size=1000,
        )
        Membership.objects.bulk_create(
            [Membership(organization=heavy, user=u, role=Role.CONTRIBUTOR) for u in new], batch_size=1000
        )
        existing += new
    people = existing[:respondents]
    questions = engine.questions(definition)
    now = timezone.now()
    campaigns = OwnCampaign.unscoped.bulk_create(
        [
            OwnCampaign(
                organization=heavy,
                title=f"Benchmark assessment {i + 1:02d}",
                template_key=definition["key"],
                template_version=1,
                kind="custom",
                definition=definition,
                status=CampaignStatus.CLOSED if i < past else CampaignStatus.OPEN,
            )
            for i in range(past + 1)
        ]
    )
    for i, campaign in enumerate(campaigns):
        when = now - datetime.timedelta(days=30 * (past - i))
        OwnCampaign.unscoped.filter(pk=campaign.pk).update(created_at=when)
        campaign.created_at = when
    for i, campaign in enumerate(campaigns):
        group = people if i == past else people[:5]
        rows = Respondent.objects.bulk_create(
            [
                Respondent(own_campaign=campaign, user=u, subject=u, organization=heavy, submitted_at=now)
                for u in group
            ],
            batch_size=1000,
        )
        answers = []
        for row in rows:
            level = rng.uniform(1.5, 4.5)
            for q in questions:
                roll = rng.random()
                answers.append(
                    Answer(
                        respondent=row,
                        question=q["id"],
                        dimension=q["principle"],
                        value=None if roll < 0.05 else max(1, min(5, round(level + rng.uniform(-1, 1)))),
                        special="dk" if roll < 0.03 else ("na" if roll < 0.05 else ""),
                        comment="A comment for the benchmark." if q["comment"] and roll > 0.9 else "",
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=5000)
        results.refresh(campaign)
    world.assessment_bench_campaign = campaigns[-1]
