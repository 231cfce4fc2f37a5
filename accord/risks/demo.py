"""Risks in the demo world (Northline's joint risks with a private Brightwave mitigation and
Brightwave's own risks; the hospital collaboration's joint risks, one review overdue) and in
the benchmark data (2,000 joint risks with mitigations)."""

import datetime
from typing import Any

from django.utils import timezone

from accord.collaborations.models import Party
from accord.risks.models import JointMitigation, JointRisk, MitigationStatus, RiskStatus
from accord.risks.services import mitigation_create, risk_create

BENCH_RISKS = 2000


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    party = (getattr(world, "parties", {}) or {}).get(collaboration.pk, {}).get(organization.pk)
    return party or Party.objects.in_scope(collaboration).get(organization=organization)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _northline(world: Any) -> None:
    northline = world.northline
    bw = _party(world, northline, world.brightwave)
    lumen = _party(world, northline, world.lumen)
    with world.acting_as(world.ana):
        coating = risk_create(
            owner=northline,
            data={
                "title": "Anti-graffiti coating not qualified in time for the bid",
                "category": "operational",
                "description": "Northline Rail asks for a coating qualified to its fire and smoke standard.",
                "cause": "Lumen's new coating line has not finished its fire and smoke tests.",
                "consequence": "The bid would be non-compliant, or we would fall back on a dearer bought-in coating.",
                "likelihood": 3,
                "impact": 5,
                "owner_party": lumen,
                "owner_user": world.jo,
                "status": RiskStatus.MITIGATING,
                "review_date": _days(10),
                "residual_likelihood": 2,
                "residual_impact": 4,
            },
            user=world.ana,
        )
        capacity = risk_create(
            owner=northline,
            data={
                "title": "Machining capacity during the first-article build",
                "category": "operational",
                "cause": "The first-article build overlaps Brightwave's busiest quarter.",
                "consequence": "Late first articles would delay the bid's delivery plan.",
                "likelihood": 4,
                "impact": 3,
                "owner_party": bw,
                "owner_user": world.ana,
                "status": RiskStatus.OPEN,
                "review_date": _days(-3),
            },
            user=world.ana,
        )
        risk_create(
            owner=northline,
            data={
                "title": "Unequal share of bid costs breeds resentment",
                "category": "benefits",
                "cause": "Bid costs fall mostly on Brightwave while the margins are split evenly.",
                "consequence": "One party loses interest before the award.",
                "likelihood": 2,
                "impact": 3,
                "owner_party": bw,
                "owner_user": world.ben,
                "review_date": _days(30),
            },
            user=world.ana,
        )
        mitigation_create(
            risk=capacity,
            party=bw,
            data={
                "action": "Book a second shift for the first-article weeks",
                "owner_user": world.ben,
                "due_date": _days(14),
                "status": MitigationStatus.IN_PROGRESS,
            },
            user=world.ana,
        )
        # Brightwave's fallback: a private mitigation Lumen never sees.
        mitigation_create(
            risk=coating,
            party=bw,
            data={
                "action": "Get a quote from our old coating supplier as a fallback",
                "owner_user": world.ana,
                "due_date": _days(7),
                "private": True,
            },
            user=world.ana,
        )
    with world.acting_as(world.jo):
        mitigation_create(
            risk=coating,
            party=lumen,
            data={
                "action": "Run the fire and smoke tests at the accredited lab",
                "owner_user": world.jo,
                "due_date": _days(21),
                "status": MitigationStatus.IN_PROGRESS,
            },
            user=world.jo,
        )
    with world.acting_as(world.ana):
        for data in (
            {
                "title": "Over-dependence on Lumen for coatings",
                "category": "dependency",
                "cause": "Lumen is our only coating partner on rail work.",
                "consequence": "Lumen's failure or price rise would hit every rail bid.",
                "likelihood": 3,
                "impact": 4,
                "owner_user": world.ana,
                "review_date": _days(20),
            },
            {
                "title": "Bid team stretched across two tenders",
                "category": "internal",
                "likelihood": 4,
                "impact": 2,
                "owner_user": world.ben,
                "review_date": _days(5),
            },
        ):
            risk_create(owner=world.brightwave, data=data, user=world.ana)


def _hospital(world: Any) -> None:
    collaboration = world.quillsoft_hospital
    hospital = _party(world, collaboration, world.hospital)
    quillsoft = _party(world, collaboration, world.quillsoft)
    manager = world.hospital_people["manager"]
    q_manager = world.quillsoft_people["manager"]
    with world.acting_as(world.hospital_people["owner"]):
        rows = [
            (
                "Patient data exposed through the scheduling integration",
                "information",
                2,
                5,
                hospital,
                manager,
                -6,
            ),
            ("Ward staff do not adopt the new scheduling tool", "culture", 3, 4, hospital, manager, 12),
            ("Quillsoft's key developer leaves mid-rollout", "partner", 2, 4, quillsoft, q_manager, 25),
            ("Procurement rules force a re-tender at renewal", "legal", 2, 3, hospital, manager, 40),
        ]
        for title, category, lik, imp, party, person, review in rows:
            risk = risk_create(
                owner=collaboration,
                data={
                    "title": title,
                    "category": category,
                    "likelihood": lik,
                    "impact": imp,
                    "owner_party": party,
                    "owner_user": person,
                    "review_date": _days(review),
                    "status": RiskStatus.MITIGATING if review < 0 else RiskStatus.OPEN,
                },
                user=world.hospital_people["owner"],
            )
            if category == "information":
                mitigation_create(
                    risk=risk,
                    party=hospital,
                    data={
                        "action": "Data protection impact assessment of the integration",
                        "owner_user": manager,
                        "due_date": _days(10),
                    },
                    user=manager,
                )


def run(world: Any) -> None:
    if getattr(world, "northline", None) is not None:
        _northline(world)
    if getattr(world, "quillsoft_hospital", None) is not None:
        _hospital(world)


def bench(world: Any) -> None:
    """2,000 joint risks in ``world.bench_collaboration``, each with one or two mitigations (a
    tenth of them private), review dates around today."""
    collaboration = world.bench_collaboration
    rng = world.rng
    parties = list(Party.unscoped.filter(collaboration=collaboration).order_by("pk"))
    categories = [c for c, _label in JointRisk._meta.get_field("category").choices]
    statuses = [RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.ACCEPTED, RiskStatus.CLOSED]
    risks = []
    for n in range(BENCH_RISKS):
        risk = JointRisk(
            collaboration=collaboration,
            title=f"Joint risk {n}",
            category=categories[n % len(categories)],
            likelihood=rng.randint(1, 5),
            impact=rng.randint(1, 5),
            owner_party=parties[n % len(parties)] if parties else None,
            owner_user=getattr(world, "heavy_owner", None),
            status=statuses[n % 4],
            review_date=_days(rng.randint(-30, 120)),
            residual_likelihood=rng.randint(1, 3) if n % 2 else None,
            residual_impact=rng.randint(1, 3) if n % 2 else None,
        )
        risk.rescore()
        risks.append(risk)
    JointRisk.unscoped.bulk_create(risks, batch_size=1000)
    saved = list(JointRisk.unscoped.filter(collaboration=collaboration).values_list("pk", flat=True))
    if not parties:
        return
    JointMitigation.unscoped.bulk_create(
        (
            JointMitigation(
                collaboration=collaboration,
                risk_id=pk,
                party=parties[(n + k) % len(parties)],
                action=f"Mitigation {k + 1} of risk {n}",
                due_date=_days(rng.randint(-10, 90)),
                private=(n + k) % 10 == 0,
            )
            for n, pk in enumerate(saved)
            for k in range(1 + n % 2)
        ),
        batch_size=1000,
    )
