"""Every write on assessments: importing a template, opening a campaign, choosing respondents
(each side chooses its own people), saving and submitting answers, closing, raising actions."""

import datetime
from typing import Any

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.assessments import engine, results
from accord.assessments.models import (
    Answer,
    AssessmentTemplate,
    CampaignStatus,
    JointCampaign,
    OwnCampaign,
    Respondent,
)
from accord.core.errors import ApplicationError
from accord.core.i18n import in_language_of
from accord.core.services import versioned_update
from accord.core.text import one_line

Campaign = OwnCampaign | JointCampaign
CAMPAIGN_FIELDS = ["title", "due_date", "note"]


def _is_collaboration(owner: Any) -> bool:
    return owner._meta.label == "collaborations.Collaboration"


# --- templates ----------------------------------------------------------------------------------


def template_import(*, organization: Any, name: str, content: bytes, user: Any = None) -> AssessmentTemplate:
    """An organization's own template from a YAML or Excel file. The whole file is checked
    first; any problem raises ``engine.TemplateError`` (every problem listed) and nothing is
    written. A key and version already imported is refused (raise the version)."""
    definition = engine.read_file(name, content)
    if definition["key"] in engine.shipped():
        raise engine.TemplateError(
            [
                _("Field key: %(key)s is the key of a template Accord ships; choose another.")
                % {"key": definition["key"]}
            ]
        )
    existing = AssessmentTemplate.objects.in_scope(organization).filter(
        key=definition["key"], template_version=definition["version"]
    )
    if existing.exists():
        raise engine.TemplateError(
            [
                _("Field version: version %(v)s of %(key)s is imported already; raise the version.")
                % {"v": definition["version"], "key": definition["key"]}
            ]
        )
    template = AssessmentTemplate(
        organization=organization,
        key=definition["key"],
        template_version=definition["version"],
        title=definition["title"],
        purpose=definition["purpose"],
        scope=definition["scope"],
        definition=definition,
        imported_by=user,
    )
    template.full_clean()
    template.save()
    return template


def template_delete(*, template: AssessmentTemplate) -> None:
    template.delete()


# --- campaigns ----------------------------------------------------------------------------------


def campaign_create(
    *,
    owner: Any,
    organization: Any,
    template: str,
    title: str = "",
    due_date: datetime.date | None = None,
    note: str = "",
    user: Any = None,
) -> Campaign:
    """A campaign of ``owner`` (an Organization: private; a Collaboration: joint) from the
    template ``template`` (a shipped key or ``own:<id>`` of ``organization``'s templates)."""
    joint = _is_collaboration(owner)
    info = engine.find(organization, template or "")
    scope = "collaboration" if joint else "org"
    if info is None or info.scope != scope:
        raise ApplicationError(_("Choose one of the templates offered here."), field="template")
    if due_date is not None and due_date < timezone.localdate():
        raise ApplicationError(_("The due date is in the past."), field="due_date")
    model = JointCampaign if joint else OwnCampaign
    campaign = model(
        title=title or _(info.title),  # a shipped questionnaire's title in the creator's language
        template_key=info.key,
        template_version=info.version,
        kind=info.kind,
        definition=info.definition,
        due_date=due_date,
        note=note,
        created_by=user,
        **({"collaboration": owner} if joint else {"organization": owner}),
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def campaign_update(*, campaign: Campaign, data: dict[str, Any], expected_version: int | None) -> Campaign:
    data = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS}
    return versioned_update(campaign, data=data, expected_version=expected_version, fields=CAMPAIGN_FIELDS)


def campaign_set_status(*, campaign: Campaign, status: str, expected_version: int | None = None) -> Campaign:
    if status not in CampaignStatus.values:
        raise ApplicationError(_("Choose open or closed."), field="status")
    campaign = versioned_update(
        campaign, data={"status": status}, expected_version=expected_version, fields=["status"]
    )
    results.refresh(campaign)
    return campaign


def campaign_delete(*, campaign: Campaign) -> None:
    campaign.delete()


# --- respondents ----------------------------------------------------------------------------


def _members(organization: Any, user_ids: list[int]) -> list[Any]:
    from accord.accounts.models import User

    return list(
        User.objects.filter(pk__in=user_ids, memberships__organization=organization)
        .order_by("email")
        .distinct()
    )


def respondents_set(
    *,
    campaign: Campaign,
    organization: Any,
    party: Any = None,
    user_ids: list[int],
    actor: Any = None,
    base_url: str = "",
    notify: bool = True,
) -> list[Respondent]:
    """The people of ``organization`` (for ``party`` in a joint campaign) asked to answer.
    Each side chooses only its own people; people added are e-mailed once each; people
    removed lose their unsent answers (submitted answers stay). In a peer-rating competency
    campaign every chosen person rates themselves and each other chosen person."""
    if not campaign.is_open:
        raise ApplicationError(_("The campaign is closed."))
    people = _members(organization, [int(u) for u in user_ids])
    if len(people) != len(set(user_ids)):
        raise ApplicationError(_("Choose members of your own organization."), field="respondents")
    side = Respondent.objects.filter(**results._campaign_filter(campaign), organization=organization)
    peer = bool(campaign.definition.get("peer_rating"))
    wanted = {(u.pk, s.pk) for u in people for s in (people if peer else [u])}
    with transaction.atomic():
        existing = {(r.user_id, r.subject_id): r for r in side}
        for key, row in existing.items():
            if key not in wanted and row.submitted_at is None:
                row.delete()
        new = []
        for user_id, subject_id in sorted(wanted - set(existing)):
            new.append(
                Respondent(
                    **results._campaign_filter(campaign),
                    user_id=user_id,
                    subject_id=subject_id,
                    organization=organization,
                    party=party,
                    notified_at=timezone.now(),
                )
            )
        try:
            Respondent.objects.bulk_create(new)
        except IntegrityError:
            raise ApplicationError(_("Someone changed the respondents meanwhile; try again.")) from None
        newly = {r.user_id for r in new} - {k[0] for k in existing}
        if notify:
            _notify(campaign, [u for u in people if u.pk in newly], actor, base_url)
    return list(side.order_by("id"))


def _notify(campaign: Campaign, people: list[Any], actor: Any, base_url: str) -> None:
    """One e-mail per person, after the transaction commits (nobody sees another's address)."""
    if not people:
        return
    joint = isinstance(campaign, JointCampaign)
    path = (
        reverse("assessments:joint_answer", args=[campaign.collaboration_id, campaign.pk])
        if joint
        else reverse("assessments:own_answer", args=[campaign.organization.slug, campaign.pk])
    )

    def message(person: Any) -> tuple[str, str, None, list[str]]:
        with in_language_of(person):  # each person reads it in their own language
            subject = one_line(_("Your answers are asked: %(title)s") % {"title": campaign.title})
            due = (
                _(" by %(date)s") % {"date": date_format(campaign.due_date, "DATE_FORMAT")}
                if campaign.due_date
                else ""
            )
            body = _(
                'You are asked to answer the questionnaire "%(title)s"%(due)s.\n\n'
                "Your answers are yours: nobody sees them one by one. Results show only when at least "
                "%(n)s people have answered.\n\nAnswer here: %(url)s\n"
            ) % {
                "title": campaign.title,
                "due": due,
                "n": results.anonymity.min_respondents(),
                "url": base_url + path,
            }
        return (subject, body, None, [person.email])

    messages = [message(p) for p in people]
    transaction.on_commit(lambda: send_mass_mail(messages), robust=True)


# --- answers ----------------------------------------------------------------------------------


def _question(campaign: Campaign, question_id: str) -> dict[str, Any]:
    for question in engine.questions(campaign.definition):
        if question["id"] == question_id:
            return question
    raise ApplicationError(_("There is no such question in this questionnaire."), field="question")


def answer_save(
    *, respondent: Respondent, campaign: Campaign, question: str, answer: str, comment: str = ""
) -> Answer | None:
    """Save one answer as the person goes (``answer``: "1"–"5", "dk", "na", or "" to clear)."""
    if not campaign.is_open:
        raise ApplicationError(_("The campaign is closed; answers can no longer change."))
    if respondent.submitted_at is not None:
        raise ApplicationError(_("Your answers are submitted already."))
    q = _question(campaign, question)
    answer = (answer or "").strip()
    value, special = None, ""
    if answer in engine.SPECIALS:
        special = answer
    elif answer:
        try:
            value = int(answer)
        except ValueError:
            value = 0
        if not 1 <= value <= 5:
            raise ApplicationError(_("Choose one of the answers offered."), field="answer")
    comment = (comment or "").strip() if q.get("comment") else ""
    if len(comment) > 2000:
        raise ApplicationError(_("A comment has at most 2,000 characters."), field="comment")
    if value is None and not special and not comment:
        Answer.objects.filter(respondent=respondent, question=q["id"]).delete()
        return None
    row, _created = Answer.objects.update_or_create(
        respondent=respondent,
        question=q["id"],
        defaults={
            "value": value,
            "special": special,
            "comment": comment,
            "dimension": engine.question_dimension(campaign.definition, q),
        },
    )
    return row


def submit(*, respondent: Respondent, campaign: Campaign) -> Respondent:
    """Hand in the answers (at least one); the campaign's aggregates are recomputed."""
    if not campaign.is_open:
        raise ApplicationError(_("The campaign is closed."))
    if respondent.submitted_at is not None:
        return respondent
    if not Answer.objects.filter(respondent=respondent).exists():
        raise ApplicationError(_("Answer at least one question before you submit."))
    with transaction.atomic():
        respondent.submitted_at = timezone.now()
        respondent.save(update_fields=["submitted_at", "updated_at"])
        results.refresh(campaign)
    return respondent


# --- actions from results ---------------------------------------------------------------------


def result_action(
    *,
    campaign: Campaign,
    title: str,
    owner_user: Any = None,
    owner_party: Any = None,
    due_date: datetime.date | None = None,
    description: str = "",
    user: Any = None,
) -> Any:
    """An action in the action list, raised from a result of ``campaign``."""
    from accord.actions.services import action_create

    joint = isinstance(campaign, JointCampaign)
    return action_create(
        owner=campaign.collaboration if joint else campaign.organization,
        title=title,
        source_kind="assessment",
        source_id=campaign.pk,
        source_label=campaign.title[:200],
        owner_user=owner_user,
        owner_party=owner_party if joint else None,
        due_date=due_date,
        description=description,
        created_by=user,
    )
