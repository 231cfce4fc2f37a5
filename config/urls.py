from django.urls import include, path

import accord.core.converters  # noqa: F401  (registers the "id" path converter)
from accord.organizations.views import home
from config.api import api

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accord.accounts.urls")),
    path("", include("accord.organizations.urls")),
    path("", include("accord.relationships.urls")),
    path("", include("accord.collaborations.urls")),
    path("", include("accord.guidance.urls")),
    path("", include("accord.plans.urls")),
    path("api/v1/", api.urls),
]
