"""Model fields that apply the one rule for text (``accord.core.text``) to every write.

Every service calls ``full_clean()`` before saving, so a value that breaks the rule is
refused with a field error whichever way it came in (form, API, import), and a value is
stored stripped. Use ``LineField`` for names and titles, ``TextBlockField`` for anything
longer (it carries a limit too: 20,000 characters unless told otherwise).
"""

from typing import Any

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models

from accord.core.text import TextRuleError, clean_line, clean_text

TEXT_LIMIT = 20_000


def _clean(field: models.Field, rule: Any, value: Any, model_instance: Any) -> Any:
    """``Field.clean`` with the text rule applied first (so blank-only text is empty before the
    required check). Only validation runs it: reading, lookups and saving leave text as it is."""
    value = field.to_python(value)
    if value is not None:
        try:
            value = rule(value)
        except TextRuleError as error:
            raise ValidationError(str(error), code="text_rule") from None
    field.validate(value, model_instance)
    field.run_validators(value)
    return value


class LineField(models.CharField):
    """One line of text: no line breaks or control characters; blank-only is empty."""

    def clean(self, value: Any, model_instance: Any) -> Any:
        return _clean(self, clean_line, value, model_instance)


class TextBlockField(models.TextField):
    """Several lines of text, at most ``max_length`` characters (refused, never cut)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_LIMIT)
        super().__init__(*args, **kwargs)
        self.validators.append(validators.MaxLengthValidator(self.max_length))

    def clean(self, value: Any, model_instance: Any) -> Any:
        return _clean(self, clean_text, value, model_instance)
