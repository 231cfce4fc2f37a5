"""Time zones: the one place that turns an organization into the zone its people see times in.

Times are stored in UTC. Each organization names its zone (``Organization.time_zone``, an
IANA name such as ``Europe/Paris``; the browser's at sign-up). A request scoped to an
organization, or to a joint space acting for one, shows times in that organization's zone
(``activate_for``, called where the scope is resolved, accord.core.scoping); pages outside any
organization use the person's current organization's zone; everything else the site's
(``TIME_ZONE``). ``TimeZoneResetMiddleware`` starts and ends every request in the site's zone,
so a zone never leaks into the next request a worker thread serves. Wherever a time of day is
shown, the zone's name is shown once near it (``{% time_zone_label %}``).

Core imports no domain app: an organization is anything with a ``time_zone`` attribute.
"""

import datetime
import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The world's regions, as the first part of IANA names; anything else (old aliases such as
# "US/Eastern" or "GB", "Etc/GMT+5") is still accepted and listed under "Other names".
REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}
# Files of the system's zone folder that are not zones one would choose.
NOT_ZONES = {"localtime", "Factory", "posixrules"}


@functools.cache
def known_zones() -> frozenset[str]:
    """The IANA zone names this server knows (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones() - NOT_ZONES)


def site_zone() -> str:
    """The default of a new organization's zone: the site's (``TIME_ZONE``)."""
    return settings.TIME_ZONE


def is_known(name: Any) -> bool:
    return isinstance(name, str) and name in known_zones()


UNKNOWN_ZONE = _("“%(value)s” is not a time zone name we know. Choose one from the list, e.g. Europe/Paris.")


def validate_time_zone(name: str) -> None:
    if not is_known(name):
        raise ValidationError(UNKNOWN_ZONE, code="invalid_time_zone", params={"value": name})


def clean_browser_zone(name: Any) -> str:
    """What a browser said its zone is (sign-up), if we know it; else the site's zone."""
    name = (name or "").strip() if isinstance(name, str) else ""
    return name if is_known(name) else settings.TIME_ZONE


def browser_zone_field() -> forms.CharField:
    """A hidden field accord.js fills with the browser's zone (``data-browser-time-zone``);
    read it with ``clean_browser_zone``."""
    # No length limit to refuse on: the person cannot see this field, so anything unknown
    # (too long included) just falls back to the site's zone.
    return forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-time-zone": True}))


def zone_choices() -> list[tuple[Any, Any]]:
    """For a select: UTC first, then one group per region ("Paris" under "Europe"), then the
    other names the server knows; sorted within each group."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    others: list[tuple[str, str]] = []
    for name in sorted(known_zones()):
        region, _sep, place = name.partition("/")
        if region in groups and place:
            groups[region].append((name, place.replace("_", " ")))
        elif name != "UTC":
            others.append((name, name))
    return [
        ("UTC", "UTC"),
        *((REGIONS[region], zones) for region, zones in groups.items() if zones),
        (_("Other names"), others),
    ]


def zone_name(organization: Any = None) -> str:
    """The organization's zone name, or the site's when it has none (or one this server does
    not know)."""
    name = getattr(organization, "time_zone", "") or settings.TIME_ZONE
    return name if is_known(name) else settings.TIME_ZONE


def zone(organization: Any = None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(zone_name(organization))


def local(moment: datetime.datetime, organization: Any = None) -> datetime.datetime:
    return moment.astimezone(zone(organization))


def activate_for(organization: Any = None) -> None:
    """Show this request's times in the organization's zone (the site's without one)."""
    if organization is None:
        timezone.deactivate()
    else:
        timezone.activate(zone(organization))


def current_zone_name() -> str:
    """The name of the zone times are shown in now: the label next to them."""
    return timezone.get_current_timezone_name()


class TimeZoneResetMiddleware:
    """Every request starts and ends in the site's zone: worker threads serve many requests,
    and a zone activated for one organization must not show the next one's times."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
