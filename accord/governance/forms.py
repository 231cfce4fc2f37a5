from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.actions.forms import PartyChoiceField, UserChoiceField, active_parties, org_users, party_users
from accord.core.forms import VersionedModelForm
from accord.core.widgets import SearchableSelect
from accord.governance.models import (
    Agreement,
    ChangeRequest,
    EscalationLevel,
    Forum,
    ForumMember,
    Issue,
    LadderContact,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROWS = {"rows": 3}


class ForumForm(VersionedModelForm):
    class Meta:
        model = Forum
        fields = ["name", "kind", "frequency", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs=ROWS)}


class ForumMemberForm(VersionedModelForm):
    user = UserChoiceField(
        queryset=None,
        required=False,
        label=_("Member of your organization (optional)"),
        widget=SearchableSelect,
    )

    class Meta:
        model = ForumMember
        fields = ["forum", "name", "role", "user"]
        labels = {"forum": _("Forum")}

    def __init__(self, *args: Any, collaboration: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.in_scope(collaboration).order_by("name")
        self.fields["user"].queryset = org_users(organization)
        self.fields["name"].help_text = _("Each party names its own people in each forum.")


class LevelForm(VersionedModelForm):
    class Meta:
        model = EscalationLevel
        fields = ["number", "name", "target_amount", "target_unit"]


class LadderContactForm(VersionedModelForm):
    class Meta:
        model = LadderContact
        fields = ["level", "name", "role"]
        labels = {"level": _("Level")}

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = EscalationLevel.objects.in_scope(collaboration).order_by("number")
        self.fields["name"].help_text = _("Each party names its own people at each level.")


class AgreementForm(VersionedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "reference",
            "title",
            "parties",
            "start_date",
            "end_date",
            "renewal_date",
            "notice_period",
            "key_terms",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "renewal_date": DATE,
            "key_terms": forms.Textarea(attrs=ROWS),
        }


class IssueForm(VersionedModelForm):
    class Meta:
        model = Issue
        fields = ["title", "impact", "description"]
        widgets = {"description": forms.Textarea(attrs=ROWS)}


class ChangeRequestForm(VersionedModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["title", "change", "rationale", "impact_plan", "impact_objectives", "impact_risks"]
        widgets = {
            name: forms.Textarea(attrs=ROWS)
            for name in ["change", "rationale", "impact_plan", "impact_objectives", "impact_risks"]
        }


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("Why escalate"), max_length=5000, widget=forms.Textarea(attrs=ROWS))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), max_length=20_000, widget=forms.Textarea(attrs=ROWS)
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Why"), max_length=20_000, widget=forms.Textarea(attrs=ROWS))


class OptionalOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Why (optional)"), max_length=20_000, required=False, widget=forms.Textarea(attrs=ROWS)
    )


class IssueActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner_party = PartyChoiceField(queryset=None, required=False, label=_("Owner party"))
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))
    due_date = forms.DateField(required=False, label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = active_parties(collaboration)
        self.fields["owner_user"].queryset = party_users(collaboration)
