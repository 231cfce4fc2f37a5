from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "accord.exits"
    default_auto_field = "django.db.models.BigAutoField"
