from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "accord.collaborations"
    label = "collaborations"

    def ready(self) -> None:
        from accord.collaborations.api import router
        from accord.collaborations.models import Collaboration, Party
        from accord.core.registry import COLLABORATION, registry

        registry.urls("accord.collaborations.urls")
        registry.api_router(router)

        registry.history(
            COLLABORATION, Collaboration, records=lambda c: Collaboration.history.filter(id=c.pk)
        )
        registry.history(COLLABORATION, Party)
