"""The site's URLs: each app's pages, as the apps declared them (``accord.core.registry``),
and the API (loaded when first used)."""

from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern

import accord.core.converters  # noqa: F401  (registers the "id" path converter)
from accord.core.registry import registry
from accord.core.reversing import API_PATH
from accord.organizations.views import home


class LazyResolver(URLResolver):
    """An included URLconf named by its module, imported only when a request or a reversal is
    for one of its own URLs. Django's resolver walks every included URLconf the first time it
    reverses any URL; this one stays out of that walk until its module has been imported."""

    def _populate(self) -> None:
        if "urlconf_module" in self.__dict__:
            super()._populate()

    @property
    def reverse_dict(self):  # noqa: ANN201 - as URLResolver's
        self.urlconf_module  # noqa: B018 - imports it
        return super().reverse_dict

    @property
    def namespace_dict(self):  # noqa: ANN201
        self.urlconf_module  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self):  # noqa: ANN201
        self.urlconf_module  # noqa: B018
        return super().app_dict


urlpatterns = [
    path("", home, name="home"),
    *(path(prefix, include(module)) for prefix, module in registry.url_modules()),
    # The API is imported on its first request or the first reversal of one of its URLs, so a
    # process that serves pages never imports ninja, pydantic and the schemas (about 35 MB).
    LazyResolver(RoutePattern(API_PATH), "config.api_urls", app_name="ninja", namespace="api-1.0.0"),
]
