import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.actions import selectors
from accord.actions.models import JointAction, OwnAction
from accord.actions.services import action_create, action_update
from accord.collaborations.models import Collaboration, Party
from accord.core.errors import ApplicationError
from tests.factories import make_org

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)


def test_action_create_makes_joint_or_own_by_owner(world, party):
    joint = action_create(
        owner=world.collaboration,
        title="Send schedule",
        source_kind="other",
        owner_party=party,
        owner_user=world.ana,
    )
    own = action_create(
        owner=world.brightwave, title="Brief board", source_kind="other", owner_user=world.ana
    )
    assert isinstance(joint, JointAction) and joint.collaboration == world.collaboration
    assert isinstance(own, OwnAction) and own.organization == world.brightwave


def test_owner_must_belong(world, party):
    with pytest.raises(ApplicationError):
        action_create(owner=world.collaboration, title="X", source_kind="other", owner_user=world.mallory)
    with pytest.raises(ApplicationError):  # jo is Lumen's, not of Brightwave's party
        action_create(
            owner=world.collaboration, title="X", source_kind="other", owner_party=party, owner_user=world.jo
        )
    with pytest.raises(ApplicationError):
        action_create(owner=world.brightwave, title="X", source_kind="other", owner_user=world.jo)
    action = action_create(owner=world.brightwave, title="X", source_kind="other")
    with pytest.raises(ApplicationError):
        action_update(action=action, data={"owner_user": world.jo}, expected_version=1)


def test_actions_for_source(world):
    a = action_create(owner=world.collaboration, title="A", source_kind="meeting", source_id=5)
    action_create(owner=world.collaboration, title="B", source_kind="meeting", source_id=6)
    assert list(selectors.actions_for_source(world.collaboration, "meeting", 5)) == [a]


@pytest.mark.parametrize(
    "due,group",
    [
        (TODAY - datetime.timedelta(days=1), "overdue"),
        (TODAY, "this_week"),
        (TODAY + datetime.timedelta(days=6), "this_week"),
        (TODAY + datetime.timedelta(days=7), "later"),
        (None, "no_date"),
    ],
)
def test_grouping_at_the_date_boundary(due, group):
    assert selectors.group_of(due, TODAY) == group


def _mine(user, state="open"):
    return selectors.my_action_rows(list(selectors.my_actions_union(user, state)))


def test_my_actions_across_orgs_and_collaborations_and_nobody_elses(world, party):
    # Ana's actions: Brightwave's own, the joint space's, and a second organization's.
    other_org = make_org("Ana Consulting", world.ana)
    other_collab = Collaboration.objects.create(name="Second", created_by=world.jo)
    Party.objects.create(collaboration=other_collab, organization=world.lumen, ser=world.jo)
    Party.objects.create(collaboration=other_collab, organization=other_org, ser=world.ana)
    mine = [
        action_create(owner=world.brightwave, title="own", source_kind="other", owner_user=world.ana),
        action_create(owner=other_org, title="own 2", source_kind="other", owner_user=world.ana),
        action_create(owner=world.collaboration, title="joint", source_kind="other", owner_user=world.ana),
        action_create(owner=other_collab, title="joint 2", source_kind="other", owner_user=world.ana),
    ]
    # Not hers: jo's, unowned, and an outsider's in Globex.
    action_create(owner=world.collaboration, title="jo's", source_kind="other", owner_user=world.jo)
    action_create(owner=world.collaboration, title="nobody's", source_kind="other")
    action_create(owner=world.globex, title="mallory's", source_kind="other", owner_user=world.mallory)
    rows = _mine(world.ana)
    assert {r.action.title for r in rows} == {a.title for a in mine}
    assert {r.action.title for r in _mine(world.mallory)} == {"mallory's"}
    # Leaving: a party that left takes its joint actions out of the person's list.
    Party.objects.in_scope(other_collab).filter(organization=other_org).update(status="left")
    assert "joint 2" not in {r.action.title for r in _mine(world.ana)}


def test_my_actions_page_groups_and_marks_overdue(client, world):
    today = timezone.localdate()
    action_create(
        owner=world.collaboration,
        title="Late one",
        source_kind="other",
        owner_user=world.ana,
        due_date=today - datetime.timedelta(days=1),
    )
    action_create(
        owner=world.brightwave, title="Soon one", source_kind="other", owner_user=world.ana, due_date=today
    )
    action_create(owner=world.brightwave, title="Undated", source_kind="other", owner_user=world.ana)
    action_create(owner=world.globex, title="Mallory's secret", source_kind="other", owner_user=world.mallory)
    client.force_login(world.ana)
    body = client.get(reverse("actions:mine")).content.decode()
    assert body.index("Late one") < body.index("Soon one") < body.index("Undated")
    assert "badge-overdue" in body and "overdue" in body
    assert "Mallory&#x27;s secret" not in body and "Mallory's secret" not in body
    api = client.get("/api/v1/me/actions").json()
    assert [i["title"] for i in api["items"]] == ["Late one", "Soon one", "Undated"]
    assert api["items"][0]["overdue"] and api["items"][0]["group"] == "overdue"
    assert api["counts"] == {"overdue": 1, "this_week": 1, "later": 0, "no_date": 1}


def test_my_actions_queries_do_not_grow(client, world, party, django_assert_max_num_queries):
    client.force_login(world.ana)

    def make(n):
        JointAction.unscoped.bulk_create(
            JointAction(
                collaboration=world.collaboration, title=f"J{i}", owner_user=world.ana, due_date=TODAY
            )
            for i in range(n)
        )
        OwnAction.unscoped.bulk_create(
            OwnAction(organization=world.brightwave, title=f"O{i}", owner_user=world.ana) for i in range(n)
        )

    make(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("actions:mine")).status_code == 200
    make(2500)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("actions:mine") + "?page=3").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/me/actions?page=2").status_code == 200


def test_joint_register_overdue_filter_and_outsider(client, world, party):
    today = timezone.localdate()
    action_create(
        owner=world.collaboration,
        title="Late",
        source_kind="other",
        due_date=today - datetime.timedelta(days=2),
    )
    action_create(owner=world.collaboration, title="Fine", source_kind="other", due_date=today)
    client.force_login(world.jo)
    url = reverse("actions:joint_actions", args=[world.collaboration.pk])
    body = client.get(url + "?overdue=true").content.decode()
    body = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "Late" in body and "Fine" not in body and "badge-overdue" in body
    client.force_login(world.mallory)
    assert client.get(url).status_code == 404
    assert client.get(reverse("actions:own_actions", args=[world.brightwave.slug])).status_code == 404


def test_api_create_joint_action(client, world, party):
    client.force_login(world.ana)
    url = f"/api/v1/collaborations/{world.collaboration.pk}/actions"
    response = client.post(
        url,
        {
            "title": "Call",
            "owner_party_id": party.pk,
            "owner_user_id": world.ana.pk,
            "due_date": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["owner"] == "Ana" and data["source_kind"] == "other"
    bad = client.post(url, {"title": "X", "owner_user_id": world.mallory.pk}, content_type="application/json")
    assert bad.status_code in (400, 422)


def test_gate_and_cards(client, world, party):
    from accord.actions.plugins import gate_answers

    assert gate_answers(world.collaboration, party, {"actions_closed"}) == {"actions_closed": True}
    action_create(
        owner=world.collaboration,
        title="Late",
        source_kind="other",
        owner_user=world.ana,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert gate_answers(world.collaboration, party, {"actions_closed"}) == {"actions_closed": False}
    client.force_login(world.ana)
    home = client.get(reverse("organizations:dashboard", args=[world.brightwave.slug])).content.decode()
    assert "My overdue actions" in home and "Late" in home
