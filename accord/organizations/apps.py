from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "accord.organizations"
    label = "organizations"

    def ready(self) -> None:
        from accord.core.registry import ORG, registry
        from accord.organizations.api import router
        from accord.organizations.models import Membership, Organization

        registry.urls("accord.organizations.urls")
        registry.api_router(router)

        registry.history(ORG, Organization, records=lambda org: Organization.history.filter(id=org.pk))
        registry.history(ORG, Membership)
