"""Own objectives, sharing, agreement and alignment: the rules of the joint objectives process."""

import pytest
from django.core.exceptions import ValidationError

from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError, ConflictError
from accord.objectives import selectors, services
from accord.objectives.models import JointStatus, ObjectiveShare, SharedObjective
from accord.objectives.tests.helpers import own, party, process
from tests.factories import make_org


def test_blank_title_and_line_breaks_are_refused_with_clear_messages(world):
    with pytest.raises(ValidationError) as error:
        own(world.brightwave, "   ")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        own(world.brightwave, "Two\nlines")
    assert error.value.message_dict["title"] == ["Use a single line: line breaks are not allowed here."]


def test_owner_and_relationship_must_be_the_organizations_own(world):
    with pytest.raises(ApplicationError) as error:
        own(world.brightwave, "Grow", owner=world.jo)
    assert error.value.field == "owner"
    with pytest.raises(ApplicationError) as error:
        own(world.lumen, "Grow", relationship=world.entry)
    assert error.value.field == "relationship"
    objective = own(world.brightwave, "Grow", owner=world.ana, relationship=world.entry)
    assert objective.relationship == world.entry


def test_sharing_copies_only_the_chosen_text(world):
    p = process(world)
    assert p.shared_bw.rationale == "Coating is our core skill."
    assert p.shared_bw.party == p.bw
    link = ObjectiveShare.objects.in_scope(world.brightwave).get(objective=p.know_how)
    assert link.shared_objective == p.shared_bw
    # Shared once per collaboration.
    with pytest.raises(ApplicationError):
        services.objective_share(
            organization=world.brightwave,
            objective=p.know_how,
            collaboration=world.collaboration,
            title="Again",
            rationale="",
            user=world.ana,
        )
    # Not another organization's objective, not into a collaboration one is no party of.
    with pytest.raises(ApplicationError):
        services.objective_share(
            organization=world.brightwave,
            objective=p.ip,
            collaboration=world.collaboration,
            title="x",
            rationale="",
            user=world.ana,
        )
    with pytest.raises(ApplicationError):
        services.objective_share(
            organization=world.globex,
            objective=own(world.globex, "G"),
            collaboration=world.collaboration,
            title="x",
            rationale="",
            user=world.mallory,
        )


def test_only_the_sharing_party_withdraws(world):
    p = process(world)
    with pytest.raises(ApplicationError):
        services.shared_objective_withdraw(shared=p.shared_bw, party=p.lu)
    services.shared_objective_withdraw(shared=p.shared_bw, party=p.bw)
    assert not SharedObjective.objects.in_scope(world.collaboration).filter(pk=p.shared_bw.pk).exists()
    assert not ObjectiveShare.objects.in_scope(world.brightwave).exists()
    # The private objective stays.
    p.know_how.refresh_from_db()


def test_conflict_and_unmatched_flags(world):
    p = process(world)
    flags = selectors.joint_flags(world.collaboration)
    assert [(a.shared_objective.title, a.joint_objective.title) for a in flags["conflicts"]] == [
        ("Keep the coating know-how in-house", "Develop the process IP together")
    ]
    # Brightwave's shared objective has no compatible/dependent joint counterpart.
    assert [s.title for s in flags["unmatched"]] == ["Keep the coating know-how in-house"]
    services.alignment_set(
        collaboration=world.collaboration,
        party=p.bw,
        shared=p.shared_bw,
        joint=p.joint_bid,
        relation="dependent",
        user=world.ana,
    )
    flags = selectors.joint_flags(world.collaboration)
    assert flags["unmatched"] == []
    assert len(flags["conflicts"]) == 1
    process_ = selectors.joint_process(world.collaboration)
    served = {row.objective.title: [j.title for j in row.served_by] for row in process_.shared_rows}
    assert served == {
        "Keep the coating know-how in-house": ["Win the Northline tender"],
        "Co-own the new process IP": ["Develop the process IP together"],
    }
    # A dropped joint objective neither serves nor conflicts.
    services.joint_objective_update(joint=p.joint_ip, data={"status": "dropped"}, expected_version=None)
    flags = selectors.joint_flags(world.collaboration)
    assert flags["conflicts"] == []
    assert [s.title for s in flags["unmatched"]] == ["Co-own the new process IP"]


def test_each_party_marks_only_its_own_shared_objectives(world):
    p = process(world)
    with pytest.raises(ApplicationError):
        services.alignment_set(
            collaboration=world.collaboration,
            party=p.lu,
            shared=p.shared_bw,
            joint=p.joint_bid,
            relation="compatible",
            user=world.jo,
        )
    # An empty relation clears a mark.
    services.alignment_set(
        collaboration=world.collaboration,
        party=p.bw,
        shared=p.shared_bw,
        joint=p.joint_ip,
        relation="",
        user=world.ana,
    )
    assert selectors.joint_flags(world.collaboration)["conflicts"] == []


def test_agreement_by_every_party_and_reset_on_edit(world):
    p = process(world)
    assert not selectors.agreed_by_all_exists(world.collaboration)
    joint = services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    assert joint.status == JointStatus.DRAFT
    assert [j.title for j in selectors.joint_flags(world.collaboration)["not_agreed"]] == [
        "Develop the process IP together",
        "Win the Northline tender",
    ]
    joint = services.joint_objective_agree(joint=joint, party=p.lu, user=world.jo)
    assert joint.status == JointStatus.AGREED
    assert selectors.agreed_by_all_exists(world.collaboration)
    assert [j.title for j in selectors.joint_flags(world.collaboration)["not_agreed"]] == [
        "Develop the process IP together"
    ]
    # A status change keeps the agreement; a change of wording resets it.
    joint = services.joint_objective_update(
        joint=joint, data={"status": "achieved"}, expected_version=joint.version
    )
    assert selectors.agreed_by_all_exists(world.collaboration)
    joint = services.joint_objective_update(
        joint=joint, data={"status": "agreed"}, expected_version=joint.version
    )
    joint = services.joint_objective_update(
        joint=joint, data={"title": "Win the Northline tender 2027"}, expected_version=joint.version
    )
    assert joint.status == JointStatus.DRAFT
    assert not selectors.agreed_by_all_exists(world.collaboration)
    row = next(r for r in selectors.joint_process(world.collaboration).joint if r.objective.pk == joint.pk)
    assert row.agreements == {} and not row.agreed
    # A stale version is refused and resets nothing.
    services.joint_objective_agree(joint=joint, party=p.bw, user=world.ana)
    with pytest.raises(ConflictError):
        services.joint_objective_update(joint=joint, data={"title": "Other"}, expected_version=1)
    assert len(selectors.joint_process(world.collaboration).joint[-1].agreements) == 1


def test_status_agreed_cannot_be_set_by_hand(world):
    with pytest.raises(ApplicationError) as error:
        services.joint_objective_create(
            collaboration=world.collaboration, party=None, data={"title": "X", "status": "agreed"}
        )
    assert error.value.field == "status"


def test_a_new_party_must_agree_too_and_a_departed_one_no_longer(world):
    p = process(world)
    services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    services.joint_objective_agree(joint=p.joint_bid, party=p.lu, user=world.jo)
    assert selectors.agreed_by_all_exists(world.collaboration)
    third = Party.objects.create(
        collaboration=world.collaboration, organization=make_org("Third", world.mallory)
    )
    assert not selectors.agreed_by_all_exists(world.collaboration)
    third.status = PartyStatus.LEFT
    third.save()
    assert selectors.agreed_by_all_exists(world.collaboration)


def test_joint_process_query_count_does_not_grow(world, django_assert_max_num_queries):
    p = process(world)
    with django_assert_max_num_queries(5):
        selectors.joint_process(world.collaboration)
    for i in range(10):
        shared = services.objective_share(
            organization=world.lumen,
            objective=own(world.lumen, f"L{i}"),
            collaboration=world.collaboration,
            title=f"L{i}",
            rationale="",
            user=world.jo,
        )
        joint = services.joint_objective_create(
            collaboration=world.collaboration, party=p.lu, data={"title": f"J{i}"}
        )
        services.joint_objective_agree(joint=joint, party=p.lu, user=world.jo)
        services.alignment_set(
            collaboration=world.collaboration,
            party=p.lu,
            shared=shared,
            joint=joint,
            relation="dependent",
            user=world.jo,
        )
    with django_assert_max_num_queries(5):
        process_ = selectors.joint_process(world.collaboration)
    assert len(process_.joint) == 12
    assert party(world, world.lumen) == process_.sides[1].party


def test_the_plan_summary_agrees_with_the_process_in_three_queries(world, django_assert_max_num_queries):
    p = process(world)
    services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    services.joint_objective_agree(joint=p.joint_bid, party=p.lu, user=world.jo)
    services.alignment_set(
        collaboration=world.collaboration,
        party=p.lu,
        shared=p.shared_lu,
        joint=p.joint_bid,
        relation="conflicting",
        user=world.jo,
    )
    with django_assert_max_num_queries(3):
        summary = selectors.joint_summary(world.collaboration)
    full = selectors.joint_process(world.collaboration)
    assert [(c.party, c.shared, c.joint) for c in summary.conflicts] == [
        (a.shared_objective.party.organization.name, a.shared_objective.title, a.joint_objective.title)
        for a in full.conflicts
    ]
    assert len(summary.conflicts) == 2
    assert [u.shared for u in summary.unmatched] == [s.title for s in full.unmatched]
    assert [j.title for j in summary.not_agreed] == [j.title for j in full.not_agreed]
    assert summary.agreed_count == 1 and summary.shared_count == 2
    # Dropped joint objectives neither count nor conflict.
    services.joint_objective_update(joint=p.joint_ip, data={"status": "dropped"}, expected_version=None)
    summary = selectors.joint_summary(world.collaboration)
    assert [(c.shared, c.joint) for c in summary.conflicts] == [
        ("Co-own the new process IP", "Win the Northline tender")
    ]
    assert [u.shared for u in summary.unmatched] == [
        "Keep the coating know-how in-house",
        "Co-own the new process IP",
    ]
