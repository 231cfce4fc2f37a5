from django.urls import path

from accord.collaborations import views

app_name = "collaborations"
urlpatterns = [
    path("o/<slug:org>/collaborations/", views.collaboration_list, name="list"),
    path("o/<slug:org>/collaborations/new/", views.collaboration_create, name="create"),
    path("invitations/collaboration/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("c/<id:collaboration>/", views.collaboration_overview, name="overview"),
    path("c/<id:collaboration>/edit/", views.collaboration_edit, name="edit"),
    path("c/<id:collaboration>/invite/", views.collaboration_invite, name="invite"),
    path(
        "c/<id:collaboration>/invitations/<id:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("c/<id:collaboration>/ser/", views.party_ser, name="party_ser"),
    path("c/<id:collaboration>/leave/", views.party_leave, name="leave"),
    path("c/<id:collaboration>/history.csv", views.history_export, name="history_export"),
]
