"""Meetings of a collaboration's governance forums, who attended, what was decided
(ISO 44003 5.4.3.3 senior meetings that monitor and intervene; 5.5 governance).

A meeting, its attendance and its decisions are joint data: every party sees them. Each party
records its own people's attendance. Actions agreed in a meeting are joint actions
(``accord.actions``) with source ``meeting``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, VersionedModel

TITLE_MAX = 200


class Meeting(CollaborationScopedModel, VersionedModel):
    title = LineField(_("title"), max_length=TITLE_MAX)
    forum = models.ForeignKey(
        "governance.Forum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("forum"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = LineField(_("location"), max_length=300, blank=True)
    link = LineField(
        _("video call link"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    agenda = TextBlockField(_("agenda"), blank=True)
    minutes = TextBlockField(_("minutes"), blank=True, max_length=50_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["collaboration", "starts_at"], name="meeting_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="meeting_time_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting ends after it starts.")})


class Attendance(models.TextChoices):
    EXPECTED = "expected", _("Invited")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class Attendee(CollaborationScopedModel):
    """A person of one party at one meeting; that party alone records it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    name = LineField(_("name"), max_length=TITLE_MAX)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party", "name"], name="attendee_once_per_meeting")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def attendance_label(self) -> str:
        return Attendance(self.attendance).label


class Decision(CollaborationScopedModel, VersionedModel):
    """A decision taken in a meeting: the decision log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = TextBlockField(_("decision"), max_length=2000)
    decided_at = models.DateTimeField(_("decided at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["collaboration", "decided_at"], name="decision_when")]

    def __str__(self) -> str:
        return self.text[:80]
