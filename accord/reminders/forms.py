from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.reminders.models import ReminderPreference


class PreferencesForm(forms.Form):
    """One switch per reminder kind, and the weekly digest."""

    digest = forms.BooleanField(
        label=_("Weekly digest: one e-mail each Monday listing what is due for you"), required=False
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[str, str]], preference: ReminderPreference | None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        off = set(preference.off_kinds) if preference else set()
        self.kinds = kinds
        for kind, label in kinds:
            self.fields[f"kind_{kind}"] = forms.BooleanField(
                label=label, required=False, initial=kind not in off
            )
        self.fields["digest"].initial = preference.digest if preference else True
        self.order_fields([f"kind_{k}" for k, _label in kinds] + ["digest"])

    def on_kinds(self) -> set[str]:
        return {k for k, _label in self.kinds if self.cleaned_data.get(f"kind_{k}")}
