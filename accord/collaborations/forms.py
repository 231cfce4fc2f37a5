from django import forms
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Collaboration
from accord.core.widgets import PlainSelect


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


class SerForm(forms.Form):
    ser = forms.ChoiceField(label=_("Senior executive responsible"), widget=PlainSelect)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ser"].choices = [(str(u.pk), u.display_name) for u in members]
