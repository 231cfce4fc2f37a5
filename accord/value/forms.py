from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.forms import VersionedModelForm
from accord.value.models import (
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueKind,
    ValueRealisation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CurrencyMixin:
    cleaned_data: dict[str, Any]

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()


class ValueDefinitionForm(VersionedModelForm):
    class Meta:
        model = ValueDefinition
        fields = ["statement", "indicators"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
        }


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return obj.organization.name


class ValueInitiativeForm(VersionedModelForm):
    owner_party = PartyChoiceField(queryset=Party.unscoped.none(), required=False, label=_("owner's party"))

    class Meta:
        model = ValueInitiative
        fields = [
            "title",
            "description",
            "category",
            "owner_party",
            "owner_name",
            "gain_sharing",
            "proposed_on",
            "target_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "gain_sharing": forms.Textarea(attrs={"rows": 2}),
            "proposed_on": DATE,
            "target_on": DATE,
        }

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if collaboration is not None:
            self.fields["owner_party"].queryset = (
                Party.objects.in_scope(collaboration)
                .filter(status=PartyStatus.ACTIVE)
                .select_related("organization")
            )


class ValueEstimateForm(CurrencyMixin, VersionedModelForm):
    class Meta:
        model = ValueEstimate
        fields = ["kind", "amount", "currency", "unit", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "currency": forms.TextInput(attrs={"size": 3, "maxlength": 3, "placeholder": "EUR"}),
        }


class ValueRealisationForm(CurrencyMixin, VersionedModelForm):
    class Meta:
        model = ValueRealisation
        fields = ["amount", "currency", "unit", "evidence", "realised_on"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "realised_on": DATE,
            "currency": forms.TextInput(attrs={"size": 3, "maxlength": 3, "placeholder": "EUR"}),
        }
        help_texts = {
            "currency": _("Leave currency and unit empty to use those of your expected value."),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=InitiativeStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


__all__ = [
    "StatusForm",
    "ValueDefinitionForm",
    "ValueEstimateForm",
    "ValueInitiativeForm",
    "ValueKind",
    "ValueRealisationForm",
]


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ValueInitiative) -> str:
        return obj.title


class _WithInitiative:
    """For the registers of expected and realised values: the initiative is chosen when the
    record is added and stays with it afterwards."""

    def _init_initiative(self, collaboration: Collaboration | None) -> None:
        field = self.fields["initiative"]  # type: ignore[attr-defined]
        if collaboration is not None:
            field.queryset = ValueInitiative.objects.in_scope(collaboration).order_by("title", "id")
        if self.instance.pk:  # type: ignore[attr-defined]
            field.disabled = True
            field.required = False


class EstimateRegisterForm(_WithInitiative, ValueEstimateForm):
    initiative = InitiativeChoiceField(queryset=ValueInitiative.unscoped.none(), label=_("initiative"))

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_initiative(collaboration)

    class Meta(ValueEstimateForm.Meta):
        fields = ["initiative", *ValueEstimateForm.Meta.fields]


class RealisationRegisterForm(_WithInitiative, ValueRealisationForm):
    initiative = InitiativeChoiceField(queryset=ValueInitiative.unscoped.none(), label=_("initiative"))

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_initiative(collaboration)

    class Meta(ValueRealisationForm.Meta):
        fields = ["initiative", *ValueRealisationForm.Meta.fields]
