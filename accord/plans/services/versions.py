"""Plan versions: section edits with per-section conflict detection, review (submit, send
back), approval, the records a version keeps, the e-mails, and comparison."""

import difflib
from datetime import datetime
from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.errors import ApplicationError, ConflictError
from accord.core.text import one_line
from accord.organizations.models import Organization
from accord.plans.models import (
    JointPlanApproval,
    JointPlanVersion,
    PlanStatus,
    RelationshipManagementPlanVersion,
)
from accord.plans.sections import section

MAX_SECTION_LENGTH = 50_000

PlanVersion = RelationshipManagementPlanVersion | JointPlanVersion


def _model_and_kind(owner: Organization | Collaboration) -> tuple[type, str]:
    if isinstance(owner, Organization):
        return RelationshipManagementPlanVersion, "rmp"
    return JointPlanVersion, "jrmp"


def plan_versions(owner: Organization | Collaboration, *, with_text: bool = True) -> list[PlanVersion]:
    """All versions, newest first; ``with_text=False`` leaves the section texts out (lists)."""
    model, _kind = _model_and_kind(owner)
    versions = model.objects.in_scope(owner).order_by("-number")
    if not with_text:
        versions = versions.defer("sections", "revisions", "frozen_sources")
    return list(versions)


def plan_working_version(*, owner: Organization | Collaboration, user: Any = None) -> PlanVersion:
    """The newest version, creating the first draft when there is none."""
    model, _kind = _model_and_kind(owner)
    version = model.objects.in_scope(owner).order_by("-number").first()
    if version is None:
        with transaction.atomic():
            version, _created = model.unscoped.get_or_create(
                **{model.scope_field: owner, "number": 1}, defaults={"created_by": user}
            )
    return version


def _lock_owner(owner: Organization | Collaboration) -> None:
    """Serialize writes to one plan: two saves right after an approval would otherwise both
    start version n+1 (and one fail on the unique number)."""
    list(type(owner)._base_manager.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))


def _ms(moment: datetime) -> datetime:
    """A moment to the millisecond: what JSON carries (the API reads and sends it back)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _check_reviewed(working: PlanVersion, reviewed: datetime | None) -> None:
    """An approval is for the text the approver read: ``reviewed`` is the ``submitted_at`` of
    the version they saw. A version sent back to draft and resubmitted since has another."""
    if working.submitted_at is None or reviewed is None or _ms(working.submitted_at) != _ms(reviewed):
        raise ConflictError(
            _(
                "Version %(n)s changed after you opened it and was sent for review again. "
                "Read it again before approving."
            )
            % {"n": working.number},
            current={"number": working.number, "submitted_at": working.submitted_at},
        )


def _text_rule(text: str, limit: int, field: str) -> str:
    """The one rule for text (accord.core.text) on a plan's free text, as a field error."""
    from accord.core.text import TextRuleError, check_length, clean_text

    try:
        text = clean_text(text)
        check_length(text, limit)
    except TextRuleError as error:
        raise ApplicationError(str(error), field=field) from None
    return text


@transaction.atomic
def plan_section_save(
    *,
    owner: Organization | Collaboration,
    key: str,
    text: str,
    expected_revision: int,
    user: Any,
    base_url: str = "",
) -> PlanVersion:
    """Save one section. Edits after approval start a new draft version; an edit in review
    sends the version back to draft (its approvals lapse). A stale ``expected_revision``
    raises ConflictError carrying the stored text."""
    model, kind = _model_and_kind(owner)
    if section(kind, key) is None:
        raise ApplicationError(_("Unknown section."), field="key")
    text = _text_rule(text, MAX_SECTION_LENGTH, "text")
    _lock_owner(owner)
    working = model.objects.in_scope(owner).select_for_update().order_by("-number").first()
    if working is None:
        working = model.objects.create(**{model.scope_field: owner, "number": 1, "created_by": user})
    current_revision = int(working.revisions.get(key, 0))
    if current_revision != expected_revision:
        last = working.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        by = last.history_user.display_name if last and last.history_user else ""
        raise ConflictError(
            _(
                "Someone else saved this section while you were editing it. Both texts are shown: merge them and save again."
            ),
            current={"text": working.sections.get(key, ""), "revision": current_revision, "by": by},
        )
    if working.status in {PlanStatus.APPROVED, PlanStatus.SUPERSEDED}:
        working = model.objects.create(
            **{model.scope_field: owner},
            number=working.number + 1,
            sections=dict(working.sections),
            revisions=dict(working.revisions),
            created_by=user,
        )
    elif working.status == PlanStatus.IN_REVIEW:
        note = _("%(who)s edited “%(section)s” while the plan was in review.") % {
            "who": user,
            "section": section(kind, key).title,
        }
        _back_to_draft(owner, working, user, note, base_url)
    working.sections = {**working.sections, key: text.strip()}
    working.revisions = {**working.revisions, key: current_revision + 1}
    working.save()
    return working


@transaction.atomic
def plan_submit(*, owner: Organization | Collaboration, user: Any, base_url: str = "") -> PlanVersion:
    """Send the draft for review: its records are frozen with it, and the SERs who approve it
    are told by e-mail (a link back when ``base_url`` is given)."""
    model, _kind = _model_and_kind(owner)
    _lock_owner(owner)
    working = model.objects.in_scope(owner).select_for_update().order_by("-number").first()
    if working is None or working.status != PlanStatus.DRAFT:
        raise ApplicationError(_("Only a draft can be sent for review."))
    if not any(text.strip() for text in working.sections.values()):
        raise ApplicationError(_("Write at least one section before sending the plan for review."))
    working.status = PlanStatus.IN_REVIEW
    working.submitted_at = _ms(timezone.now())  # so that the API's JSON carries it exactly
    working.submitted_by = user
    working.returned_reason, working.returned_by, working.returned_at = "", None, None
    working.frozen_sources = frozen_sources(owner)
    working.save()
    transaction.on_commit(lambda: _tell_approvers(owner, working, user, base_url))
    return working


def _plan_title(owner: Organization | Collaboration) -> str:
    if isinstance(owner, Organization):
        return _("the relationship management plan of “%(org)s”") % {"org": owner.name}
    return _("the joint plan of “%(collab)s”") % {"collab": owner.name}


def _plan_link(owner: Organization | Collaboration, base_url: str) -> str:
    if isinstance(owner, Organization):
        return base_url + reverse("plans:rmp_plan", args=[owner.slug])
    return base_url + reverse("plans:jrmp_plan", args=[owner.pk])


def _sers(owner: Organization | Collaboration) -> list[Any]:
    """Who approves the plan: the organization's SER, or every active party's."""
    if isinstance(owner, Organization):
        return [owner.ser] if owner.ser_id else []
    parties = Party.objects.in_scope(owner).filter(status=PartyStatus.ACTIVE).select_related("ser")
    return [p.ser for p in parties if p.ser_id]


def _mail(owner: Organization | Collaboration, people: Any, actor: Any, write: Any) -> None:
    """E-mail ``people`` about ``owner``'s plan once the transaction has committed, one
    message each (people of different organizations never see each other's address). Only
    people who can still read the plan: members of the organization, or of a party still in
    the collaboration; never the one who acted. A mail server failure does not undo or fail
    the change (it is logged). ``write()`` gives (subject, body): it is called in each
    recipient's language."""
    from accord.accounts.models import User

    ids = {p.pk for p in people if p is not None and p.pk != getattr(actor, "pk", None)}
    if not ids:
        return
    readers = User.objects.filter(pk__in=ids)
    if isinstance(owner, Organization):
        readers = readers.filter(memberships__organization=owner)
    else:
        readers = readers.filter(
            memberships__organization__parties__collaboration=owner,
            memberships__organization__parties__status=PartyStatus.ACTIVE,
        )
    recipients = sorted(set(readers.values_list("email", "language")))
    if recipients:
        written: dict[str, tuple[str, str]] = {}
        messages = []
        for to, language in recipients:
            with translation.override(language or translation.get_language()):
                key = translation.get_language()
                if key not in written:
                    subject, body = write()
                    written[key] = (one_line(subject), body)
            messages.append((*written[key], None, [to]))
        transaction.on_commit(lambda: send_mass_mail(messages), robust=True)


def _tell_approvers(
    owner: Organization | Collaboration, version: PlanVersion, user: Any, base_url: str
) -> None:
    """E-mail each SER who has to approve the version (not the one who sent it)."""

    def write() -> tuple[str, str]:
        title = _plan_title(owner)
        body = _(
            "Hello,\n\n%(who)s sent version %(n)s of %(title)s for review on Accord. As senior "
            "executive responsible, your approval is needed.\n\nRead it and approve it here:\n"
            "%(link)s\n\nAny edit sends it back to draft; approvals given so far then lapse.\n"
        ) % {"who": user, "n": version.number, "title": title, "link": _plan_link(owner, base_url)}
        return _("Approval needed: %(title)s, version %(n)s") % {"title": title, "n": version.number}, body

    _mail(owner, _sers(owner), user, write)


def _back_to_draft(
    owner: Organization | Collaboration, working: PlanVersion, user: Any, reason: str, base_url: str
) -> None:
    """The version in review goes back to draft: approvals lapse, the reason stays on the
    version until it is resubmitted, and whoever sent it and whoever had approved are told."""
    told = [working.submitted_by]
    if isinstance(working, JointPlanVersion):
        approvals = (
            JointPlanApproval.objects.in_scope(owner).filter(version=working).select_related("approved_by")
        )
        told += [a.approved_by for a in approvals]
        approvals.delete()
    working.status = PlanStatus.DRAFT
    working.submitted_at = None
    working.frozen_sources = {}
    working.returned_reason, working.returned_by, working.returned_at = reason, user, timezone.now()

    def write() -> tuple[str, str]:
        title = _plan_title(owner)
        body = _(
            "Hello,\n\nVersion %(n)s of %(title)s is back in draft:\n\n%(reason)s\n\n"
            "Approvals given so far have lapsed. The plan:\n%(link)s\n"
        ) % {"n": working.number, "title": title, "reason": reason, "link": _plan_link(owner, base_url)}
        return _("Back in draft: %(title)s, version %(n)s") % {"title": title, "n": working.number}, body

    _mail(owner, told, user, write)


def _tell_approved(
    owner: Organization | Collaboration, version: PlanVersion, user: Any, base_url: str
) -> None:
    def write() -> tuple[str, str]:
        title = _plan_title(owner)
        body = _(
            "Hello,\n\nVersion %(n)s of %(title)s is approved: it is now the plan in force.\n\n%(link)s\n"
        ) % {"n": version.number, "title": title, "link": _plan_link(owner, base_url)}
        return _("Approved: %(title)s, version %(n)s") % {"title": title, "n": version.number}, body

    _mail(owner, [*_sers(owner), version.submitted_by], user, write)


def frozen_sources(owner: Organization | Collaboration) -> dict[str, list[str]]:
    """The lines each section shows from records now, kept with a version sent for review
    (per section key; a version sent earlier keeps the lines it stored then)."""
    from accord.plans import sources

    kind = "rmp" if isinstance(owner, Organization) else "jrmp"
    return sources.lines(sources.shown(kind, owner))


MAX_RETURN_REASON = 2000


@transaction.atomic
def plan_return(
    *, owner: Organization | Collaboration, user: Any, reason: str, base_url: str = ""
) -> PlanVersion:
    """A reviewer sends the version in review back to draft, saying why: approvals given so
    far lapse, and whoever sent it for review and whoever had approved are told by e-mail."""
    reason = _text_rule(reason or "", MAX_RETURN_REASON, "reason")
    if not reason:
        raise ApplicationError(
            _("Say what should change before it is sent for review again."), field="reason"
        )
    model, _kind = _model_and_kind(owner)
    _lock_owner(owner)
    working = model.objects.in_scope(owner).select_for_update().order_by("-number").first()
    if working is None or working.status != PlanStatus.IN_REVIEW:
        raise ApplicationError(_("Only a version in review can be sent back to draft."))
    _back_to_draft(owner, working, user, reason, base_url)
    working.save()
    return working


def queue_kept_documents(owner: Any, version: PlanVersion) -> None:
    """An approved version never changes: its PDF and Word are built once by the worker."""
    from accord.plans.builds import queue_kept_documents as queue

    queue(owner, version)


def _record_completeness(owner: Organization | Collaboration, version: PlanVersion) -> None:
    from accord.plans.services.guide import record_approval_completeness

    record_approval_completeness(owner, version)


def _supersede_older(model: type, owner: Any, version: PlanVersion) -> None:
    for older in model.objects.in_scope(owner).filter(status=PlanStatus.APPROVED, number__lt=version.number):
        older.status = PlanStatus.SUPERSEDED
        older.save()


@transaction.atomic
def rmp_approve(
    *, organization: Organization, user: Any, reviewed: datetime | None, base_url: str = ""
) -> RelationshipManagementPlanVersion:
    """The organization's SER approves the version in review, as submitted at ``reviewed``."""
    _lock_owner(organization)
    working = (
        RelationshipManagementPlanVersion.objects.in_scope(organization)
        .select_for_update()
        .order_by("-number")
        .first()
    )
    if working is None or working.status != PlanStatus.IN_REVIEW:
        raise ApplicationError(_("Only a version in review can be approved."))
    if organization.ser_id != user.pk:
        raise ApplicationError(
            _("Only the organization's senior executive responsible can approve its plan.")
        )
    _check_reviewed(working, reviewed)
    working.status = PlanStatus.APPROVED
    working.approved_by = user
    working.approved_at = timezone.now()
    _record_completeness(organization, working)
    working.save()
    _supersede_older(RelationshipManagementPlanVersion, organization, working)
    queue_kept_documents(organization, working)
    _tell_approved(organization, working, user, base_url)
    return working


@transaction.atomic
def jrmp_approve(
    *, collaboration: Collaboration, party: Party, user: Any, reviewed: datetime | None, base_url: str = ""
) -> JointPlanVersion:
    """``party``'s SER approves the version in review, as submitted at ``reviewed``; when every
    active party's SER has, the version is approved. A joint plan needs two parties at least."""
    _lock_owner(collaboration)
    working = JointPlanVersion.objects.in_scope(collaboration).select_for_update().order_by("-number").first()
    if working is None or working.status != PlanStatus.IN_REVIEW:
        raise ApplicationError(_("Only a version in review can be approved."))
    if party.ser_id != user.pk:
        raise ApplicationError(
            _("Only your organization's senior executive responsible for this collaboration can approve.")
        )
    _check_reviewed(working, reviewed)
    active = set(
        Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE).values_list("pk", flat=True)
    )
    if len(active) < 2:
        raise ApplicationError(
            _("A joint plan is approved by every party: invite your partner before approving it.")
        )
    JointPlanApproval.objects.in_scope(collaboration).get_or_create(
        version=working, party=party, defaults={"approved_by": user, "collaboration": collaboration}
    )
    approved = set(
        JointPlanApproval.objects.in_scope(collaboration)
        .filter(version=working)
        .values_list("party_id", flat=True)
    )
    if active <= approved:
        working.status = PlanStatus.APPROVED
        working.approved_at = timezone.now()
        _record_completeness(collaboration, working)
        working.save()
        _supersede_older(JointPlanVersion, collaboration, working)
        queue_kept_documents(collaboration, working)
        _tell_approved(collaboration, working, user, base_url)
    return working


def jrmp_recheck_approval(collaboration: Collaboration, *, actor: Any = None, base_url: str = "") -> None:
    """After a party joins or leaves: a version in review that every party active now has
    approved is approved (a three-party plan no longer waits for a party that left), and the
    SERs are told. Called through ``registry.on_parties_changed``."""
    working = JointPlanVersion.objects.in_scope(collaboration).order_by("-number").first()
    if working is None or working.status != PlanStatus.IN_REVIEW:
        return
    _lock_owner(collaboration)
    working = JointPlanVersion.objects.in_scope(collaboration).select_for_update().get(pk=working.pk)
    active = set(
        Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE).values_list("pk", flat=True)
    )
    approved = set(
        JointPlanApproval.objects.in_scope(collaboration)
        .filter(version=working)
        .values_list("party_id", flat=True)
    )
    if working.status == PlanStatus.IN_REVIEW and len(active) >= 2 and active <= approved:
        working.status = PlanStatus.APPROVED
        working.approved_at = timezone.now()
        _record_completeness(collaboration, working)
        working.save()
        _supersede_older(JointPlanVersion, collaboration, working)
        queue_kept_documents(collaboration, working)
        _tell_approved(collaboration, working, actor, base_url)


def plan_compare(
    *,
    left: PlanVersion,
    right: PlanVersion,
    kind: str,
    records: dict[int, dict[str, list[str]]] | None = None,
) -> list[dict[str, Any]]:
    """Side by side, per section, with changed sections flagged and a line diff. ``records``
    gives, per version number, the lines its record-based sections show (a version's frozen
    records, or today's for a draft); they are compared as part of the section."""
    from accord.plans.sections import sections_for

    records = records or {}

    def content(version: PlanVersion, key: str) -> str:
        text = version.sections.get(key, "")
        lines = records.get(version.number, {}).get(key) or []
        if not lines:
            return text
        return "\n".join(
            [text, "", *(f"• {line}" for line in lines)] if text else [f"• {line}" for line in lines]
        )

    rows = []
    for sec in sections_for(kind):
        a, b = content(left, sec.key), content(right, sec.key)
        diff = list(difflib.ndiff(a.splitlines(), b.splitlines())) if a != b else []
        rows.append(
            {
                "section": sec,
                "left": a,
                "right": b,
                "changed": a != b,
                "diff": [(line[:1], line[2:]) for line in diff if line[:1] in {"+", "-", " "}],
            }
        )
    return rows
