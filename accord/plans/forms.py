from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedModelForm
from accord.core.widgets import SearchableSelect, SearchableSelectMultiple
from accord.plans.models import BusinessCase, Contribution, JointTeamMember, ResourceCommitment
from accord.plans.services import MAX_SECTION_LENGTH


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        help_text=_("Plain text: leave an empty line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=MAX_SECTION_LENGTH,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SendBackForm(forms.Form):
    """Why a reviewer sends a plan back to draft (Django's CharField refuses NUL characters)."""

    reason = forms.CharField(max_length=2000, required=False)


class BusinessCaseForm(VersionedModelForm):
    class Meta:
        model = BusinessCase
        fields = [
            "title",
            "status",
            "opportunity",
            "objectives",
            "expected_amount",
            "expected_currency",
            "value",
            "risks",
            "resources",
            "candidates",
        ]
        widgets = {
            **{
                f: forms.Textarea(attrs={"rows": 4})
                for f in ["opportunity", "objectives", "value", "risks", "resources"]
            },
            "expected_currency": forms.TextInput(attrs={"size": 3, "maxlength": 3, "placeholder": "EUR"}),
            # The register may hold hundreds of entries: type to find them.
            "candidates": SearchableSelectMultiple,
        }

    def clean_expected_currency(self) -> str:
        return (self.cleaned_data.get("expected_currency") or "").strip().upper()

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.relationships.models import Relationship

        self.fields["candidates"].queryset = Relationship.objects.in_scope(organization).order_by(
            "counterpart_name"
        )
        self.fields["candidates"].required = False
        self.fields["candidates"].help_text = _(
            "Entries of your register that could be the partner; you may choose several."
        )
        self.fields["status"].help_text = _(
            "Approving or rejecting is for a manager, the SER or an owner; Accord records who and when."
        )


class ResourceForm(VersionedModelForm):
    class Meta:
        model = ResourceCommitment
        fields = ["kind", "description", "person", "capability", "capacity"]
        widgets = {"capability": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        self.fields["person"].queryset = User.objects.filter(memberships__organization=organization).order_by(
            "email"
        )


class TeamMemberForm(VersionedModelForm):
    class Meta:
        model = JointTeamMember
        fields = ["user", "name", "role", "responsibilities", "authority", "is_ser_representative"]
        widgets = {
            "user": SearchableSelect,
            "responsibilities": forms.Textarea(attrs={"rows": 2}),
            "authority": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        self.fields["user"].queryset = User.objects.filter(memberships__organization=organization).order_by(
            "email"
        )
        self.fields["user"].label = _("Person from your organization")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Filled from the person when left empty.")


class ContributionForm(VersionedModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "description", "terms_of_use", "return_at_exit"]
        widgets = {
            "terms_of_use": forms.Textarea(attrs={"rows": 2}),
            "return_at_exit": forms.Textarea(attrs={"rows": 2}),
        }
