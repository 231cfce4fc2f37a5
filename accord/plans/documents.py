"""Documents out: the RMP, the JRMP and business cases as a print view, PDF and Word.

The context builders here decide WHAT goes into a document. A joint plan's document is built
only from joint data (the plan's sections, parties, SERs, joint team, contributions,
approvals): nothing from any party's private workspace. What a section shows from records
comes from the sources registered for it (``accord.plans.sources``).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from accord.core.i18n import colon
from accord.plans.models import BusinessCaseStatus
from accord.plans.sections import sections_for


def plan_document_context(
    *, space: Any, version: Any, shown: dict[str, Any], parties: list[Any] | None = None
) -> dict[str, Any]:
    """A plan version as a document: ``shown`` (``accord.plans.sources.shown``, all rows)
    gives today's records of a draft; ``parties`` the active parties of a joint plan."""
    from accord.plans import selectors, sources

    live = {} if version.is_frozen else sources.lines(shown)
    sections = []
    for sec in sections_for(space.kind):
        sections.append(
            {
                "key": sec.key,
                "title": str(sec.title),
                "clause": sec.clause,
                "text": version.sections.get(sec.key, ""),
                "source_lines": (
                    version.frozen_sources.get(sec.key, []) if version.is_frozen else live.get(sec.key, [])
                ),
            }
        )
    if space.kind == "jrmp":
        approvals = [
            {
                "party": row["party"].organization.name,
                "ser": row["party"].ser.display_name if row["party"].ser else "",
                "approved_by": row["approval"].approved_by.display_name
                if row["approval"] and row["approval"].approved_by
                else "",
                "approved_at": row["approval"].created_at if row["approval"] else None,
            }
            for row in selectors.approvals_for(version, parties or [])
        ]
        party_names = [p.organization.name for p in parties or []]
    else:
        approvals = [
            {
                "party": space.owner.name,
                "ser": space.owner.ser.display_name if space.owner.ser else "",
                "approved_by": version.approved_by.display_name if version.approved_by else "",
                "approved_at": version.approved_at,
            }
        ]
        party_names = [space.owner.name]
    return {
        "kind": space.kind,
        # The document's name (metadata, running header); the cover shows the kind above the
        # organization's or collaboration's name instead of repeating the kind.
        "title": f"{space.title}{colon()} {space.owner.name}",
        "cover_title": space.owner.name,
        "owner_name": space.owner.name,
        "parties": party_names,
        "version": version.number,
        "status": version.get_status_display(),
        "standing": _standing(version.status),
        # Sections shown from records give them as they were when the version was sent.
        "sources_as_of": version.submitted_at if version.is_frozen else None,
        "approved_at": version.approved_at,
        "generated_at": timezone.now(),
        "sections": sections,
        "approvals": approvals,
    }


def _standing(status: str) -> str:
    """What a reader of a loose copy must know: whether this version is the plan in force."""
    from django.utils.translation import gettext as _

    from accord.plans.models import PlanStatus

    return {
        PlanStatus.DRAFT: _("Draft: not approved, not in force."),
        PlanStatus.IN_REVIEW: _("In review: not approved yet, not in force."),
        PlanStatus.SUPERSEDED: _("Superseded by a later version: no longer in force."),
    }.get(status, "")


def _case_text(case: Any, key: str) -> str:
    """A field of the case as its document shows it: the expected value leads with its amount."""
    text = getattr(case, key)
    if key == "value" and case.expected_amount is not None:
        from django.utils.formats import number_format

        amount = (
            f"{number_format(case.expected_amount, 2, force_grouping=True)} {case.expected_currency}".strip()
        )
        return f"{amount}\n\n{text}".strip() if text else amount
    return text


def business_case_context(*, case: Any) -> dict[str, Any]:
    fields = [
        ("opportunity", gettext("Opportunity")),
        ("objectives", gettext("Objectives")),
        ("value", gettext("Expected value")),
        ("risks", gettext("Risks")),
        ("resources", gettext("Resources needed")),
    ]
    sections = [
        {
            "key": key,
            "title": title,
            # The whole case answers one clause: cited once, under the first heading.
            "clause": "ISO 44003 5.3.3.2" if index == 0 else "",
            "text": _case_text(case, key),
            "source": "",
            "source_lines": [],
        }
        for index, (key, title) in enumerate(fields)
    ]
    sections.append(
        {
            "key": "candidates",
            "title": gettext("Candidate partners"),
            "clause": "",
            "text": "",
            "source": "candidates",
            "source_lines": [c.counterpart_name for c in case.candidates.all()],
        }
    )
    return {
        "kind": "business_case",
        "decision": {
            "decided": case.status in {BusinessCaseStatus.APPROVED, BusinessCaseStatus.REJECTED},
            "status": case.get_status_display(),
            "by": case.decided_by.display_name if case.decided_by else "",
            "at": case.decided_at,
        },
        "title": gettext("Business case: %(title)s") % {"title": case.title},
        "cover_title": case.title,
        "owner_name": case.organization.name,
        "parties": [case.organization.name],
        "version": case.version,
        "status": case.get_status_display(),
        "approved_at": None,
        "generated_at": timezone.now(),
        "sections": sections,
        "approvals": [],
    }


def respond(request: HttpRequest, context: dict[str, Any], fmt: str, *, filename: str) -> HttpResponse:
    """The document as a print page (``print``), a PDF (``pdf``) or a Word file (``docx``)."""
    from django.shortcuts import render

    if fmt == "print":
        return render(request, "plans/document.html", {**context, "print_view": True})
    if fmt == "pdf":
        from accord.plans.rendering import render_pdf

        response = HttpResponse(render_pdf(context, request=request), content_type="application/pdf")
    elif fmt == "docx":
        from accord.plans.rendering import render_docx

        response = HttpResponse(
            render_docx(context),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
