from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    name = "accord.objectives"
    label = "objectives"
