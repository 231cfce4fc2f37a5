"""The status rule at its exact boundaries, and the periods of each frequency."""

import datetime
from decimal import Decimal

import pytest

from accord.measures.periods import (
    due_periods,
    latest_due_period,
    next_period,
    parse_period,
    period_end,
    period_label,
    period_start,
)
from accord.measures.status import Direction, Status, value_status

D = datetime.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99.6", Status.ON_TRACK),
        ("99.5", Status.ON_TRACK),  # exactly on target
        ("99.4999", Status.AT_RISK),
        ("98", Status.AT_RISK),  # exactly on the warning boundary
        ("97.9999", Status.OFF_TRACK),
        ("0", Status.OFF_TRACK),
    ],
)
def test_higher_is_better(value, expected):
    status = value_status(
        Decimal(value), direction=Direction.HIGHER, target=Decimal("99.5"), warning=Decimal("98")
    )
    assert status == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", Status.ON_TRACK),
        ("4", Status.ON_TRACK),  # exactly on target
        ("4.0001", Status.AT_RISK),
        ("6", Status.AT_RISK),  # exactly on the warning boundary
        ("6.0001", Status.OFF_TRACK),
    ],
)
def test_lower_is_better(value, expected):
    status = value_status(
        Decimal(value), direction=Direction.LOWER, target=Decimal("4"), warning=Decimal("6")
    )
    assert status == expected


def test_without_warning_every_miss_is_off_track():
    assert value_status(10, direction=Direction.HIGHER, target=10) == Status.ON_TRACK
    assert value_status(Decimal("9.99"), direction=Direction.HIGHER, target=10) == Status.OFF_TRACK
    assert value_status(10, direction=Direction.LOWER, target=10) == Status.ON_TRACK
    assert value_status(Decimal("10.01"), direction=Direction.LOWER, target=10) == Status.OFF_TRACK


def test_missing_and_not_rated():
    assert value_status(None, direction=Direction.HIGHER, target=10, warning=5) == Status.MISSING
    assert value_status(None, direction=Direction.HIGHER, target=None) == Status.MISSING
    assert value_status(7, direction=Direction.HIGHER, target=None) == Status.NOT_RATED


def test_floats_compare_like_decimals():
    # 0.1 + 0.2 is not 0.3 in binary floating point; the rule compares decimals.
    assert value_status(0.3, direction=Direction.HIGHER, target=Decimal("0.3")) == Status.ON_TRACK


@pytest.mark.parametrize(
    ("day", "frequency", "start", "label", "end"),
    [
        (D(2025, 3, 17), "monthly", D(2025, 3, 1), "2025-03", D(2025, 3, 31)),
        (D(2025, 2, 10), "quarterly", D(2025, 1, 1), "2025 Q1", D(2025, 3, 31)),
        (D(2025, 12, 31), "quarterly", D(2025, 10, 1), "2025 Q4", D(2025, 12, 31)),
        (D(2024, 7, 4), "yearly", D(2024, 1, 1), "2024", D(2024, 12, 31)),
    ],
)
def test_periods(day, frequency, start, label, end):
    assert period_start(day, frequency) == start
    assert period_label(start, frequency) == label
    assert period_end(start, frequency) == end
    assert next_period(start, frequency) == end + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2025-03", "monthly", D(2025, 3, 1)),
        ("2025-03-31", "monthly", D(2025, 3, 1)),
        ("2025 Q2", "quarterly", D(2025, 4, 1)),
        ("2025-q2", "quarterly", D(2025, 4, 1)),
        ("2025-05-20", "quarterly", D(2025, 4, 1)),
        ("2025", "yearly", D(2025, 1, 1)),
    ],
)
def test_parse_period(text, frequency, expected):
    assert parse_period(text, frequency) == expected


@pytest.mark.parametrize("text", ["", "soon", "2025 Q5", "2025-13", "2025-02-30"])
def test_parse_period_refuses(text):
    with pytest.raises(ValueError):
        parse_period(text, "quarterly" if "Q" in text else "monthly")


def test_due_periods_end_before_today():
    # A period is due once it has ended: on 1 April, Q1 is due; on 31 March it is not.
    assert list(due_periods(D(2025, 1, 15), "quarterly", D(2025, 3, 31))) == []
    assert list(due_periods(D(2025, 1, 15), "quarterly", D(2025, 4, 1))) == [D(2025, 1, 1)]
    assert latest_due_period(D(2025, 1, 15), "quarterly", D(2025, 3, 31)) is None
    assert latest_due_period(D(2025, 1, 15), "quarterly", D(2025, 4, 1)) == D(2025, 1, 1)
    months = list(due_periods(D(2024, 1, 1), "monthly", D(2025, 1, 1)))
    assert len(months) == 12 and months[-1] == D(2024, 12, 1)
    assert latest_due_period(D(2024, 1, 1), "monthly", D(2025, 1, 1)) == D(2024, 12, 1)


@pytest.mark.parametrize("text", ["0205-03", "20255", "9999-12", "1899 Q4"])
def test_parse_period_refuses_odd_years(text):
    with pytest.raises(ValueError):
        parse_period(text, "quarterly" if "Q" in text else "monthly")
