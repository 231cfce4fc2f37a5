from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"

    def ready(self) -> None:
        from accord.meetings import plugins

        plugins.install()
