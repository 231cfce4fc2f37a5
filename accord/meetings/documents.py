"""A meeting's minutes as PDF: WeasyPrint, imported lazily, fetching only Accord's static files
(the plans' fetcher)."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from accord.meetings import selectors, zones


def minutes_context(meeting: Any, scope: Any) -> dict[str, Any]:
    organization = scope.organization
    return {
        "meeting": meeting,
        "collaboration": scope.collaboration,
        "starts": zones.local(meeting.starts_at, organization),
        "ends": zones.local(meeting.ends_at, organization),
        "zone_name": zones.zone_name(organization),
        "attendance": selectors.attendance(meeting),
        "decisions": selectors.decisions_of(meeting),
        "actions": selectors.actions_of(meeting),
    }


def minutes_pdf(meeting: Any, scope: Any, request: HttpRequest | None = None) -> bytes:
    import weasyprint

    from accord.plans.rendering import static_url_fetcher

    html = render_to_string("meetings/minutes.html", minutes_context(meeting, scope))
    base_url = request.build_absolute_uri("/") if request is not None else "file:///"
    return weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()
