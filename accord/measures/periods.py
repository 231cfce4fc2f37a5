"""Periods of a measure: a value belongs to one period, named by its first day.

A monthly measure's periods start on the first of each month, a quarterly one's on 1 January,
1 April, 1 July and 1 October, a yearly one's on 1 January. A period is *due* once it has
ended (its next period has started, today or earlier), from the measure's start date on.
"""

import datetime
from collections.abc import Iterator

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}
# Periods Accord accepts (a typo such as 20255 or 0205 is refused rather than stored).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def check_year(day: datetime.date) -> None:
    """Raises ValueError for a date outside the years Accord accepts."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year outside {FIRST_YEAR}-{LAST_YEAR}")


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period of ``frequency`` that contains ``day``."""
    step = MONTHS[Frequency(frequency)]
    month = ((day.month - 1) // step) * step + 1
    return datetime.date(day.year, month, 1)


def next_period(start: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period after the one starting on ``start``."""
    months = start.year * 12 + start.month - 1 + MONTHS[Frequency(frequency)]
    return datetime.date(months // 12, months % 12 + 1, 1)


def period_end(start: datetime.date, frequency: str) -> datetime.date:
    """The last day of the period starting on ``start``."""
    return next_period(start, frequency) - datetime.timedelta(days=1)


def period_label(start: datetime.date, frequency: str) -> str:
    """``2025-03`` (monthly), ``2025 Q1`` (quarterly) or ``2025`` (yearly)."""
    if frequency == Frequency.YEARLY:
        return str(start.year)
    if frequency == Frequency.QUARTERLY:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def parse_period(text: str, frequency: str) -> datetime.date:
    """A period from what people type: a date (any day of the period), ``2025-03``,
    ``2025 Q1`` / ``2025-Q1`` or ``2025``. Raises ValueError."""
    raw = text.strip().upper().replace("/", "-")
    if not raw:
        raise ValueError("empty period")
    if "Q" in raw:
        year, _sep, quarter = raw.replace(" ", "").replace("-", "").partition("Q")
        number = int(quarter)
        if not 1 <= number <= 4:
            raise ValueError("quarter out of range")
        day = datetime.date(int(year), (number - 1) * 3 + 1, 1)
    elif raw.isdigit() and len(raw) == 4:
        day = datetime.date(int(raw), 1, 1)
    elif raw.count("-") == 1:
        year, month = raw.split("-")
        day = datetime.date(int(year), int(month), 1)
    else:
        day = datetime.date.fromisoformat(raw)
    check_year(day)
    return period_start(day, frequency)


def due_periods(start: datetime.date, frequency: str, today: datetime.date) -> Iterator[datetime.date]:
    """The periods from the one containing ``start`` whose end is before ``today``."""
    current = period_start(start, frequency)
    while next_period(current, frequency) <= today:
        yield current
        current = next_period(current, frequency)


def latest_due_period(start: datetime.date, frequency: str, today: datetime.date) -> datetime.date | None:
    """The most recent period that has ended by ``today`` (None if none has ended since
    ``start``), without walking every period."""
    latest = period_start(today, frequency)
    # The period containing today has not ended; the one before it is the latest due.
    months = latest.year * 12 + latest.month - 1 - MONTHS[Frequency(frequency)]
    previous = datetime.date(months // 12, months % 12 + 1, 1)
    return previous if previous >= period_start(start, frequency) else None
