"""Help writing a plan, for the plan pages: prompts, suggested text, starting templates, and
the confirmation asked before a plan with empty sections is sent for review or approved."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accord.core.permissions import Perm
from accord.plans import services
from accord.plans.models import PlanStatus
from accord.plans.prompts import prompt_for
from accord.plans.sections import section, sections_for
from accord.plans.starters import STARTING_TEMPLATE_CHOICES

CONFIRM_FIELD = "confirm_incomplete"


def plan_help(space: Any, scope: Any, version: Any, working: Any, filled_keys: set[str]) -> dict[str, Any]:
    """What the plan page adds to help: the empty sections (named next to "Send for review" and
    "Approve"), the starting templates while sections are empty, and why "Send for review" is
    not offered when it is not."""
    is_working = version.number == working.number
    can_edit = scope.can(Perm.DECIDE) and is_working
    has_text = any(text.strip() for text in version.sections.values())
    why_no_review = ""
    if is_working and version.status == PlanStatus.DRAFT:
        if not scope.can(Perm.DECIDE):
            why_no_review = _(
                "Sending the plan for review is for a manager, the senior executive responsible or an "
                "owner; ask one of them when the plan is ready."
            )
        elif not has_text:
            why_no_review = _(
                "“Send for review” appears once at least one section is written: pick a starting "
                "template below or edit a section."
            )
    default_template = getattr(space.owner, "working_model", "") if space.kind == "jrmp" else ""
    return {
        # The required sections still empty (optional ones never hold the plan back).
        "empty_sections": [s for s in sections_for(space.kind) if s.required and s.key not in filled_keys],
        "confirm_field": CONFIRM_FIELD,
        # Offered while a section of the draft has no text yet (it fills those only).
        "can_start": can_edit
        and version.status == PlanStatus.DRAFT
        and any(not version.sections.get(s.key, "").strip() for s in sections_for(space.kind)),
        "starting_templates": STARTING_TEMPLATE_CHOICES,
        "default_template": default_template,
        "why_no_review": why_no_review,
        # The sections that were empty when the version was approved (approved incomplete).
        "approved_empty": [
            found for key in version.empty_at_approval or [] if (found := section(space.kind, key))
        ],
    }


def unconfirmed_empty_sections(request: HttpRequest, space: Any) -> list[Any]:
    """The empty sections of the working version, when the person sending it for review or
    approving it did not confirm they know (else [])."""
    if request.POST.get(CONFIRM_FIELD) == "1":
        return []
    working = services.plan_working_version(owner=space.owner, user=request.user)
    return [section(space.kind, key) for key in services.empty_sections(space.owner, working)]


def refusal_message(action: str, empty: list[Any]) -> str:
    titles = ", ".join(f"“{s.title}”" for s in empty)
    if action == "submit":
        return _(
            "These required sections are empty: %(sections)s. Write them, or tick the box to send "
            "the plan for review as it is."
        ) % {"sections": titles}
    return _(
        "These required sections are empty: %(sections)s. Tick the box to approve the plan as it "
        "is (the approval records that it was approved incomplete), or send it back to draft."
    ) % {"sections": titles}


def editor_help(space: Any, key: str, working: Any, shown: list[Any]) -> dict[str, Any]:
    """For the section editor: the prompts, and the text the records suggest while the
    section is empty (shown in the text box, labelled; saved only if the person saves)."""
    from accord.plans import sources

    text = working.sections.get(key, "")
    suggestion = "" if text.strip() else sources.suggested(shown)
    return {
        "prompt": prompt_for(space.kind, key),
        "suggestion": suggestion,
        # Records the section shows (sources that only suggest show nothing).
        "shown": [item for item in shown if item.template],
    }
