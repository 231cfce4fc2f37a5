from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "accord.collaborations"
    label = "collaborations"
