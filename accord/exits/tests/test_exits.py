"""The exit strategy and the stage gates: activation end to end (access removed on the date
and not before, the copy made and downloadable by the leaver only, nothing deleted), the
private contingency plan, gate answers from records, stage moves and overrides, scoping and
query bounds."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.actions.models import JointAction
from accord.actions.selectors import actions_for_source
from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.permissions import Role
from accord.core.registry import registry
from accord.exits import copies, gates, services
from accord.exits.models import (
    ActivationKind,
    ActivationStatus,
    ContingencyPlan,
    ExitActivation,
    ExitCopy,
    ExitCopyContent,
    ExitTrigger,
    StageOverride,
    TriggerStatus,
)
from accord.plans.models import Contribution
from accord.plans.services import contribution_add

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _dates_of_this_test():
    """Read "today" when each test starts, not when the module is imported.

    The services date an exit against the clock; a run that crosses midnight would
    otherwise schedule an exit "tomorrow" that is already today.
    """
    global TODAY, TOMORROW
    TODAY = timezone.localdate()
    TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """WeasyPrint takes a second per document: most tests store a stand-in PDF."""
    monkeypatch.setattr(copies, "build_pdf", lambda *args, **kwargs: b"%PDF-1.7 stand-in")


@pytest.fixture
def bright(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)


@pytest.fixture
def lumen(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.lumen)


def _api(client, user, method, url, body=None):
    _token, raw = api_token_create(user=user, name="test")
    return client.generic(
        method,
        "/api/v1" + url,
        data=json.dumps(body or {}, default=str),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def _strategy(world, bright, lumen):
    c = world.collaboration
    trigger = services.trigger_create(
        collaboration=c,
        data={"description": "Lumen is sold", "monitored_by_party": bright, "status": "watch"},
    )
    step_a = services.step_create(
        collaboration=c, data={"title": "Hand over open orders", "owner_party": lumen, "offset_days": -14}
    )
    step_b = services.step_create(collaboration=c, data={"title": "Return fixtures", "owner_party": bright})
    contribution = contribution_add(
        collaboration=c, party=lumen, data={"kind": "knowledge", "description": "Coating process"}
    )
    return trigger, [step_a, step_b], contribution


def test_activation_end_to_end(client, world, bright, lumen):
    c = world.collaboration
    trigger, steps, contribution = _strategy(world, bright, lumen)
    activation = services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind=ActivationKind.PARTY_LEAVES,
        leaving_party=lumen,
        trigger=trigger,
        exit_date=TOMORROW,
    )
    # The trigger is recorded as reached, the steps are actions due relative to the date.
    trigger.refresh_from_db()
    assert trigger.status == TriggerStatus.TRIGGERED
    assert activation.status == ActivationStatus.SCHEDULED and activation.trigger_text == "Lumen is sold"
    action = actions_for_source(c, "exit_step", steps[0].pk).get()
    assert action.due_date == TOMORROW - datetime.timedelta(days=14) and action.owner_party == lumen
    assert actions_for_source(c, "exit_step", steps[1].pk).get().due_date == TOMORROW

    # Before the date, nothing changes: Lumen still sees the joint space.
    call_command("run_exits", date=TODAY.isoformat())
    client.force_login(world.jo)
    assert client.get(reverse("exits:strategy", args=[c.pk])).status_code == 200
    assert not ExitCopy.objects.in_scope(world.lumen).exists()

    # On the date: the copy is made, Lumen leaves.
    call_command("run_exits", date=TOMORROW.isoformat())
    lumen.refresh_from_db()
    activation.refresh_from_db()
    assert lumen.status == PartyStatus.LEFT and activation.status == ActivationStatus.DONE
    for url in (
        reverse("exits:strategy", args=[c.pk]),
        reverse("exits:triggers", args=[c.pk]),
        reverse("collaborations:overview", args=[c.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert _api(client, world.jo, "GET", f"/collaborations/{c.pk}/exit/strategy").status_code == 404

    copy = ExitCopy.objects.in_scope(world.lumen).get()
    page = client.get(reverse("exits:org_exits", args=[world.lumen.slug]))
    assert page.status_code == 200 and "Rail bid" in page.content.decode()
    download = client.get(
        reverse("exits:org_exits", args=[world.lumen.slug]), {"download": copy.pk, "fmt": "json"}
    )
    assert download.status_code == 200
    data = json.loads(download.content)
    assert any(r["description"] == "Coating process" for r in data["records"]["plans.Contribution"])
    assert data["records"]["exits.ExitTrigger"][0]["description"] == "Lumen is sold"
    pdf = client.get(reverse("exits:org_exits", args=[world.lumen.slug]), {"download": copy.pk, "fmt": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The copy is the leaver's only: Brightwave's people cannot reach it.
    client.force_login(world.ana)
    assert (
        client.get(reverse("exits:org_exits", args=[world.lumen.slug]), {"download": copy.pk}).status_code
        == 404
    )
    assert (
        client.get(
            reverse("exits:org_exits", args=[world.brightwave.slug]), {"download": copy.pk}
        ).status_code
        == 404
    )
    # Nothing is deleted: Lumen's contribution stays, marked as a former party's.
    assert Contribution.objects.in_scope(c).filter(pk=contribution.pk).exists()
    page = client.get(reverse("plans:jrmp_contributions", args=[c.pk]))
    assert "Coating process" in page.content.decode() and "former party" in page.content.decode()
    assert JointAction.objects.in_scope(c).count() == 2

    # Running the pass again changes nothing.
    call_command("run_exits", date=TOMORROW.isoformat())
    assert ExitCopy.objects.in_scope(world.lumen).count() == 1


def test_a_departed_party_cannot_reach_another_partys_copy(client, world, bright, lumen):
    c = world.collaboration
    other = ExitCopy.objects.create(organization=world.brightwave, collaboration=c, collaboration_name=c.name)
    ExitCopyContent.objects.create(organization=world.brightwave, copy=other, data="{}")
    services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="Lumen decided to leave",
        exit_date=TODAY,
    )
    client.force_login(world.jo)
    url = reverse("exits:org_exits", args=[world.lumen.slug])
    assert client.get(url, {"download": other.pk, "fmt": "json"}).status_code == 404
    assert client.get(reverse("exits:org_exits", args=[world.brightwave.slug])).status_code == 404
    listed = _api(
        client, world.jo, "GET", f"/organizations/{world.lumen.slug}/exit/copies?with_data=true"
    ).json()
    assert [i["collaboration_id"] for i in listed["items"]] == [c.pk]
    assert listed["items"][0]["data"]["collaboration"]["id"] == c.pk and listed["items"][0]["has_pdf"] is True
    # Without the data: the list alone (it answered 500 once).
    plain = _api(client, world.jo, "GET", f"/organizations/{world.lumen.slug}/exit/copies")
    assert plain.status_code == 200, plain.content
    assert plain.json()["items"][0]["data"] is None and plain.json()["items"][0]["has_pdf"] is None


def test_the_pdf_copy_is_the_joint_plan_with_a_summary(world, bright, lumen, monkeypatch):
    monkeypatch.undo()  # the real document, once
    activation = services.activation_create(
        collaboration=world.collaboration,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="End of the bid",
        exit_date=TODAY,
    )
    copy = ExitCopy.objects.in_scope(world.lumen).get(activation=activation)
    assert bytes(copy.content.pdf).startswith(b"%PDF")


def test_the_whole_collaboration_ending(world, bright, lumen):
    c = world.collaboration
    services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind=ActivationKind.COLLABORATION_ENDS,
        trigger_text="The bid was lost",
        exit_date=TODAY,
    )
    assert not Party.objects.in_scope(c).filter(status=PartyStatus.ACTIVE).exists()
    assert Collaboration.objects.get(pk=c.pk).stage == 8
    assert ExitCopy.objects.in_scope(world.brightwave).filter(collaboration=c).exists()
    assert ExitCopy.objects.in_scope(world.lumen).filter(collaboration=c).exists()


def test_activation_refusals(world, bright, lumen):
    c = world.collaboration
    with pytest.raises(services.ApplicationError):
        services.activation_create(
            collaboration=c, party=bright, user=world.ana, kind="party_leaves", exit_date=TODAY
        )
    with pytest.raises(services.ApplicationError):  # no trigger named
        services.activation_create(
            collaboration=c,
            party=bright,
            user=world.ana,
            kind="party_leaves",
            leaving_party=lumen,
            exit_date=TODAY,
        )
    services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="x",
        exit_date=TOMORROW,
    )
    with pytest.raises(services.ApplicationError):  # already scheduled
        services.activation_create(
            collaboration=c,
            party=bright,
            user=world.ana,
            kind="party_leaves",
            leaving_party=lumen,
            trigger_text="x",
            exit_date=TOMORROW,
        )


def test_activation_and_cancel_pages(client, world, bright, lumen):
    c = world.collaboration
    client.force_login(world.ana)
    url = reverse("exits:activate", args=[c.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"kind": "party_leaves", "exit_date": TOMORROW.isoformat()})
    assert refused.status_code == 422
    done = client.post(
        url,
        {
            "kind": "party_leaves",
            "leaving_party": lumen.pk,
            "trigger_text": "Lumen sold",
            "exit_date": TOMORROW.isoformat(),
        },
    )
    assert done.status_code == 302
    activation = ExitActivation.objects.in_scope(c).get()
    client.post(reverse("exits:activation_cancel", args=[c.pk]), {"activation": activation.pk})
    activation.refresh_from_db()
    assert activation.status == ActivationStatus.CANCELLED
    call_command("run_exits", date=TOMORROW.isoformat())
    lumen.refresh_from_db()
    assert lumen.status == PartyStatus.ACTIVE
    # A viewer cannot activate.
    client.force_login(world.lou)
    assert client.get(url).status_code == 403


def test_post_exit_reviews_by_leaver_and_remaining(client, world, bright, lumen):
    c = world.collaboration
    activation = services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="Lumen sold",
        exit_date=TODAY,
    )
    copy = ExitCopy.objects.in_scope(world.lumen).get()
    client.force_login(world.jo)
    url = reverse("exits:org_exits", args=[world.lumen.slug])
    assert client.get(url, {"review": copy.pk}).status_code == 200
    answer = client.post(
        url,
        {
            "review": copy.pk,
            "worked_well": "Fast bids",
            "lessons": "Agree IP early",
            "values_respected": "yes",
            "work_again": 4,
        },
    )
    assert answer.status_code == 302
    assert client.post(url, {"review": copy.pk, "values_respected": "maybe"}).status_code == 422
    client.force_login(world.ana)
    review_url = reverse("exits:review", args=[c.pk])
    assert client.get(review_url).status_code == 200
    assert (
        client.post(
            review_url,
            {
                "activation": activation.pk,
                "lessons": "Write the exit plan early",
                "values_respected": "partly",
                "work_again": 5,
            },
        ).status_code
        == 302
    )
    page = client.get(reverse("exits:strategy", args=[c.pk])).content.decode()
    assert "Agree IP early" in page and "Write the exit plan early" in page
    assert registry.answer_gates(c, bright, {"exit_lessons"}) == {"exit_lessons": True}


def test_the_contingency_plan_is_private_everywhere(client, world, bright):
    c = world.collaboration
    services.contingency_save(
        organization=world.brightwave,
        collaboration=c,
        data={"plan": "SECRET-PLAN switch to Acme"},
        expected_version=None,
    )
    client.force_login(world.ana)
    own = client.get(reverse("exits:contingency", args=[world.brightwave.slug]))
    assert "SECRET-PLAN" in own.content.decode()
    client.force_login(world.jo)
    for url in (
        reverse("exits:contingency", args=[world.lumen.slug]),
        reverse("exits:strategy", args=[c.pk]),
        reverse("plans:jrmp_plan", args=[c.pk]),
        reverse("collaborations:overview", args=[c.pk]),
        reverse("collaborations:history_export", args=[c.pk]),
        reverse("organizations:history_export", args=[world.lumen.slug]),
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"SECRET-PLAN" not in body, url
    assert client.get(reverse("exits:contingency", args=[world.brightwave.slug])).status_code == 404
    api = _api(client, world.jo, "GET", f"/organizations/{world.lumen.slug}/exit/contingency-plans")
    assert api.status_code == 200 and api.json() == []
    assert (
        _api(
            client, world.jo, "GET", f"/organizations/{world.brightwave.slug}/exit/contingency-plans"
        ).status_code
        == 404
    )
    # Nor in a copy Lumen keeps when it leaves.
    assert "SECRET-PLAN" not in copies.build_json(c, bright, None, copies.joint_records(c))
    assert ContingencyPlan.objects.in_scope(world.lumen).count() == 0


def test_contingency_page_writes_for_own_collaborations_only(client, world):
    client.force_login(world.ana)
    url = reverse("exits:contingency", args=[world.brightwave.slug])
    ok = client.post(url, {"collaboration": world.collaboration.pk, "plan": "Our fallback"})
    assert ok.status_code == 302
    other = Collaboration.objects.create(name="Not ours")
    assert client.post(url, {"collaboration": other.pk, "plan": "x"}).status_code == 422
    client.force_login(world.roles[Role.VIEWER])
    assert client.post(url, {"collaboration": world.collaboration.pk, "plan": "x"}).status_code == 403


def test_gate_answers_flip_with_their_evidence(world, bright, lumen):
    c = world.collaboration
    keys = {"exit_considered", "exit_trigger_confirmed", "exit_assets_handled", "exit_continuity"}
    assert registry.answer_gates(c, bright, keys) == dict.fromkeys(keys, False)
    trigger = services.trigger_create(collaboration=c, data={"description": "Bid lost"})
    assert registry.answer_gates(c, bright, {"exit_considered"}) == {"exit_considered": True}
    trigger.delete()
    assert registry.answer_gates(c, bright, {"exit_considered"}) == {"exit_considered": False}
    services.strategy_save(collaboration=c, data={"continuity": "Keep supplying"}, expected_version=None)
    assert registry.answer_gates(c, bright, {"exit_considered"}) == {"exit_considered": True}
    from accord.exits.models import ExitAsset

    asset = ExitAsset.objects.create(collaboration=c, description="Fixtures")
    activation = services.activation_create(
        collaboration=c,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="Bid lost",
        exit_date=TOMORROW,
    )
    answers = registry.answer_gates(c, bright, keys)
    assert (
        answers["exit_trigger_confirmed"]
        and answers["exit_continuity"]
        and not answers["exit_assets_handled"]
    )
    asset.status = "done"
    asset.save()
    assert registry.answer_gates(c, bright, {"exit_assets_handled"}) == {"exit_assets_handled": True}
    services.activation_cancel(activation=activation)
    assert registry.answer_gates(c, bright, {"exit_trigger_confirmed"}) == {"exit_trigger_confirmed": False}


def test_every_gate_item_is_answerable(world, bright):
    """Each item is answered from records or open to a person's confirmation (none is left
    that can never be ticked), and each links somewhere."""
    stage_gates = gates.collaboration_gates(world.collaboration, bright)
    assert [g.number for g in stage_gates] == list(range(1, 9))
    for gate in stage_gates:
        for item in gate.items:
            if not item.answered_by_records:
                services.confirm(
                    owner=world.collaboration,
                    party=bright,
                    stage=gate.number,
                    key=item.key,
                    note="seen",
                    user=world.ana,
                )
    for gate in gates.collaboration_gates(world.collaboration, bright):
        for item in gate.items:
            assert item.answered_by_records or item.met, item.text
            assert item.url, item.text


def _to_stage(c, number):
    Collaboration.objects.filter(pk=c.pk).update(stage=number)
    c.refresh_from_db()


def test_stage_move_needs_the_gate_or_an_ser_override(client, world, bright):
    c = world.collaboration
    _to_stage(c, 1)
    move = reverse("exits:stage_move", args=[c.pk])
    client.force_login(world.ana)
    refused = client.post(move, {"stage": 2})
    assert refused.status_code == 422 and Collaboration.objects.get(pk=c.pk).stage == 1
    # The edit page refuses it too.
    edit = client.post(
        reverse("collaborations:edit", args=[c.pk]),
        {"name": c.name, "working_model": c.working_model, "stage": 2, "version": c.version},
    )
    assert edit.status_code == 422 and Collaboration.objects.get(pk=c.pk).stage == 1
    # A manager may move, but not override.
    client.force_login(world.roles[Role.MANAGER])
    denied = client.post(move, {"stage": 2, "override": "on", "reason": "Time presses"})
    assert denied.status_code == 422 and Collaboration.objects.get(pk=c.pk).stage == 1
    # An SER overrides with a reason; without one, no.
    client.force_login(world.roles[Role.SER])
    assert client.post(move, {"stage": 2, "override": "on"}).status_code == 422
    assert (
        client.post(move, {"stage": 2, "override": "on", "reason": "The customer's deadline"}).status_code
        == 302
    )
    assert Collaboration.objects.get(pk=c.pk).stage == 2
    override = StageOverride.objects.in_scope(c).get()
    assert override.reason == "The customer's deadline" and override.from_stage == 1 and override.missing
    page = client.get(reverse("exits:stages", args=[c.pk])).content.decode()
    assert "The customer&#x27;s deadline" in page
    # Moving back is always allowed.
    assert client.post(move, {"stage": 1}).status_code == 302


def test_stage_move_allowed_once_the_gate_is_met(client, world, bright):
    c = world.collaboration
    _to_stage(c, 1)
    client.force_login(world.roles[Role.MANAGER])
    gate = gates.collaboration_gates(c, bright, stages=(1,))[0]
    for item in gate.items:
        if not item.answered_by_records:
            response = client.post(
                reverse("exits:stage_confirm", args=[c.pk]),
                {"stage": 1, "item_key": item.key, "note": "Board minutes"},
            )
            assert response.status_code == 302
    assert gates.collaboration_gates(c, bright, stages=(1,))[0].met
    assert client.post(reverse("exits:stage_move", args=[c.pk]), {"stage": 2}).status_code == 302
    assert Collaboration.objects.get(pk=c.pk).stage == 2
    # Withdrawing a confirmation opens the gate again.
    confirmation = gates.collaboration_gates(c, bright, stages=(1,))[0].items[1].confirmation
    client.post(reverse("exits:stage_revoke", args=[c.pk]), {"confirmation": confirmation.pk})
    assert not gates.collaboration_gates(c, bright, stages=(1,))[0].met
    # A refused confirmation (no note) answers 422.
    assert (
        client.post(reverse("exits:stage_confirm", args=[c.pk]), {"stage": 1, "item_key": "x"}).status_code
        == 422
    )


def test_stage_api(client, world, bright):
    c = world.collaboration
    _to_stage(c, 1)
    read = _api(client, world.ana, "GET", f"/collaborations/{c.pk}/stages").json()
    assert read["current"] == 1 and len(read["stages"]) == 8
    item = next(i for i in read["stages"][0]["items"] if not i["answered_by_records"])
    made = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c.pk}/stages/confirmations",
        {"stage": 1, "item_key": item["key"], "note": "Board minutes"},
    )
    assert made.status_code == 201
    assert (
        _api(client, world.ana, "POST", f"/collaborations/{c.pk}/stages/move", {"stage": 2}).status_code
        == 400
    )
    denied = _api(
        client,
        world.roles[Role.MANAGER],
        "POST",
        f"/collaborations/{c.pk}/stages/move",
        {"stage": 2, "override": True, "reason": "x"},
    )
    assert denied.status_code == 400
    ok = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c.pk}/stages/move",
        {"stage": 2, "override": True, "reason": "x"},
    )
    assert ok.status_code == 200 and Collaboration.objects.get(pk=c.pk).stage == 2
    # Confirmations of the organization's own stages.
    org = _api(client, world.ana, "GET", f"/organizations/{world.brightwave.slug}/stages").json()
    key = org["stages"][0]["items"][1]["key"]
    assert (
        _api(
            client,
            world.ana,
            "POST",
            f"/organizations/{world.brightwave.slug}/stages/confirmations",
            {"stage": 1, "item_key": key, "note": "Policy signed"},
        ).status_code
        == 201
    )
    assert (
        _api(
            client,
            world.ana,
            "POST",
            f"/organizations/{world.brightwave.slug}/stages/confirmations",
            {"stage": 5, "item_key": key, "note": "x"},
        ).status_code
        == 400
    )


def test_registers_and_exit_api(client, world, bright, lumen):
    c = world.collaboration
    contribution = contribution_add(
        collaboration=c, party=lumen, data={"kind": "equipment", "description": "Oven"}
    )
    made = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c.pk}/exit/triggers",
        {"description": "Oven breaks", "monitored_by_party_id": lumen.pk, "status": "watch"},
    )
    assert made.status_code in (200, 201), made.content
    asset = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c.pk}/exit/assets",
        {"description": "Oven", "contribution_id": contribution.pk, "to_party_id": lumen.pk},
    )
    assert asset.status_code in (200, 201), asset.content
    step = _api(
        client,
        world.jo,
        "POST",
        f"/collaborations/{c.pk}/exit/steps",
        {
            "title": "Collect the oven",
            "owner_party_id": lumen.pk,
            "owner_user_id": world.jo.pk,
            "offset_days": 7,
        },
    )
    assert step.status_code in (200, 201), step.content
    wrong = _api(
        client,
        world.jo,
        "POST",
        f"/collaborations/{c.pk}/exit/steps",
        {"title": "x", "owner_user_id": world.mallory.pk},
    )
    assert wrong.status_code == 400
    strategy = _api(
        client, world.jo, "PUT", f"/collaborations/{c.pk}/exit/strategy", {"boundaries": "Only the bid"}
    )
    assert strategy.json()["version"] == 1
    stale = _api(
        client, world.ana, "PUT", f"/collaborations/{c.pk}/exit/strategy", {"boundaries": "x", "version": 0}
    )
    assert stale.status_code == 409
    activation = _api(
        client,
        world.ana,
        "POST",
        f"/collaborations/{c.pk}/exit/activations",
        {
            "kind": "party_leaves",
            "leaving_party_id": lumen.pk,
            "trigger_id": made.json()["id"],
            "exit_date": str(TOMORROW),
        },
    )
    assert activation.status_code == 201, activation.content
    assert JointAction.objects.in_scope(c).get().due_date == TOMORROW + datetime.timedelta(days=7)
    listed = _api(client, world.jo, "GET", f"/collaborations/{c.pk}/exit/activations").json()
    assert listed[0]["leaving_organization"] == "Lumen Coatings"
    assert ExitTrigger.objects.in_scope(c).get().status == TriggerStatus.TRIGGERED


def test_an_asset_link_is_a_web_address_only(client, world, bright, lumen):
    from accord.exits.models import ExitAsset

    c = world.collaboration
    for link in ("javascript:alert(1)", "JaVaScRiPt:alert(2)", "data:text/html,<b>x</b>"):
        refused = _api(
            client,
            world.jo,
            "POST",
            f"/collaborations/{c.pk}/exit/assets",
            {"description": "x", "link": link},
        )
        assert refused.status_code == 400 and "link" in refused.content.decode(), link
    client.force_login(world.jo)
    page = client.post(
        reverse("exits:assets_add", args=[c.pk]),
        {"description": "x", "link": "javascript:alert(1)", "version": 0},
    )
    assert page.status_code == 422 and not ExitAsset.objects.in_scope(c).exists()
    made = _api(
        client,
        world.jo,
        "POST",
        f"/collaborations/{c.pk}/exit/assets",
        {"description": "Crate", "link": "https://x.test/a"},
    )
    assert made.status_code in (200, 201), made.content
    # One stored before the check came in is shown as text, never as a link.
    ExitAsset.objects.in_scope(c).create(collaboration=c, description="Old", link="javascript:alert(3)")
    client.force_login(world.ana)
    body = client.get(reverse("exits:strategy", args=[c.pk])).content.decode()
    assert 'href="https://x.test/a"' in body and "javascript:" not in body


def test_the_jrmp_exit_section_shows_the_strategy(client, world, bright, lumen):
    _strategy(world, bright, lumen)
    services.strategy_save(
        collaboration=world.collaboration, data={"door_open": "Meet yearly"}, expected_version=None
    )
    client.force_login(world.jo)
    page = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk])).content.decode()
    assert "Lumen is sold" in page and "Meet yearly" in page and "Hand over open orders" in page
    from accord.plans import sources

    lines = sources.lines(sources.shown("jrmp", world.collaboration, section="exit"))["exit"]
    assert all(isinstance(line, str) for line in lines) and any("2 weeks before" in line for line in lines)


def test_cards_on_the_overview(client, world, bright, lumen):
    _strategy(world, bright, lumen)
    client.force_login(world.jo)
    page = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    assert "Lumen is sold" in page and "Stage gate" in page


def test_stages_page_queries_do_not_grow(client, world, bright, django_assert_max_num_queries):
    c = world.collaboration
    client.force_login(world.ana)
    url = reverse("exits:stages", args=[c.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    gate = gates.collaboration_gates(c, bright)
    for g in gate:
        for item in g.items:
            if not item.answered_by_records:
                services.confirm(
                    owner=c, party=bright, stage=g.number, key=item.key, note="n", user=world.ana
                )
    for n in range(10):
        services.trigger_create(collaboration=c, data={"description": f"T{n}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_readiness_queries_bounded_by_the_page(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.ana)
    url = reverse("exits:readiness", args=[world.brightwave.slug])
    for n in range(9):
        extra = Collaboration.objects.create(name=f"C{n:02d}")
        Party.objects.create(collaboration=extra, organization=world.brightwave, ser=world.ana)
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    for n in range(9, 15):
        extra = Collaboration.objects.create(name=f"C{n:02d}")
        Party.objects.create(collaboration=extra, organization=world.brightwave, ser=world.ana)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and "C08" in response.content.decode()
    assert (
        _api(client, world.ana, "GET", f"/organizations/{world.brightwave.slug}/readiness").json()["count"]
        == 16
    )


def test_org_stages_page(client, world):
    client.force_login(world.ana)
    url = reverse("exits:org_stages", args=[world.brightwave.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Collaboration policy approved?" in page.content.decode()
    key = gates.organization_gates(world.brightwave)[0].items[1].key
    assert (
        client.post(
            reverse("exits:org_stage_confirm", args=[world.brightwave.slug]),
            {"stage": 1, "item_key": key, "note": "Signed"},
        ).status_code
        == 302
    )
    assert gates.organization_gates(world.brightwave)[0].items[1].met
    client.force_login(world.jo)
    assert client.get(url).status_code == 404


def test_demo_step(world, monkeypatch):
    """The demo tells scenario 2's exit on a small stand-in world."""
    from types import SimpleNamespace

    from accord.exits import demo
    from accord.organizations.models import Organization

    valley = Collaboration.objects.create(name="Valley Larder")
    producers = [world.lumen, world.globex]
    for org in [world.brightwave, *producers]:
        Party.objects.create(collaboration=valley, organization=org)
    w = SimpleNamespace(
        valley_larder=valley,
        valley_coordinator=world.brightwave,
        valley_producers=producers,
        valley_people={
            world.brightwave.slug: world.ana,
            world.lumen.slug: world.jo,
            world.globex.slug: world.mallory,
        },
        northline=world.collaboration,
        brightwave=world.brightwave,
        lumen=world.lumen,
        ana=world.ana,
        jo=world.jo,
        parties={},
    )
    demo.run(w)
    assert Party.objects.in_scope(valley).get(organization=world.globex).status == PartyStatus.LEFT
    assert ExitCopy.objects.in_scope(world.globex).filter(collaboration=valley).exists()
    assert JointAction.objects.in_scope(valley).count() == 4
    assert ExitTrigger.objects.in_scope(world.collaboration).count() == 3
    assert Organization.objects.filter(pk=world.globex.pk).exists()


def test_every_ser_is_reminded_a_week_ahead(world, bright, lumen):
    from accord.exits.plugins import exit_reminders

    services.activation_create(
        collaboration=world.collaboration,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="Lumen sold",
        exit_date=TODAY + datetime.timedelta(days=3),
    )
    due = exit_reminders(TODAY)
    assert {d.user for d in due} == {world.ana, world.jo} and len({d.key for d in due}) == 2
    assert exit_reminders(TODAY - datetime.timedelta(days=30)) == []


def test_the_copy_leaves_out_other_parties_private_mitigations(world, bright, lumen):
    from accord.risks import services as risks

    risk = risks.risk_create(
        owner=world.collaboration,
        data={
            "title": "Coating not qualified",
            "category": "operational",
            "likelihood": 3,
            "impact": 5,
            "owner_party": bright,
            "review_date": datetime.date(2030, 1, 1),
        },
    )
    risks.mitigation_create(
        risk=risk, party=bright, data={"action": "SECRET fallback supplier", "private": True}
    )
    risks.mitigation_create(
        risk=risk, party=lumen, data={"action": "LUMEN-OWN private step", "private": True}
    )
    risks.mitigation_create(risk=risk, party=lumen, data={"action": "Run the fire tests", "private": False})
    services.activation_create(
        collaboration=world.collaboration,
        party=bright,
        user=world.ana,
        kind="party_leaves",
        leaving_party=lumen,
        trigger_text="Lumen sold",
        exit_date=TODAY,
    )
    data = ExitCopy.objects.in_scope(world.lumen).get().content.data
    assert "Coating not qualified" in data and "Run the fire tests" in data and "LUMEN-OWN" in data
    assert "SECRET" not in data
