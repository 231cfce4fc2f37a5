from django.urls import path

from accord.reminders import views

app_name = "reminders"
urlpatterns = [path("account/reminders/", views.preferences, name="preferences")]
