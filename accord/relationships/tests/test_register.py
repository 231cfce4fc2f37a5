from decimal import Decimal

import pytest
from django.urls import reverse

from accord.core.errors import ApplicationError
from accord.core.models import UnscopedQueryError
from accord.relationships import services
from accord.relationships.filters import ORDERING
from accord.relationships.models import Decision, Kind, Relationship, Score, Segment, SegmentationCriterion
from tests.factories import RelationshipFactory


def criteria(org):
    return list(SegmentationCriterion.objects.in_scope(org))


def score_all(entry, values):
    return services.relationship_set_scores(
        entry=entry, values={c.pk: v for c, v in zip(criteria(entry.organization), values, strict=True)}
    )


def test_unscoped_query_is_refused(world):
    with pytest.raises(UnscopedQueryError):
        list(Relationship.objects.all())
    with pytest.raises(UnscopedQueryError):
        Relationship.objects.filter(counterpart_name="x").exists()
    assert Relationship.objects.in_scope(world.brightwave).count() == 1


def test_new_organization_gets_default_criteria(world):
    names = [c.name for c in criteria(world.brightwave)]
    assert names == ["Value to the business", "Collaboration potential", "Dependency", "Risk"]


@pytest.mark.parametrize(
    "scores,expected_score,segment",
    [
        ((5, 5, 5, 5), Decimal("100.0"), Segment.COLLABORATE),
        ((4, 4, 4, 4), Decimal("75.0"), Segment.COLLABORATE),
        ((4, 3, 3, 3), Decimal("57.5"), Segment.DEVELOP),
        ((3, 2, 3, 2), Decimal("37.5"), Segment.MAINTAIN),
        ((1, 1, 1, 1), Decimal("0.0"), Segment.TRANSACTIONAL),
    ],
)
def test_weighted_score_and_segment(world, scores, expected_score, segment):
    entry = score_all(world.entry, scores)
    assert entry.weighted_score == expected_score
    assert entry.segment == segment


def test_partial_scores_count_once_half_the_weight_is_scored(world):
    value, potential, *_ = criteria(world.brightwave)
    entry = services.relationship_set_scores(entry=world.entry, values={value.pk: 5})
    assert entry.segment == Segment.UNSCORED and entry.weighted_score is None  # 3 of 10
    entry = services.relationship_set_scores(entry=world.entry, values={potential.pk: 4})
    assert entry.weighted_score == Decimal("87.5")  # value 5 and potential 4, weights 3 and 3


def test_adding_a_criterion_keeps_existing_segments(world):
    entry = score_all(world.entry, (5, 5, 5, 5))
    services.criterion_create(organization=world.brightwave, data={"name": "Strategic fit", "weight": 2})
    entry.refresh_from_db()
    assert entry.segment == Segment.COLLABORATE


def test_changing_weights_recomputes_every_entry(world):
    entry = score_all(world.entry, (5, 1, 1, 1))  # value 3/10 of the weight → 30
    assert entry.segment == Segment.TRANSACTIONAL
    value, *others = criteria(world.brightwave)
    for other in others:
        services.criterion_update(criterion=other, data={"weight": 0})
    entry.refresh_from_db()
    assert entry.weighted_score == Decimal("100.0") and entry.segment == Segment.COLLABORATE


def test_two_edits_of_a_criterion_never_overwrite_each_other(client, world):
    # A weight rescales every entry: the second of two edits read at the same version is
    # refused, with what was saved meanwhile shown, in pages and API alike.
    first = criteria(world.brightwave)[0]
    recorded = first.history.count()
    url = reverse("relationships:criterion_edit", args=[world.brightwave.slug, first.pk])
    client.force_login(world.ana)
    form = {"name": first.name, "description": "", "position": first.position, "version": first.version}
    assert client.post(url, {**form, "weight": 2}).status_code == 302
    refused = client.post(url, {**form, "weight": 4})
    assert refused.status_code == 409 and "Saved meanwhile by someone else" in refused.content.decode()
    first.refresh_from_db()
    assert (first.weight, first.version) == (2, 2)
    api = f"/api/v1/organizations/{world.brightwave.slug}/criteria/{first.pk}"
    assert client.patch(api, {"weight": 5}, content_type="application/json").status_code == 422  # no version
    assert client.patch(api, {"weight": 5, "version": 1}, content_type="application/json").status_code == 409
    saved = client.patch(api, {"weight": 5, "version": 2}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 3 and saved.json()["weight"] == 5
    assert first.history.count() == recorded + 2  # the two saves; the refused ones left nothing


def test_an_overlong_owner_or_ser_address_is_refused(client, world):
    client.force_login(world.ana)
    base = f"/api/v1/organizations/{world.brightwave.slug}"
    count = Relationship.objects.in_scope(world.brightwave).count()
    long_address = "a" * 100_000
    made = client.post(
        f"{base}/relationships",
        {"counterpart_name": "X", "kind": "customer", "owner_email": long_address},
        content_type="application/json",
    )
    assert made.status_code == 422 and Relationship.objects.in_scope(world.brightwave).count() == count
    version = client.get(base).json()["version"]
    changed = client.patch(
        base, {"version": version, "ser_email": long_address}, content_type="application/json"
    )
    assert changed.status_code == 422


def test_out_of_range_score_is_refused_and_nothing_changes(world):
    first = criteria(world.brightwave)[0]
    with pytest.raises(ApplicationError):
        services.relationship_set_scores(entry=world.entry, values={first.pk: 9})
    assert not Score.objects.in_scope(world.brightwave).exists()


def test_last_criterion_cannot_be_deleted(world):
    items = criteria(world.brightwave)
    for c in items[:-1]:
        services.criterion_delete(criterion=c)
    with pytest.raises(ApplicationError):
        services.criterion_delete(criterion=items[-1])


def test_decision_needs_rationale_and_records_who(world):
    with pytest.raises(ApplicationError):
        services.relationship_decide(entry=world.entry, decision=Decision.YES, rationale=" ", user=world.ana)
    entry = services.relationship_decide(
        entry=world.entry, decision=Decision.YES, rationale="Complementary skills", user=world.ana
    )
    assert entry.decided_by == world.ana and entry.decided_at is not None


def test_decision_page_shows_field_error(client, world):
    client.force_login(world.roles["manager"])
    url = reverse("relationships:decide", args=[world.brightwave.slug, world.entry.pk])
    response = client.post(url, {"decision": "yes", "rationale": ""})
    assert response.status_code == 422
    assert "Say why" in response.content.decode()
    world.entry.refresh_from_db()
    assert world.entry.decision == ""


def test_create_form_shows_field_errors_and_saves_nothing(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:create", args=[world.brightwave.slug])
    response = client.post(url, {"counterpart_name": "", "kind": "nonsense", "status": "current"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "This field is required" in body and "Select a valid choice" in body
    assert Relationship.objects.in_scope(world.brightwave).count() == 1


def test_create_with_tags_then_filter_by_tag(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:create", args=[world.brightwave.slug])
    response = client.post(
        url,
        {
            "counterpart_name": "Ferro Steel",
            "kind": "supplier",
            "status": "current",
            "tags": "materials, local",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("relationships:list", args=[world.brightwave.slug]), {"tag": "materials"})
    body = listing.content.decode()
    assert "Ferro Steel" in body and "Lumen Coatings" not in body


def test_concurrent_edit_is_refused_and_both_texts_shown(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:edit", args=[world.brightwave.slug, world.entry.pk])
    base = {"counterpart_name": "Lumen Coatings", "kind": "partner", "status": "current", "version": 1}
    first = client.post(url, {**base, "notes": "first person's note"})
    assert first.status_code == 302
    second = client.post(url, {**base, "notes": "second person's note"})
    body = second.content.decode()
    assert second.status_code == 409
    assert "Someone else saved this record" in body
    assert "first person&#x27;s note" in body and "second person&#x27;s note" in body
    world.entry.refresh_from_db()
    assert world.entry.notes == "first person's note"


def test_history_shows_who_changed_what(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:edit", args=[world.brightwave.slug, world.entry.pk])
    client.post(
        url, {"counterpart_name": "Lumen Coatings Ltd", "kind": "partner", "status": "future", "version": 1}
    )
    detail = client.get(reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk]))
    body = detail.content.decode()
    assert "<del>Lumen Coatings</del> → <ins>Lumen Coatings Ltd</ins>" in body
    assert "<del>Current</del> → <ins>Future</ins>" in body
    assert "Ana" in body
    export = client.get(reverse("organizations:history_export", args=[world.brightwave.slug]))
    assert (
        "Lumen Coatings Ltd" in export.content.decode() and "ana@brightwave.test" in export.content.decode()
    )


def test_list_filters_sort_and_paginate(client, world):
    org = world.brightwave
    for i in range(30):
        RelationshipFactory(organization=org, kind=Kind.CUSTOMER if i % 2 else Kind.SUPPLIER)
    client.force_login(world.ana)
    url = reverse("relationships:list", args=[org.slug])
    page1 = client.get(url)
    assert page1.context["page_obj"].paginator.count == 31
    assert len(page1.context["entries"]) == 25
    page2 = client.get(url, {"page": 2})
    assert len(page2.context["entries"]) == 6
    customers = client.get(url, {"kind": "customer"})
    assert customers.context["page_obj"].paginator.count == 15
    searched = client.get(url, {"q": "Counterpart 000"})
    assert all("Counterpart 000" in e.counterpart_name for e in searched.context["entries"])
    desc = client.get(url, {"sort": "-counterpart_name"})
    names = [e.counterpart_name for e in desc.context["entries"]]
    assert names == sorted(names, reverse=True)
    bad = client.get(url, {"kind": "spaceship"})
    assert bad.status_code == 200 and "Some filters were ignored" in bad.content.decode()


def test_filter_selects_keep_the_choice_and_escape_names(client, world):
    world.roles["manager"].full_name = 'Eve <b>"the" editor</b>'
    world.roles["manager"].save()
    client.force_login(world.ana)
    url = reverse("relationships:list", args=[world.brightwave.slug])
    body = client.get(url, {"kind": "supplier", "owner": str(world.roles["manager"].pk)}).content.decode()
    assert '<option value="supplier" selected>' in body
    assert (
        f'<option value="{world.roles["manager"].pk}" selected>Eve &lt;b&gt;&quot;the&quot; editor&lt;/b&gt;</option>'
        in body
    )
    assert "<b>" not in body.split('name="owner"')[1].split("</select>")[0]


def test_htmx_request_gets_only_the_results(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:list", args=[world.brightwave.slug])
    response = client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("rows", [5, 40])
def test_register_list_query_count_is_bounded(client, world, django_assert_max_num_queries, rows):
    for _ in range(rows):
        entry = RelationshipFactory(organization=world.brightwave)
        entry.tags.set(services.tags_resolve(organization=world.brightwave, names=["a", "b"]))
    client.force_login(world.ana)
    url = reverse("relationships:list", args=[world.brightwave.slug])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url, {"sort": "-weighted_score", "tag": "a"}).status_code == 200


def test_every_sort_with_a_tag_filter_lists_the_shown_columns(client, world, django_assert_max_num_queries):
    # The list reads only the columns it shows; every sort must still work with the tag filter's
    # DISTINCT (PostgreSQL wants the sorted column selected), without a query per row.
    for number in range(3):
        entry = RelationshipFactory(
            organization=world.brightwave, counterpart_name=f"Tagged {number}", owner=world.ana
        )
        entry.tags.set(services.tags_resolve(organization=world.brightwave, names=["a", "b"]))
    client.force_login(world.ana)
    url = reverse("relationships:list", args=[world.brightwave.slug])
    for sort, _label in ORDERING:
        with django_assert_max_num_queries(10):
            body = client.get(url, {"sort": sort, "tag": "a"}).content.decode()
        assert all(f"Tagged {number}" in body for number in range(3)), sort
        assert world.ana.display_name in body and '<span class="badge">b</span>' in body


@pytest.mark.parametrize("rows", [5, 40])
def test_matrix_and_dashboard_query_count_is_bounded(client, world, django_assert_max_num_queries, rows):
    for _ in range(rows):
        score_all(RelationshipFactory(organization=world.brightwave), (4, 3, 2, 5))
    client.force_login(world.ana)
    # The dashboard also shows each app's card (one fixed query each when there is nothing to
    # show), and the next steps past the firm's own plan (one query from collaborations, which
    # the list of collaborations shares, one from plans, which its waiting card shares).
    for name, most in (
        ("relationships:matrix", 10),
        ("organizations:dashboard", 13),
        ("relationships:criteria", 10),
    ):
        url = reverse(name, args=[world.brightwave.slug])
        client.get(url)
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_matrix_places_every_scored_entry(client, world):
    score_all(world.entry, (5, 4, 3, 2))
    score_all(RelationshipFactory(organization=world.brightwave, counterpart_name="Other"), (1, 2, 3, 4))
    client.force_login(world.ana)
    response = client.get(reverse("relationships:matrix", args=[world.brightwave.slug]))
    body = response.content.decode()
    assert body.count("<circle") == 2
    assert "Lumen Coatings (Value to the business 5, Collaboration potential 4)" in body


def test_detail_query_count_is_bounded(client, world, django_assert_max_num_queries):
    for i in range(20):
        services.relationship_update(entry=world.entry, data={"notes": f"note {i}"}, expected_version=None)
    client.force_login(world.ana)
    url = reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_score_changes_appear_in_the_entry_history(client, world):
    score_all(world.entry, (3, 3, 3, 3))
    score_all(world.entry, (5, 3, 3, 3))
    client.force_login(world.ana)
    body = client.get(
        reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])
    ).content.decode()
    assert "Score: Value to the business</strong>: <del>3</del> → <ins>5</ins>" in body
    assert "Score: Risk</strong>: <del>—</del> → <ins>3</ins>" in body


def test_after_a_conflict_the_second_person_can_save_deliberately(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:edit", args=[world.brightwave.slug, world.entry.pk])
    base = {"counterpart_name": "Lumen Coatings", "kind": "partner", "status": "current", "version": 1}
    client.post(url, {**base, "notes": "first"})
    conflict = client.post(url, {**base, "notes": "second"})
    assert conflict.context["form"]["version"].value() == "2"
    assert (
        client.post(url, {**base, "notes": "second, having read the first", "version": 2}).status_code == 302
    )


def test_a_crowded_matrix_cell_is_one_bubble_linking_to_its_entries(client, world):
    from accord.relationships.matrix import MAX_DOTS_PER_CELL

    crowd = MAX_DOTS_PER_CELL + 3
    for i in range(crowd):
        score_all(
            RelationshipFactory(organization=world.brightwave, counterpart_name=f"Crowd {i:02}"), (4, 3, 2, 5)
        )
    score_all(RelationshipFactory(organization=world.brightwave, counterpart_name="Loner"), (1, 2, 3, 4))
    client.force_login(world.ana)
    response = client.get(reverse("relationships:matrix", args=[world.brightwave.slug]))
    body = response.content.decode()
    assert body.count("<circle") == 2  # one bubble for the crowd, one dot for the loner
    assert f"{crowd} entries (" in body
    x, y = response.context["x"], response.context["y"]
    link = f"?cell={x.pk}:4:{y.pk}:3"
    assert link in body
    listed = client.get(reverse("relationships:list", args=[world.brightwave.slug]) + link)
    assert listed.context["page_obj"].paginator.count == crowd
    assert "Showing one cell of the portfolio matrix." in listed.content.decode()
    # A malformed cell is ignored, never an error.
    for odd in ["1:2", "a:b:c:d", f"{x.pk}:9:{y.pk}:9", "9" * 40]:
        assert (
            client.get(reverse("relationships:list", args=[world.brightwave.slug]), {"cell": odd}).status_code
            == 200
        )


def test_the_matrix_never_plots_a_criterion_against_itself(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:matrix", args=[world.brightwave.slug])
    first = client.get(url).context["x"]
    response = client.get(url, {"x": first.pk, "y": first.pk})
    assert response.context["x"] == first and response.context["y"] != first


def test_dots_sharing_an_edge_cell_stay_apart_and_inside_the_plot():
    import re

    from accord.relationships.matrix import MAX_DOTS_PER_CELL, PAD, SIZE, matrix_svg

    points = [
        {"id": i, "counterpart_name": f"E{i}", "segment": "maintain", "x": 1, "y": 1}
        for i in range(MAX_DOTS_PER_CELL)
    ]
    svg = matrix_svg(points=points, x_label="Value", y_label="Potential", org_slug="o", title="t")
    spots = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="6"', svg)
    assert len(spots) == MAX_DOTS_PER_CELL == len(set(spots))  # each dot has a spot of its own
    assert all(PAD < float(x) < SIZE - PAD and PAD < float(y) < SIZE - PAD for x, y in spots)


def test_a_yes_decision_points_to_the_plan_and_the_page_has_the_org_menu(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])
    body = client.get(url).content.decode()
    assert 'class="subnav"' in body
    assert "Next: write your relationship management plan" not in body
    services.relationship_decide(
        entry=world.entry, decision=Decision.YES, rationale="Shared goals", user=world.ana
    )
    body = client.get(url).content.decode()
    plan = reverse("plans:rmp_plan", args=[world.brightwave.slug])
    assert f'<a href="{plan}">Next: write your relationship management plan</a>' in body


def test_the_status_choices_are_explained(client, world):
    client.force_login(world.ana)
    body = client.get(reverse("relationships:create", args=[world.brightwave.slug])).content.decode()
    assert "Approaching: you are in first contact" in body


def test_the_french_status_choices_are_distinct():
    from django.utils import translation

    from accord.relationships.models import Status

    with translation.override("fr"):
        assert [str(label) for _value, label in Status.choices] == ["Actuelle", "Envisagée", "En approche"]


def test_the_score_column_does_not_break_and_history_tables_scroll_on_a_phone(client, world):
    from pathlib import Path

    client.force_login(world.ana)
    body = client.get(reverse("relationships:list", args=[world.brightwave.slug])).content.decode()
    assert '<th scope="col" class="nowrap">Score</th>' in body
    css = (Path(__file__).resolve().parents[2] / "core/static/accord/accord.css").read_text()
    assert "table.history { min-width: 34rem; }" in css
    assert (
        "table.history th:nth-child(-n+2), table.history td:nth-child(-n+2) { white-space: nowrap; }" in css
    )


def test_a_yes_decision_with_a_joint_space_points_to_it(client, world):
    entry = services.relationship_decide(
        entry=world.entry, decision=Decision.YES, rationale="Shared goals", user=world.ana
    )
    Relationship.objects.in_scope(world.brightwave).filter(pk=entry.pk).update(
        collaboration_id=world.collaboration.pk
    )
    client.force_login(world.ana)
    body = client.get(
        reverse("relationships:detail", args=[world.brightwave.slug, entry.pk])
    ).content.decode()
    overview = reverse("collaborations:overview", args=[world.collaboration.pk])
    assert f'<a href="{overview}">Next: continue in the joint space</a>' in body
    assert "Next: write your relationship management plan" not in body


def test_the_entry_page_explains_how_the_score_is_worked_out(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:detail", args=[world.brightwave.slug, world.entry.pk])
    body = client.get(url).content.decode()
    assert "How the score is worked out" in body
    assert "1 on every criterion gives 0 and 5 on every criterion gives 100" in body
    assert "Collaborate 75+ · Develop 55+ · Maintain 35+ · Transactional 0+." in body
