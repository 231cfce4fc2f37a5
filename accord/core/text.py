"""The one rule for text that enters Accord, and small text helpers shared by services.

Every piece of text a person or a program sends (forms, API bodies, CSV imports) is either a
*line* (names, titles: one line) or a *text* (descriptions, notes: several lines). Both pass
``clean_line`` / ``clean_text``:

- NUL, the other C0 and C1 control characters, DEL, lone surrogates and the non-characters
  U+FFFE/U+FFFF are refused (tab and newline are allowed in a text; a line allows neither);
- carriage returns become newlines in a text;
- surrounding white space is dropped, so text made only of spaces is empty;
- nothing is ever cut: a value over the limit is refused with the limit named
  (``check_length``).

Model fields (``accord.core.fields``), API schemas (``accord.core.api.Line``/``Text``) and
imports call these functions, so the rule lives here only.
"""

import re
from typing import Any

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Runs of white space to collapse into one space: all but the no-break spaces (U+00A0, U+202F).
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
# Refused in a line: every C0 and C1 control character (line breaks and tabs included), DEL,
# surrogates and the two non-characters (no spreadsheet, PDF or database stores them).
_LINE_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Refused in a text: the same less tab and newline (carriage returns are turned into newlines).
_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class TextRuleError(ValueError):
    """Text that breaks the rule; ``str(error)`` says why, for a person."""


def _messages() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "line": _("Use a single line: line breaks are not allowed here."),
        "control": _(
            "Remove the invisible control characters (such as NUL or escape): they cannot be stored."
        ),
    }


def clean_line(value: Any) -> str:
    """A one-line value, stripped; raises TextRuleError for line breaks or control characters."""
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        raise TextRuleError(_messages()["line"])
    if _LINE_REFUSED.search(text):
        raise TextRuleError(_messages()["control"])
    return text.strip()


def clean_text(value: Any) -> str:
    """A multi-line value with newlines normalised, stripped; raises TextRuleError for control
    characters other than tab and newline."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TEXT_REFUSED.search(text):
        raise TextRuleError(_messages()["control"])
    return text.strip()


def check_length(text: str, limit: int | None) -> None:
    """Refuse, never cut, a value over ``limit`` characters."""
    from django.utils.translation import gettext as _

    if limit is not None and len(text) > limit:
        raise TextRuleError(
            _("Keep this to %(limit)s characters at most (it has %(length)s).")
            % {"limit": limit, "length": len(text)}
        )


def one_line(text: str) -> str:
    """Collapse line breaks and other control characters (e-mail subjects, CSV labels). The
    no-break spaces French puts before ":" or "?" stay: they are what keeps the mark on the line."""
    return _SPACES.sub(" ", CONTROL.sub(" ", str(text))).strip()


def no_control_characters(value: str) -> None:
    """Validator for one-line names: no line breaks or other control characters."""
    from django.core.exceptions import ValidationError

    try:
        clean_line(value or "")
    except TextRuleError as error:
        raise ValidationError(str(error)) from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
