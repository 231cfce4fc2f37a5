from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "accord.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from accord.knowledge import plugins

        plugins.install()
