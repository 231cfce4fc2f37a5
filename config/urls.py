"""The site's URLs: each app's pages, as the apps declared them (``accord.core.registry``),
and the API."""

from django.urls import include, path

import accord.core.converters  # noqa: F401  (registers the "id" path converter)
from accord.core.registry import registry
from accord.organizations.views import home
from config.api import api

urlpatterns = [
    path("", home, name="home"),
    *(path(prefix, include(module)) for prefix, module in registry.url_modules()),
    path("api/v1/", api.urls),
]
