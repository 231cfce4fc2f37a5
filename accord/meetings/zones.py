"""The time zone meetings are shown in: the viewer's organization's (accord.core.zones, the one
place that turns an organization into a zone); always labelled. Times are stored in UTC."""

from accord.core.zones import local, zone, zone_name

__all__ = ["local", "zone", "zone_name"]
