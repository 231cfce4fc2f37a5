from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "accord.risks"
    label = "risks"

    def ready(self) -> None:
        pass
