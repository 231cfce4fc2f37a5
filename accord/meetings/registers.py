"""Meetings and the decision log, built with the register kit. Times are stored in UTC and
shown in the viewer's organization's time zone, labelled."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.actions.forms import DATE
from accord.core.errors import ApplicationError
from accord.core.registers import Column, Register
from accord.meetings import services, zones
from accord.meetings.forms import DecisionForm, MeetingForm
from accord.meetings.models import Decision, Meeting


def _when(moment: datetime.datetime | None, organization: Any = None) -> str:
    if moment is None:
        return ""
    return (
        f"{date_format(zones.local(moment, organization), 'DATETIME_FORMAT')} {zones.zone_name(organization)}"
    )


# --- schemas ---------------------------------------------------------------------------------


# --- filters ---------------------------------------------------------------------------------


def _when_filter(queryset: Any, name: str, value: Any) -> Any:
    now = timezone.now()
    if value == "upcoming":
        return queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    if value == "past":
        return queryset.filter(ends_at__lt=now)
    return queryset


class MeetingFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method=_when_filter,
        label=_("When"),
        empty_label=_("All meetings"),
    )

    forum = django_filters.ModelChoiceFilter(queryset=None, label=_("Forum"), empty_label=_("All forums"))

    class Meta:
        model = Meeting
        fields = ["when", "forum"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        forums = (
            apps.get_model("governance", "Forum")
            .objects.in_scope(request.scope.collaboration)
            .order_by("name")
        )
        self.filters["forum"].queryset = forums
        self.form.fields["forum"].queryset = forums


class DecisionFilter(django_filters.FilterSet):
    """By meeting (``?meeting=<id>``, linked from a meeting's page) and by date; the search box
    reads the decisions' text and the meetings' titles."""

    meeting = django_filters.NumberFilter(field_name="meeting_id", widget=forms.HiddenInput)
    decided_from = django_filters.DateFilter(
        field_name="decided_at", lookup_expr="date__gte", label=_("From"), widget=DATE
    )
    decided_to = django_filters.DateFilter(
        field_name="decided_at", lookup_expr="date__lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = Decision
        fields = ["meeting", "decided_from", "decided_to"]


# --- registers -------------------------------------------------------------------------------


def _forum_data(scope: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "forum_id" in data:
        pk = data.pop("forum_id")
        forum = None
        if pk is not None:
            model = apps.get_model("governance", "Forum")
            forum = model.objects.in_scope(scope.collaboration).filter(pk=pk).first()
            if forum is None:
                raise ApplicationError(_("Choose a forum of this collaboration."), field="forum_id")
        data["forum"] = forum
    return data


class MeetingRegister(Register):
    model = Meeting
    scope = "collaboration"
    app, name, path = "meetings", "meetings", "meetings"
    api_path, api_id = "meetings", "meeting_id"
    title = _("Meetings")
    item_label = _("meeting")
    empty_text = _(
        "No meetings yet. Schedule the meetings of your governance forums here: agenda, who "
        "attended from each party, minutes, decisions and actions."
    )
    form = MeetingForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("forum", label=_("Forum"), value=lambda m: m.forum.name if m.forum_id else ""),
        Column("starts_at", label=_("When"), sort="starts_at"),
        Column("location"),
    ]
    select_related = ["forum"]
    filterset = MeetingFilter
    search_fields = ["title", "agenda", "minutes", "location"]
    ordering = ["-starts_at", "-id"]
    guidance = "meetings.list"
    list_template = "meetings/meeting_list.html"
    schema_out, schema_in = "accord.meetings.schemas.MeetingOut", "accord.meetings.schemas.MeetingIn"

    @property
    def fields(self) -> list[str]:  # type: ignore[override]
        return services.meeting_fields()

    @property
    def sample(self) -> dict[str, Any]:  # type: ignore[override]
        start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
        return {
            "title": "Joint management team",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
        }

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).defer("minutes", "agenda")

    def cell(self, column: Column, obj: Any) -> Any:
        if column.name == "starts_at":
            return _when(obj.starts_at)
        return super().cell(column, obj)

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse("meetings:meeting", args=[scope.collaboration.pk, obj.pk])

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration, "organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Meeting:
        return services.meeting_create(collaboration=scope.collaboration, data=data, user=user)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.meeting_update(meeting=obj, data=data, expected_version=version, user=user)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.meeting_delete(meeting=obj, user=user)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        return _forum_data(scope, data)

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        from accord.meetings.selectors import upcoming

        return {
            "upcoming": upcoming(scope.collaboration, limit=5),
            "zone_name": zones.zone_name(scope.organization),
            "decisions_url": reverse("meetings:decisions", args=[scope.collaboration.pk]),
        }


class DecisionRegister(Register):
    model = Decision
    scope = "collaboration"
    app, name, path = "meetings", "decisions", "decisions"
    api_path, api_id = "decisions", "decision_id"
    title = _("Decision log")
    item_label = _("decision")
    empty_text = _("No decisions yet: record them on the meeting's page as they are taken.")
    fields = ["meeting", "text", "decided_at"]
    form = DecisionForm
    columns = [
        Column("decided_at", label=_("Decided"), value=lambda d: _when(d.decided_at), sort="decided_at"),
        Column("text", link=True),
        Column("meeting", label=_("Meeting"), value=lambda d: d.meeting.title, sort="meeting__starts_at"),
    ]
    filterset = DecisionFilter
    search_fields = ["text", "meeting__title"]
    select_related = ["meeting"]
    ordering = ["-decided_at", "-id"]
    guidance = "meetings.decisions"
    schema_out, schema_in = "accord.meetings.schemas.DecisionOut", "accord.meetings.schemas.MeetingDecisionIn"

    @property
    def sample(self) -> dict[str, Any]:  # type: ignore[override]
        return {"text": "We meet monthly", "meeting_title": "Kick-off"}

    def queryset(self, scope: Any) -> Any:
        return super().queryset(scope).defer("meeting__agenda", "meeting__minutes")

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return (
            reverse("meetings:meeting", args=[scope.collaboration.pk, obj.meeting_id]) + f"#decision-{obj.pk}"
        )

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration, "organization": scope.organization}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Decision:
        meeting = data.get("meeting")
        if meeting is None and "meeting_title" in data:  # the scope test's sample
            start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
            meeting = services.meeting_create(
                collaboration=scope.collaboration,
                data={
                    "title": data["meeting_title"],
                    "starts_at": start,
                    "ends_at": start + datetime.timedelta(hours=1),
                },
            )
        if meeting is None or meeting.collaboration_id != scope.collaboration.pk:
            raise ApplicationError(_("Choose a meeting of this collaboration."), field="meeting")
        return services.decision_create(
            meeting=meeting, text=data.get("text", ""), decided_at=data.get("decided_at")
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data = {k: v for k, v in data.items() if k in services.DECISION_FIELDS}
        if data.get("decided_at", True) is None:
            data["decided_at"] = obj.meeting.starts_at
        return services.decision_update(decision=obj, data=data, expected_version=version)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "meeting_id" in data:
            meeting = Meeting.objects.in_scope(scope.collaboration).filter(pk=data.pop("meeting_id")).first()
            if meeting is None:
                raise ApplicationError(_("Choose a meeting of this collaboration."), field="meeting_id")
            data["meeting"] = meeting
        return data


meetings = MeetingRegister()
decisions = DecisionRegister()
