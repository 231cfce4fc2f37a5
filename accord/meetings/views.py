"""The meeting page (agenda, attendance per party, minutes, decisions, actions; add a
decision or an action inline; each party marks its own people) and its downloads: the
meeting as an .ics file and its minutes as PDF."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import ApplicationError
from accord.core.forms import form_status
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view
from accord.meetings import selectors, services, zones
from accord.meetings.forms import AttendeeForm, InlineActionForm, InlineDecisionForm, MarkForm
from accord.meetings.ics import meeting_ics
from accord.meetings.models import Attendee, Meeting
from accord.meetings.registers import meetings


def _meeting(scope: Any, pk: int) -> Meeting:
    meeting = Meeting.objects.in_scope(scope.collaboration).select_related("forum").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _page(request: HttpRequest, scope: Any, meeting: Meeting, **forms: Any) -> HttpResponse:
    can_edit = scope.can(Perm.EDIT)
    organization = scope.organization
    decision_form = forms.get("decision_form") or (InlineDecisionForm() if can_edit else None)
    action_form = forms.get("action_form") or (
        InlineActionForm(collaboration=scope.collaboration, initial={"owner_party": scope.party})
        if can_edit
        else None
    )
    attendee_form = forms.get("attendee_form") or (
        AttendeeForm(organization=organization) if can_edit else None
    )
    context = {
        "collaboration": scope.collaboration,
        "scope": scope,
        "meeting": meeting,
        "starts": zones.local(meeting.starts_at, organization),
        "ends": zones.local(meeting.ends_at, organization),
        "zone_name": zones.zone_name(organization),
        "attendance": selectors.attendance(meeting, scope.party),
        "decisions": selectors.decisions_of(meeting),
        "actions": selectors.actions_of(meeting),
        "can_edit": can_edit,
        "decision_form": decision_form,
        "action_form": action_form,
        "attendee_form": attendee_form,
        "edit_url": meetings.url(scope, "_edit", meeting.pk),
        "list_url": meetings.url(scope),
    }
    return render(request, "meetings/meeting_detail.html", context, status=form_status(*forms.values()))


def _back(scope: Any, meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("meetings:meeting", args=[scope.collaboration.pk, meeting.pk]) + anchor)


@collaboration_view(Perm.VIEW)
def meeting(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    return _page(request, scope, _meeting(scope, pk))


@collaboration_view(Perm.EDIT)
@require_POST
def meeting_decision(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    item = _meeting(scope, pk)
    form = InlineDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_create(meeting=item, text=form.cleaned_data["text"], user=request.user)
        except ApplicationError as error:
            form.add_error(None, error.message)
        except Exception as error:  # noqa: BLE001 (a model validation error, shown with the form)
            if not hasattr(error, "messages"):
                raise
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
            return _back(scope, item, "#decisions")
    return _page(request, scope, item, decision_form=form)


@collaboration_view(Perm.EDIT)
@require_POST
def meeting_action(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    item = _meeting(scope, pk)
    form = InlineActionForm(request.POST, collaboration=scope.collaboration)
    if form.is_valid():
        try:
            services.meeting_action_create(meeting=item, user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except Exception as error:  # noqa: BLE001
            if not hasattr(error, "messages"):
                raise
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Action added."))
            return _back(scope, item, "#actions")
    return _page(request, scope, item, action_form=form)


@collaboration_view(Perm.EDIT)
@require_POST
def meeting_attendance(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    """Add one of your own party's people, or mark one present, absent or invited."""
    item = _meeting(scope, pk)
    if "attendee" in request.POST:
        mark = MarkForm(request.POST)
        if mark.is_valid():
            person = (
                Attendee.objects.in_scope(scope.collaboration)
                .filter(meeting=item, party=scope.party, pk=mark.cleaned_data["attendee"])
                .first()
            )
            if person is None:
                raise Http404
            if mark.cleaned_data["attendance"] == "remove":
                services.attendee_remove(attendee=person, party=scope.party)
            else:
                services.attendee_mark(
                    attendee=person, party=scope.party, attendance=mark.cleaned_data["attendance"]
                )
            return _back(scope, item, "#attendance")
        form = AttendeeForm(request.POST, organization=scope.organization)
        form.is_valid()
        form.add_error(None, _("Choose present, absent or invited."))
        return _page(request, scope, item, attendee_form=form)
    form = AttendeeForm(request.POST, organization=scope.organization)
    if form.is_valid():
        try:
            services.attendee_add(
                meeting=item,
                party=scope.party,
                name=form.cleaned_data["name"],
                user=form.cleaned_data["user"],
                attendance=form.cleaned_data["attendance"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except Exception as error:  # noqa: BLE001
            if not hasattr(error, "messages"):
                raise
            form.add_error(None, " ".join(error.messages))
        else:
            return _back(scope, item, "#attendance")
    return _page(request, scope, item, attendee_form=form)


@collaboration_view(Perm.VIEW)
def meeting_ics_download(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    item = _meeting(scope, pk)
    url = request.build_absolute_uri(reverse("meetings:meeting", args=[scope.collaboration.pk, item.pk]))
    response = HttpResponse(
        meeting_ics(item, url=url, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(item.title)[:60] or "meeting"}.ics"'
    return response


@collaboration_view(Perm.VIEW)
def meeting_minutes_pdf(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
    from accord.meetings.documents import minutes_pdf

    item = _meeting(scope, pk)
    response = HttpResponse(minutes_pdf(item, scope, request), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(item.title)[:60] or "meeting"}-minutes.pdf"'
    )
    return response


# The scope test opens these pages with the sample meeting of the meetings register.
for _view in (
    meeting,
    meeting_decision,
    meeting_action,
    meeting_attendance,
    meeting_ics_download,
    meeting_minutes_pdf,
):
    _view.accord_register = meetings  # type: ignore[attr-defined]
