from django.apps import AppConfig


class ValueConfig(AppConfig):
    name = "accord.value"
    label = "value"
