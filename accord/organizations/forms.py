from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.permissions import Role
from accord.core.widgets import SearchableSelect
from accord.core.zones import UNKNOWN_ZONE, browser_zone_field, clean_browser_zone, zone_choices
from accord.organizations.models import Organization


class OrganizationCreateForm(forms.ModelForm):
    # Filled by accord.js from the browser; the zone can be changed on the profile.
    time_zone = browser_zone_field()

    class Meta:
        model = Organization
        fields = ["name", "size_class", "sector", "country", "time_zone"]

    def clean_time_zone(self) -> str:
        return clean_browser_zone(self.cleaned_data.get("time_zone"))


class TimeZoneField(forms.ChoiceField):
    """The IANA zone names the server knows, grouped by region; a bad name gets a message
    that says what is expected. About 600 names: searchable as one types."""

    widget = SearchableSelect

    def __init__(self, **kwargs):
        for text_only in ("max_length", "empty_value"):  # given by the model's CharField
            kwargs.pop(text_only, None)
        super().__init__(choices=zone_choices, **kwargs)

    def validate(self, value):
        if value and not self.valid_value(value):
            raise forms.ValidationError(UNKNOWN_ZONE, code="invalid_choice", params={"value": value})
        super().validate(value)


class ProfileForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organization
        fields = [
            "name",
            "size_class",
            "ser",
            "sector",
            "country",
            "market",
            "stakeholders",
            "vision",
            "values",
            "ser_responsibility",
            "ser_authority",
            "time_zone",
        ]
        field_classes = {"time_zone": TimeZoneField}
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in ["market", "stakeholders", "vision", "values", "ser_responsibility", "ser_authority"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        self.fields["ser"].queryset = User.objects.filter(memberships__organization=self.instance).order_by(
            "email"
        )
        # Not sent (an older page, a script): the zone stays as it is.
        self.fields["time_zone"].required = False

    def clean_time_zone(self) -> str:
        return self.cleaned_data.get("time_zone") or self.instance.time_zone


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
