from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus, Stage
from accord.core.fields import TEXT_LIMIT
from accord.core.forms import VersionedModelForm
from accord.exits.models import (
    ActivationKind,
    ContingencyPlan,
    ExitAsset,
    ExitStrategy,
    ExitTrigger,
    PostExitReview,
    TransitionStep,
)


def _parties(collaboration: Any, *, active_only: bool = True) -> Any:
    parties = Party.objects.in_scope(collaboration).select_related("organization").order_by("joined_at", "id")
    return parties.filter(status=PartyStatus.ACTIVE) if active_only else parties


def _party_choice(field: forms.ModelChoiceField) -> None:
    field.label_from_instance = lambda p: p.organization.name


def _rows(*names: str) -> dict[str, Any]:
    return {name: forms.Textarea(attrs={"rows": 3}) for name in names}


class StrategyForm(VersionedModelForm):
    class Meta:
        model = ExitStrategy
        fields = list(ExitStrategy.TEXT_FIELDS)
        widgets = _rows(*ExitStrategy.TEXT_FIELDS)


class TriggerForm(VersionedModelForm):
    class Meta:
        model = ExitTrigger
        fields = ["description", "monitoring", "monitored_by_party", "monitored_by", "status"]
        widgets = _rows("monitoring")

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["monitored_by_party"].queryset = _parties(collaboration)
        _party_choice(self.fields["monitored_by_party"])


class StepForm(VersionedModelForm):
    class Meta:
        model = TransitionStep
        fields = ["title", "description", "owner_party", "owner_user", "offset_days"]
        widgets = _rows("description")

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        parties = _parties(collaboration)
        self.fields["owner_party"].queryset = parties
        _party_choice(self.fields["owner_party"])
        self.fields["owner_user"].queryset = (
            User.objects.filter(memberships__organization__parties__in=parties).distinct().order_by("email")
        )
        self.fields["offset_days"].min_value = -3650
        self.fields["offset_days"].max_value = 3650

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user, party = data.get("owner_user"), data.get("owner_party")
        if (
            user is not None
            and party is not None
            and not party.organization.memberships.filter(user=user).exists()
        ):
            self.add_error("owner_user", _("The owner must be a member of the owner party."))
        return data


class AssetForm(VersionedModelForm):
    class Meta:
        model = ExitAsset
        fields = ["description", "contribution", "link", "arrangement", "to_party", "status", "notes"]
        widgets = _rows("notes")

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.plans.models import Contribution

        self.fields["contribution"].queryset = Contribution.objects.in_scope(collaboration).select_related(
            "party__organization"
        )
        self.fields["contribution"].label_from_instance = lambda c: (
            f"{c.description} ({c.party.organization.name})"
        )
        self.fields["to_party"].queryset = _parties(collaboration, active_only=False)
        _party_choice(self.fields["to_party"])


class ContingencyForm(VersionedModelForm):
    class Meta:
        model = ContingencyPlan
        fields = ["warning_signs", "plan", "alternatives", "owner_name"]
        widgets = _rows("warning_signs", "plan", "alternatives")


class ActivationForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happens"), choices=ActivationKind.choices)
    leaving_party = forms.ModelChoiceField(
        label=_("Leaving party"), queryset=Party.unscoped.none(), required=False
    )
    trigger = forms.ModelChoiceField(
        label=_("Trigger reached"), queryset=ExitTrigger.unscoped.none(), required=False
    )
    trigger_text = forms.CharField(label=_("Or describe the trigger"), max_length=300, required=False)
    exit_date = forms.DateField(label=_("Exit date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason and notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaving_party"].queryset = _parties(collaboration)
        _party_choice(self.fields["leaving_party"])
        self.fields["trigger"].queryset = ExitTrigger.objects.in_scope(collaboration)

    def clean_exit_date(self) -> Any:
        value = self.cleaned_data["exit_date"]
        if not 1900 <= value.year <= 2999:
            raise forms.ValidationError(_("Give a date between 1900 and 2999."))
        return value


class ReviewForm(VersionedModelForm):
    class Meta:
        model = PostExitReview
        fields = ["worked_well", "lessons", "values_respected", "values_note", "work_again"]
        widgets = {**_rows("worked_well", "lessons", "values_note"), "work_again": forms.RadioSelect}


class ConfirmForm(forms.Form):
    stage = forms.IntegerField(min_value=1, max_value=8, widget=forms.HiddenInput)
    item_key = forms.CharField(max_length=40, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What shows it is met"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevokeForm(forms.Form):
    confirmation = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class MoveForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Move to stage"), choices=Stage.choices, coerce=int)
    reason = forms.CharField(
        label=_("Reason for moving on without the gate (SER override)"),
        max_length=TEXT_LIMIT // 10,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override = forms.BooleanField(label=_("Override the gate as SER"), required=False)
