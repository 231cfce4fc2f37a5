"""Every write of governance: forums, ladder, roles matrix, issues and their escalations,
change requests and their approvals. Keyword-only, atomic, validated (``full_clean``)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.governance import timing
from accord.governance.models import (
    ChangeApproval,
    ChangeRequest,
    ChangeStatus,
    Escalation,
    EscalationLevel,
    Issue,
    IssueStatus,
    Raci,
    RaciActivity,
    RaciCell,
)

ISSUE_FIELDS = ["title", "description", "impact"]
CHANGE_FIELDS = ["title", "change", "rationale", "impact_plan", "impact_objectives", "impact_risks"]
LEVEL_FIELDS = ["number", "name", "target_amount", "target_unit"]


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _active_party_ids(collaboration: Collaboration) -> set[int]:
    return set(
        Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE).values_list("pk", flat=True)
    )


# --- escalation ladder -----------------------------------------------------------------------

STANDARD_LADDER = [
    (1, "Working level", 5, timing.WORKING_DAYS),
    (2, "Joint management team", 5, timing.WORKING_DAYS),
    (3, "Senior executives responsible", 10, timing.WORKING_DAYS),
]


def levels_of(collaboration: Collaboration) -> dict[int, EscalationLevel]:
    return {lv.number: lv for lv in EscalationLevel.objects.in_scope(collaboration).order_by("number")}


def _refresh_due(collaboration: Collaboration, number: int | None = None) -> None:
    """Open issues keep ``level_due_at`` in step with the ladder's targets (after an edit)."""
    levels = levels_of(collaboration)
    issues = Issue.objects.in_scope(collaboration).filter(status=IssueStatus.OPEN)
    if number is not None:
        issues = issues.filter(level=number)
    for issue in issues.only("id", "level", "level_since", "level_due_at"):
        level = levels.get(issue.level)
        due = timing.due_at(
            issue.level_since, getattr(level, "target_amount", None), getattr(level, "target_unit", None)
        )
        if due != issue.level_due_at:
            Issue.objects.in_scope(collaboration).filter(pk=issue.pk).update(level_due_at=due)


@transaction.atomic
def level_create(*, collaboration: Collaboration, data: dict[str, Any]) -> EscalationLevel:
    level = EscalationLevel(
        collaboration=collaboration, **{k: v for k, v in data.items() if k in LEVEL_FIELDS}
    )
    if level.number is None:
        numbers = levels_of(collaboration)
        level.number = max(numbers, default=0) + 1
    if EscalationLevel.objects.in_scope(collaboration).filter(number=level.number).exists():
        raise ApplicationError(
            _("The ladder has a level %(n)s already.") % {"n": level.number}, field="number"
        )
    _save(level)
    _refresh_due(collaboration, level.number)
    return level


@transaction.atomic
def level_update(
    *, level: EscalationLevel, data: dict[str, Any], expected_version: int | None
) -> EscalationLevel:
    old_number = level.number
    taken = EscalationLevel.objects.in_scope(level.collaboration_id).filter(number=data.get("number"))
    if "number" in data and data["number"] != old_number and taken.exists():
        raise ApplicationError(
            _("The ladder has a level %(n)s already.") % {"n": data["number"]}, field="number"
        )
    level = versioned_update(level, data=data, expected_version=expected_version, fields=LEVEL_FIELDS)
    _refresh_due(level.collaboration)
    return level


@transaction.atomic
def level_delete(*, level: EscalationLevel) -> None:
    collaboration = level.collaboration
    if Issue.objects.in_scope(collaboration).filter(status=IssueStatus.OPEN, level=level.number).exists():
        raise ApplicationError(_("Open issues are at this level: resolve them or keep the level."))
    level.delete()


@transaction.atomic
def ladder_standard(*, collaboration: Collaboration) -> list[EscalationLevel]:
    """The usual three mirrored levels, when the ladder is empty."""
    if EscalationLevel.objects.in_scope(collaboration).exists():
        raise ApplicationError(_("The ladder has levels already."))
    out = [
        _save(
            EscalationLevel(
                collaboration=collaboration, number=n, name=_(name), target_amount=a, target_unit=u
            )
        )
        for n, name, a, u in STANDARD_LADDER
    ]
    _refresh_due(collaboration)
    return out


# --- roles matrix ----------------------------------------------------------------------------


@transaction.atomic
def raci_set(
    *, collaboration: Collaboration, party: Party, activity: RaciActivity, role: str
) -> RaciCell | None:
    """Set ``party``'s role in ``activity`` (R, A, C, I; empty clears it). A party sets its own
    column only: the caller passes its own party."""
    if activity.collaboration_id != collaboration.pk or party.collaboration_id != collaboration.pk:
        raise ApplicationError(_("Choose an activity of this collaboration."))
    cells = RaciCell.objects.in_scope(collaboration)
    if not role:
        cells.filter(activity=activity, party=party).delete()
        return None
    if role not in Raci.values:
        raise ApplicationError(_("Choose R, A, C or I."), field="role")
    cell = cells.filter(activity=activity, party=party).first()
    if cell is None:
        cell = RaciCell(collaboration=collaboration, activity=activity, party=party)
    if cell.role != role:
        cell.role = role
        _save(cell)
    return cell


def raci_problems(activity_ids: list[int], cells: list[RaciCell]) -> dict[int, str]:
    """Activities that break the one-A rule: ``{activity_id: "none" | "several"}``."""
    counts = {pk: 0 for pk in activity_ids}
    for cell in cells:
        if cell.role == Raci.ACCOUNTABLE and cell.activity_id in counts:
            counts[cell.activity_id] += 1
    return {pk: ("none" if n == 0 else "several") for pk, n in counts.items() if n != 1}


# --- issues ----------------------------------------------------------------------------------


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


@transaction.atomic
def issue_raise(
    *,
    collaboration: Collaboration,
    party: Party,
    user: Any,
    data: dict[str, Any],
    at: datetime.datetime | None = None,
) -> Issue:
    """A party raises an issue; it starts at the ladder's first level."""
    at = _now(at)
    levels = levels_of(collaboration)
    first = min(levels, default=1)
    level = levels.get(first)
    issue = Issue(
        collaboration=collaboration,
        raised_by_party=party,
        raised_by=user,
        raised_at=at,
        level=first,
        level_since=at,
        level_due_at=timing.due_at(
            at, getattr(level, "target_amount", None), getattr(level, "target_unit", None)
        ),
        **{k: v for k, v in data.items() if k in ISSUE_FIELDS},
    )
    return _save(issue)


def issue_update(*, issue: Issue, data: dict[str, Any], expected_version: int | None) -> Issue:
    return versioned_update(issue, data=data, expected_version=expected_version, fields=ISSUE_FIELDS)


def _locked(issue: Issue, expected_version: int | None) -> Issue:
    from accord.core.errors import ConflictError

    current = Issue.objects.in_scope(issue.collaboration_id).select_for_update().get(pk=issue.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _("Someone else changed this issue meanwhile: read it again before you act on it."),
            current=current,
        )
    return current


@transaction.atomic
def issue_escalate(
    *,
    issue: Issue,
    party: Party,
    user: Any,
    reason: str,
    at: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> Escalation:
    """One level up the ladder, with a reason. Refused past the top level or when resolved."""
    at = _now(at)
    issue = _locked(issue, expected_version)
    if not issue.is_open:
        raise ApplicationError(_("A resolved issue is not escalated: reopen it first."))
    levels = levels_of(issue.collaboration)
    higher = sorted(n for n in levels if n > issue.level)
    if not higher:
        raise ApplicationError(_("The issue is at the top of the ladder: it cannot go higher."))
    if at < issue.level_since:
        raise ApplicationError(_("An escalation comes after the issue reached its level."))
    target = levels[higher[0]]
    escalation = Escalation(
        collaboration=issue.collaboration,
        issue=issue,
        from_level=issue.level,
        to_level=target.number,
        reason=reason,
        by=user,
        by_party=party,
        at=at,
    )
    _save(escalation)
    issue.level = target.number
    issue.level_since = at
    issue.level_due_at = timing.due_at(at, target.target_amount, target.target_unit)
    issue.version += 1
    _save(issue)
    return escalation


@transaction.atomic
def issue_resolve(
    *,
    issue: Issue,
    user: Any,
    resolution: str,
    at: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> Issue:
    at = _now(at)
    issue = _locked(issue, expected_version)
    if not issue.is_open:
        raise ApplicationError(_("The issue is resolved already."))
    if not (resolution or "").strip():
        raise ApplicationError(_("Say how the issue was resolved."), field="resolution")
    issue.status = IssueStatus.RESOLVED
    issue.resolution = resolution
    issue.resolved_by = user
    issue.resolved_at = max(at, issue.level_since)
    issue.version += 1
    return _save(issue)


@transaction.atomic
def issue_reopen(
    *, issue: Issue, user: Any, at: datetime.datetime | None = None, expected_version: int | None = None
) -> Issue:
    """Back to open at the level it was resolved at; that level's time counts afresh. The
    earlier resolution stays in the history."""
    at = _now(at)
    issue = _locked(issue, expected_version)
    if issue.is_open:
        raise ApplicationError(_("The issue is open already."))
    level = levels_of(issue.collaboration).get(issue.level)
    issue.status = IssueStatus.OPEN
    issue.resolved_at = None
    issue.resolved_by = None
    issue.reopened_at = at
    issue.level_since = at
    issue.level_due_at = timing.due_at(
        at, getattr(level, "target_amount", None), getattr(level, "target_unit", None)
    )
    issue.version += 1
    return _save(issue)


def issue_action_create(*, issue: Issue, user: Any, **fields: Any) -> Any:
    """A joint action agreed to deal with the issue (``accord.actions``)."""
    from accord.actions.services import action_create

    return action_create(
        owner=issue.collaboration,
        source_kind="issue",
        source_id=issue.pk,
        source_label=issue.title[:200],
        created_by=user,
        **fields,
    )


# --- change requests -------------------------------------------------------------------------


@transaction.atomic
def change_create(
    *, collaboration: Collaboration, party: Party, user: Any, data: dict[str, Any]
) -> ChangeRequest:
    item = ChangeRequest(
        collaboration=collaboration,
        raised_by_party=party,
        created_by=user,
        **{k: v for k, v in data.items() if k in CHANGE_FIELDS},
    )
    return _save(item)


def change_update(
    *, item: ChangeRequest, data: dict[str, Any], expected_version: int | None
) -> ChangeRequest:
    if item.status != ChangeStatus.DRAFT:
        raise ApplicationError(_("Only a draft change request is edited; withdraw it and raise a new one."))
    return versioned_update(item, data=data, expected_version=expected_version, fields=CHANGE_FIELDS)


def _locked_change(item: ChangeRequest) -> ChangeRequest:
    return ChangeRequest.objects.in_scope(item.collaboration_id).select_for_update().get(pk=item.pk)


@transaction.atomic
def change_submit(
    *, item: ChangeRequest, party: Party, user: Any, at: datetime.datetime | None = None
) -> ChangeRequest:
    item = _locked_change(item)
    if item.raised_by_party_id != party.pk:
        raise ApplicationError(_("The party that raised the change request submits it."))
    if item.status != ChangeStatus.DRAFT:
        raise ApplicationError(_("Only a draft is submitted for approval."))
    item.status = ChangeStatus.SUBMITTED
    item.submitted_at = _now(at)
    item.version += 1
    return _save(item)


def _check_ser(party: Party, user: Any) -> None:
    if party.ser_id is None or party.ser_id != getattr(user, "pk", None):
        raise ApplicationError(
            _(
                "Only your organization's senior executive responsible for this collaboration decides on a change."
            )
        )


def _approve_if_complete(item: ChangeRequest, user: Any, at: datetime.datetime) -> bool:
    active = _active_party_ids(item.collaboration)
    approved = set(
        ChangeApproval.objects.in_scope(item.collaboration_id)
        .filter(change_request=item)
        .values_list("party_id", flat=True)
    )
    if active and active <= approved:
        item.status = ChangeStatus.APPROVED
        item.decided_at = at
        item.decided_by = user
        if not item.outcome:
            item.outcome = _("Approved by every party's senior executive responsible.")
        item.version += 1
        _save(item)
        return True
    return False


@transaction.atomic
def change_approve(
    *, item: ChangeRequest, party: Party, user: Any, at: datetime.datetime | None = None
) -> ChangeRequest:
    """``party``'s SER approves; when every active party's SER has, the change is approved."""
    at = _now(at)
    item = _locked_change(item)
    if item.status != ChangeStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted change request is approved."))
    _check_ser(party, user)
    ChangeApproval.objects.in_scope(item.collaboration_id).get_or_create(
        change_request=item,
        party=party,
        defaults={"collaboration_id": item.collaboration_id, "approved_by": user, "approved_at": at},
    )
    _approve_if_complete(item, user, at)
    return item


@transaction.atomic
def change_reject(
    *, item: ChangeRequest, party: Party, user: Any, outcome: str, at: datetime.datetime | None = None
) -> ChangeRequest:
    """A party's SER rejects a submitted change request, saying why."""
    item = _locked_change(item)
    if item.status != ChangeStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted change request is rejected."))
    _check_ser(party, user)
    if not (outcome or "").strip():
        raise ApplicationError(_("Say why the change is rejected."), field="outcome")
    item.status = ChangeStatus.REJECTED
    item.outcome = outcome
    item.decided_at = _now(at)
    item.decided_by = user
    item.version += 1
    return _save(item)


@transaction.atomic
def change_withdraw(
    *, item: ChangeRequest, party: Party, user: Any, outcome: str = "", at: datetime.datetime | None = None
) -> ChangeRequest:
    """The raising party withdraws its draft or submitted change request."""
    item = _locked_change(item)
    if item.raised_by_party_id != party.pk:
        raise ApplicationError(_("Only the party that raised the change request withdraws it."))
    if item.status not in (ChangeStatus.DRAFT, ChangeStatus.SUBMITTED):
        raise ApplicationError(_("The change request is decided already."))
    item.status = ChangeStatus.WITHDRAWN
    item.outcome = outcome or _("Withdrawn by the party that raised it.")
    item.decided_at = _now(at)
    item.decided_by = user
    item.version += 1
    return _save(item)


def changes_recheck(collaboration: Collaboration, *, actor: Any = None, base_url: str = "") -> None:
    """After a party joins or leaves: a submitted change request that every party active now
    has approved is approved (a party that left no longer counts). Through
    ``registry.on_parties_changed``."""
    waiting = list(
        ChangeRequest.objects.in_scope(collaboration)
        .filter(status=ChangeStatus.SUBMITTED)
        .select_for_update()
    )
    now = timezone.now()
    for item in waiting:
        _approve_if_complete(item, actor, now)
