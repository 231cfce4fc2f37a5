from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from accord.actions.forms import DATE, PartyChoiceField, UserChoiceField, active_parties, party_users
from accord.core.forms import VersionedModelForm
from accord.meetings import zones
from accord.meetings.models import Attendance, Decision, Meeting

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the shown time zone (named in the label), stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, *args: Any, zone: Any = None, **kwargs: Any) -> None:
        self.zone = zone
        super().__init__(
            *args, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs
        )

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is not None and self.zone is not None:
            moment = moment.replace(tzinfo=None).replace(tzinfo=self.zone)
        return moment

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "astimezone") and getattr(value, "tzinfo", None) and self.zone is not None:
            value = value.astimezone(self.zone).replace(tzinfo=None)
        return super().prepare_value(value)


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "forum", "starts_at", "ends_at", "location", "link", "agenda", "minutes"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4}), "minutes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, collaboration: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = zones.zone(organization)
        for name, label in (("starts_at", _("Starts")), ("ends_at", _("Ends"))):
            self.fields[name] = LocalDateTimeField(
                zone=zone, label=f"{label} ({zones.zone_name(organization)})", required=True
            )
            if self.instance.pk:
                self.initial[name] = getattr(self.instance, name)
        forum = apps.get_model("governance", "Forum")
        self.fields["forum"].queryset = forum.objects.in_scope(collaboration).order_by("name")
        self.fields["forum"].required = False


class DecisionForm(VersionedModelForm):
    meeting = forms.ModelChoiceField(queryset=None, label=_("Meeting"))

    class Meta:
        model = Decision
        fields = ["meeting", "text", "decided_at"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, collaboration: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.in_scope(collaboration).order_by("-starts_at")
        self.fields["decided_at"] = LocalDateTimeField(
            zone=zones.zone(organization),
            label=f"{_('Decided at')} ({zones.zone_name(organization)})",
            required=False,
            help_text=_("Empty: when the meeting started."),
        )
        if self.instance.pk:
            self.fields["meeting"].disabled = True
            self.initial["decided_at"] = self.instance.decided_at


class InlineDecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class InlineActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner_party = PartyChoiceField(queryset=None, required=False, label=_("Owner party"))
    owner_user = UserChoiceField(queryset=None, required=False, label=_("Owner"))
    due_date = forms.DateField(required=False, label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, collaboration: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = active_parties(collaboration)
        self.fields["owner_user"].queryset = party_users(collaboration)


class AttendeeForm(forms.Form):
    """Add one of your own party's people: a member by account, or anyone by name."""

    user = UserChoiceField(queryset=None, required=False, label=_("Member"))
    name = forms.CharField(required=False, max_length=200, label=_("Or a name"))
    attendance = forms.ChoiceField(
        choices=Attendance.choices, initial=Attendance.PRESENT, label=_("Attendance")
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accord.actions.forms import org_users

        self.fields["user"].queryset = org_users(organization)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose a member or type a name."))
        return data


class MarkForm(forms.Form):
    attendee = forms.IntegerField(min_value=1)
    attendance = forms.ChoiceField(choices=[*Attendance.choices, ("remove", _("Remove"))])
