from django.urls import path

from accord.organizations import views

app_name = "organizations"
urlpatterns = [
    path("organizations/new/", views.organization_create, name="create"),
    path("invitations/member/<str:token>/", views.member_invitation_accept, name="invitation_accept"),
    path("o/<slug:org>/", views.dashboard, name="dashboard"),
    path("o/<slug:org>/profile/", views.profile, name="profile"),
    path("o/<slug:org>/profile/edit/", views.profile_edit, name="profile_edit"),
    path("o/<slug:org>/two-factor/", views.two_factor_policy, name="two_factor_policy"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("o/<slug:org>/members/invite/", views.member_invite, name="member_invite"),
    path("o/<slug:org>/members/<id:pk>/role/", views.member_role, name="member_role"),
    path("o/<slug:org>/members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "o/<slug:org>/invitations/<id:pk>/revoke/",
        views.member_invitation_revoke,
        name="member_invitation_revoke",
    ),
    path("o/<slug:org>/history.csv", views.history_export, name="history_export"),
]
