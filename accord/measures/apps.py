from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "accord.measures"
    label = "measures"
