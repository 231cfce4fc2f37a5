from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "accord.reminders"
    label = "reminders"

    def ready(self) -> None:
        pass
