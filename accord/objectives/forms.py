"""Forms of the objectives pages: they validate input only, services persist."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Collaboration
from accord.core.forms import VersionedModelForm
from accord.core.widgets import SearchableSelect
from accord.objectives.models import TITLE_MAX, JointObjective, Objective, Relation, SharedObjective
from accord.relationships.models import Relationship


class ObjectiveForm(VersionedModelForm):
    class Meta:
        model = Objective
        fields = [
            "title",
            "rationale",
            "desired_outcome",
            "priority",
            "benefits",
            "risks",
            "owner",
            "due_date",
            "status",
            "relationship",
        ]
        widgets = {
            # The register may hold hundreds of entries, the firm dozens of people.
            "relationship": SearchableSelect,
            "owner": SearchableSelect,
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "desired_outcome": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "risks": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.accounts.models import User

        self.fields["owner"].queryset = User.objects.filter(memberships__organization=organization).order_by(
            "email"
        )
        self.fields["owner"].label_from_instance = lambda u: u.display_name
        self.fields["relationship"].queryset = Relationship.objects.in_scope(organization).order_by(
            "counterpart_name"
        )
        self.fields["relationship"].empty_label = _("Overall (the business as a whole)")


class SharedObjectiveForm(VersionedModelForm):
    class Meta:
        model = SharedObjective
        fields = ["title", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}


class JointObjectiveForm(VersionedModelForm):
    class Meta:
        model = JointObjective
        fields = ["title", "description", "desired_outcome", "measure_of_success", "due_date", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "desired_outcome": forms.Textarea(attrs={"rows": 2}),
            "measure_of_success": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "status": _(
                "A joint objective becomes “agreed” when every party has agreed it; changing what it "
                "says asks every party to agree again."
            )
        }


class ShareForm(forms.Form):
    """Share one of the organization's objectives into one of its collaborations: the title
    and rationale shown to the partners are edited here; nothing else is copied."""

    objective = forms.ModelChoiceField(queryset=Objective.unscoped.none(), label=_("Objective"))
    collaboration = forms.ModelChoiceField(
        queryset=Collaboration.objects.none(), label=_("Share with the collaboration")
    )
    title = forms.CharField(label=_("Title the partners see"), max_length=TITLE_MAX)
    rationale = forms.CharField(
        label=_("Why it matters to us, as the partners will read it"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Only this title and this text are shared. Your private rationale, benefits, risks and "
            "the rest of the objective stay in your organization."
        ),
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.in_scope(organization).order_by("title", "id")
        self.fields["collaboration"].queryset = Collaboration.objects.for_organization(organization).order_by(
            "name", "id"
        )


class AlignmentForm(forms.Form):
    """One party's marks of one of its shared objectives against each joint objective: a
    relation (or none) and a note per joint objective."""

    def __init__(
        self, *args: Any, joints: list[JointObjective], current: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.joints = joints
        choices = [("", _("Not marked")), *Relation.choices]
        for joint in joints:
            mark = current.get(joint.pk)
            self.fields[f"relation_{joint.pk}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=_("Relation to “%(joint)s”") % {"joint": joint.title},
                initial=mark.relation if mark else "",
            )
            self.fields[f"note_{joint.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 1}),
                required=False,
                max_length=2000,
                label=_("Note on “%(joint)s”") % {"joint": joint.title},
                initial=mark.note if mark else "",
            )

    def mark(self, joint: JointObjective) -> tuple[str, str]:
        return self.cleaned_data[f"relation_{joint.pk}"], self.cleaned_data[f"note_{joint.pk}"]

    def rows(self) -> list[tuple[JointObjective, Any, Any]]:
        return [(j, self[f"relation_{j.pk}"], self[f"note_{j.pk}"]) for j in self.joints]
