from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "accord.organizations"
    label = "organizations"

    def ready(self) -> None:
        from accord.core.registry import ORG, registry
        from accord.organizations.models import Membership, Organization

        registry.urls("accord.organizations.urls")
        registry.api_router("accord.organizations.api.router")

        registry.history(ORG, Organization, records=lambda org: Organization.history.filter(id=org.pk))
        registry.history(ORG, Membership)

        registry.nav(ORG, _("Overview"), "organizations:dashboard", order=100)
        registry.nav(ORG, _("Profile"), "organizations:profile", order=200)
        registry.nav(ORG, _("Members"), "organizations:members", order=300)
