from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "accord.organizations"
    label = "organizations"
