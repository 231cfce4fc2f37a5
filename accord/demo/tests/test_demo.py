import pytest
from django.core.management import call_command
from django.urls import reverse

from accord.accounts.models import User
from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.registry import registry
from accord.demo.cast import LOGINS
from accord.organizations.models import Organization
from accord.plans.models import JointPlanVersion, PlanStatus
from accord.relationships.models import Relationship, Segment


def log_in(client, email: str) -> None:
    """Through the login page, as a person would."""
    response = client.post(reverse("accounts:login"), {"username": email, "password": "accord-demo"})
    assert response.status_code == 302, email


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo", "--if-empty")
    return capsys.readouterr().out


def test_demo_data_loads_once_and_tells_the_story(demo):
    assert "ana@brightwave.example" in demo and "accord-demo" in demo
    ana = User.objects.get(email="ana@brightwave.example")
    brightwave = ana.memberships.get().organization
    assert brightwave.ser == ana
    # Times are shown, and labelled, in each firm's own zone.
    assert brightwave.time_zone == "Europe/London"
    assert Organization.objects.get(name="Globex").time_zone == "Europe/Paris"
    entries = Relationship.objects.in_scope(brightwave)
    assert entries.count() == 40
    assert entries.filter(segment=Segment.COLLABORATE).count() >= 3
    northline = Collaboration.objects.get(name="Northline Rail joint bid")
    jrmp = JointPlanVersion.objects.in_scope(northline).get()
    assert jrmp.status == PlanStatus.APPROVED
    assert "Jo Lindqvist" in " ".join(jrmp.frozen_sources["organisation"])  # the approved plan shows its team
    # The history names who did what, and nothing is left attributed after the command.
    approvers = {
        h.history_user.email for h in jrmp.approvals.model.history.filter(collaboration_id=northline.pk)
    }
    assert approvers == {"ana@brightwave.example", "jo@lumen.example"}
    entries.first().save()
    assert Relationship.history.order_by("-history_id").first().history_user is None
    call_command("load_demo", "--if-empty")  # a second run keeps the data
    assert Relationship.objects.in_scope(brightwave).count() == 40
    assert User.objects.get(email="ana@brightwave.example").check_password("accord-demo")


def test_the_three_scenarios_people_log_in_and_see_their_spaces(demo, client):
    """Every demo login works; each person sees their organization and their joint space."""
    assert [email for email, _who in LOGINS] == [e for e in demo.split() if e in dict(LOGINS)]
    # People other apps' demo steps create are listed too (scenario 4's logistics firm).
    assert all(email in demo for email, _who in registry.demo_login_list())
    valley = Collaboration.objects.get(name="Valley Larder")
    parties = Party.objects.in_scope(valley).select_related("organization", "ser")
    # Six parties, each with its SER; one producer left after a year (scenario 2's exit).
    assert len(parties) == 6 and all(p.ser_id for p in parties)
    assert [p.organization.name for p in parties if p.status != PartyStatus.ACTIVE] == ["Greenhollow Growers"]
    hospital = Organization.objects.get(name="Westmoor Hospitals Group")
    register = Relationship.objects.in_scope(hospital)
    assert register.count() == 300
    collaborate = register.filter(segment=Segment.COLLABORATE)
    assert collaborate.count() == 12 and collaborate.filter(counterpart_name="Quillsoft").exists()
    scheduling = Collaboration.objects.get(parties__organization=hospital)
    assert JointPlanVersion.objects.in_scope(scheduling).get().status == PlanStatus.APPROVED
    for email, _who in LOGINS:
        if email.startswith("mallory@"):
            continue
        log_in(client, email)
        user = User.objects.get(email=email)
        org = user.memberships.get().organization
        assert client.get(reverse("organizations:dashboard", args=[org.slug])).status_code == 200
        mine = Collaboration.objects.filter(parties__organization=org, parties__status=PartyStatus.ACTIVE)
        left = Collaboration.objects.filter(parties__organization=org, parties__status=PartyStatus.LEFT)
        assert mine.exists() or left.exists(), email
        for collaboration in left:  # an organization that left no longer sees the joint space
            page = client.get(reverse("collaborations:overview", args=[collaboration.pk]))
            assert page.status_code == 404
        for collaboration in mine:
            page = client.get(reverse("collaborations:overview", args=[collaboration.pk]))
            assert page.status_code == 200 and collaboration.name in page.content.decode()
            assert client.get(reverse("plans:jrmp_plan", args=[collaboration.pk])).status_code == 200
        client.logout()


def test_globex_sees_nothing_of_the_others(demo, client):
    log_in(client, "mallory@globex.example")
    globex = Organization.objects.get(name="Globex")
    assert client.get(reverse("organizations:dashboard", args=[globex.slug])).status_code == 200
    for org in Organization.objects.exclude(pk=globex.pk):
        assert client.get(reverse("organizations:dashboard", args=[org.slug])).status_code == 404, org
        assert client.get(reverse("relationships:list", args=[org.slug])).status_code == 404, org
    for collaboration in Collaboration.objects.all():
        assert client.get(reverse("collaborations:overview", args=[collaboration.pk])).status_code == 404
        assert client.get(reverse("plans:jrmp_plan", args=[collaboration.pk])).status_code == 404
    listing = client.get(reverse("collaborations:list", args=[globex.slug])).content.decode()
    assert not any(c.name in listing for c in Collaboration.objects.all())


def test_every_demo_and_bench_step_is_ordered_with_the_cast_first():
    demo_steps, bench_steps = registry.demo_steps(), registry.bench_steps()
    assert [s.name for s in demo_steps][:4] == ["cast", "relationships", "collaborations", "plans"]
    assert [s.name for s in bench_steps][:3] == ["cast", "relationships", "collaborations"]
