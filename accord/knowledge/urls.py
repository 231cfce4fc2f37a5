from django.urls import path

from accord.knowledge import views
from accord.knowledge.registers import communication, joint_documents, knowledge_map, lessons, own_documents

app_name = "knowledge"

urlpatterns = [
    *knowledge_map.urls(),
    path("c/<id:collaboration>/knowledge/agree/", views.map_agree, name="map_agree"),
    *communication.urls(),
    *lessons.urls(),
    *joint_documents.urls(),
    path("c/<id:collaboration>/documents/<id:pk>/", views.document, name="document"),
    path("c/<id:collaboration>/documents/<id:pk>/version/", views.document_version, name="document_version"),
    path(
        "c/<id:collaboration>/documents/<id:pk>/download/", views.document_download, name="document_download"
    ),
    *own_documents.urls(),
    path("o/<slug:org>/documents/<id:pk>/", views.own_document, name="own_document"),
    path("o/<slug:org>/documents/<id:pk>/version/", views.own_document_version, name="own_document_version"),
    path(
        "o/<slug:org>/documents/<id:pk>/download/", views.own_document_download, name="own_document_download"
    ),
]
