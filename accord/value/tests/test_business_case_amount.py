"""A business case's expected value as an amount with a currency (issue 7, section 3):
forms, API and the model's rule (an amount needs its currency)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.plans.models import BusinessCase
from accord.plans.services import business_case_create, business_case_update


def test_amount_needs_a_currency_and_currency_follows_the_amount(world):
    with pytest.raises(ValidationError) as error:
        business_case_create(
            organization=world.brightwave, data={"title": "Bid", "expected_amount": Decimal(5)}
        )
    assert "expected_currency" in error.value.message_dict
    case = business_case_create(
        organization=world.brightwave,
        data={"title": "Bid", "expected_amount": Decimal("12000"), "expected_currency": "GBP"},
    )
    assert case.expected_amount_display == "12,000.00 GBP"
    case = business_case_update(case=case, data={"expected_amount": None}, expected_version=case.version)
    assert case.expected_currency == "" and case.expected_amount_display == ""


def test_form_and_page(client, world):
    client.force_login(world.ana)
    url = reverse("plans:business_case_create", args=[world.brightwave.slug])
    response = client.post(
        url, {"title": "Rail bid", "status": "idea", "expected_amount": "80000", "expected_currency": "gbp"}
    )
    assert response.status_code == 302, response.content.decode()
    case = BusinessCase.objects.in_scope(world.brightwave).get()
    assert (case.expected_amount, case.expected_currency) == (Decimal("80000"), "GBP")
    page = client.get(reverse("plans:business_case", args=[world.brightwave.slug, case.pk])).content.decode()
    assert "80,000.00 GBP" in page


def test_api(client, world):
    client.force_login(world.ana)
    base = f"/api/v1/organizations/{world.brightwave.slug}/business-cases"
    response = client.post(
        base,
        data=json.dumps({"title": "Rail bid", "expected_amount": "1500.50", "expected_currency": "eur"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert Decimal(body["expected_amount"]) == Decimal("1500.50") and body["expected_currency"] == "EUR"
    response = client.patch(
        f"{base}/{body['id']}",
        data=json.dumps({"version": body["version"], "expected_currency": "EURO"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        base, data=json.dumps({"title": "X", "expected_amount": "10"}), content_type="application/json"
    )
    assert response.status_code == 400
