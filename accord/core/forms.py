"""Form helpers shared by the apps."""

from typing import Any

from django import forms


def rebase_on_current(form: forms.BaseForm, current: Any) -> None:
    """After a conflict, keep the user's text but carry the stored version, so that saving
    again (having read the other person's change shown beside the form) is possible."""
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data


def form_status(*forms_shown: forms.BaseForm | None, conflict: Any = None) -> int:
    """The one rule for a page that shows a form again: 409 after a conflicting edit, 422 when
    a submitted form was refused, 200 otherwise (HTMX swaps 4xx answers like 200s, see
    accord.js)."""
    if conflict:
        return 409
    if any(f is not None and f.is_bound and f.errors for f in forms_shown):
        return 422
    return 200


class VersionedModelForm(forms.ModelForm):
    """A model form for a ``VersionedModel``: editing an existing record carries the version
    it was read at (hidden), which the service checks before saving."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    @property
    def changes(self) -> dict[str, Any]:
        """The cleaned values without the version, for a service."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def conflict_rows(self, current: Any) -> list[tuple[str, Any]]:
        """(label, stored value) of each field of ``current``, the record saved meanwhile."""
        rows = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(current, name):
                continue
            value = getattr(current, name)
            display = getattr(current, f"get_{name}_display", None)
            rows.append((field.label, display() if display else value))
        return rows
