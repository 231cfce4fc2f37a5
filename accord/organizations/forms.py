from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.permissions import Role
from accord.organizations.models import Organization


class OrganizationCreateForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "size_class", "sector", "country"]


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
        ]
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


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
