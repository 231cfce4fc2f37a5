"""Numbers, dates and documents in the reader's language."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accord.core.charts import format_value
from accord.plans.models import BusinessCase


def test_chart_values_use_the_languages_decimal_mark():
    with translation.override("en"):
        assert format_value(1234.5) == "1\u202f234.5" and format_value(3.0) == "3"
    with translation.override("fr"):
        assert format_value(1234.5) == "1\u202f234,5" and format_value(None) == "–"


@pytest.fixture
def case(world):
    world.ana.language = "fr"
    world.ana.save()
    return BusinessCase.objects.create(
        organization=world.brightwave,
        title="Rail bid",
        value="Three years of orders.",
        expected_amount=Decimal("1200000"),
        expected_currency="GBP",
    )


def test_a_business_case_document_is_in_the_requesters_language(client, world, case):
    client.force_login(world.ana)
    page = html.unescape(
        client.get(
            reverse("plans:business_case_print", args=[world.brightwave.slug, case.pk])
        ).content.decode()
    )
    assert "Dossier d'opportunité\u00a0: Rail bid" in page
    assert "Valeur attendue" in page and "Partenaires candidats" in page
    assert re.search(r"1\s200\s000,00 GBP", page)


def test_a_business_case_word_file_is_in_the_requesters_language(client, world, case):
    import docx

    client.force_login(world.ana)
    response = client.get(reverse("plans:business_case_docx", args=[world.brightwave.slug, case.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Opportunité" in text and "Valeur attendue" in text


def test_dates_on_pages_follow_the_language(client, world):
    world.ana.language = "fr"
    world.ana.save()
    client.force_login(world.ana)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert '<html lang="fr">' in page
    with translation.override("fr"):
        from django.utils.formats import date_format

        assert date_format(world.ana.date_joined, "j F Y").split()[1] in {
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
            "août", "septembre", "octobre", "novembre", "décembre",
        }  # fmt: skip


def test_register_cells_show_choice_labels_in_the_readers_language():
    from types import SimpleNamespace

    from accord.core.registry import registry

    checked = 0
    for register in registry.registers():
        for column in register.columns:
            choices = register._choices.get(column.name)
            if not choices or column.value is not None:
                continue
            value, label = next(iter(choices.items()))
            row = SimpleNamespace(**{column.name: value})
            with translation.override("fr"):
                french = register.cell(column, row)
                assert french == str(label)
            with translation.override("en"):
                english = register.cell(column, row)
            checked += french != english
    assert checked > 5  # labels do change with the language


def test_shipped_questionnaires_read_in_french_and_imported_ones_as_written(client, world):
    world.ana.language = "fr"
    world.ana.save()
    client.force_login(world.ana)
    url = reverse("assessments:templates", args=[world.brightwave.slug])
    page = html.unescape(client.get(url + "?show=capability_12").content.decode())
    assert "Auto-évaluation des capacités collaboratives" in page
    assert "Nous savons quelles relations d'affaires comptent le plus pour nous, et pourquoi." in page
    with translation.override("fr"):
        from django.template import Context, Template

        own = Template("{% load i18n %}{% translate text %}").render(Context({"text": "Nos 100 % maison"}))
    assert own == "Nos 100 % maison"
