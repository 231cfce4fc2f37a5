from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "accord.measures"
    label = "measures"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, ORG, Card, registry
        from accord.measures import demo, models, plugins
        from accord.measures.registers import actions, joint_measures, own_measures, reviews

        registry.urls("accord.measures.urls")
        registry.api_router("accord.measures.api.router")

        registry.nav(COLLABORATION, _("Measures"), "measures:joint_measures", order=600)
        registry.nav(COLLABORATION, _("Reviews"), "measures:reviews", order=610)
        registry.nav(ORG, _("Own measures"), "measures:own_measures", order=800)

        # History exports: the registers' models join them through registry.register(); the
        # values, which have no register of their own, are declared here.
        for register in (joint_measures, own_measures, reviews, actions):
            registry.register(register)
        registry.history(COLLABORATION, models.JointMeasureValue)
        registry.history(ORG, models.PrivateMeasureValue)

        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={
                "review_held": _("the joint reviews (one held in the last four months)"),
                "review_actions_closed": _("the improvement actions of the latest joint review"),
            },
        )
        registry.card(
            COLLABORATION, Card("measures.attention", "measures/_card.html", plugins.joint_card, order=40)
        )
        registry.card(
            ORG, Card("measures.own_attention", "measures/_card.html", plugins.private_card, order=60)
        )
        for source in plugins.SOURCES:
            registry.plan_source(source)

        from django.urls import reverse

        from accord.actions.sources import action_source

        action_source(
            "review",
            _("Joint review"),
            lambda a: (
                reverse("measures:review", args=[a.collaboration_id, a.source_id]) if a.source_id else None
            ),
        )

        registry.demo("measures", demo.run, order=240)
        registry.bench("measures", demo.bench, order=240)
