from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedModelForm
from accord.organizations.models import Organization
from accord.relationships.models import SCORE_MAX, SCORE_MIN, Decision, Relationship, SegmentationCriterion


class RelationshipForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Relationship
        fields = ["counterpart_name", "kind", "status", "owner", "contacts", "notes"]
        widgets = {"contacts": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "status": _(
                "Current: you already work together. Future: a relationship you would like to have "
                "but have not started on. Approaching: you are in first contact (talks, a quote, a "
                "trial order) but not yet working together."
            )
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        self.fields["owner"].queryset = User.objects.filter(memberships__organization=organization).order_by(
            "email"
        )
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["version"].initial = self.instance.version

    def clean_tags(self) -> str:
        from accord.core.errors import ApplicationError
        from accord.relationships.services import tags_clean

        value = self.cleaned_data.get("tags", "")
        try:
            tags_clean(value.split(","))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        return value

    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class ScoresForm(forms.Form):
    """One 1–5 choice per criterion; empty leaves the criterion unscored."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args, criteria: list[SegmentationCriterion], initial_scores: dict[int, int], **kwargs
    ):
        super().__init__(*args, **kwargs)
        labels = {
            SCORE_MIN: _("%(n)s – low") % {"n": SCORE_MIN},
            SCORE_MAX: _("%(n)s – high") % {"n": SCORE_MAX},
        }
        choices = [("", _("— not scored —"))] + [
            (str(v), labels.get(v, str(v))) for v in range(SCORE_MIN, SCORE_MAX + 1)
        ]
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (×{criterion.weight})",
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=initial_scores.get(criterion.pk),
                help_text=criterion.description,
            )

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Is a collaborative approach appropriate?"), choices=Decision.choices, required=False
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and not cleaned.get("rationale", "").strip():
            self.add_error("rationale", _("Say why: the rationale is part of the decision."))
        return cleaned


class CriterionForm(VersionedModelForm):
    class Meta:
        model = SegmentationCriterion
        fields = ["name", "description", "weight", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, comma or semicolon separated, first row with column names.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
