from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from accord.actions.models import JointAction, OwnAction
from accord.core.forms import VersionedModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIDGETS = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}


def active_parties(collaboration: Any) -> Any:
    party = apps.get_model("collaborations", "Party")
    return (
        party.objects.in_scope(collaboration)
        .filter(status="active")
        .select_related("organization")
        .order_by("joined_at", "id")
    )


def party_users(collaboration: Any) -> Any:
    user = apps.get_model("accounts", "User")
    organizations = active_parties(collaboration).values("organization")
    return (
        user.objects.filter(memberships__organization__in=organizations)
        .distinct()
        .order_by("full_name", "email")
    )


def org_users(organization: Any) -> Any:
    user = apps.get_model("accounts", "User")
    return user.objects.filter(memberships__organization=organization).order_by("full_name", "email")


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.organization.name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class JointActionForm(VersionedModelForm):
    owner_party = PartyChoiceField(queryset=None, required=False, label=_("Owner party"))
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))

    class Meta:
        model = JointAction
        fields = ["title", "owner_party", "owner_user", "due_date", "status", "description"]
        widgets = WIDGETS

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = active_parties(collaboration)
        self.fields["owner_user"].queryset = party_users(collaboration)


class OwnActionForm(VersionedModelForm):
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))

    class Meta:
        model = OwnAction
        fields = ["title", "owner_user", "due_date", "status", "description"]
        widgets = WIDGETS

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = org_users(organization)
