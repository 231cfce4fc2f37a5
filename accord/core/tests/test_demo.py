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
    assert JointPlanVersion.unscoped.get().status == PlanStatus.APPROVED
    call_command("load_demo", "--if-empty")  # a second run keeps the data
    assert Relationship.objects.in_scope(brightwave).count() == 40
    assert User.objects.get(email="ana@brightwave.example").check_password("accord-demo")
