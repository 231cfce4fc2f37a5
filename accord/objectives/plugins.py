"""What objectives adds to the shared pages (registered in ``ObjectivesConfig.ready``): cards,
the gate check ``joint_objectives`` and the plan sections "objectives" of the RMP and the
JRMP. JRMP lines hold joint data only: shared copies and joint objectives."""

from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.collaborations.selectors import active_parties
from accord.core.i18n import semicolon
from accord.core.permissions import Perm
from accord.core.text import one_line
from accord.objectives import selectors
from accord.objectives.models import Objective, ObjectiveStatus

# Cards ----------------------------------------------------------------------------------


def org_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Own objectives overdue or due soon (one query); no card when none."""
    due = selectors.own_due(scope.organization)
    if not due["overdue"] and not due["soon"]:
        return None
    return {
        **due,
        "org": scope.organization,
        "days": selectors.DUE_SOON_DAYS,
        "can_edit": scope.can(Perm.EDIT),
    }


def collaboration_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Counts and flags of the joint objectives process (two queries: the page has read the
    parties)."""
    summary = selectors.joint_summary(scope.collaboration, parties=scope.active_parties())
    return {
        "collaboration": scope.collaboration,
        "shared_count": summary.shared_count,
        "joint_count": len(summary.joint),
        "agreed_count": summary.agreed_count,
        "conflicts": summary.conflicts,
        "unmatched": summary.unmatched,
        "not_agreed": summary.not_agreed,
    }


# Gate check -------------------------------------------------------------------------------

GATE_KEYS = ("joint_objectives",)


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``joint_objectives``: at least one joint objective agreed by every active party."""
    return {"joint_objectives": selectors.agreed_by_all_exists(collaboration)}


# Plan sources ----------------------------------------------------------------------------


def _date(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def rmp_load(organization: Any, limit: int | None) -> list[Objective]:
    return selectors.own_for_plan(organization, limit)


def rmp_lines(rows: list[Objective]) -> list[str]:
    """ "Title — desired outcome (priority, due date)" per objective."""
    lines = []
    for o in rows:
        text = o.title
        if o.desired_outcome:
            text += f" — {one_line(o.desired_outcome)}"
        details = [_("priority: %(p)s") % {"p": o.priority_label}]
        if o.due_date:
            details.append(_("due %(date)s") % {"date": _date(o.due_date)})
        if o.relationship_id:
            details.append(o.relationship.counterpart_name)
        lines.append(f"{text} ({(semicolon() + ' ').join(str(d) for d in details)})")
    return lines


def rmp_count(organization: Any) -> int:
    return (
        Objective.objects.in_scope(organization)
        .filter(status__in=[ObjectiveStatus.ACTIVE, ObjectiveStatus.PROPOSED])
        .count()
    )


def jrmp_load(collaboration: Any, limit: int | None) -> dict[str, Any]:
    """Live joint objectives with their agreement, and the conflicts and unmatched flags:
    joint data only (two queries, with the request's list of active parties)."""
    summary = selectors.joint_summary(collaboration, active_parties(collaboration))
    return {
        "joint": summary.joint if limit is None else summary.joint[:limit],
        "joint_count": len(summary.joint),
        "conflicts": summary.conflicts,
        "unmatched": summary.unmatched,
    }


def jrmp_filled(rows: dict[str, Any]) -> bool:
    return bool(rows["joint"] or rows["conflicts"] or rows["unmatched"])


def jrmp_lines(rows: dict[str, Any]) -> list[str]:
    lines = []
    for row in rows["joint"]:
        o = row.objective
        text = o.title
        if o.desired_outcome:
            text += f" — {one_line(o.desired_outcome)}"
        details = []
        if o.measure_of_success:
            details.append(_("measure: %(m)s") % {"m": one_line(o.measure_of_success).rstrip(".")})
        if o.due_date:
            details.append(_("due %(date)s") % {"date": _date(o.due_date)})
        if row.agreed:
            details.append(_("agreed by every party"))
        else:
            details.append(
                _("waiting for the agreement of %(parties)s")
                % {"parties": ", ".join(p.organization.name for p in row.waiting_for)}
            )
        details.append(str(o.status_label).lower())
        lines.append(f"{text} ({(semicolon() + ' ').join(str(d) for d in details)})")
    for conflict in rows["conflicts"]:
        lines.append(
            _("Conflict: %(party)s’s “%(shared)s” conflicts with “%(joint)s”")
            % {"party": conflict.party, "shared": conflict.shared, "joint": conflict.joint}
        )
    for item in rows["unmatched"]:
        lines.append(
            _("No joint counterpart yet: %(party)s’s “%(shared)s”")
            % {"party": item.party, "shared": item.shared}
        )
    return lines
