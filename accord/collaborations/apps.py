from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "accord.collaborations"
    label = "collaborations"

    def ready(self) -> None:
        from accord.collaborations import demo
        from accord.collaborations.models import Collaboration, Party
        from accord.collaborations.selectors import gate_answers
        from accord.core.registry import COLLABORATION, registry

        registry.urls("accord.collaborations.urls")
        registry.api_router("accord.collaborations.api.router")

        registry.history(
            COLLABORATION, Collaboration, records=lambda c: Collaboration.history.filter(id=c.pk)
        )
        registry.history(COLLABORATION, Party)
        registry.gate_checks(["ser_named"], gate_answers, evidence={"ser_named": _("the parties' SERs")})

        registry.nav(COLLABORATION, _("Overview"), "collaborations:overview", order=100)

        from accord.collaborations.steps import STEPS

        for step in STEPS:
            registry.next_step(step)

        registry.demo("collaborations", demo.demo, order=30)
        registry.bench("collaborations", demo.bench, order=30)
