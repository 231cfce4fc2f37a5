"""Escalation timing: when a level's target time runs out, and whether it was met.

Pure functions (no database): the target is ``amount`` hours of wall-clock time or
``amount`` working days (Monday to Friday, counted in the server's time zone: the same time
of day, ``amount`` working days later). A level's time is met when the issue left the level
(escalated or resolved) at or before the moment the target ran out.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

HOURS, WORKING_DAYS = "hours", "working_days"


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """``start`` plus ``days`` working days (Saturday and Sunday skipped), same local time.
    A start on a weekend counts from the next Monday at 00:00."""
    # The server's zone, whatever zone the request shows times in: a deadline does not depend
    # on which party's person recorded the step.
    local = timezone.localtime(start, timezone.get_default_timezone()) if timezone.is_aware(start) else start
    while local.weekday() >= 5:
        local = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        local += datetime.timedelta(days=1)
        if local.weekday() < 5:
            added += 1
    if timezone.is_aware(local):
        # Re-attach the zone so a daylight-saving change keeps the local time of day.
        local = timezone.make_aware(local.replace(tzinfo=None), timezone.get_default_timezone())
    return local


def due_at(start: datetime.datetime, amount: int | None, unit: str | None) -> datetime.datetime | None:
    """When a level entered at ``start`` runs out of time; None without a target."""
    if not amount or not unit:
        return None
    if unit == HOURS:
        return start + datetime.timedelta(hours=amount)
    if unit == WORKING_DAYS:
        return add_working_days(start, amount)
    raise ValueError(f"unknown target unit {unit!r}")


def target_met(
    start: datetime.datetime, end: datetime.datetime, amount: int | None, unit: str | None
) -> bool | None:
    """Whether a level entered at ``start`` and left at ``end`` kept to its target (None: no
    target). Leaving exactly when the target runs out is met."""
    due = due_at(start, amount, unit)
    return None if due is None else end <= due


@dataclass(frozen=True)
class LevelTime:
    """One stay of an issue at one level of the ladder."""

    level: int
    name: str
    start: datetime.datetime
    end: datetime.datetime | None  # None: still there (open issue)
    due: datetime.datetime | None
    target: str
    met: bool | None  # None: no target, or still there and not yet late
    late: bool  # past the target (met is False, or still there after the due time)
    escalation: Any = None  # the Escalation that started this stay (None for level 1)


def level_times(
    *,
    raised_at: datetime.datetime,
    escalations: list[Any],
    resolved_at: datetime.datetime | None,
    reopened_at: datetime.datetime | None,
    levels: dict[int, Any],
    now: datetime.datetime,
) -> list[LevelTime]:
    """Each stay at a level, in order: from ``raised_at`` at level 1, one per escalation
    (``at``, ``to_level``), the last ending at ``resolved_at`` (or open). ``levels`` maps a
    level number to an object with ``name``, ``target_amount``, ``target_unit``. A reopened
    issue counts its current level's time from the reopening."""
    stays: list[tuple[int, datetime.datetime, Any]] = [(1, raised_at, None)]
    for escalation in escalations:
        stays.append((escalation.to_level, escalation.at, escalation))
    out: list[LevelTime] = []
    for index, (number, start, escalation) in enumerate(stays):
        last = index == len(stays) - 1
        end = stays[index + 1][1] if not last else resolved_at
        if last and reopened_at and reopened_at > start:
            start = reopened_at
        level = levels.get(number)
        amount = getattr(level, "target_amount", None)
        unit = getattr(level, "target_unit", None)
        due = due_at(start, amount, unit)
        if end is not None:
            met = None if due is None else end <= due
            late = met is False
        else:
            late = due is not None and now > due
            met = False if late else None
        target = level.target_text if level is not None else ""
        out.append(
            LevelTime(
                level=number,
                name=getattr(level, "name", ""),
                start=start,
                end=end,
                due=due,
                target=target,
                met=met,
                late=late,
                escalation=escalation,
            )
        )
    return out
