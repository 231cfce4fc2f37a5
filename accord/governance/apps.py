from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"

    def ready(self) -> None:
        pass
