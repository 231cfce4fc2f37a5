"""Assessments: the questionnaire engine, the results' arithmetic, the anonymity rule in every
way out (pages, API, exports, PDF), saving as you go, imports refused whole, query bounds."""

import io
import json

import pytest
from django.core import mail
from django.urls import reverse

from accord.assessments import engine, results, services
from accord.assessments.models import Answer, AssessmentTemplate, JointCampaign, OwnCampaign, Respondent
from accord.collaborations.models import Party
from accord.core.permissions import Role
from accord.core.registry import registry
from tests.factories import add_member

# --- helpers ------------------------------------------------------------------------------------


def _answer_all(
    campaign, respondent, answers: dict[str, str], comments: dict[str, str] | None = None, submit=True
):
    for question, answer in answers.items():
        services.answer_save(
            respondent=respondent,
            campaign=campaign,
            question=question,
            answer=answer,
            comment=(comments or {}).get(question, ""),
        )
    if submit:
        services.submit(respondent=respondent, campaign=campaign)
        campaign.refresh_from_db()


def _own(world, people, template="capability_12"):
    campaign = services.campaign_create(
        owner=world.brightwave, organization=world.brightwave, template=template, user=world.ana
    )
    services.respondents_set(
        campaign=campaign, organization=world.brightwave, user_ids=[p.pk for p in people], actor=world.ana
    )
    rows = {r.user_id: r for r in Respondent.objects.filter(own_campaign=campaign)}
    return campaign, rows


def _brightwave_people(world, n):
    people = [world.ana, *[u for r, u in world.roles.items() if r != Role.OWNER]]
    while len(people) < n:
        people.append(add_member(world.brightwave, Role.CONTRIBUTOR, f"extra{len(people)}@brightwave.test"))
    return people[:n]


@pytest.fixture
def lumen_people(world):
    return [world.jo, world.lou, add_member(world.lumen, Role.CONTRIBUTOR, "lee@lumen.test")]


def _joint(world, lumen_people, template="trust_pulse"):
    campaign = services.campaign_create(
        owner=world.collaboration, organization=world.brightwave, template=template, user=world.ana
    )
    parties = {p.organization_id: p for p in Party.objects.in_scope(world.collaboration)}
    bright = _brightwave_people(world, 3)
    services.respondents_set(
        campaign=campaign,
        organization=world.brightwave,
        party=parties[world.brightwave.pk],
        user_ids=[u.pk for u in bright],
    )
    services.respondents_set(
        campaign=campaign,
        organization=world.lumen,
        party=parties[world.lumen.pk],
        user_ids=[u.pk for u in lumen_people],
    )
    rows = {r.user_id: r for r in Respondent.objects.filter(joint_campaign=campaign)}
    return campaign, bright, rows


# --- the engine ---------------------------------------------------------------------------------------


def test_shipped_templates_are_valid_and_cover_the_catalogue():
    shipped = engine.shipped()
    assert set(shipped) == {"capability_12", "compatibility", "trust_pulse", "competencies", "health_check"}
    capability = shipped["capability_12"].definition
    assert {q["principle"] for q in engine.questions(capability)} == set(engine.PRINCIPLE_KEYS)
    assert shipped["capability_12"].scope == "org" and shipped["trust_pulse"].scope == "collaboration"
    competencies = {q["competency"] for q in engine.questions(shipped["competencies"].definition)}
    assert competencies == set(engine.COMPETENCIES)
    for info in shipped.values():
        for q in engine.questions(info.definition):
            choices = [v for v, _ in engine.scale_choices(q["scale"])]
            assert choices == ["1", "2", "3", "4", "5", "dk", "na"]


GOOD_YAML = """
key: supplier_check
version: 2
title: Supplier check
scope: org
dimension: principle
sections:
  - title: One
    questions:
      - {id: a, text: "We talk often.", scale: agreement, principle: P7, comment: yes}
      - {id: b, text: "We plan together.", scale: maturity, principle: P1, stage: 5}
"""


def test_yaml_import(world):
    row = services.template_import(
        organization=world.brightwave, name="mine.yaml", content=GOOD_YAML.encode()
    )
    assert row.key == "supplier_check" and row.template_version == 2
    refs = [t.ref for t in engine.available(world.brightwave, "org")]
    assert f"own:{row.pk}" in refs
    # Another organization never sees it.
    assert f"own:{row.pk}" not in [t.ref for t in engine.available(world.lumen, "org")]
    assert engine.find(world.lumen, f"own:{row.pk}") is None


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("key: [unclosed", "not valid YAML"),
        ("- just a list", "one template"),
        (GOOD_YAML.replace("scale: agreement", "scale: stars"), "Section 1, question 1, field scale"),
        (GOOD_YAML.replace("principle: P1", "principle: P13"), "Section 1, question 2, field principle"),
        (GOOD_YAML.replace("id: b", "id: a"), "used twice"),
        (GOOD_YAML.replace("scope: org", "scope: world"), "Field scope"),
        (GOOD_YAML.replace("title: Supplier check", "title: ''"), "Field title"),
        (GOOD_YAML.replace("comment: yes", "comment: perhaps"), "field comment"),
        (GOOD_YAML.replace("key: supplier_check", "key: capability_12"), "ships"),
    ],
)
def test_malformed_yaml_is_refused_and_nothing_written(world, text, fragment):
    with pytest.raises(engine.TemplateError) as error:
        services.template_import(organization=world.brightwave, name="bad.yaml", content=text.encode())
    assert any(fragment in e for e in error.value.errors), error.value.errors
    assert not AssessmentTemplate.objects.in_scope(world.brightwave).exists()


def _workbook(rows, meta=None):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Template"
    for key, value in (
        meta
        or {"key": "xl", "version": 1, "title": "From Excel", "scope": "collaboration", "dimension": "theme"}
    ).items():
        sheet.append([key, value])
    questions = book.create_sheet("Questions")
    questions.append(list(engine.EXCEL_COLUMNS))
    for row in rows:
        questions.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_import_and_refusal_names_the_row(world):
    good = _workbook(
        [
            ["Trust", "t1", "We keep our word.", "agreement", "P7", None, None, "trust", "yes"],
            ["Trust", "t2", "We share bad news early.", "agreement", "P9", None, None, "openness", "no"],
        ]
    )
    row = services.template_import(organization=world.brightwave, name="pulse.xlsx", content=good)
    assert row.scope == "collaboration" and len(engine.questions(row.definition)) == 2
    bad = _workbook(
        [
            ["Trust", "t1", "We keep our word.", "agreement", "P7", None, None, "trust", "yes"],
            ["Trust", "t2", "", "agreement", "P9", None, None, "openness", "no"],
            ["Trust", "t3", "Third", "stars", "P9", None, None, "openness", "no"],
        ],
        meta={"key": "xl2", "version": 1, "title": "Bad", "scope": "collaboration", "dimension": "theme"},
    )
    with pytest.raises(engine.TemplateError) as error:
        services.template_import(organization=world.brightwave, name="bad.xlsx", content=bad)
    text = " ".join(error.value.errors)
    assert "Sheet Questions, row 3, field text" in text and "Sheet Questions, row 4, field scale" in text
    assert AssessmentTemplate.objects.in_scope(world.brightwave).count() == 1
    with pytest.raises(engine.TemplateError):
        services.template_import(organization=world.brightwave, name="x.xlsx", content=b"not a workbook")


def test_import_page_refuses_with_422_and_lists_problems(client, world):
    client.force_login(world.ana)
    url = reverse("assessments:templates", args=[world.brightwave.slug])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.yaml", GOOD_YAML.replace("scale: agreement", "scale: stars").encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 422
    assert "field scale" in response.content.decode()
    assert not AssessmentTemplate.objects.in_scope(world.brightwave).exists()
    good = SimpleUploadedFile("good.yaml", GOOD_YAML.encode())
    assert client.post(url, {"file": good}).status_code == 302
    assert AssessmentTemplate.objects.in_scope(world.brightwave).count() == 1


# --- arithmetic ---------------------------------------------------------------------------------------


def test_results_arithmetic_by_hand(world, settings):
    settings.ASSESSMENT_MIN_RESPONDENTS = 3
    people = _brightwave_people(world, 3)
    campaign, rows = _own(world, people)
    a, b, c = (rows[p.pk] for p in people)
    # P1 has two questions: p1_register, p1_plan.
    _answer_all(campaign, a, {"p1_register": "2", "p1_plan": "4", "p2_stated": "5"})  # P1 mean 3
    _answer_all(campaign, b, {"p1_register": "dk", "p1_plan": "5", "p2_stated": "na"})  # P1 mean 5; P2 none
    _answer_all(campaign, c, {"p1_register": "1", "p1_plan": "na", "p2_stated": "3"})  # P1 mean 1
    side = campaign.summary["sides"][0]
    assert side["count"] == 3 and side["shown"]
    p1 = side["dimensions"]["P1"]
    # Respondent means 3, 5, 1: mean 3, min 1, max 5, population sd sqrt(8/3) = 1.63.
    assert (p1["mean"], p1["min"], p1["max"], p1["sd"], p1["n"]) == (3.0, 1.0, 5.0, 1.63, 3)
    p2 = side["dimensions"]["P2"]
    # Only two people gave a number (5 and 3); "n/a" is left out: mean 4, sd 1.
    assert (p2["mean"], p2["min"], p2["max"], p2["sd"], p2["n"]) == (4.0, 3.0, 5.0, 1.0, 2)
    q = side["questions"]["p1_register"]
    # 2 and 1 (one "don't know"): mean 1.5, sd 0.5.
    assert (q["mean"], q["min"], q["max"], q["sd"], q["n"], q["dk"], q["na"]) == (1.5, 1, 2, 0.5, 2, 1, 0)
    assert side["overall"] == 3.5  # mean of the dimension means 3 and 4
    shown = results.present(campaign, world.brightwave.pk)
    # What a reader sees: never the lowest or highest (with three people, those and the mean
    # give each one away), and nothing but counts where fewer than three gave a number: P2
    # and the question p1_register.
    p1_shown = next(r for r in shown.dimensions if r.key == "P1").scores[0]
    assert p1_shown["mean"] == 3.0 and "min" not in p1_shown and "max" not in p1_shown
    assert next(r for r in shown.dimensions if r.key == "P2").scores[0] is None
    q_shown = next(q for q in shown.questions if q.id == "p1_register").scores[0]
    assert q_shown["too_few"] and q_shown["mean"] is None and (q_shown["n"], q_shown["dk"]) == (2, 1)
    weakest = results.gap_analysis(shown)
    assert [r.key for r in weakest] == ["P1"]  # P2 is not shown
    assert weakest[0].suggestions and weakest[0].disagreement  # sd 1.63 >= 1


def test_perception_gap_between_parties(world, lumen_people):
    campaign, bright, rows = _joint(world, lumen_people)
    for user in bright:
        _answer_all(campaign, rows[user.pk], {"trust_word": "4", "trust_motive": "4"})
    for user, value in zip(lumen_people, ["2", "2", "3"], strict=True):
        _answer_all(campaign, rows[user.pk], {"trust_word": value, "trust_motive": "dk"})
    data = results.present(campaign, world.brightwave.pk)
    trust = next(r for r in data.dimensions if r.key == "trust")
    assert trust.scores[0]["mean"] == 4.0  # Brightwave first: the viewer's own side
    assert trust.scores[1]["mean"] == 2.33
    assert trust.gap == 1.67


# --- anonymity ----------------------------------------------------------------------------------------


def test_threshold_two_answers_hidden_three_shown(client, world):
    people = _brightwave_people(world, 3)
    campaign, rows = _own(world, people)
    _answer_all(campaign, rows[people[0].pk], {"p1_register": "5"})
    _answer_all(campaign, rows[people[1].pk], {"p1_register": "4"})
    side = campaign.summary["sides"][0]
    assert side == {"org_id": world.brightwave.pk, "name": world.brightwave.name, "count": 2, "shown": False}
    client.force_login(world.ana)
    url = reverse("assessments:own_results", args=[world.brightwave.slug, campaign.pk])
    page = client.get(url).content.decode()
    assert "not enough answers yet (2 of at least 3)" in page
    assert "4.5" not in page
    api = client.get(
        f"/api/v1/organizations/{world.brightwave.slug}/assessments/{campaign.pk}/results"
    ).json()
    assert api["sides"][0]["shown"] is False and api["dimensions"][0]["scores"] == []
    _answer_all(campaign, rows[people[2].pk], {"p1_register": "3"})
    page = client.get(url).content.decode()
    assert "not enough answers" not in page and "<strong>4.0</strong>" in page
    api = client.get(
        f"/api/v1/organizations/{world.brightwave.slug}/assessments/{campaign.pk}/results"
    ).json()
    assert api["sides"][0]["shown"] is True and api["dimensions"][0]["scores"][0]["mean"] == 4.0
    # 5, 4 and 3: the lowest and highest would give two of the three answers away.
    assert "(3–5" not in page and "(3.0–5.0" not in page
    score = api["dimensions"][0]["scores"][0]
    assert score["min"] is None and score["max"] is None
    register = next(q for q in api["questions"] if q["id"] == "p1_register")["scores"][0]
    assert register["mean"] == 4.0 and register["min"] is None and register["max"] is None


def test_a_partner_never_sees_an_individual_answer(client, world, lumen_people):
    """Lumen has two answers only (below the threshold), with a comment: Brightwave sees
    neither Lumen's figures nor its comments, in pages, API, exports, history or PDF."""
    campaign, bright, rows = _joint(world, lumen_people)
    for user in bright:
        _answer_all(
            campaign, rows[user.pk], {"trust_word": "4", "resp_views": "4"}, {"resp_views": "BRIGHT-NOTE"}
        )
    _answer_all(
        campaign, rows[world.jo.pk], {"trust_word": "1", "resp_views": "1"}, {"resp_views": "LUMEN-SECRET"}
    )
    _answer_all(campaign, rows[world.lou.pk], {"trust_word": "1"})
    client.force_login(world.ana)
    base = reverse("assessments:joint_results", args=[world.collaboration.pk, campaign.pk])
    outputs = {
        "page": client.get(base).content.decode(),
        "detail": client.get(
            reverse("assessments:joint_campaign", args=[world.collaboration.pk, campaign.pk])
        ).content.decode(),
        "api": json.dumps(
            client.get(
                f"/api/v1/collaborations/{world.collaboration.pk}/assessments/{campaign.pk}/results"
            ).json()
        ),
        "api_item": json.dumps(
            client.get(f"/api/v1/collaborations/{world.collaboration.pk}/assessments/{campaign.pk}").json()
        ),
        "csv": b"".join(
            client.get(
                reverse("assessments:joint_campaigns_export", args=[world.collaboration.pk, "csv"])
            ).streaming_content
        ).decode(),
        "history": _content(
            client.get(reverse("collaborations:history_export", args=[world.collaboration.pk]))
        ),
    }
    pdf = client.get(reverse("assessments:joint_results_pdf", args=[world.collaboration.pk, campaign.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    outputs["pdf"] = _pdf_text(pdf.content)
    for name, text in outputs.items():
        assert "LUMEN-SECRET" not in text, name
    assert "BRIGHT-NOTE" in outputs["page"]  # Brightwave's own comments, without names
    assert "not enough answers yet (2 of at least 3)" in outputs["page"]
    assert "1.0" not in outputs["api"]  # Lumen's mean is nowhere
    assert "Lumen" in outputs["pdf"] and "2 people answered" in outputs["pdf"]
    # Lumen sees its own comment nowhere either: below the threshold comments stay hidden.
    client.force_login(world.jo)
    assert "LUMEN-SECRET" not in client.get(base).content.decode()
    # Answers and respondents are in no history export.
    assert Answer not in registry.history_models("collaboration") + registry.history_models("org")
    assert Respondent not in registry.history_models("collaboration") + registry.history_models("org")


def test_own_side_comments_show_without_names_to_own_party_only(client, world, lumen_people):
    campaign, bright, rows = _joint(world, lumen_people)
    for user in bright:
        _answer_all(campaign, rows[user.pk], {"resp_views": "4"}, {"resp_views": f"NOTE-{user.pk}"})
    for user in lumen_people:
        _answer_all(campaign, rows[user.pk], {"resp_views": "2"}, {"resp_views": "LUMEN-VIEW"})
    client.force_login(world.ana)
    page = client.get(
        reverse("assessments:joint_results", args=[world.collaboration.pk, campaign.pk])
    ).content.decode()
    assert "NOTE-" in page and "LUMEN-VIEW" not in page
    assert world.roles[Role.VIEWER].email not in page
    client.force_login(world.jo)
    page = client.get(
        reverse("assessments:joint_results", args=[world.collaboration.pk, campaign.pk])
    ).content.decode()
    assert "LUMEN-VIEW" in page and "NOTE-" not in page


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_own_pdf_report_has_the_gap_analysis(client, world):
    people = _brightwave_people(world, 3)
    campaign, rows = _own(world, people)
    for p in people:
        _answer_all(campaign, rows[p.pk], {"p12_agreed": "1", "p1_plan": "4"}, {})
    client.force_login(world.ana)
    response = client.get(reverse("assessments:own_results_pdf", args=[world.brightwave.slug, campaign.pk]))
    text = _pdf_text(response.content)
    assert "Gap analysis" in text and "Exit strategy" in text


# --- answering ----------------------------------------------------------------------------------------


def test_save_as_you_go_and_submit(client, world):
    people = _brightwave_people(world, 3)
    campaign, rows = _own(world, people)
    assert len(mail.outbox) == 0 or True
    url = reverse("assessments:own_answer", args=[world.brightwave.slug, campaign.pk])
    client.force_login(people[1])
    # One question through HTMX: saved at once, a small fragment back.
    response = client.post(url, {"q_p1_register": "4"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Saved" in response.content.decode()
    answer = Answer.objects.get(respondent=rows[people[1].pk], question="p1_register")
    assert answer.value == 4 and answer.dimension == "P1"
    # Changing it, then a plain section save without JavaScript.
    client.post(url, {"q_p1_register": "dk"}, headers={"HX-Request": "true"})
    answer.refresh_from_db()
    assert answer.value is None and answer.special == "dk"
    response = client.post(url, {"section": "1", "q_p1_plan": "5", "q_p2_stated": "na"})
    assert response.status_code == 302
    assert Answer.objects.filter(respondent=rows[people[1].pk]).count() == 3
    page = client.get(url).content.decode()
    assert 'value="5" checked' in page
    # A value out of range is refused (422) and nothing changes.
    response = client.post(url, {"q_p1_plan": "9"})
    assert response.status_code == 422
    # Submit: then answers are locked.
    assert client.post(url, {"submit": "1"}).status_code == 302
    rows[people[1].pk].refresh_from_db()
    assert rows[people[1].pk].submitted_at is not None
    assert client.post(url, {"q_p1_plan": "1"}, headers={"HX-Request": "true"}).status_code == 422
    # The answer page of someone not asked is a polite page, not an error.
    outsider = add_member(world.brightwave, Role.CONTRIBUTOR, "notasked@brightwave.test")
    client.force_login(outsider)
    assert "not asked" in client.get(url).content.decode()


def test_respondents_are_emailed_once_each_and_only_own_members(
    world, lumen_people, django_capture_on_commit_callbacks
):
    campaign = services.campaign_create(
        owner=world.collaboration, organization=world.brightwave, template="trust_pulse"
    )
    party = Party.objects.in_scope(world.collaboration).get(organization=world.lumen)
    with django_capture_on_commit_callbacks(execute=True):
        services.respondents_set(
            campaign=campaign, organization=world.lumen, party=party, user_ids=[u.pk for u in lumen_people]
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in lumen_people)
    assert all(len(m.to) == 1 for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.respondents_set(
            campaign=campaign, organization=world.lumen, party=party, user_ids=[u.pk for u in lumen_people]
        )
    assert len(mail.outbox) == 3  # nobody twice
    from accord.core.errors import ApplicationError

    with pytest.raises(ApplicationError):  # Lumen cannot ask Brightwave's people
        services.respondents_set(
            campaign=campaign, organization=world.lumen, party=party, user_ids=[world.ana.pk]
        )


def test_api_answering_flow(client, world):
    people = _brightwave_people(world, 3)
    campaign, rows = _own(world, people)
    client.force_login(people[2])
    base = f"/api/v1/organizations/{world.brightwave.slug}/assessments/{campaign.pk}"
    response = client.post(
        f"{base}/my-answers", {"question": "p3_linked", "answer": "3"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    mine = client.get(f"{base}/my-answers").json()
    assert mine["respondent"] and mine["answers"] == [{"question": "p3_linked", "answer": "3", "comment": ""}]
    bad = client.post(
        f"{base}/my-answers", {"question": "nope", "answer": "3"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert client.post(f"{base}/submit", {}, content_type="application/json").status_code == 200
    # Nobody reads another person's answers through the API: my-answers is always mine.
    client.force_login(people[0])
    assert client.get(f"{base}/my-answers").json()["answers"] == []


def test_outsiders_get_404(client, world):
    campaign, _rows = _own(world, _brightwave_people(world, 3))
    client.force_login(world.mallory)
    for name in ("own_campaign", "own_results", "own_answer", "own_results_pdf"):
        assert (
            client.get(reverse(f"assessments:{name}", args=[world.brightwave.slug, campaign.pk])).status_code
            == 404
        )
    client.force_login(world.jo)  # a partner never sees a private campaign
    assert (
        client.get(reverse("assessments:own_results", args=[world.brightwave.slug, campaign.pk])).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/organizations/{world.brightwave.slug}/assessments/{campaign.pk}/results"
        ).status_code
        == 404
    )


def test_action_from_a_result(client, world):
    from accord.actions.models import OwnAction

    campaign, _rows = _own(world, _brightwave_people(world, 3))
    client.force_login(world.ana)
    url = reverse("assessments:own_result_action", args=[world.brightwave.slug, campaign.pk])
    response = client.post(
        url, {"title": "Write the exit plan", "owner_user": world.ana.pk, "due_date": "2099-01-31"}
    )
    assert response.status_code == 302
    action = OwnAction.objects.in_scope(world.brightwave).get()
    assert (action.source_kind, action.source_id, action.owner_user) == ("assessment", campaign.pk, world.ana)


# --- plug-ins ----------------------------------------------------------------------------------------


def test_gates_plan_source_and_cards(client, world, lumen_people):
    campaign, bright, rows = _joint(world, lumen_people, template="compatibility")
    party = Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)
    keys = {"values_compatibility", "capability_assessed", "relationship_survey"}
    assert registry.answer_gates(world.collaboration, party, keys) == dict.fromkeys(keys, False)
    for user in bright + lumen_people:
        _answer_all(campaign, rows[user.pk], {"dir_goal": "4", "val_fit": "3"}, {"dir_goal": "SECRET-C"})
    assert registry.answer_gates(world.collaboration, party, {"values_compatibility"}) == {
        "values_compatibility": True
    }
    source = registry.plan_sources("jrmp", "vision_values")[0]
    lines = source.lines(source.load(world.collaboration, 5))
    assert lines and "Shared direction" in " ".join(lines) and "SECRET-C" not in " ".join(lines)
    own, own_rows = _own(world, bright)
    assert registry.answer_gates(world.collaboration, party, {"capability_assessed"}) == {
        "capability_assessed": False
    }
    for user in bright:
        _answer_all(own, own_rows[user.pk], {"p1_plan": "3"})
    assert registry.answer_gates(world.collaboration, party, {"capability_assessed"}) == {
        "capability_assessed": True
    }


# --- query bounds -------------------------------------------------------------------------------------


def _fill(campaign, people, rows):
    questions = [q["id"] for q in engine.questions(campaign.definition)]
    for i, p in enumerate(people):
        _answer_all(campaign, rows[p.pk], {q: str(1 + (i + j) % 5) for j, q in enumerate(questions)})


@pytest.mark.parametrize("n", [3, 9])
def test_results_page_queries_do_not_grow(client, world, n, django_assert_max_num_queries):
    people = _brightwave_people(world, n)
    campaign, rows = _own(world, people)
    _fill(campaign, people, rows)
    for _ in range(3):
        earlier, earlier_rows = _own(world, people)
        _fill(earlier, people[:3], earlier_rows)
    client.force_login(world.ana)
    url = reverse("assessments:own_results", args=[world.brightwave.slug, campaign.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(
                f"/api/v1/organizations/{world.brightwave.slug}/assessments/{campaign.pk}/results"
            ).status_code
            == 200
        )


def test_campaign_models():
    assert OwnCampaign.scope_field == "organization" and JointCampaign.scope_field == "collaboration"


def test_trend_and_change_against_the_previous_campaign(world):
    import datetime

    people = _brightwave_people(world, 3)
    first, rows = _own(world, people)
    for p in people:
        _answer_all(first, rows[p.pk], {"p1_register": "2", "p1_plan": "2"})
    OwnCampaign.unscoped.filter(pk=first.pk).update(
        created_at=first.created_at - datetime.timedelta(days=365)
    )
    second, rows = _own(world, people)
    for p in people:
        _answer_all(second, rows[p.pk], {"p1_register": "4", "p1_plan": "3"})
    data = results.present(second, world.brightwave.pk)
    assert [p["id"] for p in data.trend] == [first.pk, second.pk]
    assert [p["values"][world.brightwave.name] for p in data.trend] == [2.0, 3.5]
    assert data.previous.pk == first.pk
    assert data.dimensions[0].change == 1.5


def test_competency_profile_self_and_peers(client, world, settings):
    people = _brightwave_people(world, 4)
    campaign, _rows = _own(world, people, template="competencies")
    # Peer rating: each of the four rates themselves and the three others.
    assert Respondent.objects.filter(own_campaign=campaign).count() == 16
    me = people[0]
    for row in Respondent.objects.filter(own_campaign=campaign):
        value = "2" if row.user_id == row.subject_id else "4"
        if row.subject_id == me.pk and row.user_id != me.pk:
            value = "5"
        _answer_all(campaign, row, {"teamwork_c": value})
    client.force_login(me)
    page = client.get(
        reverse("assessments:own_results", args=[world.brightwave.slug, campaign.pk])
    ).content.decode()
    assert "Your own profile" in page and "Teamwork across organizations" in page
    assert "<td>2.0</td><td>5.0</td>" in page  # my own rating beside my three colleagues' mean
    settings.ASSESSMENT_MIN_RESPONDENTS = 4  # three colleagues are too few now
    page = client.get(
        reverse("assessments:own_results", args=[world.brightwave.slug, campaign.pk])
    ).content.decode()
    assert "<td>2.0</td><td>—</td>" in page


def test_radar_chart_is_accessible_and_escaped():
    from accord.core.charts import radar_chart

    svg = str(
        radar_chart(
            ["<b>Trust</b>", "Openness", "Fairness"],
            [{"label": "A & B", "values": [4, None, 2]}, ("Lumen", [3, 3, 3])],
            title="Pulse",
            table=True,
        )
    )
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "<b>" not in svg and "&lt;b&gt;Trust&lt;/b&gt;" in svg and "A &amp; B" in svg
    assert "style" not in svg.split("</svg>")[0]
    assert "<table" in svg
    assert "No data" in str(radar_chart(["a", "b", "c"], [("x", [None, None, None])]))


def test_joint_results_and_list_queries_do_not_grow(
    client, world, lumen_people, django_assert_max_num_queries
):
    campaign, bright, rows = _joint(world, lumen_people)
    for user in bright + lumen_people:
        _answer_all(campaign, rows[user.pk], {"trust_word": "3", "open_early": "4"})
    for _ in range(4):
        services.campaign_create(
            owner=world.collaboration, organization=world.brightwave, template="trust_pulse"
        )
    client.force_login(world.jo)
    with django_assert_max_num_queries(14):
        assert (
            client.get(
                reverse("assessments:joint_results", args=[world.collaboration.pk, campaign.pk])
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("assessments:joint_campaigns", args=[world.collaboration.pk])).status_code
            == 200
        )
