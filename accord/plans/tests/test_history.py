"""Every change to plans and joint registers is recorded (who, when, what) and exportable, and
a joint export never carries a party's private records."""

import csv
import io

from django.urls import reverse

from accord.collaborations.models import Party
from accord.plans import services
from accord.plans.models import Contribution, JointTeamMember, ResourceCommitment


def write(owner, key, text, user):
    working = services.plan_working_version(owner=owner, user=user)
    services.plan_section_save(
        owner=owner, key=key, text=text, expected_revision=working.revisions.get(key, 0), user=user
    )


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_plan_history_names_the_changed_section_with_old_and_new_text(client, world):
    write(world.collaboration, "governance", "Monthly joint meeting.", world.ana)
    write(world.collaboration, "governance", "Fortnightly joint meeting.", world.jo)
    client.force_login(world.ana)
    body = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk])).content.decode()
    assert (
        "<strong>Governance</strong>: <del>Monthly joint meeting.</del> → <ins>Fortnightly joint meeting.</ins>"
        in body
    )
    assert "Jo" in body
    assert "Revisions" not in body  # the concurrency counters are not content


def test_joint_history_export_holds_joint_changes_only(client, world):
    brightwave = Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)
    write(world.collaboration, "exit", "Each party takes back what it brought.", world.ana)
    item = Contribution.objects.create(
        collaboration=world.collaboration, party=brightwave, kind="equipment", description="Lathe"
    )
    item.delete()
    JointTeamMember.objects.create(
        collaboration=world.collaboration, party=brightwave, name="Ana", role="Lead"
    )
    # Private records of Brightwave that must not leak into the joint export.
    write(world.brightwave, "policy", "Private policy text", world.ana)
    ResourceCommitment.objects.create(organization=world.brightwave, kind="people", description="Secret hire")

    client.force_login(world.jo)  # the partner exports the joint space's history
    rows = csv_rows(client.get(reverse("collaborations:history_export", args=[world.collaboration.pk])))
    text = "\n".join(",".join(r.values()) for r in rows)
    lathe = [r for r in rows if r["record"].endswith("Lathe")]
    assert [r["action"] for r in lathe if not r["field"] or r["field"] == "What"] == ["deleted", "created"]
    assert any(
        r["field"] == "Exit strategy" and r["new"] == "Each party takes back what it brought." for r in rows
    )
    assert any(r["record type"] == "joint team member" and r["action"] == "created" for r in rows)
    assert "Private policy text" not in text and "Secret hire" not in text
    assert "@" not in text  # people by name, not a partner's e-mail address
    when = "when (UTC)"  # the column names the zone the times are in
    assert [r[when] for r in rows] == sorted((r[when] for r in rows), reverse=True)  # newest first

    # The organization's own export has its plan and resources, and nothing of Lumen's.
    client.force_login(world.ana)
    own = csv_rows(client.get(reverse("organizations:history_export", args=[world.brightwave.slug])))
    assert any(r["field"] == "Collaboration policy" and r["new"] == "Private policy text" for r in own)
    assert any(
        r["record"].endswith("Secret hire") and r["who"] in {"system", "ana@brightwave.test"} for r in own
    )


def test_register_pages_show_who_added_and_removed_what(client, world):
    client.force_login(world.jo)
    add = reverse("plans:jrmp_contributions_add", args=[world.collaboration.pk])
    client.post(add, {"kind": "equipment", "description": "Spray booth"})
    item = Contribution.objects.in_scope(world.collaboration).get()
    client.post(reverse("plans:jrmp_contributions_delete", args=[world.collaboration.pk, item.pk]))
    client.force_login(world.ana)  # the other party sees what happened
    body = client.get(reverse("plans:jrmp_contributions", args=[world.collaboration.pk])).content.decode()
    assert "Nothing recorded yet." in body
    history = body[body.index('id="history-heading"') :]
    assert history.count("<em>Spray booth</em>") == 2
    assert "<strong>Deleted</strong>" in history and "<strong>Created</strong>" in history
    assert "Jo" in history
