from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "accord.reminders"
    label = "reminders"

    def ready(self) -> None:
        from accord.core.registry import registry

        registry.urls("accord.reminders.urls")
