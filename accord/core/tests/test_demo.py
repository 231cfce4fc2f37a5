from django.core.management import call_command

from accord.accounts.models import User
from accord.plans.models import JointPlanVersion, PlanStatus
from accord.relationships.models import Relationship, Segment


def test_demo_data_loads_once_and_tells_the_story(db, capsys):
    call_command("load_demo", "--if-empty")
    out = capsys.readouterr().out
    assert "ana@brightwave.example" in out and "accord-demo" in out
    ana = User.objects.get(email="ana@brightwave.example")
    brightwave = ana.memberships.get().organization
    assert brightwave.ser == ana
    entries = Relationship.objects.in_scope(brightwave)
    assert entries.count() == 40
    assert entries.filter(segment=Segment.COLLABORATE).count() >= 3
    jrmp = JointPlanVersion.unscoped.get()
    assert jrmp.status == PlanStatus.APPROVED
    assert "Jo Lindqvist" in " ".join(jrmp.frozen_sources["organisation"])  # the approved plan shows its team
    # The history names who did what, and nothing is left attributed after the command.
    approvers = {h.history_user.email for h in jrmp.approvals.model.history.all()}
    assert approvers == {"ana@brightwave.example", "jo@lumen.example"}
    entries.first().save()
    assert Relationship.history.order_by("-history_id").first().history_user is None
    call_command("load_demo", "--if-empty")  # a second run keeps the data
    assert Relationship.objects.in_scope(brightwave).count() == 40
    assert User.objects.get(email="ana@brightwave.example").check_password("accord-demo")
