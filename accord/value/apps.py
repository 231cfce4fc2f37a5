from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueConfig(AppConfig):
    name = "accord.value"
    label = "value"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, Card, PlanSource, registry
        from accord.value import plugins
        from accord.value.registers import REGISTERS

        registry.urls("accord.value.urls")
        registry.api_router("accord.value.api.router")
        registry.nav(COLLABORATION, _("Value"), "value:overview", order=500)
        # Registers join the joint space's history export (initiatives, definitions,
        # expected and realised values).
        for register in REGISTERS:
            registry.register(register)
        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={
                "value_defined": _("each party's definition of value"),
                "idea_register_in_use": _("the value register"),
                "benefits_tracked": _("the expected and realised values"),
            },
        )
        registry.card(
            COLLABORATION, Card("value.totals", "value/_card.html", plugins.collaboration_card, order=300)
        )
        registry.plan_source(
            PlanSource(
                kind="jrmp",
                section="value_creation",
                key="value_register",
                load=plugins.jrmp_load,
                lines=plugins.jrmp_lines,
                template="value/_plan_source.html",
                filled=plugins.jrmp_filled,
            )
        )
        from accord.value.demo import bench_step, demo_step

        registry.demo("value", demo_step, order=220)
        registry.bench("value", bench_step, order=220)
