"""The time zone meetings are shown in: the viewer's organization's, when organizations have
one, else the site's (``TIME_ZONE``); always labelled. Times are stored in UTC."""

import datetime
import zoneinfo
from typing import Any

from django.conf import settings


def zone_name(organization: Any = None) -> str:
    name = getattr(organization, "time_zone", "") or settings.TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return settings.TIME_ZONE
    return name


def zone(organization: Any = None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(zone_name(organization))


def local(moment: datetime.datetime, organization: Any = None) -> datetime.datetime:
    return moment.astimezone(zone(organization))
