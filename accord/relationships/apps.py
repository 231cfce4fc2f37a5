from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "accord.relationships"
    label = "relationships"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.relationships.api import router

        registry.urls("accord.relationships.urls")
        registry.api_router(router)
