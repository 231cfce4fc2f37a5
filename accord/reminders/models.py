"""E-mail reminders: what was sent (once per reminder key, ever) and what each person wants.

``ReminderSent.key`` is unique: the daily pass inserts the row first and sends only when the
insert succeeds, so two workers running the same pass send each reminder once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DIGEST = "digest"


class ReminderSent(models.Model):
    """One reminder sent (or being sent) to one person; ``key`` names the reminder instance."""

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "kind", "sent_at"], name="remindersent_user_kind")]

    def __str__(self) -> str:
        return self.key


class ReminderPreference(models.Model):
    """A person's reminder settings: the kinds turned off, and the weekly digest (on unless
    turned off). No row: every kind on, digest on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    off_kinds = models.JSONField(_("kinds turned off"), default=list, blank=True)
    digest = models.BooleanField(_("weekly digest"), default=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"reminders of {self.user_id}"

    def wants(self, kind: str) -> bool:
        return self.digest if kind == DIGEST else kind not in (self.off_kinds or [])
