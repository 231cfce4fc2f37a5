from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "accord.plans"
    label = "plans"
