from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "accord.relationships"
    label = "relationships"

    def ready(self) -> None:
        from accord.core.registry import ORG, registry
        from accord.relationships import demo
        from accord.relationships.models import Relationship, Score, SegmentationCriterion

        registry.urls("accord.relationships.urls")
        registry.api_router("accord.relationships.api.router")

        registry.history(ORG, Relationship)
        registry.history(ORG, SegmentationCriterion)
        registry.history(ORG, Score)

        registry.nav(ORG, _("Segmentation criteria"), "relationships:criteria", order=400)

        registry.demo("relationships", demo.demo, order=20)
        registry.bench("relationships", demo.bench, order=20)
