from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "accord.risks"
    label = "risks"

    def ready(self) -> None:
        from accord.risks import plugins

        plugins.install()
