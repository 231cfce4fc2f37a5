"""The one rule for text (accord.core.text), through every way text comes in: forms, the API
and the CSV import; and exports that never fail on what older records may hold.

Issue 8's defects 1-5 and 8, each as the class it belongs to."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accord.accounts.services import api_token_create
from accord.core.fields import LineField, TextBlockField
from accord.core.text import TextRuleError, clean_line, clean_text
from accord.relationships.models import Relationship, Tag


def _auth(user):
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"}


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_clean_line_and_text_either_refuse_or_give_storable_text(value):
    for clean in (clean_line, clean_text):
        try:
            out = clean(value)
        except TextRuleError as error:
            assert str(error)
            continue
        assert out == out.strip()
        assert "\x00" not in out
        out.encode("utf-8")  # no lone surrogates: every database and file format can hold it
        if clean is clean_line:
            assert "\n" not in out and "\t" not in out


@pytest.mark.parametrize(
    "value,line_ok,text_ok",
    [
        ("  Brightwave  ", True, True),
        ("a\nb", False, True),
        ("a\tb", False, True),
        ("a\r\nb", False, True),
        ("a\x0bb", False, False),
        ("a\x1bb", False, False),
        ("a\x07b", False, False),
        ("a\x00b", False, False),
        ("a\x85b", False, False),
        ("a\ud800b", False, False),
    ],
)
def test_model_fields_apply_the_rule(value, line_ok, text_ok):
    for field, ok in ((LineField(max_length=50), line_ok), (TextBlockField(), text_ok)):
        if ok:
            assert field.clean(value, None) == field.clean(value, None).strip()
        else:
            with pytest.raises(ValidationError):
                field.clean(value, None)


def test_over_long_text_is_refused_with_the_limit_never_cut():
    with pytest.raises(ValidationError) as error:
        TextBlockField(max_length=10).clean("x" * 11, None)
    assert "10" in str(error.value)


def test_control_characters_are_refused_by_the_api_and_an_old_one_does_not_break_the_excel_export(
    client, world
):
    org = world.brightwave
    url = f"/api/v1/organizations/{org.slug}/relationships"
    response = client.post(
        url,
        {"counterpart_name": "x", "kind": "customer", "notes": "a\u000bb"},
        "application/json",
        headers=_auth(world.ana),
    )
    assert response.status_code == 422
    assert not Relationship.objects.in_scope(org).filter(counterpart_name="x").exists()
    # A record stored before the rule existed (written without validation).
    Relationship.unscoped.create(
        organization=org, counterpart_name="Old\x1bFirm", kind="customer", notes="a\x07b"
    )
    client.force_login(world.ana)
    export = client.get(reverse("relationships:export_xlsx", args=[org.slug]))
    assert export.status_code == 200
    names = [row[0].value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    assert "OldFirm" in names


@pytest.mark.parametrize(
    "name", ['"Line1\nLine2 Firm"', "Bell\x0bFirm", "Nul\x00Firm"], ids=["newline", "vtab", "nul"]
)
def test_csv_import_preview_applies_the_rules_of_the_write(client, world, name):
    org = world.brightwave
    client.force_login(world.ana)
    url = reverse("relationships:import", args=[org.slug])
    upload = SimpleUploadedFile("r.csv", f"counterpart_name,kind\n{name},customer\n".encode())
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 422
    assert "nothing" in preview.content.decode().lower() or "error" in preview.content.decode().lower()
    confirm = client.post(url, {"confirm": "1"})
    assert confirm.status_code == 302  # "upload again", never a 500
    assert not Relationship.objects.in_scope(org).filter(counterpart_name__contains="Firm").exists()


def test_csv_import_refuses_bad_text_in_any_column(client, world):
    from accord.relationships import transfer

    text = "counterpart_name,kind,notes,tags\nGood Firm,customer,fine,ok\nBad Firm,customer,a\x00b,\n"
    preview = transfer.import_preview(organization=world.brightwave, text=text, default_owner=world.ana)
    assert not preview.is_clean
    assert [r.line for r in preview.error_rows] == [3]
    with pytest.raises(ValueError):
        transfer.import_commit(organization=world.brightwave, text=text, default_owner=world.ana)
    assert not Relationship.objects.in_scope(world.brightwave).filter(counterpart_name="Good Firm").exists()


def test_tags_are_refused_when_too_long_or_multi_line_never_cut(client, world):
    org = world.brightwave
    url = f"/api/v1/organizations/{org.slug}/relationships"
    for tags in (["y" * 100_000], ["two\nlines"], ["bell\x07"]):
        response = client.post(
            url,
            {"counterpart_name": "Tagged", "kind": "customer", "tags": tags},
            "application/json",
            headers=_auth(world.ana),
        )
        assert response.status_code in (400, 422), tags
        assert "tags" in response.json()["errors"], response.json()
    assert not Tag.objects.in_scope(org).exists()
    client.force_login(world.ana)
    page = client.post(
        reverse("relationships:create", args=[org.slug]),
        {"counterpart_name": "Tagged", "kind": "customer", "status": "current", "tags": "ok, " + "z" * 60},
    )
    assert "50 characters" in page.content.decode()
    assert not Relationship.objects.in_scope(org).filter(counterpart_name="Tagged").exists()


def test_names_made_only_of_spaces_are_refused_by_the_api(client, world):
    org, c = world.brightwave, world.collaboration
    headers = _auth(world.ana)
    cases = [
        ("/api/v1/organizations", {"name": "   "}),
        (f"/api/v1/organizations/{org.slug}/relationships", {"counterpart_name": "  ", "kind": "customer"}),
        (f"/api/v1/organizations/{org.slug}/criteria", {"name": " \t "}),
        (f"/api/v1/organizations/{org.slug}/collaborations", {"name": "   ", "working_model": "one_to_one"}),
        (f"/api/v1/collaborations/{c.pk}/team", {"name": "  ", "role": "Lead"}),
        (f"/api/v1/collaborations/{c.pk}/contributions", {"kind": "asset", "description": "   "}),
    ]
    for url, body in cases:
        response = client.post(url, body, "application/json", headers=headers)
        assert response.status_code == 422, (url, response.status_code, response.content)


def test_the_parties_api_shows_people_by_name_only(client, world):
    response = client.get(f"/api/v1/collaborations/{world.collaboration.pk}/parties", headers=_auth(world.jo))
    assert response.status_code == 200
    body = response.content.decode()
    assert "@" not in body
    assert all("ser_email" not in party for party in response.json())
