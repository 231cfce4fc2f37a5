"""Escalation timing: a pure function, checked at its boundaries."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import override_settings

from accord.governance import timing

UTC = datetime.UTC
MON = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday


@override_settings(TIME_ZONE="UTC")
def test_hours_target_met_at_the_boundary_and_missed_a_second_later():
    due = MON + datetime.timedelta(hours=8)
    assert timing.due_at(MON, 8, timing.HOURS) == due
    assert timing.target_met(MON, due, 8, timing.HOURS) is True
    assert timing.target_met(MON, due + datetime.timedelta(seconds=1), 8, timing.HOURS) is False


@override_settings(TIME_ZONE="UTC")
def test_working_days_skip_the_weekend():
    # Monday + 5 working days = next Monday, same time.
    assert timing.due_at(MON, 5, timing.WORKING_DAYS) == MON + datetime.timedelta(days=7)
    # Thursday + 2 working days = Monday.
    thursday = MON + datetime.timedelta(days=3)
    assert timing.due_at(thursday, 2, timing.WORKING_DAYS) == MON + datetime.timedelta(days=7)
    due = MON + datetime.timedelta(days=7)
    assert timing.target_met(thursday, due, 2, timing.WORKING_DAYS) is True
    assert timing.target_met(thursday, due + datetime.timedelta(seconds=1), 2, timing.WORKING_DAYS) is False


@override_settings(TIME_ZONE="UTC")
def test_a_weekend_start_counts_from_monday_morning():
    saturday = MON + datetime.timedelta(days=5, hours=3)
    assert timing.due_at(saturday, 1, timing.WORKING_DAYS) == datetime.datetime(2026, 3, 10, 0, 0, tzinfo=UTC)


def test_no_target_is_neither_met_nor_missed():
    assert timing.due_at(MON, None, None) is None
    assert timing.target_met(MON, MON + datetime.timedelta(days=99), None, None) is None
    with pytest.raises(ValueError):
        timing.due_at(MON, 1, "fortnights")


@override_settings(TIME_ZONE="UTC")
def test_level_times_met_missed_and_running():
    levels = {
        1: SimpleNamespace(
            name="Working level", target_amount=2, target_unit=timing.WORKING_DAYS, target_text="2"
        ),
        2: SimpleNamespace(name="JMT", target_amount=24, target_unit=timing.HOURS, target_text="24"),
        3: SimpleNamespace(name="SERs", target_amount=1, target_unit=timing.WORKING_DAYS, target_text="1"),
    }
    e1 = SimpleNamespace(at=MON + datetime.timedelta(days=2), to_level=2)  # exactly on the target: met
    e2 = SimpleNamespace(at=e1.at + datetime.timedelta(hours=24, minutes=1), to_level=3)  # a minute late
    stays = timing.level_times(
        raised_at=MON,
        escalations=[e1, e2],
        resolved_at=None,
        reopened_at=None,
        levels=levels,
        now=e2.at + datetime.timedelta(hours=1),
    )
    assert [(s.level, s.met, s.late) for s in stays] == [(1, True, False), (2, False, True), (3, None, False)]
    late_now = e2.at + datetime.timedelta(days=1, seconds=1)
    stays = timing.level_times(
        raised_at=MON, escalations=[e1, e2], resolved_at=None, reopened_at=None, levels=levels, now=late_now
    )
    assert stays[-1].late and stays[-1].met is False
    resolved = timing.level_times(
        raised_at=MON,
        escalations=[e1, e2],
        resolved_at=e2.at + datetime.timedelta(hours=2),
        reopened_at=None,
        levels=levels,
        now=late_now,
    )
    assert resolved[-1].met is True and resolved[-1].end == e2.at + datetime.timedelta(hours=2)
