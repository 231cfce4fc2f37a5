"""Every write on measures, values, reviews and improvement actions.

Joint and private measures share these functions: a measure's scope (collaboration or
organization) comes from the measure itself, and the value model from ``measure.values``.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.measures.models import (
    VALUE_PLACES,
    JointMeasure,
    JointReview,
    MeasureBase,
    MeasureValueBase,
    PrivateMeasure,
    ReviewStatus,
)
from accord.measures.periods import FIRST_YEAR, LAST_YEAR, check_year, period_start
from accord.measures.selectors import review_snapshot_data
from accord.organizations.models import Membership

MEASURE_FIELDS = [
    "name",
    "kind",
    "description",
    "unit",
    "direction",
    "target",
    "warning",
    "frequency",
    "start_date",
    "data_owner_name",
    "data_owner",
]
JOINT_MEASURE_FIELDS = [*MEASURE_FIELDS, "owner_party"]
PRIVATE_MEASURE_FIELDS = [*MEASURE_FIELDS, "relationship"]
VALUE_FIELDS = ["value", "note"]
REVIEW_FIELDS = ["title", "period_start", "period_end", "held_on", "findings", "lessons"]
ACTION_FIELDS = ["title", "owner_party", "owner_name", "owner_user", "due_date", "status"]


def measure_fields(model: type[MeasureBase]) -> list[str]:
    return JOINT_MEASURE_FIELDS if model is JointMeasure else PRIVATE_MEASURE_FIELDS


def scope_of(obj: Any) -> Any:
    """The organization or collaboration a measure, value, review or action belongs to."""
    return getattr(obj, obj.scope_field)


def _only(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


# --- checks shared by forms, API and imports ------------------------------------------------


def _member_of_scope(owner: Any, user: Any) -> bool:
    if isinstance(owner, Collaboration):
        organizations = Party.objects.in_scope(owner).filter(status=PartyStatus.ACTIVE).values("organization")
        return Membership.objects.filter(organization__in=organizations, user=user).exists()
    return Membership.objects.filter(organization=owner, user=user).exists()


def _check_party(owner: Any, party: Any, field: str) -> None:
    if party is not None and (not isinstance(owner, Collaboration) or party.collaboration_id != owner.pk):
        raise ApplicationError(_("Choose a party of this collaboration."), field=field)


def _check_measure(owner: Any, model: type[MeasureBase], data: dict[str, Any]) -> None:
    if data.get("data_owner") is not None and not _member_of_scope(owner, data["data_owner"]):
        raise ApplicationError(_("The data owner must be a member of a party."), field="data_owner")
    if model is JointMeasure:
        _check_party(owner, data.get("owner_party"), "owner_party")
    relationship = data.get("relationship")
    if relationship is not None and relationship.organization_id != owner.pk:
        raise ApplicationError(_("Choose an entry of your own register."), field="relationship")


def _set_objectives(measure: MeasureBase, objectives: Any) -> None:
    """Link the objectives a measure evidences: only objectives of the measure's own scope."""
    if objectives is None:
        return
    objectives = list(objectives)
    owner_id = scope_of(measure).pk
    if any(getattr(o, measure.scope_field + "_id") != owner_id for o in objectives):
        raise ApplicationError(_("Choose objectives of this space."), field="objectives")
    measure.objectives.set(objectives)


def measure_create(
    *, owner: Any, model: type[MeasureBase], data: dict[str, Any], user: Any = None
) -> MeasureBase:
    """A new joint (``owner`` a Collaboration) or private (an Organization) measure."""
    fields = _only(data, measure_fields(model))
    _check_measure(owner, model, fields)
    with transaction.atomic():
        measure = model(**{model.scope_field: owner}, **fields)
        measure.full_clean()
        measure.save()
        _set_objectives(measure, data.get("objectives"))
    return measure


def measure_update(
    *, measure: MeasureBase, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> MeasureBase:
    model = type(measure)
    fields = _only(data, measure_fields(model))
    _check_measure(scope_of(measure), model, fields)
    with transaction.atomic():
        measure = versioned_update(measure, data=fields, expected_version=expected_version, fields=fields)
        _set_objectives(measure, data.get("objectives"))
    return measure


def measure_delete(*, measure: MeasureBase, user: Any = None) -> None:
    measure.delete()


# --- values --------------------------------------------------------------------------------


def as_value(value: Any) -> Decimal:
    """A figure a measure can store: a finite number under 10^14 with at most four decimal
    places (refused, never rounded). Raises ApplicationError."""
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise ApplicationError(_("Enter a number."), field="value")
    if not number.is_finite():
        raise ApplicationError(_("Enter a number."), field="value")
    if abs(number) >= Decimal("1e14"):
        raise ApplicationError(_("The value is too large."), field="value")
    if number.as_tuple().exponent < -VALUE_PLACES and number != number.quantize(
        Decimal(1).scaleb(-VALUE_PLACES)
    ):
        raise ApplicationError(_("Use at most %(n)s decimal places.") % {"n": VALUE_PLACES}, field="value")
    return number


def value_record(
    *,
    measure: MeasureBase,
    period: datetime.date,
    value: Any,
    note: str = "",
    user: Any = None,
    expected_version: int | None = None,
) -> tuple[MeasureValueBase, bool]:
    """Record the value of ``measure`` for the period containing ``period``; a value already
    there is corrected (a versioned edit, so the earlier figure stays in the history).
    Returns (value, created)."""
    try:
        check_year(period)
    except ValueError:
        raise ApplicationError(
            _("Choose a period between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="period",
        )
    start = period_start(period, measure.frequency)
    number = as_value(value)
    values = measure.values.model.objects.in_scope(scope_of(measure))
    with transaction.atomic():
        existing = values.select_for_update().filter(measure=measure, period=start).first()
        if existing is not None:
            data = {"value": number, "note": note, "recorded_by": user}
            updated = versioned_update(
                existing,
                data=data,
                expected_version=expected_version,
                fields=["value", "note", "recorded_by"],
            )
            return updated, False
        row = measure.values.model(
            **{measure.scope_field: scope_of(measure)},
            measure=measure,
            period=start,
            value=number,
            note=note,
            recorded_by=user,
        )
        row.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise ApplicationError(_("A value for this period was saved meanwhile; reload and correct it."))
    return row, True


def value_update(
    *, value: MeasureValueBase, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> MeasureValueBase:
    """Correct a value (its figure or note); the period stays."""
    fields = _only(data, VALUE_FIELDS)
    if "value" in fields:
        fields["value"] = as_value(fields["value"])
    fields["recorded_by"] = user
    return versioned_update(
        value, data=fields, expected_version=expected_version, fields=[*VALUE_FIELDS, "recorded_by"]
    )


def value_delete(*, value: MeasureValueBase, user: Any = None) -> None:
    value.delete()


def values_write(*, rows: list[tuple[MeasureBase, datetime.date, Decimal, str]], user: Any = None) -> int:
    """Write validated (measure, period, value, note) rows in one transaction: all or none."""
    with transaction.atomic():
        for measure, period, number, note in rows:
            value_record(measure=measure, period=period, value=number, note=note, user=user)
    return len(rows)


# --- joint reviews --------------------------------------------------------------------------


def _take_snapshot(review: JointReview) -> None:
    review.snapshot = review_snapshot_data(
        collaboration=review.collaboration,
        start=review.period_start,
        end=review.period_end,
        today=timezone.localdate(),
    )
    review.snapshot_taken_at = timezone.now()


def review_create(*, collaboration: Collaboration, data: dict[str, Any], user: Any = None) -> JointReview:
    """A joint review of a period, keeping the joint measures' values and status as they are
    now (the snapshot)."""
    review = JointReview(collaboration=collaboration, **_only(data, REVIEW_FIELDS))
    review.full_clean()
    _take_snapshot(review)
    review.save()
    return review


def review_update(
    *, review: JointReview, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> JointReview:
    """Change what the review says. Its period is fixed once the snapshot is taken (a review
    of another period is another review); a closed review keeps its words too."""
    if review.is_closed:
        raise ApplicationError(_("This review is closed; reopen it to change it."))
    fields = _only(data, REVIEW_FIELDS)
    for name in ("period_start", "period_end"):
        if name in fields and fields[name] != getattr(review, name):
            raise ApplicationError(
                _("The period of a review cannot change: create a review for the other period."), field=name
            )
    return versioned_update(review, data=fields, expected_version=expected_version, fields=REVIEW_FIELDS)


def review_close(*, review: JointReview, expected_version: int | None, user: Any = None) -> JointReview:
    """Close the review: the snapshot is taken once more, then never changes."""
    if review.is_closed:
        raise ApplicationError(_("This review is closed already."))
    with transaction.atomic():
        current = versioned_update(
            review, data={"status": ReviewStatus.CLOSED}, expected_version=expected_version, fields=["status"]
        )
        _take_snapshot(current)
        current.save(update_fields=["snapshot", "snapshot_taken_at"])
    return current


def review_reopen(*, review: JointReview, expected_version: int | None, user: Any = None) -> JointReview:
    """Reopen a closed review to correct its words; the snapshot stays as it was closed."""
    if not review.is_closed:
        raise ApplicationError(_("This review is open already."))
    return versioned_update(
        review, data={"status": ReviewStatus.OPEN}, expected_version=expected_version, fields=["status"]
    )


def review_delete(*, review: JointReview, user: Any = None) -> None:
    review.delete()


# --- improvement actions: joint actions with source "review" (accord.actions) ----------------


def action_create(*, review: JointReview, data: dict[str, Any], user: Any = None) -> Any:
    """An improvement action agreed in ``review``: a joint action with source "review"."""
    from accord.actions.services import action_create as joint_action_create

    fields = _only(data, ACTION_FIELDS)
    return joint_action_create(
        owner=review.collaboration,
        source_kind="review",
        source_id=review.pk,
        source_label=review.title[:200],
        created_by=user,
        **fields,
    )


def action_update(
    *, action: Any, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> Any:
    from accord.actions.services import action_update as joint_action_update

    return joint_action_update(
        action=action, data=_only(data, ACTION_FIELDS), expected_version=expected_version, user=user
    )


def action_delete(*, action: Any, user: Any = None) -> None:
    from accord.actions.services import action_delete as joint_action_delete

    joint_action_delete(action=action, user=user)


def review_actions(review: JointReview) -> Any:
    """The improvement actions of a review."""
    from accord.actions.selectors import actions_for_source

    return actions_for_source(review.collaboration, "review", review.pk)


__all__ = [
    "PrivateMeasure",
    "action_create",
    "action_delete",
    "action_update",
    "measure_create",
    "measure_delete",
    "measure_update",
    "review_close",
    "review_create",
    "review_delete",
    "review_reopen",
    "review_update",
    "value_delete",
    "value_record",
    "value_update",
    "values_write",
]
