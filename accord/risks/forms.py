from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedModelForm
from accord.risks.models import SCALE_MAX, SCALE_MIN, JointMitigation, JointRisk, OwnMitigation, OwnRisk
from accord.risks.services import scale_max

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


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


def _levels(top: int, blank: bool) -> list[tuple[Any, str]]:
    return ([("", "—")] if blank else []) + [(n, str(n)) for n in range(1, top + 1)]


class RiskFormBase(VersionedModelForm):
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        top = scale_max(owner)
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            blank = name.startswith("residual")
            self.fields[name] = forms.TypedChoiceField(
                choices=_levels(top, blank),
                coerce=int,
                empty_value=None,
                required=not blank,
                label=self.fields[name].label,
                help_text=_("1 (lowest) to %(n)s (highest)") % {"n": top} if not blank else "",
            )
        self.fields["objectives"].widget = forms.CheckboxSelectMultiple()
        self.fields["objectives"].label_from_instance = lambda o: o.title


RISK_WIDGETS = {
    "review_date": DATE,
    "description": TEXT,
    "cause": TEXT,
    "consequence": TEXT,
}


class JointRiskForm(RiskFormBase):
    owner_party = PartyChoiceField(queryset=None, required=False, label=_("Owner party"))

    class Meta:
        model = JointRisk
        fields = [
            "title",
            "category",
            "description",
            "cause",
            "consequence",
            "likelihood",
            "impact",
            "owner_party",
            "owner_user",
            "status",
            "review_date",
            "residual_likelihood",
            "residual_impact",
            "objectives",
            "value_items",
        ]
        widgets = RISK_WIDGETS

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=collaboration, **kwargs)
        self.fields["owner_party"].queryset = active_parties(collaboration)
        self.fields["owner_user"].queryset = party_users(collaboration)
        objectives = apps.get_model("objectives", "JointObjective")
        initiatives = apps.get_model("value", "ValueInitiative")
        self.fields["objectives"].queryset = objectives.objects.in_scope(collaboration).order_by("title")
        self.fields["value_items"].queryset = initiatives.objects.in_scope(collaboration).order_by("title")
        self.fields["value_items"].widget = forms.CheckboxSelectMultiple()
        self.fields["value_items"].label_from_instance = lambda o: o.title


class OwnRiskForm(RiskFormBase):
    class Meta:
        model = OwnRisk
        fields = [f for f in JointRiskForm.Meta.fields if f not in {"owner_party", "value_items"}]
        widgets = RISK_WIDGETS

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, owner=organization, **kwargs)
        self.fields["owner_user"].queryset = org_users(organization)
        objectives = apps.get_model("objectives", "Objective")
        self.fields["objectives"].queryset = objectives.objects.in_scope(organization).order_by("title")


class JointMitigationForm(VersionedModelForm):
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))

    class Meta:
        model = JointMitigation
        fields = ["action", "owner_user", "due_date", "status", "private"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, party: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = org_users(party.organization)


class OwnMitigationForm(VersionedModelForm):
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))

    class Meta:
        model = OwnMitigation
        fields = ["action", "owner_user", "due_date", "status"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = org_users(organization)


class ScaleForm(forms.Form):
    scale_max = forms.TypedChoiceField(
        label=_("Largest likelihood and impact"),
        choices=[(n, str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
        coerce=int,
    )


class RaiseActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
