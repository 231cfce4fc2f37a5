"""The measures API: the four registers (joint measures, own measures, joint reviews,
improvement actions) from the register kit, plus values per period, status, CSV upload of
values and closing a review. Every operation goes through ``router.scoped``."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Schema, Status
from pydantic import Field

from accord.core.api import FieldErrors, Line, Message, PathId, ScopedRouter, Text
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm
from accord.measures import imports, selectors, services
from accord.measures.models import JointReview
from accord.measures.periods import parse_period, period_label
from accord.measures.registers import (
    MeasureRegister,
    actions,
    joint_measures,
    own_measures,
    reviews,
)
from accord.measures.schemas import Amount, JointReviewOut
from accord.measures.status import Status as MeasureStatus

router = ScopedRouter(tags=["measures"])

for register in (joint_measures, own_measures, reviews, actions):
    register.api(router)


class ValueOut(Schema):
    period: datetime.date
    period_label: str
    value: Amount
    note: str
    status: MeasureStatus
    version: int


class ValueIn(Schema):
    period: Line(20, required=True) = Field(
        ..., description="2025-03, 2025 Q1, 2025 or any date within the period."
    )
    value: Decimal = Field(..., max_digits=18, decimal_places=4)
    note: Line(300) = ""
    version: int | None = Field(
        None, description="To correct an existing value: the version you read (a stale one gives 409)."
    )


class ValuePeriod(Schema):
    period: Line(20, required=True)


class MeasureStatusOut(Schema):
    measure_id: int
    name: str
    status: MeasureStatus
    latest_period: datetime.date | None
    latest_value: Amount | None
    missing_periods: list[str] = []


class UploadIn(Schema):
    csv: Text(imports.MAX_BYTES, required=True) = Field(
        ..., description="CSV text with the columns measure, period, value (and optionally note)."
    )
    dry_run: bool = Field(False, description="Check every row and write nothing.")


class UploadOut(Schema):
    written: int
    corrections: int
    dry_run: bool


class RowErrors(Schema):
    line: int
    errors: list[str]


class UploadErrors(Schema):
    detail: str
    rows: list[RowErrors]


def _measure(register: MeasureRegister, scope: Any, pk: int) -> Any:
    measure = register.queryset(scope).filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def _value_out(measure: Any, value: Any) -> dict[str, Any]:
    return {
        "period": value.period,
        "period_label": period_label(value.period, measure.frequency),
        "value": value.value,
        "note": value.note,
        "status": measure.status_of(value.value),
        "version": value.version,
    }


def _parse(measure: Any, text: str, field: str = "period") -> datetime.date:
    try:
        return parse_period(text, measure.frequency)
    except (TypeError, ValueError):
        raise ApplicationError(gettext("Not a period: use 2025-03, 2025 Q1, 2025 or a date."), field=field)


def _value_operations(register: MeasureRegister, base: str, owner_param: str, id_name: str) -> None:
    """Values, status and upload for one measure register (joint or own)."""
    scope = register.scope
    item = f"{base}/{register.api_path}/{{{id_name}}}"
    name = register.name

    def values_list(request: HttpRequest, **kwargs: Any) -> list[dict[str, Any]]:
        measure = _measure(register, request.scope, kwargs[id_name])
        values = register.value_model.objects.in_scope(register.owner(request.scope)).filter(measure=measure)
        return [_value_out(measure, v) for v in values.order_by("period")]

    def value_save(request: HttpRequest, payload: ValueIn, **kwargs: Any) -> Any:
        measure = _measure(register, request.scope, kwargs[id_name])
        value, created = services.value_record(
            measure=measure,
            period=_parse(measure, payload.period),
            value=payload.value,
            note=payload.note,
            user=request.user,
            expected_version=payload.version,
        )
        return Status(201 if created else 200, _value_out(measure, value))

    def value_delete(request: HttpRequest, query: Query[ValuePeriod], **kwargs: Any) -> Any:
        measure = _measure(register, request.scope, kwargs[id_name])
        period = _parse(measure, query.period)
        value = (
            register.value_model.objects.in_scope(register.owner(request.scope))
            .filter(measure=measure, period=period)
            .first()
        )
        if value is None:
            raise Http404
        services.value_delete(value=value, user=request.user)
        return Status(204, None)

    def measure_status(request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        measure = _measure(register, request.scope, kwargs[id_name])
        today = timezone.localdate()
        series = selectors.measure_series(measure, today=today)
        latest = next((p.value for p in reversed(series) if p.value is not None), None)
        return {
            "measure_id": measure.pk,
            "name": measure.name,
            "status": selectors.latest_status(measure, latest, today),
            "latest_period": latest.period if latest else None,
            "latest_value": latest.value if latest else None,
            "missing_periods": [p.label for p in selectors.missing_periods(series, today, measure.frequency)],
        }

    def statuses(request: HttpRequest, **kwargs: Any) -> list[dict[str, Any]]:
        measures = list(register.queryset(request.scope))
        rows = selectors.measure_rows(measures, today=timezone.localdate(), points=1)
        return [
            {
                "measure_id": r.measure.pk,
                "name": r.measure.name,
                "status": r.status,
                "latest_period": r.latest.period if r.latest else None,
                "latest_value": r.latest.value if r.latest else None,
            }
            for r in rows
        ]

    def upload(request: HttpRequest, payload: UploadIn, **kwargs: Any) -> Any:
        owner = register.owner(request.scope)
        preview = imports.values_preview(owner=owner, model=register.model, text=payload.csv)
        if not preview.is_clean:
            return Status(
                400,
                {
                    "detail": gettext("The file has errors; nothing was written."),
                    "rows": preview.errors_as_data(),
                },
            )
        corrections = sum(1 for r in preview.rows if r.is_correction)
        if payload.dry_run:
            return {"written": 0, "corrections": corrections, "dry_run": True}
        written = imports.values_commit(
            owner=owner, model=register.model, text=payload.csv, user=request.user
        )
        return {"written": written, "corrections": corrections, "dry_run": False}

    owner_annotation = str if owner_param == "org" else PathId
    operations = [
        ("GET", f"{item}/values", values_list, Perm.VIEW, {"response": list[ValueOut]}),
        (
            "POST",
            f"{item}/values",
            value_save,
            Perm.EDIT,
            {"response": {200: ValueOut, 201: ValueOut, 400: FieldErrors, 409: Message}},
        ),
        ("DELETE", f"{item}/values", value_delete, Perm.EDIT, {"response": {204: None, 400: FieldErrors}}),
        ("GET", f"{item}/status", measure_status, Perm.VIEW, {"response": MeasureStatusOut}),
        (
            "GET",
            f"{base}/{register.api_path}-status",
            statuses,
            Perm.VIEW,
            {"response": list[MeasureStatusOut]},
        ),
        (
            "POST",
            f"{base}/{register.api_path}-values/upload",
            upload,
            Perm.EDIT,
            {"response": {200: UploadOut, 400: UploadErrors}},
        ),
    ]
    for method, path, func, perm, extra in operations:
        _bind(func, owner_param, owner_annotation, id_name if "{" + id_name + "}" in path else None)
        func.__name__ = f"measures_{name}_{func.__name__}"
        router.scoped(method, path, scope=scope, perm=perm, operation_id=func.__name__, **extra)(func)


def _bind(func: Any, owner_param: str, owner_annotation: Any, id_name: str | None) -> None:
    """Give ``func`` the path parameters ninja reads from its signature."""
    import inspect

    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.kind != inspect.Parameter.VAR_KEYWORD]
    params.append(inspect.Parameter(owner_param, inspect.Parameter.KEYWORD_ONLY, annotation=owner_annotation))
    if id_name:
        params.append(inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=PathId))
    func.__signature__ = signature.replace(parameters=params)


_value_operations(joint_measures, "/collaborations/{collaboration_id}", "collaboration_id", "measure_id")
_value_operations(own_measures, "/organizations/{org}", "org", "own_measure_id")


# --- reviews ------------------------------------------------------------------------------------


class ReviewState(Schema):
    version: int = Field(..., description="The version you read; a stale one gives 409.")


def _review(request: HttpRequest, pk: int) -> JointReview:
    review = JointReview.objects.in_scope(request.scope.collaboration).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/reviews/{review_id}/close",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: JointReviewOut, 400: FieldErrors, 409: Message},
)
def review_close(
    request: HttpRequest, collaboration_id: PathId, review_id: PathId, payload: ReviewState
) -> Any:
    """Close a review: the snapshot of the measures is taken once more and is final."""
    return services.review_close(
        review=_review(request, review_id), expected_version=payload.version, user=request.user
    )


@router.scoped(
    "POST",
    "/collaborations/{collaboration_id}/reviews/{review_id}/reopen",
    scope="collaboration",
    perm=Perm.EDIT,
    response={200: JointReviewOut, 400: FieldErrors, 409: Message},
)
def review_reopen(
    request: HttpRequest, collaboration_id: PathId, review_id: PathId, payload: ReviewState
) -> Any:
    """Reopen a closed review to correct its words (the snapshot stays as closed)."""
    return services.review_reopen(
        review=_review(request, review_id), expected_version=payload.version, user=request.user
    )
