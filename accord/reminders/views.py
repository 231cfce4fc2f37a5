from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.core.forms import form_status
from accord.core.scoping import user_view
from accord.reminders import services
from accord.reminders.forms import PreferencesForm
from accord.reminders.models import ReminderPreference


@user_view
def preferences(request: HttpRequest) -> HttpResponse:
    """The person's e-mail reminders: each kind on or off, and the weekly digest."""
    preference = ReminderPreference.objects.filter(user=request.user).first()
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, kinds=services.kinds(), preference=preference
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user, on_kinds=form.on_kinds(), digest=form.cleaned_data["digest"]
        )
        messages.success(request, _("Reminder settings saved."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form}, status=form_status(form))
