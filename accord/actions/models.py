"""Actions from every source: a meeting, a joint review, a risk, an assessment, an issue, an
exit step (ISO 44003 5.4.3.3, 5.5, 5.11).

A joint action belongs to a collaboration and every party sees it; an organization's own
action belongs to the organization and never leaves it. Both share their fields through
``ActionBase``; the source (``source_kind`` + ``source_id``) names where the action was agreed,
and the app that owns that kind tells how to link back to it (``accord.actions.sources``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, OrganizationScopedModel, VersionedModel

TITLE_MAX = 200
KIND_MAX = 30


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionBase(VersionedModel):
    title = LineField(_("action"), max_length=TITLE_MAX)
    description = TextBlockField(_("description"), blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    # A person named without an account (an action copied from an older list, say).
    owner_name = LineField(_("owner (name)"), max_length=TITLE_MAX, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    source_kind = models.CharField(_("source"), max_length=KIND_MAX, default="other")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = LineField(_("source label"), max_length=TITLE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open and due before today."""
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def owner_display(self) -> str:
        if self.owner_user_id and self.owner_user is not None:
            return self.owner_user.display_name
        return self.owner_name


class JointAction(CollaborationScopedModel, ActionBase):
    """An action of a collaboration, owned by a party (and a person of it); every party sees it."""

    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner party"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["collaboration", "status", "due_date"], name="jointaction_status_due"),
            models.Index(fields=["owner_user", "status", "due_date"], name="jointaction_owner_due"),
            models.Index(fields=["collaboration", "source_kind", "source_id"], name="jointaction_source"),
        ]


class OwnAction(OrganizationScopedModel, ActionBase):
    """An organization's own action: private, seen by its members only."""

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["organization", "status", "due_date"], name="ownaction_status_due"),
            models.Index(fields=["owner_user", "status", "due_date"], name="ownaction_owner_due"),
            models.Index(fields=["organization", "source_kind", "source_id"], name="ownaction_source"),
        ]
