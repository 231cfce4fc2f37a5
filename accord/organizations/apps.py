from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "accord.organizations"
    label = "organizations"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.organizations.api import router

        registry.urls("accord.organizations.urls")
        registry.api_router(router)
