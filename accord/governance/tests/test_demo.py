import random
from types import SimpleNamespace

from accord.collaborations.models import Party
from accord.governance import demo, selectors
from accord.governance.models import Escalation, EscalationLevel, Issue, IssueStatus


def test_bench_step_makes_300_issues_with_escalations(world):
    parties = {p.organization_id: p for p in Party.objects.in_scope(world.collaboration)}
    ns = SimpleNamespace(
        bench_collaboration=world.collaboration,
        parties={world.collaboration.pk: parties},
        rng=random.Random(7),
    )
    demo.bench(ns)
    issues = Issue.objects.in_scope(world.collaboration)
    assert issues.count() == demo.BENCH_ISSUES
    assert EscalationLevel.objects.in_scope(world.collaboration).count() == 3
    escalations = Escalation.objects.in_scope(world.collaboration)
    assert escalations.exists()
    assert (
        issues.filter(status=IssueStatus.RESOLVED).exists()
        and issues.filter(status=IssueStatus.OPEN).exists()
    )
    # Every issue's level matches its escalations.
    sample = issues.filter(level=3).first()
    if sample is not None:
        assert [t.level for t in selectors.issue_timeline(sample)] == [1, 2, 3]
