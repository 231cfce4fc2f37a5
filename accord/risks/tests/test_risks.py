import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accord.core.errors import ApplicationError
from accord.risks import selectors, services
from accord.risks.models import JointMitigation, JointRisk, OwnRisk, band

pytestmark = pytest.mark.django_db


# --- scores, scale, review flag -----------------------------------------------------------------


def test_score_and_residual_are_computed_and_stored(world, joint_risk):
    assert joint_risk.score == 15 and joint_risk.residual_score is None
    risk = services.risk_update(
        risk=joint_risk,
        data={"likelihood": 2, "residual_likelihood": 1, "residual_impact": 3},
        expected_version=joint_risk.version,
    )
    risk.refresh_from_db()
    assert (risk.score, risk.residual_score) == (10, 3)
    assert JointRisk.objects.in_scope(world.collaboration).filter(score=10, residual_score=3).exists()


def test_residual_needs_both_levels_and_levels_stay_on_the_scale(world, joint_risk):
    with pytest.raises(ApplicationError):
        services.risk_update(risk=joint_risk, data={"residual_likelihood": 2}, expected_version=None)
    with pytest.raises(ApplicationError):
        services.risk_update(risk=joint_risk, data={"impact": 6}, expected_version=None)
    with pytest.raises(ApplicationError):  # 5 is in use
        services.scale_set(owner=world.collaboration, value=4)
    assert services.scale_set(owner=world.collaboration, value=7) == 7
    services.risk_update(risk=joint_risk, data={"impact": 7}, expected_version=None)
    assert services.scale_max(world.brightwave) == 5  # each register has its own scale


def test_bands_follow_the_scale():
    assert [band(s, 5) for s in (4, 5, 11, 12, 25)] == ["low", "medium", "medium", "high", "high"]
    assert band(19, 10) == "low" and band(20, 10) == "medium" and band(48, 10) == "high"


def test_overdue_review_at_the_date_boundary(world, joint_risk):
    day = datetime.date(2030, 1, 1)
    assert not joint_risk.review_is_overdue(day)  # due today: not late yet
    assert joint_risk.review_is_overdue(day + datetime.timedelta(days=1))
    risks = JointRisk.objects.in_scope(world.collaboration)
    assert not risks.review_overdue(day).exists()
    assert risks.review_overdue(day + datetime.timedelta(days=1)).count() == 1
    joint_risk.status = "closed"
    joint_risk.save()
    assert not risks.review_overdue(day + datetime.timedelta(days=1)).exists()


def test_owner_person_must_belong_to_the_owner_party(world, party):
    with pytest.raises(ApplicationError):
        services.risk_create(
            owner=world.collaboration,
            data={
                "title": "x",
                "category": "legal",
                "likelihood": 1,
                "impact": 1,
                "owner_party": party,
                "owner_user": world.jo,
            },
        )
    with pytest.raises(ApplicationError):
        services.risk_create(
            owner=world.brightwave,
            data={
                "title": "x",
                "category": "legal",
                "likelihood": 1,
                "impact": 1,
                "owner_user": world.mallory,
            },
        )


# --- the heat map ---------------------------------------------------------------------------------


def test_heat_map_counts_active_risks_per_cell(world, joint_risk):
    for lik, imp, status in ((3, 5, "open"), (1, 2, "mitigating"), (1, 2, "closed")):
        services.risk_create(
            owner=world.collaboration,
            data={"title": "r", "category": "legal", "likelihood": lik, "impact": imp, "status": status},
        )
    data = selectors.heat_map(world.collaboration)
    counts = {(c.likelihood, c.impact): c.count for c in data.cells}
    assert len(data.cells) == 25 and data.total == 3
    assert counts[(3, 5)] == 2 and counts[(1, 2)] == 1 and counts[(5, 5)] == 0
    residual = selectors.heat_map(world.collaboration, residual=True)
    assert residual.total == 0 and residual.unrated == 3


def test_heat_map_page_links_cells_to_the_filtered_register(client, world, joint_risk):
    client.force_login(world.jo)
    body = client.get(reverse("risks:joint_risk_heat_map", args=[world.collaboration.pk])).content.decode()
    assert "<style" not in body.split("<svg", 1)[1]
    assert "likelihood=3&amp;impact=5" in body and "Likelihood 3, impact 5: 1 risk (High)" in body
    url = reverse("risks:joint_risks", args=[world.collaboration.pk]) + "?likelihood=3&impact=5"
    assert '">Coating not qualified</a>' in client.get(url).content.decode()
    assert (
        '">Coating not qualified</a>' not in client.get(url.replace("impact=5", "impact=4")).content.decode()
    )
    api = client.get(f"/api/v1/collaborations/{world.collaboration.pk}/risk-heat-map").json()
    assert (
        api["total"] == 1
        and {"likelihood": 3, "impact": 5, "score": 15, "band": "high", "count": 1} in api["cells"]
    )


# --- private mitigations ----------------------------------------------------------------------------


SECRET = "SECRET fallback"


def test_visibility_rule(world, party, lumen_party, private_mitigation, shared_mitigation):
    mitigations = JointMitigation.objects.in_scope(world.collaboration)
    assert set(mitigations.visible_to(party)) == {private_mitigation, shared_mitigation}
    assert list(mitigations.visible_to(lumen_party)) == [shared_mitigation]
    assert list(mitigations.visible_to(None)) == [shared_mitigation]


def test_private_mitigation_hidden_from_the_other_party_everywhere(
    client, world, joint_risk, private_mitigation, shared_mitigation
):
    c = world.collaboration.pk
    page = reverse("risks:joint_risk", args=[c, joint_risk.pk])
    api = f"/api/v1/collaborations/{c}/risks/{joint_risk.pk}/mitigations"
    history = reverse("collaborations:history_export", args=[c])

    client.force_login(world.ana)  # Brightwave's own members see it
    assert SECRET in client.get(page).content.decode()
    assert any(m["action"].startswith(SECRET) for m in client.get(api).json())

    client.force_login(world.jo)  # Lumen never does
    body = client.get(page).content.decode()
    assert SECRET not in body and "Run the fire tests" in body
    assert [m["action"] for m in client.get(api).json()] == ["Run the fire tests at the lab"]
    # Nor can it edit or remove it.
    url = f"{api}/{private_mitigation.pk}"
    assert (
        client.patch(url, {"version": 1, "action": "x"}, content_type="application/json").status_code == 404
    )
    assert client.delete(url).status_code == 404
    assert (
        client.post(
            reverse("risks:joint_risk_mitigation_delete", args=[c, joint_risk.pk]),
            {"mitigation": private_mitigation.pk},
        ).status_code
        == 404
    )
    assert SECRET not in client.get(page + f"?edit={private_mitigation.pk}").content.decode()
    response = client.get(history)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Run the fire tests" in content.decode() and SECRET not in content.decode()


def test_joint_history_export_leaves_private_mitigations_out(
    world, party, joint_risk, private_mitigation, shared_mitigation
):
    from accord.core.registry import registry

    sources = dict(registry.history_sources("collaboration", world.collaboration))
    rows = list(sources[JointMitigation])
    assert rows and all(not r.action.startswith(SECRET) for r in rows)
    # A mitigation shared first and made private later is left out with its earlier versions.
    services.mitigation_update(mitigation=shared_mitigation, data={"private": True}, expected_version=None)
    assert not list(dict(registry.history_sources("collaboration", world.collaboration))[JointMitigation])


def test_jrmp_source_lines_leave_private_mitigations_out(
    world, joint_risk, private_mitigation, shared_mitigation
):
    from accord.core.registry import registry

    (source,) = registry.plan_sources("jrmp", "risk")
    lines = source.lines(source.load(world.collaboration, None))
    text = "\n".join(lines)
    assert "Coating not qualified — score 15" in text and "Run the fire tests" in text and SECRET not in text


# --- pages, exports, outsiders -------------------------------------------------------------------------


def test_register_exports_parse_with_the_right_rows(client, world, joint_risk):
    services.risk_create(
        owner=world.collaboration, data={"title": "Second", "category": "exit", "likelihood": 1, "impact": 1}
    )
    client.force_login(world.jo)
    base = reverse("risks:joint_risks_export", args=[world.collaboration.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(base).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Risk" and [r[0] for r in rows[1:]] == ["Coating not qualified", "Second"]
    assert rows[1][4] == 15
    csv = b"".join(client.get(base.replace("xlsx", "csv") + "?category=exit").streaming_content).decode()
    assert "Second" in csv and "Coating" not in csv


def test_outsiders_get_404_on_the_risk_pages(client, world, joint_risk):
    own = services.risk_create(
        owner=world.brightwave, data={"title": "Own", "category": "internal", "likelihood": 2, "impact": 2}
    )
    client.force_login(world.mallory)
    c = world.collaboration.pk
    for url in (
        reverse("risks:joint_risk", args=[c, joint_risk.pk]),
        reverse("risks:joint_risk_heat_map", args=[c]),
        reverse("risks:own_risk", args=[world.brightwave.slug, own.pk]),
        reverse("risks:own_risk_heat_map", args=[world.brightwave.slug]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(world.jo)  # a partner never sees the other's own risks
    assert client.get(reverse("risks:own_risk", args=[world.brightwave.slug, own.pk])).status_code == 404
    assert client.get(reverse("risks:joint_risk", args=[c, 999999])).status_code == 404


def test_mitigation_pages_add_edit_and_the_private_toggle(client, world, joint_risk, party):
    client.force_login(world.ana)
    c = world.collaboration.pk
    url = reverse("risks:joint_risk_mitigation", args=[c, joint_risk.pk])
    assert client.post(url, {"action": "", "status": "planned"}).status_code == 422
    response = client.post(url, {"action": "Second shift", "status": "planned", "private": "on"})
    assert response.status_code == 302
    mitigation = JointMitigation.objects.in_scope(world.collaboration).get()
    assert mitigation.private and mitigation.party == party
    response = client.post(
        url,
        {
            "mitigation": mitigation.pk,
            "action": "Second shift",
            "status": "done",
            "version": mitigation.version,
        },
    )
    assert response.status_code == 302
    mitigation.refresh_from_db()
    assert mitigation.status == "done" and not mitigation.private
    stale = client.post(
        url, {"mitigation": mitigation.pk, "action": "Old", "status": "planned", "version": 1}
    )
    assert stale.status_code == 409


def test_raise_an_action_from_a_risk(client, world, joint_risk):
    client.force_login(world.ana)
    c = world.collaboration.pk
    response = client.post(
        reverse("risks:joint_risk_action", args=[c, joint_risk.pk]), {"title": "Call the lab"}
    )
    assert response.status_code == 302
    from accord.actions.selectors import actions_for_source

    (action,) = actions_for_source(world.collaboration, "risk", joint_risk.pk)
    assert action.title == "Call the lab" and action.owner_party == joint_risk.owner_party
    assert "Call the lab" in client.get(reverse("risks:joint_risk", args=[c, joint_risk.pk])).content.decode()


def test_api_create_and_patch_a_risk(client, world, party):
    client.force_login(world.ana)
    base = f"/api/v1/collaborations/{world.collaboration.pk}/risks"
    response = client.post(
        base,
        {
            "title": "API risk",
            "category": "financial",
            "likelihood": 2,
            "impact": 4,
            "owner_party_id": party.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["score"] == 8 and data["owner_party_id"] == party.pk
    response = client.patch(
        f"{base}/{data['id']}",
        {"version": data["version"], "residual_likelihood": 1, "residual_impact": 2},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["residual_score"] == 2
    assert (
        client.post(
            base,
            {"title": "x", "category": "legal", "likelihood": 9, "impact": 1},
            content_type="application/json",
        ).status_code
        == 400
    )


def test_contributors_add_and_change_but_only_managers_delete(client, world, joint_risk):
    # The roles as Accord describes them (ROLE_HELP): a contributor adds and updates entries,
    # deleting is a manager's; pages and API alike.
    from accord.core.permissions import Role

    c = world.collaboration.pk
    page = reverse("risks:joint_risks_delete", args=[c, joint_risk.pk])
    api = f"/api/v1/collaborations/{c}/risks/{joint_risk.pk}"
    client.force_login(world.roles[Role.CONTRIBUTOR])
    assert client.post(page).status_code == 403
    assert client.delete(api).status_code == 403
    assert JointRisk.objects.in_scope(world.collaboration).filter(pk=joint_risk.pk).exists()
    client.force_login(world.roles[Role.MANAGER])
    assert client.delete(api).status_code == 204
    assert not JointRisk.objects.in_scope(world.collaboration).filter(pk=joint_risk.pk).exists()


def test_own_register_is_private(client, world):
    services.risk_create(
        owner=world.brightwave,
        data={"title": "Our own", "category": "internal", "likelihood": 4, "impact": 4},
    )
    client.force_login(world.ana)
    assert "Our own" in client.get(reverse("risks:own_risks", args=[world.brightwave.slug])).content.decode()
    assert OwnRisk.objects.in_scope(world.lumen).count() == 0


def test_gate_check(world, joint_risk, party):
    from accord.risks.plugins import gate_answers

    assert gate_answers(world.collaboration, party, {"joint_risk_register"}) == {"joint_risk_register": True}
    joint_risk.status = "closed"
    joint_risk.save()
    assert gate_answers(world.collaboration, party, {"joint_risk_register"}) == {"joint_risk_register": False}


def test_attention_counts_and_lists_what_the_cards_show(world, django_assert_num_queries):
    """The cards' data: the high band follows the register's scale, counts cover every
    active risk while the lists keep the first few; one query when nothing needs attention."""
    today = datetime.date(2030, 6, 1)
    org = world.brightwave
    with django_assert_num_queries(1):
        assert selectors.attention(org, today=today) is None  # no risk at all
    for i, (likelihood, impact, review) in enumerate(
        [(4, 4, None), (3, 4, None), (5, 5, "late"), (2, 2, "late"), (1, 1, "soon"), (3, 3, None)]
    ):
        review_date = {"late": today - datetime.timedelta(days=i + 1), "soon": today}.get(review)
        services.risk_create(
            owner=org,
            data={
                "title": f"R{i}",
                "category": "internal",
                "likelihood": likelihood,
                "impact": impact,
                "review_date": review_date,
            },
        )
    OwnRisk.objects.in_scope(org).filter(title="R1").update(status="closed")  # 12, but closed
    with django_assert_num_queries(3):
        data = selectors.attention(org, limit=1, today=today)
    assert (data["scale_max"], data["high_limit"]) == (5, 12)
    assert (data["high_count"], data["overdue_count"]) == (2, 2)  # 25 and 16; R2 and R3 late
    assert [r.title for r in data["high"]] == ["R2"] and [r.title for r in data["overdue"]] == ["R3"]
    OwnRisk.objects.in_scope(org).filter(review_date__isnull=False).update(review_date=None)
    with django_assert_num_queries(2):  # no overdue review: no list of them
        data = selectors.attention(org, today=today)
    assert data["overdue_count"] == 0 and data["overdue"] == []
    assert [r.title for r in data["high"]] == ["R2", "R0"]
    services.scale_set(owner=org, value=10)  # high from 48: none left
    with django_assert_num_queries(1):
        assert selectors.attention(org, today=today) is None
    assert selectors.attention(world.collaboration, today=today) is None  # each register its own


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_2000_risks(client, world, party):
    import random
    from types import SimpleNamespace

    from accord.risks import demo

    c = world.collaboration.pk
    urls = [
        reverse("risks:joint_risks", args=[c]),
        reverse("risks:joint_risks", args=[c]) + "?overdue_review=true&sort=-score&page=2",
        reverse("risks:joint_risk_heat_map", args=[c]),
        f"/api/v1/collaborations/{c}/risks",
        f"/api/v1/collaborations/{c}/risk-heat-map?residual=true",
    ]
    client.force_login(world.ana)
    saved = demo.BENCH_RISKS
    try:
        demo.BENCH_RISKS = 60
        demo.bench(
            SimpleNamespace(
                bench_collaboration=world.collaboration, rng=random.Random(1), heavy_owner=world.ana
            )
        )
        few = [_queries(client, url) for url in urls]
        demo.BENCH_RISKS = 1940
        demo.bench(
            SimpleNamespace(
                bench_collaboration=world.collaboration, rng=random.Random(2), heavy_owner=world.ana
            )
        )
    finally:
        demo.BENCH_RISKS = saved
    assert JointRisk.objects.in_scope(world.collaboration).count() == 2000
    many = [_queries(client, url) for url in urls]
    assert many == few
    assert max(many) <= 20
    risk = JointRisk.objects.in_scope(world.collaboration).first()
    assert _queries(client, reverse("risks:joint_risk", args=[c, risk.pk])) <= 20


def test_jrmp_documents_and_register_exports_leave_private_mitigations_out(
    client, world, joint_risk, private_mitigation, shared_mitigation
):
    from docx import Document
    from pypdf import PdfReader

    c = world.collaboration.pk
    for user in (world.jo, world.ana):  # a plan is one document for every party
        client.force_login(user)
        printed = client.get(reverse("plans:jrmp_print", args=[c])).content.decode()
        pdf = client.get(reverse("plans:jrmp_pdf", args=[c]))
        pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        docx = Document(io.BytesIO(client.get(reverse("plans:jrmp_docx", args=[c])).content))
        docx_text = "\n".join(p.text for p in docx.paragraphs)
        page = client.get(reverse("plans:jrmp_plan", args=[c])).content.decode()
        for document in (printed, pdf_text, docx_text, page):
            assert "Coating not qualified" in document
            assert SECRET not in document
        assert "Run the fire tests" in printed and "Run the fire tests" in docx_text
    client.force_login(world.jo)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("risks:joint_risks_export", args=[c, fmt]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            content = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row).encode()
        assert b"Coating not qualified" in content and SECRET.encode() not in content
