"""The read-only copy of the joint data a party keeps when it leaves a collaboration.

The JSON holds every joint record of the collaboration as it stands, model by model, read
generically from the models every app put in the joint history export
(``registry.history_models("collaboration")``): only joint models, so no party's private
data (private mitigations, contingency plans, own objectives) can be in it. The PDF is the
joint plan in force (or the latest version) with a summary of the exit.
"""

import json
import logging
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from accord.core.i18n import colon
from accord.core.registry import COLLABORATION, registry

logger = logging.getLogger(__name__)

# Fields never copied out, whatever model they are on.
_SKIPPED = ("token", "hash", "password", "secret")


def joint_records(collaboration: Any, party: Any = None) -> dict[str, list[dict[str, Any]]]:
    """{"app.Model": [row, ...]} for every joint model: one query per model. ``party``: the
    party the copy is for; a model whose rows a party may keep to itself (its queryset has
    ``visible_to(party)``, as the risks' private mitigations do) gives only what that party
    sees (None: only what every party sees)."""
    from accord.collaborations.models import Collaboration

    out: dict[str, list[dict[str, Any]]] = {}
    for model in registry.history_models(COLLABORATION):
        if model is Collaboration:
            rows = Collaboration.objects.filter(pk=collaboration.pk)
        elif getattr(model, "scope_field", None) == "collaboration":
            rows = model.objects.in_scope(collaboration).order_by("pk")
            if callable(getattr(rows, "visible_to", None)):
                rows = rows.visible_to(party)
            # A model some of whose rows not every party may see keeps those every party may.
            shared = getattr(model, "shared_with_every_party", None)
            if shared is not None:
                rows = shared(rows)
        else:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if not isinstance(f, models.BinaryField | models.FileField)
            and not any(s in f.name for s in _SKIPPED)
        ]
        out[model._meta.label] = [{f.attname: f.value_from_object(row) for f in fields} for row in rows]
    return out


def build_json(collaboration: Any, party: Any, activation: Any, records: dict[str, list]) -> str:
    data = {
        "collaboration": {"id": collaboration.pk, "name": collaboration.name},
        "organization": party.organization.name,
        "exit_date": activation.exit_date if activation else None,
        "trigger": activation.trigger_text if activation else "",
        "generated_at": timezone.now(),
        "records": records,
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def pdf_context(collaboration: Any, party: Any, activation: Any, records: dict[str, list]) -> dict[str, Any]:
    """The joint plan in force (else the latest version) as a document, with a summary."""
    from django.utils.translation import gettext as _

    from accord.plans import documents, selectors, sources
    from accord.plans.models import JointPlanVersion, PlanStatus
    from accord.plans.views.plans import PlanSpace

    versions = JointPlanVersion.objects.in_scope(collaboration)
    version = (
        versions.filter(status=PlanStatus.APPROVED).order_by("-number").first()
        or versions.order_by("-number").first()
    )
    space = PlanSpace("jrmp", collaboration, None, [collaboration.pk])
    summary = [
        _("Organization: %(org)s") % {"org": party.organization.name},
        _("Exit date: %(date)s") % {"date": activation.exit_date.isoformat() if activation else ""},
        _("Trigger: %(trigger)s") % {"trigger": activation.trigger_text if activation else ""},
    ] + [f"{label}{colon()} {len(rows)}" for label, rows in records.items()]
    if version is None:
        context = {
            "kind": "jrmp",
            "title": f"{space.title}{colon()} {collaboration.name}",
            "cover_title": collaboration.name,
            "owner_name": collaboration.name,
            "parties": [p.organization.name for p in selectors.active_parties(collaboration)],
            "version": 0,
            "status": "",
            "standing": "",
            "sources_as_of": None,
            "approved_at": None,
            "generated_at": timezone.now(),
            "sections": [],
            "approvals": [],
        }
    else:
        context = documents.plan_document_context(
            space=space,
            version=version,
            shown=sources.shown("jrmp", collaboration),
            parties=selectors.active_parties(collaboration),
        )
    context["sections"] = [
        {
            "key": "exit_copy",
            "title": _("Copy kept at exit"),
            "clause": "ISO 44003 5.12",
            "text": _("The joint data as it stood when %(org)s left the collaboration.")
            % {"org": party.organization.name},
            "source_lines": summary,
        },
        *context["sections"],
    ]
    return context


def build_pdf(collaboration: Any, party: Any, activation: Any, records: dict[str, list]) -> bytes:
    from accord.plans.rendering import render_pdf

    try:
        return render_pdf(pdf_context(collaboration, party, activation, records))
    except Exception:  # noqa: BLE001 (the exit goes on; the JSON copy holds every record)
        logger.exception("exit copy PDF failed for collaboration %s", collaboration.pk)
        return b""


def make_copy(*, collaboration: Any, party: Any, activation: Any) -> Any:
    """Store the copy for ``party``'s organization (before it leaves)."""
    from accord.exits.models import ExitCopy, ExitCopyContent

    records = joint_records(collaboration, party)
    data = build_json(collaboration, party, activation, records)
    copy = ExitCopy.objects.create(
        organization=party.organization,
        collaboration=collaboration,
        collaboration_name=collaboration.name,
        activation=activation,
    )
    ExitCopyContent.objects.create(
        organization=party.organization,
        copy=copy,
        data=data,
        pdf=build_pdf(collaboration, party, activation, records),
    )
    return copy
