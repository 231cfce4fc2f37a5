"""Arbitrary Unicode through every writer, then every export: none may fail.

Each example writes one generated string into every text field Accord takes in, through the
API (the register, criteria, the collaboration, business cases, plan sections, and every
register built with the register kit, whatever app it belongs to) and the CSV import. Writers
may refuse it (4xx); afterwards every export of the organization and of the collaboration must
answer 200: register CSV and Excel, every kit register's CSV and Excel, the plans' print view,
PDF and Word, the business case's documents, both history CSVs and the API's lists.
"""

import json
import typing

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accord.accounts.services import api_token_create
from accord.core.registry import registry
from accord.plans.models import BusinessCase

TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
ODD = [
    "a\x00b",
    "x\x0b\x1b\x07y",
    "\ud800lone",
    "line\nbreak",
    "   ",
    "=HYPERLINK(1)",
    "\u202eevil",
    "\ufffe",
]


class _Encoder(DjangoJSONEncoder):
    """A register's sample may hold records (its API takes their ids)."""

    def default(self, o):
        return o.pk if hasattr(o, "pk") else super().default(o)


def _text_fields(schema: type) -> list[str]:
    """The string fields of a kit register's POST schema."""
    names = []
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        if annotation is str or str in typing.get_args(annotation):
            names.append(name)
    return names


@given(value=TEXT)
@example(value=ODD[0])
@example(value=ODD[1])
@example(value=ODD[2])
@example(value=ODD[3])
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_text_through_every_writer_leaves_every_export_working(client, world, value):
    org, c = world.brightwave, world.collaboration
    slug = org.slug
    auth = {"Authorization": f"Bearer {api_token_create(user=world.ana, name='t')[1]}"}

    def send(method: str, path: str, body: dict) -> None:
        response = client.generic(
            method,
            "/api/v1" + path,
            data=json.dumps(body, cls=_Encoder),
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code < 500, (method, path, response.status_code, response.content[:300])

    send(
        "POST",
        f"/organizations/{slug}/relationships",
        {
            "counterpart_name": value,
            "kind": "customer",
            "contacts": value,
            "notes": value,
            "tags": [value],
        },
    )
    send(
        "POST",
        f"/organizations/{slug}/relationships",
        {
            "counterpart_name": "Firm " + str(len(value)) + value[:5],
            "kind": "supplier",
            "notes": value,
        },
    )
    send("POST", f"/organizations/{slug}/criteria", {"name": value, "description": value})
    send("PATCH", f"/collaborations/{c.pk}", {"version": c.version, "description": value})
    send(
        "POST",
        f"/organizations/{slug}/business-cases",
        {
            "title": value,
            "opportunity": value,
            "value": value,
            "risks": value,
        },
    )
    send("POST", f"/organizations/{slug}/business-cases", {"title": "Case", "opportunity": value})
    for plan in (f"/organizations/{slug}/plan", f"/collaborations/{c.pk}/plan"):
        send("PUT", f"{plan}/sections/context", {"text": value, "revision": 0})
    for register in registry.registers():
        _out, schema_in = register.api_schemas()
        if schema_in is None:
            continue
        base = f"/organizations/{slug}/" if register.scope == "org" else f"/collaborations/{c.pk}/"
        body = dict(register.sample)
        for name in _text_fields(schema_in):
            if name in body or not schema_in.model_fields[name].is_required():
                body[name] = value
        send("POST", base + register.api_path, body)
    client.force_login(world.ana)
    csv_file = f'counterpart_name,kind,notes\n"{value}",customer,"{value}"\n'.encode("utf-8", "surrogatepass")
    client.post(reverse("relationships:import", args=[slug]), {"file": SimpleUploadedFile("i.csv", csv_file)})
    client.post(reverse("relationships:import", args=[slug]), {"confirm": "1"})

    exports = [
        reverse("relationships:export_csv", args=[slug]),
        reverse("relationships:export_xlsx", args=[slug]),
        reverse("organizations:history_export", args=[slug]),
        reverse("collaborations:history_export", args=[c.pk]),
    ]
    for kind, owner in (("rmp", slug), ("jrmp", c.pk)):
        exports += [reverse(f"plans:{kind}_{fmt}", args=[owner]) for fmt in ("print", "pdf", "docx")]
    case = BusinessCase.objects.in_scope(org).first()
    if case is not None:
        exports += [
            reverse(f"plans:business_case_{fmt}", args=[slug, case.pk]) for fmt in ("print", "pdf", "docx")
        ]
    for register in registry.registers():
        owner = slug if register.scope == "org" else c.pk
        exports += [reverse(register.url_name("_export"), args=[owner, fmt]) for fmt in ("csv", "xlsx")]
    for url in exports:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    api_reads = [
        f"/organizations/{slug}/relationships",
        f"/organizations/{slug}/business-cases",
        f"/organizations/{slug}/criteria",
        f"/collaborations/{c.pk}",
        f"/collaborations/{c.pk}/plan",
    ]
    for register in registry.registers():
        if register.api_path:
            base = f"/organizations/{slug}/" if register.scope == "org" else f"/collaborations/{c.pk}/"
            api_reads.append(base + register.api_path)
    for path in api_reads:
        response = client.get("/api/v1" + path, headers=auth)
        assert response.status_code == 200, (path, response.status_code)
