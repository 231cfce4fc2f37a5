from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Collaboration


class CollaborationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Collaboration
        fields = ["name", "description", "working_model", "stage"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = bool(self.instance.pk)
        self.fields["name"].help_text = _("Every party sees this name: choose one you are all happy with.")


class PartyInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Partner's e-mail"),
        help_text=_("An owner of the partner organization, or the person who will become one."),
    )
    organization_name = forms.CharField(label=_("Partner organization"), max_length=200, required=False)
    message = forms.CharField(
        label=_("Personal message"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class AcceptForm(forms.Form):
    """Accept for one of the user's organizations (where they are owner) or a new one."""

    organization = forms.ChoiceField(label=_("Accept on behalf of"))
    new_organization_name = forms.CharField(
        label=_("Name of the new organization"), max_length=200, required=False
    )

    def __init__(self, *args, owned, suggested_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in owned] + [
            ("new", _("A new organization"))
        ]
        self.fields["organization"].initial = str(owned[0].pk) if owned else "new"
        self.fields["new_organization_name"].initial = suggested_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organization") == "new" and not cleaned.get("new_organization_name", "").strip():
            self.add_error("new_organization_name", _("Name the new organization."))
        return cleaned


class PlainSelect(forms.Select):
    """A select of plain choices (no groups, one value) written out in Python: the same
    markup as the select template, without building and rendering a context per option
    (the SER's list holds every member of an organization, hundreds in a large one)."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _v, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else option_value
            selected = str(option_value) in wanted  # as Select.optgroups: the first match only
            if selected:
                wanted = set()
            options.append((str(option_value), " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


class SerForm(forms.Form):
    ser = forms.ChoiceField(label=_("Senior executive responsible"), widget=PlainSelect)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ser"].choices = [(str(u.pk), u.display_name) for u in members]
