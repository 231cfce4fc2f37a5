from django.urls import path

from accord.relationships import views

app_name = "relationships"
urlpatterns = [
    path("o/<slug:org>/register/", views.relationship_list, name="list"),
    path("o/<slug:org>/register/new/", views.relationship_create, name="create"),
    path("o/<slug:org>/register/import/", views.relationship_import, name="import"),
    path("o/<slug:org>/register/export.csv", views.relationship_export, {"fmt": "csv"}, name="export_csv"),
    path("o/<slug:org>/register/export.xlsx", views.relationship_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("o/<slug:org>/register/<id:pk>/", views.relationship_detail, name="detail"),
    path("o/<slug:org>/register/<id:pk>/edit/", views.relationship_edit, name="edit"),
    path("o/<slug:org>/register/<id:pk>/delete/", views.relationship_delete, name="delete"),
    path("o/<slug:org>/register/<id:pk>/scores/", views.relationship_scores, name="scores"),
    path("o/<slug:org>/register/<id:pk>/decision/", views.relationship_decide, name="decide"),
    path("o/<slug:org>/portfolio/", views.matrix, name="matrix"),
    path("o/<slug:org>/criteria/", views.criteria, name="criteria"),
    path("o/<slug:org>/criteria/new/", views.criterion_create, name="criterion_create"),
    path("o/<slug:org>/criteria/<id:pk>/", views.criterion_edit, name="criterion_edit"),
    path("o/<slug:org>/criteria/<id:pk>/delete/", views.criterion_delete, name="criterion_delete"),
]
