"""The error summary after a refused submit (WCAG 3.3.1): one shared include, on every form."""

import re

from django.urls import reverse

SUMMARY = re.compile(
    r'<div class="form-errors" role="alert" tabindex="-1" data-error-summary>(.*?)</div>', re.S
)


def _summary(response) -> str:
    found = SUMMARY.search(response.content.decode())
    assert found, "no error summary"
    return found[1]


def test_the_register_form_lists_each_refused_field_with_a_link_to_it(client, world):
    client.force_login(world.ana)
    response = client.post(
        reverse("relationships:create", args=[world.brightwave.slug]),
        {"counterpart_name": "", "kind": "partner"},
    )
    assert response.status_code == 422
    summary = _summary(response)
    assert "There is a problem: nothing was saved" in summary
    assert '<a href="#id_counterpart_name">Counterpart: This field is required.</a>' in summary


def test_the_register_kit_pages_share_the_summary(client, world):
    client.force_login(world.ana)
    response = client.post(reverse("plans:jrmp_team_add", args=[world.collaboration.pk]), {})
    assert response.status_code == 422
    assert re.search(r'<a href="#id_\w+">[^<]+: This field is required.</a>', _summary(response))


def test_a_valid_page_has_no_summary(client, world):
    client.force_login(world.ana)
    response = client.get(reverse("relationships:create", args=[world.brightwave.slug]))
    assert "data-error-summary" not in response.content.decode()
