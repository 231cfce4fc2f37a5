import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.actions.models import JointAction
from accord.collaborations.models import Party
from accord.collaborations.services import party_leave
from accord.core.errors import ApplicationError
from accord.core.registry import registry
from accord.core.scoping import resolve_collaboration
from accord.governance import plugins, selectors, services, timing
from accord.governance.models import (
    ChangeStatus,
    Escalation,
    Forum,
    ForumMember,
    Issue,
    IssueStatus,
    RaciActivity,
    RaciCell,
)
from accord.governance.registers import forum_members
from tests.factories import UserFactory, make_org

MON = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def parties(world):
    by_org = {p.organization_id: p for p in Party.objects.in_scope(world.collaboration)}
    return by_org[world.brightwave.pk], by_org[world.lumen.pk]


@pytest.fixture
def ladder(world):
    return services.ladder_standard(collaboration=world.collaboration)


def _issue(world, party, at=MON):
    return services.issue_raise(
        collaboration=world.collaboration,
        party=party,
        user=world.ana,
        at=at,
        data={"title": "Late parts", "impact": "high"},
    )


# --- issues and escalation -------------------------------------------------------------------


def test_escalate_one_level_at_a_time_up_to_the_top(world, parties, ladder, settings):
    settings.TIME_ZONE = "UTC"
    bw, lumen = parties
    issue = _issue(world, lumen)
    assert issue.raised_by_party == lumen and issue.level == 1
    assert issue.level_due_at == MON + datetime.timedelta(days=7)  # five working days
    e1 = services.issue_escalate(
        issue=issue, party=lumen, user=world.jo, reason="Stuck", at=MON + datetime.timedelta(days=1)
    )
    assert (e1.from_level, e1.to_level, e1.by_party) == (1, 2, lumen)
    issue.refresh_from_db()
    e2 = services.issue_escalate(
        issue=issue, party=bw, user=world.ana, reason="Still", at=MON + datetime.timedelta(days=10)
    )
    assert (e2.from_level, e2.to_level) == (2, 3)
    issue.refresh_from_db()
    assert issue.level == 3
    with pytest.raises(ApplicationError, match="top of the ladder"):
        services.issue_escalate(issue=issue, party=bw, user=world.ana, reason="Higher")
    times = selectors.issue_timeline(issue)
    # Level 1: one day of five (met); level 2: nine days, over five working days (missed).
    assert [(t.level, t.met) for t in times[:2]] == [(1, True), (2, False)]


def test_escalation_needs_a_reason_and_an_open_issue(world, parties, ladder):
    issue = _issue(world, parties[0])
    with pytest.raises(Exception):  # noqa: B017 (the model refuses an empty reason)
        services.issue_escalate(issue=issue, party=parties[0], user=world.ana, reason="  ")
    services.issue_resolve(
        issue=issue, user=world.ana, resolution="Fixed", at=MON + datetime.timedelta(hours=1)
    )
    with pytest.raises(ApplicationError, match="reopen"):
        services.issue_escalate(issue=issue, party=parties[0], user=world.ana, reason="x")


def test_resolve_and_reopen(world, parties, ladder):
    issue = _issue(world, parties[0])
    with pytest.raises(ApplicationError):
        services.issue_resolve(issue=issue, user=world.ana, resolution="")
    issue = services.issue_resolve(
        issue=issue, user=world.jo, resolution="Spare parts sent", at=MON + datetime.timedelta(hours=3)
    )
    assert (
        issue.status == IssueStatus.RESOLVED
        and issue.resolved_by == world.jo
        and issue.resolution == "Spare parts sent"
    )
    assert selectors.issue_timeline(issue)[0].met is True
    with pytest.raises(ApplicationError):
        services.issue_resolve(issue=issue, user=world.jo, resolution="again")
    reopened_at = MON + datetime.timedelta(days=30)
    issue = services.issue_reopen(issue=issue, user=world.ana, at=reopened_at)
    assert issue.is_open and issue.resolved_at is None and issue.level == 1
    assert issue.level_due_at == timing.due_at(reopened_at, 5, timing.WORKING_DAYS)
    with pytest.raises(ApplicationError):
        services.issue_reopen(issue=issue, user=world.ana)


def test_stale_version_is_a_conflict(world, parties, ladder, client):
    from accord.core.errors import ConflictError

    issue = _issue(world, parties[0])
    with pytest.raises(ConflictError):
        services.issue_escalate(
            issue=issue, party=parties[0], user=world.ana, reason="x", expected_version=issue.version + 1
        )


def test_issue_pages_escalate_resolve_and_action(world, parties, ladder, client):
    issue = _issue(world, parties[1], at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(world.ana)
    url = reverse("governance:issue", args=[world.collaboration.pk, issue.pk])
    assert client.get(url).status_code == 200
    refused = client.post(
        reverse("governance:issue_escalate", args=[world.collaboration.pk, issue.pk]), {"reason": ""}
    )
    assert refused.status_code == 422
    done = client.post(
        reverse("governance:issue_escalate", args=[world.collaboration.pk, issue.pk]),
        {"reason": "Needs the JMT", "version": issue.version},
    )
    assert done.status_code == 302
    issue.refresh_from_db()
    assert issue.level == 2 and Escalation.objects.in_scope(world.collaboration).get().by_party == parties[0]
    stale = client.post(
        reverse("governance:issue_resolve", args=[world.collaboration.pk, issue.pk]),
        {"resolution": "x", "version": 1},
    )
    assert stale.status_code == 409
    client.post(
        reverse("governance:issue_action", args=[world.collaboration.pk, issue.pk]),
        {"title": "Call the supplier", "owner_party": parties[1].pk},
    )
    action = JointAction.objects.in_scope(world.collaboration).get()
    assert (action.source_kind, action.source_id) == ("issue", issue.pk)
    page = client.get(url).content.decode()
    assert "Call the supplier" in page and "Needs the JMT" in page
    resolved = client.post(
        reverse("governance:issue_resolve", args=[world.collaboration.pk, issue.pk]),
        {"resolution": "Done", "version": issue.version},
    )
    assert resolved.status_code == 302


def test_issue_api(world, parties, ladder, client):
    client.force_login(world.jo)
    base = f"/api/v1/collaborations/{world.collaboration.pk}/issues"
    created = client.post(base, {"title": "Invoices late", "impact": "low"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["raised_by_party"] == "Lumen Coatings" and body["level"] == 1
    up = client.post(
        f"{base}/{body['id']}/escalate", {"reason": "No answer"}, content_type="application/json"
    )
    assert up.status_code == 200 and up.json()["level"] == 2
    timeline = client.get(f"{base}/{body['id']}/timeline").json()
    assert [t["level"] for t in timeline] == [1, 2] and timeline[1]["reason"] == "No answer"
    for _ in range(1):
        client.post(
            f"{base}/{body['id']}/escalate", {"reason": "Still none"}, content_type="application/json"
        )
    top = client.post(f"{base}/{body['id']}/escalate", {"reason": "More"}, content_type="application/json")
    assert top.status_code == 400
    done = client.post(
        f"{base}/{body['id']}/resolve", {"resolution": "Paid"}, content_type="application/json"
    )
    assert done.json()["status"] == "resolved"
    again = client.post(f"{base}/{body['id']}/reopen", {}, content_type="application/json")
    assert again.json()["status"] == "open"


def test_issue_log_filters(world, parties, ladder, client):
    old = _issue(world, parties[0], at=timezone.now() - datetime.timedelta(days=30))
    fresh = _issue(world, parties[0], at=timezone.now())
    done = _issue(world, parties[0], at=timezone.now())
    services.issue_resolve(issue=done, user=world.ana, resolution="ok")
    client.force_login(world.ana)
    url = reverse("governance:issues", args=[world.collaboration.pk])
    page = client.get(url, {"state": "open", "overdue": "yes"}).content.decode()
    assert f"/issues/{old.pk}/" in page and f"/issues/{fresh.pk}/" not in page
    page = client.get(url, {"state": "resolved"}).content.decode()
    assert f"/issues/{done.pk}/" in page and f"/issues/{old.pk}/" not in page
    assert client.get(url, {"level": "2"}).status_code == 200


def test_ladder_edit_moves_the_due_time_of_open_issues(world, parties, ladder):
    issue = _issue(world, parties[0])
    services.level_update(
        level=ladder[0], data={"target_amount": 4, "target_unit": "hours"}, expected_version=None
    )
    issue.refresh_from_db()
    assert issue.level_due_at == MON + datetime.timedelta(hours=4)


# --- change requests -------------------------------------------------------------------------


def _third_party(world):
    carol = UserFactory(email="carol@third.test")
    third = make_org("Third Ltd", carol)
    return Party.objects.create(collaboration=world.collaboration, organization=third, ser=carol), carol


def _submitted(world, party):
    item = services.change_create(
        collaboration=world.collaboration,
        party=party,
        user=world.ana,
        data={"title": "Weekend work", "change": "Saturdays too"},
    )
    return services.change_submit(item=item, party=party, user=world.ana)


def test_change_approved_by_every_ser(world, parties):
    bw, lumen = parties
    item = _submitted(world, bw)
    with pytest.raises(ApplicationError):  # not the SER of Lumen
        services.change_approve(item=item, party=lumen, user=world.lou)
    item = services.change_approve(item=item, party=bw, user=world.ana)
    assert item.status == ChangeStatus.SUBMITTED
    item = services.change_approve(item=item, party=lumen, user=world.jo)
    assert item.status == ChangeStatus.APPROVED and item.outcome and item.decided_at


def test_a_party_that_leaves_before_approving_no_longer_counts(world, parties):
    bw, lumen = parties
    third, carol = _third_party(world)
    item = _submitted(world, bw)
    services.change_approve(item=item, party=bw, user=world.ana)
    party_leave(party=third)  # its approval lapses: Lumen's is still needed
    item.refresh_from_db()
    assert item.status == ChangeStatus.SUBMITTED
    item = services.change_approve(item=item, party=lumen, user=world.jo)
    assert item.status == ChangeStatus.APPROVED


def test_approved_when_the_last_missing_party_leaves(world, parties):
    bw, lumen = parties
    third, carol = _third_party(world)
    item = _submitted(world, bw)
    services.change_approve(item=item, party=bw, user=world.ana)
    services.change_approve(item=item, party=lumen, user=world.jo)
    item.refresh_from_db()
    assert item.status == ChangeStatus.SUBMITTED
    party_leave(party=third)
    item.refresh_from_db()
    assert item.status == ChangeStatus.APPROVED


def test_reject_and_withdraw(world, parties):
    bw, lumen = parties
    item = _submitted(world, bw)
    with pytest.raises(ApplicationError):
        services.change_withdraw(item=item, party=lumen, user=world.jo)
    with pytest.raises(ApplicationError):
        services.change_reject(item=item, party=lumen, user=world.jo, outcome="")
    item = services.change_reject(item=item, party=lumen, user=world.jo, outcome="Too costly")
    assert item.status == ChangeStatus.REJECTED
    with pytest.raises(ApplicationError):
        services.change_approve(item=item, party=bw, user=world.ana)
    other = _submitted(world, bw)
    other = services.change_withdraw(item=other, party=bw, user=world.ana)
    assert other.status == ChangeStatus.WITHDRAWN
    with pytest.raises(ApplicationError):
        services.change_update(item=other, data={"title": "x"}, expected_version=None)


def test_change_pages_and_api(world, parties, client):
    bw, lumen = parties
    client.force_login(world.ana)
    base = f"/api/v1/collaborations/{world.collaboration.pk}/change-requests"
    created = client.post(
        base, {"title": "New site", "change": "Add the depot"}, content_type="application/json"
    ).json()
    assert client.post(f"{base}/{created['id']}/submit").json()["status"] == "submitted"
    assert client.post(f"{base}/{created['id']}/approve").json()["status"] == "submitted"
    table = client.get(f"{base}/{created['id']}/approvals").json()
    assert [row["approved"] for row in table] == [True, False]
    page = client.get(
        reverse("governance:change", args=[world.collaboration.pk, created["id"]])
    ).content.decode()
    assert "Waiting" in page and "Lumen Coatings" in page
    client.force_login(world.jo)
    card = plugins.changes_card(None, resolve_collaboration(world.jo, world.collaboration.pk))
    assert card and card["rows"][0][0].pk == created["id"]
    done = client.post(reverse("governance:change_approve", args=[world.collaboration.pk, created["id"]]))
    assert done.status_code == 302
    assert client.get(f"{base}/{created['id']}").json()["status"] == "approved"


# --- roles matrix ----------------------------------------------------------------------------


def test_raci_one_accountable_rule(world, parties):
    bw, lumen = parties
    a = RaciActivity.objects.create(collaboration=world.collaboration, name="Planning")
    b = RaciActivity.objects.create(collaboration=world.collaboration, name="Invoicing")
    c = RaciActivity.objects.create(collaboration=world.collaboration, name="Delivery")
    services.raci_set(collaboration=world.collaboration, party=bw, activity=a, role="A")
    services.raci_set(collaboration=world.collaboration, party=lumen, activity=a, role="R")
    services.raci_set(collaboration=world.collaboration, party=bw, activity=b, role="A")
    services.raci_set(collaboration=world.collaboration, party=lumen, activity=b, role="A")
    services.raci_set(collaboration=world.collaboration, party=lumen, activity=c, role="C")
    matrix = selectors.roles_matrix(world.collaboration, selectors.active_parties(world.collaboration))
    assert matrix["problems"] == {b.pk: "several", c.pk: "none"}
    services.raci_set(collaboration=world.collaboration, party=lumen, activity=b, role="")
    assert RaciCell.objects.in_scope(world.collaboration).filter(activity=b).count() == 1
    with pytest.raises(ApplicationError):
        services.raci_set(collaboration=world.collaboration, party=bw, activity=c, role="X")


def test_roles_page_each_party_sets_its_own_column(world, parties, client):
    bw, lumen = parties
    a = RaciActivity.objects.create(collaboration=world.collaboration, name="Planning")
    client.force_login(world.jo)
    url = reverse("governance:roles", args=[world.collaboration.pk])
    assert client.post(url, {f"role-{a.pk}": "A"}).status_code == 302
    cell = RaciCell.objects.in_scope(world.collaboration).get()
    assert cell.party == lumen and cell.role == "A"
    assert client.post(url, {f"role-{a.pk}": "Z"}).status_code == 422
    client.force_login(world.lou)  # a viewer
    assert client.post(url, {f"role-{a.pk}": "R"}).status_code == 403
    client.force_login(world.ana)
    api = client.put(
        f"/api/v1/collaborations/{world.collaboration.pk}/roles/{a.pk}",
        {"role": "R"},
        content_type="application/json",
    )
    assert api.status_code == 200
    rows = client.get(f"/api/v1/collaborations/{world.collaboration.pk}/roles").json()
    assert {c["organization"]: c["role"] for c in rows[0]["cells"]} == {
        "Brightwave Engineering": "R",
        "Lumen Coatings": "A",
    }


# --- forums ----------------------------------------------------------------------------------


def test_a_party_names_only_its_own_forum_members(world, parties, client):
    bw, lumen = parties
    forum = Forum.objects.create(collaboration=world.collaboration, name="JMT", kind="jmt")
    client.force_login(world.jo)
    add = reverse("governance:forum_members_add", args=[world.collaboration.pk])
    assert client.post(add, {"forum": forum.pk, "name": "Sam", "role": "Engineer"}).status_code == 302
    sam = ForumMember.objects.in_scope(world.collaboration).get()
    assert sam.party == lumen
    client.force_login(world.ana)
    edit = reverse("governance:forum_members_edit", args=[world.collaboration.pk, sam.pk])
    assert client.get(edit).status_code == 404
    assert (
        client.post(edit, {"forum": forum.pk, "name": "Changed", "version": sam.version}).status_code == 404
    )
    delete = reverse("governance:forum_members_delete", args=[world.collaboration.pk, sam.pk])
    assert client.post(delete).status_code == 404
    # A member of another organization cannot be picked as one of ours.
    scope = resolve_collaboration(world.ana, world.collaboration.pk)
    with pytest.raises(ApplicationError):
        forum_members.create(scope, {"forum": forum, "name": "Jo", "user": world.jo}, world.ana)
    overview = client.get(reverse("governance:overview", args=[world.collaboration.pk])).content.decode()
    assert "Sam" in overview


def test_outsiders_get_404_on_the_pages(world, parties, ladder, client):
    issue = _issue(world, parties[0])
    item = _submitted(world, parties[0])
    urls = [
        reverse("governance:overview", args=[world.collaboration.pk]),
        reverse("governance:roles", args=[world.collaboration.pk]),
        reverse("governance:issue", args=[world.collaboration.pk, issue.pk]),
        reverse("governance:change", args=[world.collaboration.pk, item.pk]),
    ]
    client.force_login(world.mallory)
    for url in urls:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("governance:issue_escalate", args=[world.collaboration.pk, issue.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("governance:change_approve", args=[world.collaboration.pk, item.pk])).status_code
        == 404
    )


# --- plug-ins --------------------------------------------------------------------------------


def test_gates_cards_and_plan_sources(world, parties, ladder):
    bw, lumen = parties
    keys = set(plugins.GATE_KEYS)
    assert plugins.gate_answers(world.collaboration, bw, keys) == {
        "governance_agreed": False,
        "issue_resolution_defined": True,
        "issues_on_target": True,
    }
    forum = Forum.objects.create(collaboration=world.collaboration, name="JMT", kind="jmt")
    ForumMember.objects.create(collaboration=world.collaboration, forum=forum, party=bw, name="Ana")
    from accord.governance.models import Agreement, DecisionRight

    DecisionRight.objects.create(collaboration=world.collaboration, area="Prices", decides="SERs")
    late = _issue(world, lumen, at=timezone.now() - datetime.timedelta(days=20))
    answers = plugins.gate_answers(world.collaboration, bw, keys)
    assert answers["governance_agreed"] and not answers["issues_on_target"]
    card = plugins.issues_card(None, resolve_collaboration(world.ana, world.collaboration.pk))
    assert card["rows"][0][0] == late
    Agreement.objects.create(
        collaboration=world.collaboration,
        reference="C-7",
        title="Supply",
        renewal_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    lines = {}
    for source in registry.plan_sources("jrmp"):
        if source.key in {"governance", "escalation_ladder", "agreements"}:
            lines[source.key] = source.lines(source.load(world.collaboration, None))
    assert any("Forum: JMT" in line for line in lines["governance"])
    assert any("Decision right: Prices" in line for line in lines["governance"])
    assert lines["escalation_ladder"][-1] == "Open issues: 1"
    assert lines["agreements"][0].startswith("C-7 Supply")
    dues = plugins.renewals_due(timezone.localdate())
    assert {d.user for d in dues} == {world.ana, world.jo} and len({d.key for d in dues}) == 2
    assert plugins.late_issues_due(timezone.localdate())


# --- query counts ----------------------------------------------------------------------------


def _bulk_issues(world, party, n):
    now = timezone.now()
    Issue.objects.bulk_create(
        Issue(
            collaboration=world.collaboration,
            title=f"Issue {i}",
            raised_by_party=party,
            raised_at=now - datetime.timedelta(days=i),
            level_since=now - datetime.timedelta(days=i),
            level_due_at=now - datetime.timedelta(days=i - 3),
            level=1 + i % 3,
        )
        for i in range(n)
    )


def test_issue_log_queries_do_not_grow(world, parties, ladder, client, django_assert_max_num_queries):
    client.force_login(world.ana)
    url = reverse("governance:issues", args=[world.collaboration.pk])
    _bulk_issues(world, parties[0], 10)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"state": "open"}).status_code == 200
    _bulk_issues(world, parties[1], 290)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"state": "open", "overdue": "yes"})
    assert response.status_code == 200
    api = f"/api/v1/collaborations/{world.collaboration.pk}/issues?page_size=100"
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(api).status_code == 200


def test_governance_page_queries_do_not_grow(world, parties, ladder, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.ana)
    url = reverse("governance:overview", args=[world.collaboration.pk])

    def add(n):
        for i in range(n):
            forum = Forum.objects.create(collaboration=world.collaboration, name=f"Group {n}-{i}")
            for party in parties:
                ForumMember.objects.create(
                    collaboration=world.collaboration, forum=forum, party=party, name=f"P{i}"
                )

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(20)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_issue_page_queries_do_not_grow(world, parties, ladder, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.ana)
    issue = _issue(world, parties[0], at=timezone.now() - datetime.timedelta(days=3))
    url = reverse("governance:issue", args=[world.collaboration.pk, issue.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    issue = services.issue_escalate(issue=issue, party=parties[0], user=world.ana, reason="a").issue
    services.issue_escalate(issue=issue, party=parties[1], user=world.jo, reason="b")
    for n in range(3):
        services.issue_action_create(issue=issue, user=world.ana, title=f"Do {n}", owner_party=parties[n % 2])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(one.captured_queries)


def test_joint_plan_page_shows_governance_sections(world, parties, ladder, client):
    from accord.governance.models import Agreement

    forum = Forum.objects.create(collaboration=world.collaboration, name="Bid team", kind="jmt")
    ForumMember.objects.create(
        collaboration=world.collaboration, forum=forum, party=parties[1], name="Sam Patel"
    )
    Agreement.objects.create(collaboration=world.collaboration, reference="NR-42", title="Teaming agreement")
    client.force_login(world.jo)
    page = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bid team" in text and "Sam Patel" in text and "NR-42" in text and "Working level" in text
