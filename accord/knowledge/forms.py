from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Collaboration, Party, PartyStatus
from accord.core.forms import VersionedModelForm
from accord.knowledge.models import Access, CommunicationItem, JointDocument, KnowledgeItem, Lesson

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return obj.organization.name


class PartiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return obj.organization.name


def active_parties(collaboration: Collaboration) -> Any:
    return (
        Party.objects.in_scope(collaboration)
        .filter(status=PartyStatus.ACTIVE)
        .select_related("organization")
        .order_by("joined_at", "id")
    )


class PartyFormMixin:
    party_fields: tuple[str, ...] = ()

    def _parties(self, collaboration: Collaboration | None) -> None:
        if collaboration is None:
            return
        for name in self.party_fields:
            self.fields[name].queryset = active_parties(collaboration)  # type: ignore[attr-defined]


class KnowledgeItemForm(PartyFormMixin, VersionedModelForm):
    party_fields = ("owner_party", "ip_owner_party")
    owner_party = PartyChoiceField(queryset=Party.unscoped.none(), required=False, label=_("owner party"))
    ip_owner_party = PartyChoiceField(queryset=Party.unscoped.none(), required=False, label=_("IP owned by"))

    class Meta:
        model = KnowledgeItem
        fields = [
            "title",
            "description",
            "category",
            "conditions",
            "owner_party",
            "confidentiality",
            "jointly_created",
            "ip_owner",
            "ip_owner_party",
            "at_exit",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "at_exit": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parties(collaboration)


class CommunicationForm(PartyFormMixin, VersionedModelForm):
    party_fields = ("owner_party",)
    owner_party = PartyChoiceField(queryset=Party.unscoped.none(), required=False, label=_("owner party"))

    class Meta:
        model = CommunicationItem
        fields = ["audience", "message", "channel", "frequency", "owner_party", "owner_person"]
        widgets = {"message": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parties(collaboration)


class LessonForm(VersionedModelForm):
    class Meta:
        model = Lesson
        fields = ["what_happened", "lesson", "stage", "principle", "recorded_on"]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "lesson": forms.Textarea(attrs={"rows": 3}),
            "recorded_on": DATE,
        }


class UploadForm(forms.Form):
    """A new document: the file, its title and who may see it."""

    file = forms.FileField(label=_("file"), required=False)
    title = forms.CharField(
        label=_("title"), max_length=200, required=False, help_text=_("The file's name if left empty.")
    )
    description = forms.CharField(
        label=_("description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    access = forms.ChoiceField(label=_("who may see it"), choices=Access.choices, initial=Access.ALL)
    parties = PartiesField(
        queryset=Party.unscoped.none(),
        required=False,
        label=_("named parties"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “named parties”: the other parties that may see it."),
    )

    def __init__(
        self,
        *args: Any,
        collaboration: Collaboration | None = None,
        party: Party | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if collaboration is None:
            # In the organization's own space: private, no parties.
            del self.fields["access"]
            del self.fields["parties"]
        else:
            queryset = active_parties(collaboration)
            if party is not None:
                queryset = queryset.exclude(pk=party.pk)
            self.fields["parties"].queryset = queryset


class VersionForm(forms.Form):
    file = forms.FileField(label=_("new version"), required=False)
    note = forms.CharField(label=_("what changed"), max_length=300, required=False)


class DocumentForm(VersionedModelForm):
    """Title, description and (joint documents) who may see it."""

    parties = PartiesField(
        queryset=Party.unscoped.none(),
        required=False,
        label=_("named parties"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        collaboration: Collaboration | None = None,
        party: Party | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if "access" in self.fields:
            self.fields["access"].choices = [
                (Access.ALL, Access.ALL.label),
                (Access.NAMED, Access.NAMED.label),
            ]
        if collaboration is not None and "parties" in self.fields:
            queryset = active_parties(collaboration)
            if party is not None:
                queryset = queryset.exclude(pk=party.pk)
            self.fields["parties"].queryset = queryset


class JointDocumentForm(DocumentForm):
    class Meta:
        model = JointDocument
        fields = ["title", "description", "access", "parties"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
