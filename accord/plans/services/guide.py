"""Help writing a first plan: the required sections still empty (asked about before it is sent for
review or approved, and recorded with an approval), and the starting templates that fill the
empty sections of a draft, with what the records suggest first."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration
from accord.core.errors import ApplicationError
from accord.organizations.models import Organization
from accord.plans.models import PlanStatus
from accord.plans.sections import sections_for
from accord.plans.services.versions import PlanVersion, _lock_owner, _model_and_kind
from accord.plans.starters import is_starting_template, starter_text


def empty_sections(owner: Organization | Collaboration, version: PlanVersion, shown: Any = None) -> list[str]:
    """The keys of ``version``'s required sections (the minimum plan, ``Section.required``)
    with neither text nor records, in the plan's order; a version sent for review counts the
    records it kept. Optional sections never hold a plan back. ``shown``: the sources already
    loaded (``accord.plans.sources.shown``), else they are read here when needed."""
    from accord.plans import selectors, sources

    _model, kind = _model_and_kind(owner)
    if shown is None:
        shown = {} if version.is_frozen else sources.shown(kind, owner)
    filled, _total = selectors.completeness(version, kind, shown)
    return [s.key for s in sections_for(kind) if s.required and s.key not in filled]


def record_approval_completeness(owner: Organization | Collaboration, version: PlanVersion) -> None:
    """Called as a version becomes approved (before it is saved): whether it was approved with
    empty sections, and which."""
    empty = empty_sections(owner, version)
    version.approved_incomplete = bool(empty)
    version.empty_at_approval = empty


@transaction.atomic
def plan_apply_template(
    *, owner: Organization | Collaboration, template: str, user: Any
) -> tuple[PlanVersion, list[str]]:
    """Fill the empty sections of the draft with a starting template: what the records
    suggest where they do (nothing typed twice), else the template's text for the working
    model ``template``. Written sections are never overwritten. Returns the version and the
    keys of the sections filled."""
    from accord.plans import sources

    if not is_starting_template(template):
        raise ApplicationError(_("Choose one of the starting templates."), field="template")
    model, kind = _model_and_kind(owner)
    _lock_owner(owner)
    working = model.objects.in_scope(owner).select_for_update().order_by("-number").first()
    if working is None:
        working = model.objects.create(**{model.scope_field: owner, "number": 1, "created_by": user})
    if working.status != PlanStatus.DRAFT:
        raise ApplicationError(
            _("A starting template fills a draft only: this version is %(status)s.")
            % {"status": working.get_status_display().lower()}
        )
    suggested = sources.suggestions(kind, owner)
    texts, revisions, filled = dict(working.sections), dict(working.revisions), []
    for sec in sections_for(kind):
        if texts.get(sec.key, "").strip():
            continue
        text = suggested.get(sec.key) or starter_text(template, kind, sec.key)
        if text:
            texts[sec.key] = text
            revisions[sec.key] = int(revisions.get(sec.key, 0)) + 1
            filled.append(sec.key)
    working.sections, working.revisions = texts, revisions
    working.starting_template = template
    working.save()
    return working, filled
