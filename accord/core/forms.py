"""Form helpers shared by the apps."""

from typing import Any

from django import forms


def rebase_on_current(form: forms.BaseForm, current: Any) -> None:
    """After a conflict, keep the user's text but carry the stored version, so that saving
    again (having read the other person's change shown beside the form) is possible."""
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
