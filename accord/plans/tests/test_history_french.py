"""The plan's history reads in French: field names translated, the creation named as an
action ("Création"), and the colon after a label spaced the French way."""

from django.urls import reverse

from accord.plans.tests.helpers import write

NBSP = "\u00a0"


def test_the_plan_history_in_french(client, world):
    org = world.brightwave
    write(org, "approach", "We collaborate where it matters.", world.ana)
    world.ana.language = "fr"
    world.ana.save(update_fields=["language"])
    client.force_login(world.ana)
    page = client.get(reverse("plans:rmp_plan", args=[org.slug])).content.decode()
    assert "Created by" not in page
    assert f"Créée par</strong>{NBSP}:" in page
    assert "<strong>Création</strong>" in page and "Créé le" not in page
