from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "accord.collaborations"
    label = "collaborations"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.collaborations.api import router

        registry.urls("accord.collaborations.urls")
        registry.api_router(router)
