from django.urls import path

from accord.actions import views
from accord.actions.registers import joint_actions, own_actions

app_name = "actions"
urlpatterns = [
    path("me/actions/", views.my_actions, name="mine"),
    *joint_actions.urls(),
    *own_actions.urls(),
]
