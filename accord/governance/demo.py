"""Governance in the demo world: scenario 3's forums, ladder, agreements register (the
scheduling contract renews in two months) and Quillsoft's escalation from the working level
to the joint management team to the two SERs, resolved (one level kept to its target, one
missed); scenario 1's forums and ladder; and the benchmark's 300 issues with escalations."""

import datetime
from typing import Any

from django.utils import timezone

from accord.governance import services, timing
from accord.governance.models import (
    Agreement,
    DecisionRight,
    Escalation,
    EscalationLevel,
    Forum,
    ForumFrequency,
    ForumKind,
    ForumMember,
    Issue,
    IssueStatus,
    LadderContact,
    RaciActivity,
)

BENCH_ISSUES = 300


def _working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    while days > 0:
        moment -= datetime.timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _forum(collaboration: Any, name: str, kind: str, frequency: str, purpose: str) -> Forum:
    forum = Forum(collaboration=collaboration, name=name, kind=kind, frequency=frequency, purpose=purpose)
    forum.full_clean()
    forum.save()
    return forum


def _member(forum: Forum, party: Any, name: str, role: str = "", user: Any = None) -> None:
    member = ForumMember(
        collaboration_id=forum.collaboration_id, forum=forum, party=party, name=name, role=role, user=user
    )
    member.full_clean()
    member.save()


def _contact(level: EscalationLevel, party: Any, name: str, role: str = "") -> None:
    contact = LadderContact(
        collaboration_id=level.collaboration_id, level=level, party=party, name=name, role=role
    )
    contact.full_clean()
    contact.save()


def run(world: Any) -> None:
    _quillsoft_hospital(world)
    _northline(world)


def _quillsoft_hospital(world: Any) -> None:
    collaboration = world.quillsoft_hospital
    parties = world.parties[collaboration.pk]
    quillsoft, hospital = parties[world.quillsoft.pk], parties[world.hospital.pk]
    qs, hp = world.quillsoft_people, world.hospital_people
    today = timezone.localdate()

    with world.acting_as(qs["manager"]):
        jmt = _forum(
            collaboration,
            "Joint management team",
            ForumKind.JOINT_MANAGEMENT_TEAM,
            ForumFrequency.MONTHLY,
            "Oversees the scheduling service: performance, issues the working level could not "
            "settle, changes, risks and actions.",
        )
        ser = _forum(
            collaboration,
            "SER quarterly review",
            ForumKind.SER_REVIEW,
            ForumFrequency.QUARTERLY,
            "The two senior executives review value, trust and the joint plan, and settle what the "
            "joint management team could not.",
        )
        rollout = _forum(
            collaboration,
            "Ward roll-out working group",
            ForumKind.WORKING_GROUP,
            ForumFrequency.WEEKLY,
            "Plans training and go-live ward by ward.",
        )
        _member(jmt, quillsoft, qs["manager"].display_name, "Account manager", qs["manager"])
        _member(ser, quillsoft, qs["ser"].display_name, "Managing director", qs["ser"])
        _member(rollout, quillsoft, "Priya Shah", "Implementation lead")
        levels = services.ladder_standard(collaboration=collaboration)
        _contact(levels[0], quillsoft, "Priya Shah", "Implementation lead")
        _contact(levels[1], quillsoft, qs["manager"].display_name, "Account manager")
        _contact(levels[2], quillsoft, qs["ser"].display_name, "Managing director")
        for area, decides, consulted, limits in (
            (
                "Changes to the roll-out schedule",
                "Joint management team",
                "Ward managers",
                "Within the contract year; anything later goes to the SERs",
            ),
            ("Price and scope changes", "Both SERs", "Joint management team", "By change request only"),
            ("Release dates of new versions", "Quillsoft", "Hospital IT", "Not during winter pressures"),
        ):
            right = DecisionRight(
                collaboration=collaboration, area=area, decides=decides, consulted=consulted, limits=limits
            )
            right.full_clean()
            right.save()
        activities = []
        for position, name in enumerate(
            ("Ward training", "Rota data quality", "Service desk", "Release planning", "Contract renewal"), 1
        ):
            activity = RaciActivity(collaboration=collaboration, name=name, position=position)
            activity.full_clean()
            activity.save()
            activities.append(activity)
        for activity, role in zip(activities, ("A", "C", "A", "A", "C"), strict=True):
            services.raci_set(collaboration=collaboration, party=quillsoft, activity=activity, role=role)
        agreement = Agreement(
            collaboration=collaboration,
            reference="QS-2024-017",
            title="Staff scheduling service contract",
            parties="Quillsoft Ltd; the hospital trust",
            start_date=today.replace(day=1) - datetime.timedelta(days=670),
            end_date=today + datetime.timedelta(days=61 + 365),
            renewal_date=today + datetime.timedelta(days=61),
            notice_period="3 months",
            key_terms=(
                "Hosted scheduling for all wards; 99.5% monthly availability; service desk 8:00-18:00 "
                "on working days; price fixed until renewal, then indexed to CPI."
            ),
        )
        agreement.full_clean()
        agreement.save()
        annex = Agreement(
            collaboration=collaboration,
            reference="QS-2024-017-A1",
            title="Data processing annex",
            parties="Quillsoft Ltd; the hospital trust",
            start_date=agreement.start_date,
            notice_period="With the contract",
            key_terms="Quillsoft processes staff data on the trust's instructions only; UK hosting.",
        )
        annex.full_clean()
        annex.save()

    with world.acting_as(hp["manager"]):
        _member(jmt, hospital, hp["manager"].display_name, "Workforce manager", hp["manager"])
        _member(jmt, hospital, "Ward sister, Ward 7", "Ward representative")
        _member(ser, hospital, hp["ser"].display_name, "Director of operations", hp["ser"])
        _member(rollout, hospital, "Tom Reilly", "Practice educator")
        _contact(levels[0], hospital, "Tom Reilly", "Practice educator")
        _contact(levels[1], hospital, hp["manager"].display_name, "Workforce manager")
        _contact(levels[2], hospital, hp["ser"].display_name, "Director of operations")
        for activity, role in zip(activities, ("R", "A", "I", "C", "A"), strict=True):
            services.raci_set(collaboration=collaboration, party=hospital, activity=activity, role=role)

    # Quillsoft's escalation: raised about six weeks ago at the working level, escalated after
    # three working days (level 1 target five: met), then after nine working days at the joint
    # management team (target five: missed), then resolved by the SERs in four working days.
    resolved = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
    resolved = _working_days_before(resolved, 16)  # a few days before the quarterly review
    to_sers = _working_days_before(resolved, 4)
    to_jmt = _working_days_before(to_sers, 9)
    raised = _working_days_before(to_jmt, 3).replace(hour=10)
    with world.acting_as(qs["manager"]):
        issue = services.issue_raise(
            collaboration=collaboration,
            party=quillsoft,
            user=qs["manager"],
            at=raised,
            data={
                "title": "Ward roll-out stalled: wards 8-10 not released for training",
                "impact": "high",
                "description": (
                    "Training sessions for wards 8-10 were cancelled three times because staff could "
                    "not be released. Go-live for those wards is slipping and the old paper rotas "
                    "stay in use."
                ),
            },
        )
        issue = services.issue_escalate(
            issue=issue,
            party=quillsoft,
            user=qs["manager"],
            at=to_jmt,
            reason="The working group cannot free ward time on its own: it needs the workforce manager.",
        )
        issue = Issue.objects.in_scope(collaboration).get(pk=issue.issue_id)
        services.issue_escalate(
            issue=issue,
            party=quillsoft,
            user=qs["ser"],
            at=to_sers,
            reason=(
                "Two joint management team meetings did not find cover for training; the roll-out is "
                "now two weeks late and needs a decision on extra resources."
            ),
        )
        issue.refresh_from_db()
    with world.acting_as(hp["ser"]):
        services.issue_resolve(
            issue=issue,
            user=hp["ser"],
            at=resolved,
            resolution=(
                "The SERs agreed that Quillsoft adds a second trainer until the roll-out is complete "
                "and the hospital backfills two shifts a week per ward for training."
            ),
        )
        issue.refresh_from_db()
        services.issue_action_create(
            issue=issue,
            user=hp["ser"],
            title="Backfill two shifts a week per ward for training",
            owner_party=hospital,
            owner_user=hp["manager"],
            due_date=timezone.localdate() + datetime.timedelta(days=10),
        )
    # A second, open issue still at the working level.
    with world.acting_as(hp["manager"]):
        services.issue_raise(
            collaboration=collaboration,
            party=hospital,
            user=hp["manager"],
            at=timezone.now() - datetime.timedelta(days=1),
            data={
                "title": "Night-shift swaps not showing on the mobile app",
                "impact": "medium",
                "description": "Swaps approved after 22:00 appear only the next morning.",
            },
        )
    world.governance_issue = issue


def _northline(world: Any) -> None:
    collaboration = world.northline
    parties = world.parties[collaboration.pk]
    brightwave, lumen = parties[world.brightwave.pk], parties[world.lumen.pk]
    with world.acting_as(world.ana):
        bid = _forum(
            collaboration,
            "Bid team",
            ForumKind.JOINT_MANAGEMENT_TEAM,
            ForumFrequency.WEEKLY,
            "Prepares the Northline Rail bid: technical answers, pricing and the coating specification.",
        )
        sers = _forum(
            collaboration,
            "Directors' check-in",
            ForumKind.SER_REVIEW,
            ForumFrequency.MONTHLY,
            "The two owners agree price, risk sharing and whether to go on with the bid.",
        )
        _member(bid, brightwave, world.ben.display_name, "Bid manager", world.ben)
        _member(sers, brightwave, world.ana.display_name, "Managing director", world.ana)
        levels = []
        for number, name, amount, unit in (
            (1, "Bid team", 2, timing.WORKING_DAYS),
            (2, "Directors", 24, timing.HOURS),
        ):
            levels.append(
                services.level_create(
                    collaboration=collaboration,
                    data={"number": number, "name": name, "target_amount": amount, "target_unit": unit},
                )
            )
        _contact(levels[0], brightwave, world.ben.display_name, "Bid manager")
        _contact(levels[1], brightwave, world.ana.display_name, "Managing director")
    with world.acting_as(world.jo):
        _member(bid, lumen, "Sam Patel", "Coatings engineer")
        _member(sers, lumen, world.jo.display_name, "Owner", world.jo)
        _contact(levels[0], lumen, "Sam Patel", "Coatings engineer")
        _contact(levels[1], lumen, world.jo.display_name, "Owner")


def bench(world: Any) -> None:
    """300 issues in ``world.bench_collaboration`` over the past year, most escalated once or
    twice, two thirds resolved; a three-level ladder."""
    collaboration = world.bench_collaboration
    parties = list(world.parties[collaboration.pk].values())
    now = timezone.now().replace(microsecond=0)
    levels = [
        EscalationLevel(collaboration=collaboration, number=n, name=name, target_amount=a, target_unit=u)
        for n, name, a, u in services.STANDARD_LADDER
    ]
    EscalationLevel.unscoped.bulk_create(levels)
    targets = {lv.number: lv for lv in levels}
    rng = world.rng
    issues, plans = [], []
    for n in range(BENCH_ISSUES):
        raised = now - datetime.timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 23))
        steps = rng.choice((0, 1, 1, 2))
        moments = [raised]
        for _ in range(steps):
            moments.append(moments[-1] + datetime.timedelta(days=rng.randint(1, 12)))
        moments = [m for m in moments if m < now]
        level = len(moments)
        resolved = n % 3 != 0 and moments[-1] + datetime.timedelta(days=2) < now
        lv = targets[level]
        issues.append(
            Issue(
                collaboration=collaboration,
                title=f"Issue {n + 1}: {rng.choice(('late delivery', 'invoice query', 'quality defect', 'data gap'))}",
                description="Raised in the benchmark data.",
                impact=rng.choice(("low", "medium", "high")),
                raised_by_party=parties[n % len(parties)],
                raised_at=raised,
                level=level,
                level_since=moments[-1],
                level_due_at=timing.due_at(moments[-1], lv.target_amount, lv.target_unit),
                status=IssueStatus.RESOLVED if resolved else IssueStatus.OPEN,
                resolution="Resolved at the level it reached." if resolved else "",
                resolved_at=moments[-1] + datetime.timedelta(days=2) if resolved else None,
            )
        )
        plans.append(moments)
    Issue.unscoped.bulk_create(issues, batch_size=500)
    Escalation.unscoped.bulk_create(
        (
            Escalation(
                collaboration=collaboration,
                issue=issue,
                from_level=i,
                to_level=i + 1,
                reason="Not settled at the lower level.",
                by_party=issue.raised_by_party,
                at=moment,
            )
            for issue, moments in zip(issues, plans, strict=True)
            for i, moment in enumerate(moments[1:], 1)
        ),
        batch_size=1000,
    )
