from django.urls import path

from accord.measures import views
from accord.measures.registers import actions, joint_measures, own_measures, reviews

app_name = "measures"
urlpatterns = [
    # Before the registers' own routes, so "upload" is never read as a record id.
    path("c/<id:collaboration>/measures/upload/", views.joint_measures_upload, name="joint_measures_upload"),
    path("o/<slug:org>/own-measures/upload/", views.own_measures_upload, name="own_measures_upload"),
    *joint_measures.urls(),
    path("c/<id:collaboration>/measures/<id:pk>/", views.joint_measure, name="joint_measure"),
    path(
        "c/<id:collaboration>/measures/<id:pk>/values/", views.joint_measure_value, name="joint_measure_value"
    ),
    path(
        "c/<id:collaboration>/measures/<id:pk>/values/delete/",
        views.joint_measure_value_delete,
        name="joint_measure_value_delete",
    ),
    *own_measures.urls(),
    path("o/<slug:org>/own-measures/<id:pk>/", views.own_measure, name="own_measure"),
    path("o/<slug:org>/own-measures/<id:pk>/values/", views.own_measure_value, name="own_measure_value"),
    path(
        "o/<slug:org>/own-measures/<id:pk>/values/delete/",
        views.own_measure_value_delete,
        name="own_measure_value_delete",
    ),
    *reviews.urls(),
    path("c/<id:collaboration>/reviews/<id:pk>/", views.review, name="review"),
    path("c/<id:collaboration>/reviews/<id:pk>/close/", views.review_close, name="review_close"),
    path("c/<id:collaboration>/reviews/<id:pk>/reopen/", views.review_reopen, name="review_reopen"),
    *actions.urls(),
    path(
        "c/<id:collaboration>/improvement-actions/<id:pk>/status/", views.action_status, name="action_status"
    ),
]
