from django.urls import path

from accord.value import views
from accord.value.registers import REGISTERS

app_name = "value"
urlpatterns = [
    path("c/<id:collaboration>/value/", views.overview, name="overview"),
    # The initiative's own page and what each party records on it.
    path("c/<id:collaboration>/value/initiatives/<id:pk>/", views.initiative_detail, name="initiative"),
    path(
        "c/<id:collaboration>/value/initiatives/<id:pk>/status/",
        views.initiative_status,
        name="initiative_status",
    ),
    path("c/<id:collaboration>/value/initiatives/<id:pk>/expected/", views.estimate_set, name="estimate"),
    path(
        "c/<id:collaboration>/value/initiatives/<id:pk>/expected/delete/",
        views.estimate_delete,
        name="estimate_delete",
    ),
    path(
        "c/<id:collaboration>/value/initiatives/<id:pk>/realised/",
        views.realisation_add,
        name="realisation_add",
    ),
    # The registers: initiatives, definitions of value, expected and realised values.
    *(pattern for register in REGISTERS for pattern in register.urls()),
]
