"""Assessments (ISO 44003 5.2, 5.6, 5.7, 5.11 and the 12-principle capability self-assessment).

- ``AssessmentTemplate``: an organization's own imported questionnaire (shipped ones are
  read from ``templates_data`` on demand: they are versioned with the code, see ``engine``).
- ``OwnCampaign`` (private, one organization) and ``JointCampaign`` (a collaboration: each
  party answers): a run of one template, with a frozen copy of its definition, a due date
  and ``summary``, the aggregates only (recomputed at every submission; a party with fewer
  respondents than the anonymity threshold has its count and nothing else).
- ``Respondent``: a person asked to answer one campaign (for a party, in a joint one); in a
  competency campaign, a rating of ``subject`` (the respondent themselves or a colleague).
- ``Answer``: one answer of one respondent. Answers are read only to compute aggregates and
  to show a person their own answers; they have no history table, are in no history export
  and no register (an answer's history with its author is exactly what must never exist).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import (
    CollaborationScopedModel,
    OrganizationScopedModel,
    TimeStampedModel,
    VersionedModel,
)

TITLE_MAX = 200


class AssessmentTemplate(OrganizationScopedModel, VersionedModel):
    key = LineField(_("key"), max_length=80)
    template_version = models.PositiveIntegerField(_("version"), default=1)
    title = LineField(_("title"), max_length=TITLE_MAX)
    purpose = TextBlockField(_("purpose"), blank=True, max_length=2000)
    scope = models.CharField(_("scope"), max_length=13)
    definition = models.JSONField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title", "-template_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "template_version"], name="unique_assessment_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.template_version})"


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", pgettext_lazy("campaign status", "Closed")


class CampaignBase(VersionedModel):
    title = LineField(_("title"), max_length=TITLE_MAX)
    template_key = LineField(_("template"), max_length=80)
    template_version = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=20, default="custom")
    definition = models.JSONField()
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    note = TextBlockField(_("note to respondents"), blank=True, max_length=2000)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def template_title(self) -> str:
        return self.definition.get("title", self.template_key)


class OwnCampaign(OrganizationScopedModel, CampaignBase):
    # The aggregates are kept out of the history: they change at every submission.
    history = HistoricalRecords(excluded_fields=["updated_at", "summary", "definition"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "template_key", "created_at"])]


class JointCampaign(CollaborationScopedModel, CampaignBase):
    history = HistoricalRecords(excluded_fields=["updated_at", "summary", "definition"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collaboration", "template_key", "created_at"])]


class Respondent(TimeStampedModel):
    own_campaign = models.ForeignKey(
        OwnCampaign, on_delete=models.CASCADE, null=True, blank=True, related_name="respondents"
    )
    joint_campaign = models.ForeignKey(
        JointCampaign, on_delete=models.CASCADE, null=True, blank=True, related_name="respondents"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The side the person answers for: the organization itself, or their party's organization.
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Whom the answers are about: the respondent (every campaign), or in a competency
    # campaign with peer rating also a colleague.
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(own_campaign__isnull=False, joint_campaign__isnull=True)
                | Q(own_campaign__isnull=True, joint_campaign__isnull=False),
                name="respondent_one_campaign",
            ),
            models.UniqueConstraint(fields=["own_campaign", "user", "subject"], name="unique_own_respondent"),
            models.UniqueConstraint(
                fields=["joint_campaign", "user", "subject"],
                name="unique_joint_respondent",
            ),
        ]


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    # The dimension the question evidences in its campaign's frozen definition (P3, teamwork…),
    # kept here so aggregates are grouped in the database.
    dimension = models.CharField(max_length=40, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=2, blank=True)  # "dk" don't know, "na" not applicable
    comment = TextBlockField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="unique_answer"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="answer_value_1_5"
            ),
        ]
