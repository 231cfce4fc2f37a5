"""Pages and API of measures: they render, write what they say, keep private measures
private, and stay within a fixed number of queries however many values there are."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.measures import services
from accord.measures.models import JointMeasure, JointMeasureValue, JointReview, PrivateMeasureValue

D = datetime.date


def _api(client, user, method, url, body=None):
    _token, raw = api_token_create(user=user, name="test")
    return client.generic(
        method,
        "/api/v1" + url,
        data="{}" if body is None else __import__("json").dumps(body, default=str),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def _fill(measure, months: int) -> None:
    model = type(measure).values.field.model
    start = measure.start_date
    rows = []
    for n in range(months):
        total = start.year * 12 + start.month - 1 + n * (3 if measure.frequency == "quarterly" else 1)
        period = D(total // 12, total % 12 + 1, 1)
        rows.append(
            model(
                **{measure.scope_field: getattr(measure, measure.scope_field)},
                measure=measure,
                period=period,
                value=Decimal(90 + n % 10),
            )
        )
    model.unscoped.bulk_create(rows)


# --- pages ------------------------------------------------------------------------------------


def test_measure_pages_render(client, world, joint_measure, private_measure):
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.9")
    client.force_login(world.ana)
    c = world.collaboration.pk
    page = client.get(reverse("measures:joint_measures", args=[c]))
    assert page.status_code == 200
    html = page.content.decode()
    # Its last quarter has ended without a value: missing, with the one value as its trend.
    assert "Availability" in html and "status-missing" in html and 'class="sparkline"' in html
    detail = client.get(reverse("measures:joint_measure", args=[c, joint_measure.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'role="img"' in html and "2024 Q1" in html and "<style" not in html
    own = client.get(reverse("measures:own_measures", args=[world.brightwave.slug]))
    assert own.status_code == 200 and "Our margin on Lumen" in own.content.decode()
    assert (
        client.get(
            reverse("measures:own_measure", args=[world.brightwave.slug, private_measure.pk])
        ).status_code
        == 200
    )


def test_value_form_records_and_corrects(client, world, joint_measure):
    client.force_login(world.roles["contributor"])
    url = reverse("measures:joint_measure_value", args=[world.collaboration.pk, joint_measure.pk])
    assert client.post(url, {"period": "2024 Q1", "value": "97"}).status_code == 302
    value = JointMeasureValue.objects.in_scope(world.collaboration).get()
    assert value.period == D(2024, 1, 1) and value.value == Decimal("97")
    response = client.post(url, {"period": "2024-02-10", "value": "99.6", "version": value.version})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal("99.6") and value.history.count() == 2
    # A stale version is a conflict; a bad period is refused; neither writes.
    assert client.post(url, {"period": "2024 Q1", "value": "1", "version": 1}).status_code == 409
    assert client.post(url, {"period": "someday", "value": "1"}).status_code == 422
    value.refresh_from_db()
    assert value.value == Decimal("99.6")
    delete = reverse("measures:joint_measure_value_delete", args=[world.collaboration.pk, joint_measure.pk])
    assert client.post(delete, {"period": "2024-01-01"}).status_code == 302
    assert not JointMeasureValue.objects.in_scope(world.collaboration).exists()


def test_viewer_cannot_write_values(client, world, joint_measure):
    client.force_login(world.lou)
    url = reverse("measures:joint_measure_value", args=[world.collaboration.pk, joint_measure.pk])
    assert client.post(url, {"period": "2024 Q1", "value": "97"}).status_code == 403


def test_upload_page_preview_then_confirm(client, world, joint_measure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.ana)
    url = reverse("measures:joint_measures_upload", args=[world.collaboration.pk])
    bad = SimpleUploadedFile(
        "v.csv", b"measure,period,value\nAvailability,2024 Q1,99\nAvailability,2024 Q2,x\n"
    )
    response = client.post(url, {"file": bad})
    assert response.status_code == 422 and "is not a number" in response.content.decode()
    assert client.post(url, {"confirm": "1"}).status_code == 302  # nothing to confirm
    assert not JointMeasureValue.objects.in_scope(world.collaboration).exists()
    good = SimpleUploadedFile(
        "v.csv", b"measure,period,value\nAvailability,2024 Q1,99\nAvailability,2024 Q2,99.5\n"
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 200 and "Write all 2 values" in response.content.decode()
    assert not JointMeasureValue.objects.in_scope(world.collaboration).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 2


def test_review_pages_and_actions(client, world, joint_measure, party):
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="97")
    client.force_login(world.jo)
    c = world.collaboration.pk
    response = client.post(
        reverse("measures:reviews_add", args=[c]),
        {"title": "Q1 2024", "period_start": "2024-01-01", "period_end": "2024-03-31", "findings": "Outage."},
    )
    assert response.status_code == 302
    review = JointReview.objects.in_scope(world.collaboration).get()
    assert review.snapshot["measures"][0]["values"][0]["value"] == "97"
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.9")
    page = client.get(reverse("measures:review", args=[c, review.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "97" in html and "99.9" not in html
    response = client.post(
        reverse("measures:actions_add", args=[c]),
        {"review": review.pk, "title": "Shared change calendar", "owner_party": party.pk, "status": "open"},
    )
    assert response.status_code == 302
    action = services.review_actions(review).get()
    response = client.post(
        reverse("measures:action_status", args=[c, action.pk]), {"status": "done", "version": action.version}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    close = client.post(reverse("measures:review_close", args=[c, review.pk]), {"version": review.version})
    assert close.status_code == 302
    review.refresh_from_db()
    assert review.is_closed and review.snapshot["measures"][0]["values"][0]["value"] == "99.9"


# --- privacy ----------------------------------------------------------------------------------


def test_private_measures_never_reach_the_partner(client, world, joint_measure, private_measure):
    services.value_record(measure=private_measure, period=D(2025, 1, 1), value="17.25")
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99")
    secret = "Our margin on Lumen"
    org_urls = [
        reverse("measures:own_measures", args=[world.brightwave.slug]),
        reverse("measures:own_measure", args=[world.brightwave.slug, private_measure.pk]),
        reverse("measures:own_measures_export", args=[world.brightwave.slug, "csv"]),
    ]
    client.force_login(world.jo)
    for url in org_urls:
        assert client.get(url).status_code == 404, url
    c = world.collaboration.pk
    joint_pages = [
        reverse("measures:joint_measures", args=[c]),
        reverse("measures:joint_measures_export", args=[c, "csv"]),
        reverse("collaborations:overview", args=[c]),
        reverse("collaborations:history_export", args=[c]),
        reverse("plans:jrmp_plan", args=[c]),
        reverse("plans:jrmp_print", args=[c]),
    ]
    for user in (world.jo, world.ana):
        client.force_login(user)
        for url in joint_pages:
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert secret.encode() not in body and b"17.25" not in body, url
    # The API: the partner cannot read it; the joint endpoints never list it.
    assert (
        _api(client, world.jo, "GET", f"/organizations/{world.brightwave.slug}/measures").status_code == 404
    )
    assert (
        _api(
            client,
            world.jo,
            "GET",
            f"/organizations/{world.brightwave.slug}/measures/{private_measure.pk}/values",
        ).status_code
        == 404
    )
    joint = _api(client, world.jo, "GET", f"/collaborations/{c}/measures").json()
    assert [m["name"] for m in joint["items"]] == ["Availability"]
    # Ids are no way in: the same number in the joint space names a joint measure (or none).
    for pk in (private_measure.pk, private_measure.pk + 1000):
        response = _api(client, world.jo, "GET", f"/collaborations/{c}/measures/{pk}/values")
        assert b"17.25" not in response.content
    # Brightwave sees its own.
    own = _api(client, world.ana, "GET", f"/organizations/{world.brightwave.slug}/measures").json()
    assert [m["name"] for m in own["items"]] == [secret]
    assert PrivateMeasureValue.objects.in_scope(world.lumen).count() == 0


def test_outsiders_get_404(client, world, joint_measure, private_measure):
    review = services.review_create(
        collaboration=world.collaboration,
        data={"title": "Q1", "period_start": D(2024, 1, 1), "period_end": D(2024, 3, 31)},
    )
    c = world.collaboration.pk
    client.force_login(world.mallory)
    for url in (
        reverse("measures:joint_measure", args=[c, joint_measure.pk]),
        reverse("measures:joint_measures_upload", args=[c]),
        reverse("measures:review", args=[c, review.pk]),
        reverse("measures:own_measure", args=[world.brightwave.slug, private_measure.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("measures:review_close", args=[c, review.pk]), {}).status_code == 404
    # A measure of another collaboration is not found through this one.
    assert _api(client, world.mallory, "GET", f"/collaborations/{c}/measures-status").status_code == 404


# --- API --------------------------------------------------------------------------------------


def test_api_values_status_and_upload(client, world, joint_measure):
    c = world.collaboration.pk
    base = f"/collaborations/{c}/measures/{joint_measure.pk}"
    created = _api(client, world.jo, "POST", f"{base}/values", {"period": "2024 Q1", "value": "98.5"})
    assert created.status_code == 201 and created.json()["status"] == "at_risk"
    corrected = _api(
        client, world.jo, "POST", f"{base}/values", {"period": "2024-03-01", "value": "99.5", "version": 1}
    )
    assert corrected.status_code == 200 and corrected.json()["status"] == "on_track"
    stale = _api(
        client, world.jo, "POST", f"{base}/values", {"period": "2024 Q1", "value": "1", "version": 1}
    )
    assert stale.status_code == 409
    values = _api(client, world.jo, "GET", f"{base}/values").json()
    assert [(v["period_label"], v["value"]) for v in values] == [("2024 Q1", "99.5")]
    status = _api(client, world.jo, "GET", f"{base}/status").json()
    assert status["status"] in {"on_track", "missing"}
    bad = "measure,period,value\nAvailability,2024 Q2,99\nAvailability,2024 Q3,lots\n"
    response = _api(client, world.jo, "POST", f"/collaborations/{c}/measures-values/upload", {"csv": bad})
    assert response.status_code == 400
    assert response.json()["rows"] == [{"line": 3, "errors": ["“lots” is not a number."]}]
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 1
    good = "measure,period,value\nAvailability,2024 Q2,99\nAvailability,2024 Q1,99.7\n"
    dry = _api(
        client,
        world.jo,
        "POST",
        f"/collaborations/{c}/measures-values/upload",
        {"csv": good, "dry_run": True},
    )
    assert dry.json() == {"written": 0, "corrections": 1, "dry_run": True}
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 1
    done = _api(client, world.jo, "POST", f"/collaborations/{c}/measures-values/upload", {"csv": good})
    assert done.json() == {"written": 2, "corrections": 1, "dry_run": False}
    deleted = _api(client, world.jo, "DELETE", f"{base}/values?period=2024-Q2")
    assert deleted.status_code == 204
    assert JointMeasureValue.objects.in_scope(world.collaboration).count() == 1


def test_api_measures_and_reviews(client, world, party):
    c = world.collaboration.pk
    created = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c}/measures",
        {"name": "Trust", "kind": "health", "target": "4", "warning": "3.5", "owner_party_id": party.pk},
    )
    assert created.status_code == 201, created.content
    assert created.json()["owner_party_name"] == "Brightwave Engineering"
    wrong = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c}/measures",
        {"name": "X", "target": "1", "warning": "2"},
    )
    assert wrong.status_code == 400
    review = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c}/reviews",
        {"title": "Q1", "period_start": "2024-01-01", "period_end": "2024-03-31"},
    )
    assert review.status_code == 201 and review.json()["snapshot"]["measures"][0]["name"] == "Trust"
    rid = review.json()["id"]
    closed = _api(client, world.ana, "POST", f"/collaborations/{c}/reviews/{rid}/close", {"version": 1})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    action = _api(
        client,
        world.jo,
        "POST",
        f"/collaborations/{c}/improvement-actions",
        {"review_id": rid, "title": "Act"},
    )
    assert action.status_code == 201 and action.json()["status"] == "open"


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["joint", "own"])
def test_query_counts_do_not_grow_with_values(client, world, django_assert_max_num_queries, scope):
    from accord.measures.models import PrivateMeasure

    owner = world.collaboration if scope == "joint" else world.brightwave
    model = JointMeasure if scope == "joint" else PrivateMeasure
    client.force_login(world.ana)
    arg = world.collaboration.pk if scope == "joint" else world.brightwave.slug
    counts = []
    for months in (3, 60):
        measures = [
            services.measure_create(
                owner=owner,
                model=model,
                data={"name": f"M{months}-{n}", "target": 50, "warning": 40, "start_date": D(2020, 1, 1)},
            )
            for n in range(5)
        ]
        for measure in measures:
            _fill(measure, months)
        list_url = reverse(f"measures:{scope}_measures", args=[arg])
        detail_url = reverse(f"measures:{scope}_measure", args=[arg, measures[0].pk])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as listed:
            assert client.get(list_url).status_code == 200
        with CaptureQueriesContext(connection) as detailed:
            assert client.get(detail_url).status_code == 200
        counts.append((len(listed), len(detailed)))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(30):
        client.get(list_url)
    with django_assert_max_num_queries(30):
        client.get(detail_url)


def test_api_patch_measure_and_objectives(client, world, joint_measure):
    from accord.collaborations.models import Collaboration
    from accord.objectives.models import JointObjective

    ours = JointObjective.objects.create(collaboration=world.collaboration, title="Win the bid")
    theirs = JointObjective.objects.create(
        collaboration=Collaboration.objects.create(name="Other"), title="Secret"
    )
    c = world.collaboration.pk
    url = f"/collaborations/{c}/measures/{joint_measure.pk}"
    patched = _api(
        client, world.jo, "PATCH", url, {"version": joint_measure.version, "objective_ids": [ours.pk]}
    )
    assert patched.status_code == 200, patched.content
    assert list(joint_measure.objectives.all()) == [ours]
    refused = _api(
        client, world.jo, "PATCH", url, {"version": patched.json()["version"], "objective_ids": [theirs.pk]}
    )
    assert refused.status_code == 400
    assert list(joint_measure.objectives.all()) == [ours]
    stale = _api(client, world.jo, "PATCH", url, {"version": 1, "name": "Uptime"})
    assert stale.status_code == 409
    # The form: the objective is offered, the other collaboration's is not.
    client.force_login(world.ana)
    page = client.get(reverse("measures:joint_measures_edit", args=[c, joint_measure.pk])).content.decode()
    assert "Win the bid" in page and "Secret" not in page


def test_correcting_from_the_table_carries_the_version(client, world, joint_measure):
    value, _ = services.value_record(measure=joint_measure, period=D(2024, 4, 1), value="97.25", note="first")
    client.force_login(world.ana)
    url = reverse("measures:joint_measure", args=[world.collaboration.pk, joint_measure.pk])
    html = client.get(url).content.decode()
    assert "?correct=2024-04-01" in html
    form = client.get(url + "?correct=2024-04-01").context["form"]
    assert form.initial == {
        "period": "2024 Q2",
        "value": Decimal("97.25"),
        "note": "first",
        "version": value.version,
    }
    # Someone corrects it meanwhile: the form's correction is refused, not written over it.
    services.value_record(
        measure=joint_measure, period=D(2024, 4, 1), value="98", expected_version=value.version
    )
    post = reverse("measures:joint_measure_value", args=[world.collaboration.pk, joint_measure.pk])
    response = client.post(post, {"period": "2024 Q2", "value": "99", "version": value.version})
    assert response.status_code == 409
    value.refresh_from_db()
    assert value.value == Decimal("98")


def test_history_exports_keep_each_scope_apart(client, world, joint_measure, private_measure):
    services.value_record(measure=private_measure, period=D(2025, 1, 1), value="17.25")
    services.value_record(measure=joint_measure, period=D(2024, 1, 1), value="99.125")

    def body(response):
        return (b"".join(response.streaming_content) if response.streaming else response.content).decode()

    client.force_login(world.ana)
    own = body(client.get(reverse("organizations:history_export", args=[world.brightwave.slug])))
    assert "Our margin on Lumen" in own and "17.25" in own and "99.125" not in own
    joint = body(client.get(reverse("collaborations:history_export", args=[world.collaboration.pk])))
    assert "Availability" in joint and "99.125" in joint and "17.25" not in joint and "margin" not in joint
    client.force_login(world.jo)
    lumen = body(client.get(reverse("organizations:history_export", args=[world.lumen.slug])))
    assert "margin" not in lumen and "17.25" not in lumen
