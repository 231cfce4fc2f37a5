from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "accord.actions"
    label = "actions"

    def ready(self) -> None:
        from accord.actions import plugins

        plugins.install()
