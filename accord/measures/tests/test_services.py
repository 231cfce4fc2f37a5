"""Measures, values, CSV upload and review snapshots."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core.errors import ApplicationError, ConflictError
from accord.measures import imports, selectors, services
from accord.measures.models import JointMeasure, JointMeasureValue, JointReview, PrivateMeasure
from accord.measures.status import Status

D = datetime.date


def test_thresholds_must_sit_on_the_bad_side(world):
    with pytest.raises(ValidationError, match="at or below the target"):
        services.measure_create(
            owner=world.collaboration,
            model=JointMeasure,
            data={"name": "X", "direction": "higher", "target": 10, "warning": 12},
        )
    with pytest.raises(ValidationError, match="at or above the target"):
        services.measure_create(
            owner=world.collaboration,
            model=JointMeasure,
            data={"name": "X", "direction": "lower", "target": 10, "warning": 8},
        )


def test_start_date_is_normalised(joint_measure, world):
    measure = services.measure_create(
        owner=world.collaboration,
        model=JointMeasure,
        data={"name": "Tickets", "frequency": "quarterly", "start_date": D(2025, 5, 17)},
    )
    assert measure.start_date == D(2025, 4, 1)


def test_owner_party_from_another_collaboration_is_refused(world, joint_measure):
    from accord.collaborations.models import Collaboration, Party

    other = Collaboration.objects.create(name="Other")
    stranger = Party.objects.create(collaboration=other, organization=world.globex)
    with pytest.raises(ApplicationError):
        services.measure_create(
            owner=world.collaboration, model=JointMeasure, data={"name": "Y", "owner_party": stranger}
        )
    with pytest.raises(ApplicationError):
        services.measure_create(
            owner=world.collaboration, model=JointMeasure, data={"name": "Y", "data_owner": world.mallory}
        )


def test_value_per_period_and_corrections_in_history(joint_measure):
    value, created = services.value_record(measure=joint_measure, period=D(2024, 2, 14), value="97.5")
    assert created and value.period == D(2024, 1, 1)
    again, created = services.value_record(
        measure=joint_measure, period=D(2024, 3, 31), value="99.7", expected_version=value.version
    )
    assert not created and again.pk == value.pk and again.value == Decimal("99.7")
    assert [h.value for h in again.history.order_by("history_id")] == [Decimal("97.5"), Decimal("99.7")]
    with pytest.raises(ConflictError):
        services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="1", expected_version=1)
    with pytest.raises(ApplicationError):
        services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="lots")


def test_latest_status_and_missing(joint_measure):
    today = D(2024, 10, 5)  # Q1-Q3 2024 are due
    rows = selectors.measure_rows([joint_measure], today=today)
    assert rows[0].status == Status.MISSING and rows[0].latest is None
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.9")
    services.value_record(measure=joint_measure, period=D(2024, 4, 1), value="98.5")
    rows = selectors.measure_rows([joint_measure], today=today)
    assert rows[0].status == Status.MISSING  # Q3 has ended without a value
    assert [v for _p, v in rows[0].recent] == [Decimal("99.9"), Decimal("98.5"), None]
    services.value_record(measure=joint_measure, period=D(2024, 7, 1), value="98")
    row = selectors.measure_rows([joint_measure], today=today)[0]
    assert row.status == Status.AT_RISK and row.latest_label == "2024 Q3"
    series = selectors.measure_series(joint_measure, today=D(2025, 1, 2))
    assert [p.label for p in series] == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    assert [p.status for p in series] == [Status.ON_TRACK, Status.AT_RISK, Status.AT_RISK, Status.MISSING]
    missing = selectors.missing_periods(series, D(2025, 1, 2), joint_measure.frequency)
    assert [p.label for p in missing] == ["2024 Q4"]


def test_nothing_due_yet(world):
    measure = services.measure_create(
        owner=world.collaboration,
        model=JointMeasure,
        data={"name": "New", "frequency": "yearly", "start_date": D(2026, 1, 1), "target": 1},
    )
    assert selectors.measure_rows([measure], today=D(2026, 6, 1))[0].status == Status.NO_DATA


def test_review_snapshot_unchanged_after_a_correction(world, joint_measure):
    first, _ = services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.9")
    services.value_record(measure=joint_measure, period=D(2024, 4, 1), value="97")
    review = services.review_create(
        collaboration=world.collaboration,
        data={"title": "H1 2024", "period_start": D(2024, 1, 1), "period_end": D(2024, 6, 30)},
    )
    frozen = review.snapshot
    item = frozen["measures"][0]
    assert [(v["label"], v["value"], v["status"]) for v in item["values"]] == [
        ("2024 Q1", "99.9", "on_track"),
        ("2024 Q2", "97", "off_track"),
    ]
    assert item["status"] == "off_track"
    # Later corrections and new values change nothing in the review.
    services.value_record(measure=joint_measure, period=D(2024, 4, 1), value="99.8")
    services.value_update(value=first, data={"value": "50"}, expected_version=first.version)
    review.refresh_from_db()
    assert review.snapshot == frozen
    # Closing takes the snapshot again, once; afterwards it never changes.
    closed = services.review_close(review=review, expected_version=review.version)
    assert closed.snapshot["measures"][0]["values"][1]["value"] == "99.8"
    services.value_record(measure=joint_measure, period=D(2024, 4, 1), value="10")
    closed.refresh_from_db()
    assert closed.snapshot["measures"][0]["values"][1]["value"] == "99.8"
    with pytest.raises(ApplicationError):
        services.review_update(review=closed, data={"findings": "x"}, expected_version=closed.version)


def test_snapshot_marks_due_periods_missing(world, joint_measure):
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.9")
    review = services.review_create(
        collaboration=world.collaboration,
        data={"title": "2024", "period_start": D(2024, 1, 1), "period_end": D(2024, 12, 31)},
    )
    values = review.snapshot["measures"][0]["values"]
    assert [v["status"] for v in values] == ["on_track", "missing", "missing", "missing"]
    assert review.snapshot["measures"][0]["status"] == "missing"


def test_review_period_is_fixed_and_ordered(world):
    with pytest.raises(ValidationError):
        services.review_create(
            collaboration=world.collaboration,
            data={"title": "Bad", "period_start": D(2024, 2, 1), "period_end": D(2024, 1, 1)},
        )
    review = services.review_create(
        collaboration=world.collaboration,
        data={"title": "Q1", "period_start": D(2024, 1, 1), "period_end": D(2024, 3, 31)},
    )
    with pytest.raises(ApplicationError):
        services.review_update(
            review=review, data={"period_end": D(2024, 6, 30)}, expected_version=review.version
        )


def test_improvement_actions(world, party):
    review = services.review_create(
        collaboration=world.collaboration,
        data={"title": "Q1", "period_start": D(2024, 1, 1), "period_end": D(2024, 3, 31)},
    )
    action = services.action_create(
        review=review, data={"title": "Weekly stand-up", "owner_party": party, "owner_user": world.ana}
    )
    assert action.status == "open" and action.collaboration_id == world.collaboration.pk
    assert (action.source_kind, action.source_id) == ("review", review.pk)  # a joint action
    done = services.action_update(action=action, data={"status": "done"}, expected_version=action.version)
    assert done.status == "done"
    with pytest.raises(ApplicationError):
        services.action_create(review=review, data={"title": "Spy", "owner_user": world.mallory})


# --- CSV upload -----------------------------------------------------------------------------


def test_csv_good_file_writes_every_row(world, joint_measure):
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="90")
    text = 'measure,period,value,note\nAvailability,2024 Q1,99.1,corrected\navailability ,2024-Q2,"99,4",\nAvailability,2024-08-15,98.2,\n'
    preview = imports.values_preview(owner=world.collaboration, model=JointMeasure, text=text)
    assert preview.is_clean, preview.errors_as_data()
    assert [r.is_correction for r in preview.rows] == [True, False, False]
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 1  # nothing written yet
    assert imports.values_commit(owner=world.collaboration, model=JointMeasure, text=text) == 3
    stored = dict(JointMeasureValue.objects.in_scope(world.collaboration).values_list("period", "value"))
    assert stored == {
        D(2024, 1, 1): Decimal("99.1"),
        D(2024, 4, 1): Decimal("99.4"),
        D(2024, 7, 1): Decimal("98.2"),
    }


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("Availability,2024 Q9,99", "is not a period"),
        ("Availability,2024 Q3,lots", "is not a number"),
        ("Uptime,2024 Q3,99", "No measure is called"),
        ("Availability,2024 Q1,99", "same measure and period"),
        (",2024 Q3,99", "measure is missing"),
    ],
)
def test_csv_one_bad_row_writes_nothing(world, joint_measure, bad_row, message):
    text = f"measure;period;value\nAvailability;2024 Q1;99.1\nAvailability;2024 Q2;99.2\n{bad_row.replace(',', ';')}\n"
    preview = imports.values_preview(owner=world.collaboration, model=JointMeasure, text=text)
    assert not preview.is_clean
    assert [r.line for r in preview.error_rows] == [4]
    assert message in " ".join(preview.error_rows[0].errors)
    with pytest.raises(ApplicationError) as caught:
        imports.values_commit(owner=world.collaboration, model=JointMeasure, text=text)
    assert caught.value.extra["rows"][0]["line"] == 4
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 0


def test_csv_file_errors(world, joint_measure):
    assert not imports.values_preview(owner=world.collaboration, model=JointMeasure, text="").is_clean
    preview = imports.values_preview(owner=world.collaboration, model=JointMeasure, text="name,value\nx,1\n")
    assert "Missing columns" in preview.file_errors[0]


def test_csv_cannot_reach_the_other_scope(world, joint_measure, private_measure):
    # A private measure's name in a joint upload is unknown, and the other way round.
    text = "measure,period,value\nOur margin on Lumen,2025-01,20\n"
    assert not imports.values_preview(owner=world.collaboration, model=JointMeasure, text=text).is_clean
    assert imports.values_preview(owner=world.brightwave, model=PrivateMeasure, text=text).is_clean
    text = "measure,period,value\nAvailability,2024 Q1,20\n"
    assert not imports.values_preview(owner=world.brightwave, model=PrivateMeasure, text=text).is_clean
    assert not imports.values_preview(owner=world.lumen, model=PrivateMeasure, text=text).is_clean


def test_private_measure_values(world, private_measure):
    services.value_record(measure=private_measure, period=D(2025, 1, 20), value="15")
    row = selectors.measure_rows([private_measure], today=D(2025, 2, 3))[0]
    assert row.status == Status.AT_RISK
    snapshot = services.review_create(
        collaboration=world.collaboration,
        data={"title": "Jan", "period_start": D(2025, 1, 1), "period_end": D(2025, 1, 31)},
    ).snapshot
    assert "margin" not in str(snapshot)
    assert JointReview.objects.in_scope(world.collaboration).count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [("1.23456", "decimal places"), ("1e20", "too large"), ("NaN", "number"), ("Infinity", "number")],
)
def test_values_are_refused_never_rounded(world, joint_measure, raw, message):
    with pytest.raises(ApplicationError, match=message):
        services.value_record(measure=joint_measure, period=D(2024, 1, 1), value=raw)
    text = f"measure,period,value\nAvailability,2024 Q1,{raw}\n"
    preview = imports.values_preview(owner=world.collaboration, model=JointMeasure, text=text)
    assert not preview.is_clean
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 0
    assert services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="1.2500")[
        0
    ].value == Decimal("1.25")


def test_junk_note_is_a_form_error(client, world, joint_measure):
    from django.urls import reverse

    client.force_login(world.ana)
    url = reverse("measures:joint_measure_value", args=[world.collaboration.pk, joint_measure.pk])
    response = client.post(url, {"period": "2024 Q1", "value": "99", "note": "bell\x07"})
    assert response.status_code == 422
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 0


def test_odd_years_are_refused(world, joint_measure):
    with pytest.raises(ApplicationError, match="between 1900 and 2999"):
        services.value_record(measure=joint_measure, period=D(9999, 12, 1), value="1")
    with pytest.raises(ValidationError):
        services.measure_create(
            owner=world.collaboration, model=JointMeasure, data={"name": "Y", "start_date": D(1, 1, 1)}
        )
    with pytest.raises(ValidationError):
        services.review_create(
            collaboration=world.collaboration,
            data={"title": "Far", "period_start": D(2024, 1, 1), "period_end": D(9999, 12, 31)},
        )
