from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accord.risks.models import DEFAULT_SCALE, band

register = template.Library()


@register.filter
def risk_band(score: Any, scale_max: Any) -> str:
    """``{{ score|risk_band:scale_max }}``: low, medium or high on the register's scale."""
    if score is None or score == "":
        return ""
    return str(band(int(score), int(scale_max or DEFAULT_SCALE)))


_BAND_TEXT = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@register.simple_tag
def risk_score(score: Any, scale_max: Any) -> str:
    """A score as a badge that says its band in words (colour is never the only signal)."""
    if score is None or score == "":
        return "—"
    level = risk_band(score, scale_max)
    css = "badge badge-overdue" if level == "high" else "badge"
    return format_html('<span class="{}">{} · {}</span>', css, score, _BAND_TEXT[level])
