from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "accord.guidance"
    label = "guidance"

    def ready(self) -> None:
        from accord.core.registry import registry

        registry.urls("accord.guidance.urls")
