"""No phantom history (issue 12): starting a joint space from a register entry records only
the link, never an old copy of the entry (Lumen's entry showed "decision Yes → —")."""

import os
import subprocess
from pathlib import Path

from accord.collaborations.services import collaboration_create
from accord.relationships.models import Decision, Relationship
from accord.relationships.services import relationship_decide


def test_a_stale_copy_of_the_entry_does_not_undo_its_decision_in_the_history(world):
    stale = world.entry  # read before the decision, as a demo step or a long request would
    relationship_decide(entry=stale, decision=Decision.YES, rationale="Good fit.", user=world.ana)
    collaboration_create(
        organization=world.brightwave, user=world.ana, data={"name": "Joint bid"}, from_entry=stale
    )
    latest = Relationship.history.filter(id=world.entry.pk).order_by("-history_id").first()
    assert latest.collaboration_id is not None
    assert latest.decision == Decision.YES
    assert Relationship.objects.in_scope(world.brightwave).get(pk=world.entry.pk).decision == Decision.YES


def test_the_demo_links_point_where_the_demo_serves():
    """`make demo PORT=…` exports DJANGO_BASE_URL, which the demo's invitations and every
    e-mail link (settings.ACCORD_BASE_URL) use."""
    root = Path(__file__).resolve().parents[3]
    probe = "print-base-url:\n\t@echo $$DJANGO_BASE_URL\n"
    for args, expected in [
        (["PORT=8123"], "http://127.0.0.1:8123"),
        (["HOST=0.0.0.0", "PORT=8001"], "http://127.0.0.1:8001"),
    ]:
        out = subprocess.run(
            ["make", "-s", "-f", "Makefile", "-f", "-", "print-base-url", *args],
            input=probe,
            capture_output=True,
            text=True,
            cwd=root,
            check=True,
            env={"PATH": os.environ["PATH"]},
        )
        assert out.stdout.strip() == expected
