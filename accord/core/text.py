"""Small text helpers shared by services."""

import re
from typing import Any

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Collapse line breaks and other control characters (e-mail subjects, CSV labels)."""
    return " ".join(CONTROL.sub(" ", str(text)).split())


def no_control_characters(value: str) -> None:
    """Validator for one-line names: no line breaks or other control characters."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if CONTROL.search(value or ""):
        raise ValidationError(_("Use a single line without control characters."))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
