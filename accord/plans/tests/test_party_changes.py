"""When the parties change, the joint plan's approval and the joint registers follow, in every
channel (issue 8, defects 6 and 7)."""

from django.core import mail

from accord.accounts.services import api_token_create
from accord.collaborations import services as collaborations
from accord.collaborations.models import Party
from accord.plans import services
from accord.plans.models import Contribution, JointTeamMember, PlanStatus
from accord.plans.tests.helpers import in_review, party, write
from tests.factories import UserFactory, make_org


def _third_party(world):
    kit = UserFactory(email="kit@third.test", full_name="Kit")
    third = make_org("Third Tooling", kit)
    return Party.objects.create(collaboration=world.collaboration, organization=third, ser=kit), kit


def test_a_plan_waiting_only_for_a_party_that_left_is_approved_and_the_sers_are_told(
    world, django_capture_on_commit_callbacks
):
    c = world.collaboration
    third, kit = _third_party(world)
    write(c, "context", "Three firms, one bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    for p, ser in ((party(world, world.brightwave), world.ana), (party(world, world.lumen), world.jo)):
        services.jrmp_approve(collaboration=c, party=p, user=ser, reviewed=in_review(c))
    assert services.plan_working_version(owner=c).status == PlanStatus.IN_REVIEW
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        collaborations.party_leave(party=third, actor=kit, base_url="http://accord.test")

    version = services.plan_working_version(owner=c)
    assert version.status == PlanStatus.APPROVED and version.approved_at is not None
    told = sorted(to for message in mail.outbox for to in message.to)
    assert told == ["ana@brightwave.test", "jo@lumen.test"]  # not the party that left
    assert all("approved" in message.subject.lower() for message in mail.outbox)


def test_a_party_leaving_before_anyone_approved_changes_nothing(world):
    c = world.collaboration
    third, kit = _third_party(world)
    write(c, "context", "Three firms, one bid.", world.ana)
    services.plan_submit(owner=c, user=world.ana)
    collaborations.party_leave(party=third, actor=kit)
    assert services.plan_working_version(owner=c).status == PlanStatus.IN_REVIEW


def test_the_api_says_what_the_pages_say_about_a_former_party(client, world):
    c = world.collaboration
    third, kit = _third_party(world)
    JointTeamMember.objects.create(collaboration=c, party=third, name="Kit", role="Tooling")
    JointTeamMember.objects.create(
        collaboration=c, party=party(world, world.lumen), name="Jo", role="Coating"
    )
    Contribution.objects.create(collaboration=c, party=third, kind="equipment", description="Press")
    collaborations.party_leave(party=third, actor=kit)
    headers = {"Authorization": f"Bearer {api_token_create(user=world.ana, name='t')[1]}"}
    team = client.get(f"/api/v1/collaborations/{c.pk}/team", headers=headers).json()
    assert [m["name"] for m in team["items"]] == ["Jo"]
    contributions = client.get(f"/api/v1/collaborations/{c.pk}/contributions", headers=headers).json()
    assert [(i["description"], i["former_party"]) for i in contributions["items"]] == [("Press", True)]
