from django.urls import path

from accord.collaborations import views

app_name = "collaborations"
urlpatterns = [
    path("o/<slug:org>/collaborations/", views.collaboration_list, name="list"),
    path("o/<slug:org>/collaborations/new/", views.collaboration_create, name="create"),
    path("invitations/collaboration/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("c/<int:collaboration>/", views.collaboration_overview, name="overview"),
    path("c/<int:collaboration>/edit/", views.collaboration_edit, name="edit"),
    path("c/<int:collaboration>/invite/", views.collaboration_invite, name="invite"),
    path(
        "c/<int:collaboration>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<int:collaboration>/ser/", views.party_ser, name="party_ser"),
    path("c/<int:collaboration>/leave/", views.party_leave, name="leave"),
]
