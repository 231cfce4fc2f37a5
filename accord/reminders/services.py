"""The reminder pass: collect what is due from every registered reminder kind, send each
reminder once, and on the digest day send each person one e-mail listing what is due for them.

Sent once, even with several workers: a reminder's row (``ReminderSent``, unique ``key``) is
inserted first, in the same transaction as the sending; a second worker's insert of the same
key fails and it skips the reminder. A failed send rolls the row back, so the next pass tries
again.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.i18n import in_language_of
from accord.core.registry import Due, registry
from accord.reminders.models import DIGEST, ReminderPreference, ReminderSent

logger = logging.getLogger(__name__)

# Monday: the weekly digest goes out on the first pass of the week's first day.
DIGEST_WEEKDAY = 0


@dataclass
class PassResult:
    sent: list[str] = field(default_factory=list)  # keys sent by this pass
    skipped: int = 0  # sent before (by this or another worker) or turned off


def preferences_for(user_ids: set[int]) -> dict[int, ReminderPreference]:
    """The stored preferences of these people (one query); missing: every kind on."""
    return {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=user_ids)}


def wants(preferences: dict[int, ReminderPreference], user: Any, kind: str) -> bool:
    preference = preferences.get(user.pk)
    return True if preference is None else preference.wants(kind)


def send_once(due: Due, kind: str) -> bool:
    """Send ``due`` unless its key was sent already; True when this call sent it."""
    if not getattr(due.user, "email", "") or not getattr(due.user, "is_active", True):
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=due.key[:200], user=due.user, kind=kind)
            send_mail(str(due.subject), str(due.body), None, [due.user.email])
    except IntegrityError:  # sent before, or by another worker just now
        return False
    except OperationalError:  # SQLite busy with another worker's write: the next pass retries
        logger.warning("reminder %s not sent: database busy", due.key)
        return False
    return True


def digest_key(user: Any, today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"digest:{user.pk}:{year}-W{week:02d}"


def digest_for(user: Any, dues: list[tuple[str, Due]], today: datetime.date) -> Due:
    """One e-mail listing everything due for ``user`` (``dues``: (kind label, Due))."""
    subject = ngettext(
        "Accord this week: %(n)s thing due", "Accord this week: %(n)s things due", len(dues)
    ) % {"n": len(dues)}
    lines = [
        _("What is due for you this week (%(date)s):") % {"date": formats.date_format(today, "DATE_FORMAT")},
        "",
    ]
    for label, due in dues:
        first = str(due.body).splitlines()[0] if str(due.body) else ""
        lines.append(f"- [{label}] {due.subject}")
        if first:
            lines.append(f"  {first}")
    lines += ["", _("Turn this digest or any reminder off on your account page.")]
    return Due(user=user, subject=subject, body="\n".join(lines), key=digest_key(user, today))


def collect_in_languages(kind: Any, today: datetime.date) -> list[Due]:
    """What ``kind`` has due, each reminder written in its recipient's language: collected in
    the default language, then again in each other language its recipients chose (a fixed
    number of passes, whatever the number of people)."""
    with translation.override(settings.LANGUAGE_CODE):
        dues = [_in_text(due) for due in kind.collect(today)]
    for language in {due.user.language for due in dues if getattr(due.user, "language", "")}:
        if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
            continue
        with translation.override(language):
            written = {(due.user.pk, due.key): _in_text(due) for due in kind.collect(today)}
        dues = [
            written.get((due.user.pk, due.key), due) if due.user.language == language else due for due in dues
        ]
    return dues


def _in_text(due: Due) -> Due:
    """Subject and body as text now, in the active language (they may be lazy)."""
    return Due(user=due.user, subject=str(due.subject), body=str(due.body), key=due.key)


def reminder_pass(*, today: datetime.date | None = None) -> PassResult:
    """Run every registered reminder kind for ``today`` and send what is due (see the module)."""
    today = today or timezone.localdate()
    result = PassResult()
    collected: list[tuple[Any, list[Due]]] = []
    for kind in registry.reminders():
        try:
            collected.append((kind, collect_in_languages(kind, today)))
        except Exception:  # a broken kind must not stop the others
            logger.exception("reminder kind %s failed to collect", kind.kind)
    preferences = preferences_for({due.user.pk for _kind, dues in collected for due in dues})
    per_user: dict[int, tuple[Any, list[tuple[str, Due]]]] = {}
    for kind, dues in collected:
        for due in dues:
            with in_language_of(due.user):
                label = str(kind.label)
            per_user.setdefault(due.user.pk, (due.user, []))[1].append((label, due))
            if wants(preferences, due.user, kind.kind) and send_once(due, kind.kind):
                result.sent.append(due.key)
            else:
                result.skipped += 1
    if today.weekday() == DIGEST_WEEKDAY:
        for user, dues in per_user.values():
            with in_language_of(user):
                digest = digest_for(user, dues, today)
            if wants(preferences, user, DIGEST) and send_once(digest, DIGEST):
                result.sent.append(digest_key(user, today))
    return result


def kinds() -> list[tuple[str, str]]:
    """(kind, label) of every reminder kind, for the preferences form."""
    return [(k.kind, str(k.label)) for k in registry.reminders()]


@transaction.atomic
def preferences_save(*, user: Any, on_kinds: set[str], digest: bool) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.get_or_create(user=user)
    preference.off_kinds = sorted({k for k, _label in kinds()} - set(on_kinds))
    preference.digest = digest
    preference.full_clean()
    preference.save()
    return preference


def interval_minutes() -> int:
    return int(getattr(settings, "ACCORD_REMINDER_INTERVAL_MINUTES", 60))
