from django.urls import path

from accord.meetings import views
from accord.meetings.registers import decisions, meetings

app_name = "meetings"
base = "c/<id:collaboration>/meetings/<id:pk>/"
urlpatterns = [
    *meetings.urls(),
    path(base, views.meeting, name="meeting"),
    path(f"{base}decisions/", views.meeting_decision, name="meeting_decision"),
    path(f"{base}actions/", views.meeting_action, name="meeting_action"),
    path(f"{base}attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(f"{base}meeting.ics", views.meeting_ics_download, name="meeting_ics"),
    path(f"{base}minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    *decisions.urls(),
]
