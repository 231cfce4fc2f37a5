"""The results of a campaign as a PDF (the gap analysis report of a self-assessment, or any
campaign's results), laid out by WeasyPrint from ``assessments/results_document.html``.

WeasyPrint is imported lazily (the import alone takes over a second) and fetches nothing over
the network: the plans app's static-only URL fetcher serves Accord's own static files and
refuses everything else. The document holds aggregates only, as the results page does."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

TEMPLATE = "assessments/results_document.html"


def results_html(context: dict[str, Any]) -> str:
    return render_to_string(TEMPLATE, context)


def results_pdf(context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    import weasyprint

    from accord.plans.rendering import _base_url, static_url_fetcher

    base_url = _base_url(request)
    document = weasyprint.HTML(
        string=results_html(context), base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    )
    return document.write_pdf()
