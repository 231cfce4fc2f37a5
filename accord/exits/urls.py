from django.urls import path

from accord.exits import views
from accord.exits.registers import assets, steps, triggers

app_name = "exits"
JOINT = "c/<id:collaboration>/"
ORG = "o/<slug:org>/"
urlpatterns = [
    path(JOINT + "exit/", views.strategy_page, name="strategy"),
    path(JOINT + "exit/edit/", views.strategy_edit, name="strategy_edit"),
    path(JOINT + "exit/activate/", views.activate, name="activate"),
    path(JOINT + "exit/cancel/", views.activation_cancel, name="activation_cancel"),
    path(JOINT + "exit/review/", views.review, name="review"),
    *triggers.urls(),
    *steps.urls(),
    *assets.urls(),
    path(JOINT + "stages/", views.stages, name="stages"),
    path(JOINT + "stages/confirm/", views.stage_confirm, name="stage_confirm"),
    path(JOINT + "stages/revoke/", views.stage_revoke, name="stage_revoke"),
    path(JOINT + "stages/move/", views.stage_move, name="stage_move"),
    path(ORG + "exits/", views.org_exits, name="org_exits"),
    path(ORG + "exits/contingency/", views.contingency, name="contingency"),
    path(ORG + "stages/", views.org_stages, name="org_stages"),
    path(ORG + "stages/confirm/", views.org_stage_confirm, name="org_stage_confirm"),
    path(ORG + "stages/revoke/", views.org_stage_revoke, name="org_stage_revoke"),
    path(ORG + "readiness/", views.readiness, name="readiness"),
]
