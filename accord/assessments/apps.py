from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "accord.assessments"
    label = "assessments"
