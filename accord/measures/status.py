"""On track, at risk, off track: the one rule that rates a value against its measure.

A measure has a *target* and, optionally, a *warning* boundary on the bad side of it:

- higher is better: value ≥ target → on track; warning ≤ value < target → at risk;
  value < warning → off track (no warning: below target is off track);
- lower is better: value ≤ target → on track; target < value ≤ warning → at risk;
  value > warning → off track (no warning: above target is off track).

A value exactly on the target is on track; exactly on the warning boundary is at risk. A
due period without a value is *missing*; a measure without a target is *not rated*.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class MeasureStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    MISSING = "missing", _("Missing")
    NOT_RATED = "not_rated", _("Not rated")
    NO_DATA = "no_data", _("Nothing due yet")


# The short name the measures app uses; the API names it MeasureStatus (unique in the schema).
Status = MeasureStatus


# Worst first: a summary of several statuses shows the worst one.
SEVERITY = [
    Status.OFF_TRACK,
    Status.MISSING,
    Status.AT_RISK,
    Status.ON_TRACK,
    Status.NOT_RATED,
    Status.NO_DATA,
]


def value_status(
    value: Decimal | float | None,
    *,
    direction: str,
    target: Decimal | float | None,
    warning: Decimal | float | None = None,
) -> Status:
    """The status of one value (None = a due period without a value)."""
    if value is None:
        return Status.MISSING
    if target is None:
        return Status.NOT_RATED
    value, target = Decimal(str(value)), Decimal(str(target))
    warning = None if warning is None else Decimal(str(warning))
    if direction == Direction.LOWER:
        if value <= target:
            return Status.ON_TRACK
        if warning is not None and value <= warning:
            return Status.AT_RISK
        return Status.OFF_TRACK
    if value >= target:
        return Status.ON_TRACK
    if warning is not None and value >= warning:
        return Status.AT_RISK
    return Status.OFF_TRACK


def status_label(status: str) -> str:
    return str(Status(status).label)
