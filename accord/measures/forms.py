from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.actions.models import JointAction
from accord.collaborations.models import Party, PartyStatus
from accord.core.forms import VersionedModelForm
from accord.core.widgets import SearchableSelect
from accord.measures.models import (
    JointMeasure,
    JointReview,
    PrivateMeasure,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEASURE_WIDGETS = {"description": forms.Textarea(attrs={"rows": 2}), "start_date": DATE}


def _party_users(collaboration: Any) -> Any:
    from accord.accounts.models import User

    organizations = (
        Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE).values("organization")
    )
    return User.objects.filter(memberships__organization__in=organizations).distinct().order_by("email")


def _active_parties(collaboration: Any) -> Any:
    return (
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization")
        .order_by("joined_at", "id")
    )


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return obj.organization.name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class JointMeasureForm(VersionedModelForm):
    owner_party = PartyChoiceField(queryset=Party.objects.none(), required=False, label=_("Owner party"))
    data_owner = UserChoiceField(queryset=None, required=False, label=_("Data owner (user)"))

    class Meta:
        model = JointMeasure
        fields = [
            "name",
            "kind",
            "unit",
            "direction",
            "target",
            "warning",
            "frequency",
            "start_date",
            "owner_party",
            "data_owner_name",
            "data_owner",
            "objectives",
            "description",
        ]
        widgets = MEASURE_WIDGETS

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.objectives.models import JointObjective

        self.fields["owner_party"].queryset = _active_parties(collaboration)
        self.fields["data_owner"].queryset = _party_users(collaboration)
        self.fields["objectives"].queryset = JointObjective.objects.in_scope(collaboration).order_by("title")
        self.fields["objectives"].required = False
        self.fields["objectives"].help_text = _(
            "The joint objectives this measure shows progress on. Hold Ctrl (⌘ on a Mac) to choose several."
        )


class PrivateMeasureForm(VersionedModelForm):
    data_owner = UserChoiceField(queryset=None, required=False, label=_("Data owner (user)"))

    class Meta:
        model = PrivateMeasure
        fields = [
            "name",
            "kind",
            "unit",
            "direction",
            "target",
            "warning",
            "frequency",
            "start_date",
            "relationship",
            "data_owner_name",
            "data_owner",
            "objectives",
            "description",
        ]
        # The register may hold hundreds of entries: type to find one.
        widgets = {**MEASURE_WIDGETS, "relationship": SearchableSelect}

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User
        from accord.objectives.models import Objective
        from accord.relationships.models import Relationship

        self.fields["data_owner"].queryset = User.objects.filter(
            memberships__organization=organization
        ).order_by("email")
        self.fields["relationship"].queryset = Relationship.objects.in_scope(organization).order_by(
            "counterpart_name"
        )
        self.fields["objectives"].queryset = Objective.objects.in_scope(organization).order_by("title")
        self.fields["objectives"].required = False
        self.fields["objectives"].help_text = _(
            "Your own objectives this measure shows progress on. Hold Ctrl (⌘ on a Mac) to choose several."
        )


class ValueForm(forms.Form):
    """Record or correct the value of one period."""

    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("2025-03 (a month), 2025 Q1 (a quarter), 2025 (a year) or any date in the period."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, frequency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frequency = frequency

    def clean_period(self) -> Any:
        from accord.measures.periods import parse_period

        try:
            return parse_period(self.cleaned_data["period"], self.frequency)
        except (ValueError, TypeError):
            raise forms.ValidationError(_("Not a period: use 2025-03, 2025 Q1, 2025 or a date."))


class ValueDeleteForm(forms.Form):
    period = forms.DateField()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: measure, period, value (and optionally note). UTF-8, comma or semicolon separated."
        ),
    )


class ReviewForm(VersionedModelForm):
    class Meta:
        model = JointReview
        fields = ["title", "period_start", "period_end", "held_on", "findings", "lessons"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "held_on": DATE,
            "findings": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, collaboration: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            # A new review proposes the last quarter that has ended.
            from django.utils import timezone

            from accord.measures.periods import latest_due_period, period_end, period_label

            today = timezone.localdate()
            quarter = latest_due_period(today.replace(year=today.year - 1), "quarterly", today)
            if quarter is not None:
                self.initial.setdefault("period_start", quarter)
                self.initial.setdefault("period_end", period_end(quarter, "quarterly"))
                self.initial.setdefault(
                    "title", _("Joint review %(period)s") % {"period": period_label(quarter, "quarterly")}
                )
        if self.instance.pk:
            # The period is fixed once the snapshot is taken.
            for name in ("period_start", "period_end"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the review keeps the measures of this period.")


class ActionForm(VersionedModelForm):
    review = forms.ModelChoiceField(queryset=JointReview.objects.none(), label=_("Review"))
    owner_party = PartyChoiceField(queryset=Party.objects.none(), required=False, label=_("Owner party"))
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner (user)"))

    class Meta:
        model = JointAction
        fields = ["title", "owner_party", "owner_name", "owner_user", "due_date", "status"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = JointReview.objects.in_scope(collaboration).order_by(
            "-period_end", "-id"
        )
        self.fields["owner_party"].queryset = _active_parties(collaboration)
        self.fields["owner_user"].queryset = _party_users(collaboration)
        self.order_fields(["review", *self.Meta.fields])
        if self.instance.pk:
            self.fields["review"].disabled = True
            self.fields["review"].required = False
            self.initial["review"] = self.instance.source_id
