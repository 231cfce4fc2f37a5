"""Every field a person types text into uses the one rule for text (accord.core.fields): a
plain CharField or TextField holding free text is a way around it. Machine values (choices,
hashes, slugs, codes, e-mail addresses) are exempt by kind, the rest are listed here."""

from django.apps import apps
from django.db import models

from accord.core.fields import LineField, TextBlockField

# Free-text-looking fields that hold machine values, each with why.
EXEMPT = {
    ("accounts", "apitoken", "token_hash"),  # a hash
    ("accounts", "apitoken", "prefix"),  # the first characters of a generated token
    ("organizations", "memberinvitation", "token_hash"),
    ("collaborations", "partyinvitation", "token_hash"),
    ("accounts", "user", "password"),  # a password hash
    ("actions", "jointaction", "source_kind"),  # a registered source key
    ("actions", "ownaction", "source_kind"),
    ("assessments", "answer", "dimension"),  # keys from the template
    ("assessments", "answer", "question"),
    ("assessments", "answer", "special"),
    ("assessments", "assessmenttemplate", "scope"),
    ("assessments", "jointcampaign", "kind"),
    ("assessments", "owncampaign", "kind"),
    ("exits", "exitcopycontent", "data"),  # a generated JSON export
    ("reminders", "remindersent", "key"),  # a generated dedupe key
    ("reminders", "remindersent", "kind"),
    ("organizations", "organization", "time_zone"),  # an IANA zone name, checked against zoneinfo
    ("accounts", "user", "signup_time_zone"),  # the browser's zone name, checked the same way
}


def _free_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("accord.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if isinstance(field, LineField | TextBlockField | models.SlugField | models.EmailField):
                continue
            if field.choices or not field.editable:
                continue
            key = (model._meta.app_label, model._meta.model_name, field.name)
            if key in EXEMPT or field.name.endswith(
                ("_hash", "_key", "currency", "_code", "token", "content_type", "sha256")
            ):
                continue
            yield key


def test_every_free_text_field_follows_the_text_rule():
    offenders = sorted(_free_text_fields())
    assert not offenders, f"use LineField or TextBlockField (accord.core.fields) for: {offenders}"
