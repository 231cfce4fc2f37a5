from django.urls import path

from accord.objectives import views
from accord.objectives.registers import joint, objectives, shared

app_name = "objectives"
urlpatterns = [
    # Own objectives (private) and sharing one into a joint space.
    path("o/<slug:org>/objectives/share/", views.share, name="share"),
    *objectives.urls(),
    # The joint objectives process of a collaboration.
    path("c/<id:collaboration>/objectives/", views.joint_process, name="joint_process"),
    path("c/<id:collaboration>/objectives/align/", views.alignment, name="alignment"),
    path("c/<id:collaboration>/objectives/joint/<id:pk>/agree/", views.joint_agree, name="joint_agree"),
    path("c/<id:collaboration>/objectives/joint/<id:pk>/unagree/", views.joint_unagree, name="joint_unagree"),
    *shared.urls(),
    *joint.urls(),
]
