"""Invitation limits (abuse protection): per sender, per organization, per address.

Counted on the invitation rows themselves (member invitations and partner invitations
together), so the limits hold across processes without a shared cache. Services call
``check_invitation_limits`` before creating an invitation; it raises ``RateLimited`` (429).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.errors import RateLimited


def check_invitation_limits(*, sender: Any, organization: Any, email: str) -> None:
    """Refuse an invitation from ``sender`` for ``organization`` to ``email`` when it would
    pass a limit. Three counting queries, on indexed columns."""
    from accord.collaborations.models import PartyInvitation
    from accord.organizations.models import MemberInvitation

    now = timezone.now()
    # Without their default ordering: a compound (UNION) query refuses ORDER BY in its parts.
    members = MemberInvitation.objects.order_by()
    partners = PartyInvitation.unscoped.order_by()

    hour_ago = now - timedelta(hours=1)
    per_hour = settings.ACCORD_INVITATIONS_PER_SENDER_PER_HOUR
    sent = (
        members.filter(invited_by=sender, created_at__gt=hour_ago)
        .values("pk")
        .union(partners.filter(invited_by=sender, created_at__gt=hour_ago).values("pk"), all=True)
        .count()
    )
    if sent >= per_hour:
        raise RateLimited(
            ngettext(
                "You sent %(n)s invitation in the last hour, the most allowed. Try again later.",
                "You sent %(n)s invitations in the last hour, the most allowed. Try again later.",
                sent,
            )
            % {"n": sent},
            field="email",
        )

    day_ago = now - timedelta(days=1)
    per_day = settings.ACCORD_INVITATIONS_PER_ORGANIZATION_PER_DAY
    sent = (
        members.filter(organization=organization, created_at__gt=day_ago)
        .values("pk")
        .union(
            partners.filter(invited_by_organization=organization, created_at__gt=day_ago).values("pk"),
            all=True,
        )
        .count()
    )
    if sent >= per_day:
        raise RateLimited(
            ngettext(
                "%(org)s sent %(n)s invitation in the last 24 hours, the most allowed. Try again tomorrow.",
                "%(org)s sent %(n)s invitations in the last 24 hours, the most allowed. Try again tomorrow.",
                sent,
            )
            % {"org": organization, "n": sent},
            field="email",
        )

    cooloff = timedelta(minutes=settings.ACCORD_INVITATION_COOLOFF_MINUTES)
    since = now - cooloff
    times = list(
        members.filter(organization=organization, email__iexact=email, created_at__gt=since)
        .values_list("created_at", flat=True)
        .union(
            partners.filter(
                invited_by_organization=organization, email__iexact=email, created_at__gt=since
            ).values_list("created_at", flat=True),
            all=True,
        )
    )
    if times:
        allowed_at = timezone.localtime(max(times) + cooloff)
        raise RateLimited(
            _(
                "An invitation was sent to %(email)s a moment ago. You can send another one "
                "after %(time)s (%(tz)s)."
            )
            % {"email": email, "time": time_format(allowed_at, "H:i"), "tz": allowed_at.tzname()},
            field="email",
        )
