from typing import Any

from django import template

from accord.risks.models import DEFAULT_SCALE, band

register = template.Library()


@register.filter
def risk_band(score: Any, scale_max: Any) -> str:
    """``{{ score|risk_band:scale_max }}``: low, medium or high on the register's scale."""
    if score is None or score == "":
        return ""
    return str(band(int(score), int(scale_max or DEFAULT_SCALE)))
