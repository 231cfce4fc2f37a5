from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "accord.plans"
    label = "plans"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.plans.api import router

        registry.urls("accord.plans.urls")
        registry.api_router(router)
