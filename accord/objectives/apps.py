from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "accord.objectives"
    label = "objectives"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, ORG, Card, PlanSource, registry
        from accord.objectives import demo, models, plugins
        from accord.objectives.registers import joint, objectives, shared

        registry.urls("accord.objectives.urls")
        registry.api_router("accord.objectives.api.router")

        # Registers: their models join the history exports (Objective: the organization's;
        # shared and joint objectives: the joint space's).
        registry.register(objectives)
        registry.register(shared)
        registry.register(joint)
        registry.history(ORG, models.ObjectiveShare)
        registry.history(COLLABORATION, models.JointObjectiveAgreement)
        registry.history(COLLABORATION, models.ObjectiveAlignment)

        registry.nav(ORG, _("Objectives"), "objectives:objectives", order=450)
        registry.nav(COLLABORATION, _("Joint objectives"), "objectives:joint_process", order=250)

        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={"joint_objectives": _("the joint objectives, agreed by every party")},
        )
        registry.card(ORG, Card("objectives.due", "objectives/_card_org.html", plugins.org_card, order=40))
        registry.card(
            COLLABORATION,
            Card(
                "objectives.joint",
                "objectives/_card_collaboration.html",
                plugins.collaboration_card,
                order=40,
            ),
        )
        registry.plan_source(
            PlanSource(
                kind="rmp",
                section="objectives",
                key="own_objectives",
                load=plugins.rmp_load,
                lines=plugins.rmp_lines,
                template="objectives/_source_rmp.html",
                count=plugins.rmp_count,
            )
        )
        registry.plan_source(
            PlanSource(
                kind="jrmp",
                section="objectives",
                key="joint_objectives",
                load=plugins.jrmp_load,
                lines=plugins.jrmp_lines,
                template="objectives/_source_jrmp.html",
                filled=plugins.jrmp_filled,
            )
        )
        registry.demo("objectives", demo.demo, order=200)
        registry.bench("objectives", demo.bench, order=200)
