"""Exports follow the reader's language: the history CSV's headers and actions as well as its
record types and fields; times stay ISO 8601 (a machine format)."""

import csv
import io

from django.urls import reverse

from accord.relationships.models import Relationship


def history_csv(client, world, language):
    world.ana.language = language
    world.ana.save()
    client.force_login(world.ana)
    Relationship.objects.create(organization=world.brightwave, counterpart_name="Acme Rail")
    response = client.get(reverse("organizations:history_export", args=[world.brightwave.slug]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_history_export_is_in_french_for_a_french_reader(client, world):
    header, *rows = history_csv(client, world, "fr")
    assert header[0].startswith("quand")  # the zone may follow
    assert header[1:] == [
        "qui",
        "type d'enregistrement",
        "enregistrement",
        "action",
        "champ",
        "avant",
        "après",
    ]
    acme = [r for r in rows if r[3].endswith("Acme Rail")]
    assert acme and {r[4] for r in acme} == {"créé"}
    assert acme[0][0][:4].isdigit() and "T" in acme[0][0]  # ISO time, whatever the language


def test_the_history_export_stays_english_for_an_english_reader(client, world):
    header, *rows = history_csv(client, world, "en")
    assert header[0].startswith("when")
    assert header[1:] == ["who", "record type", "record", "action", "field", "old", "new"]
    assert {r[4] for r in rows if r[3].endswith("Acme Rail")} == {"created"}
