from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "accord.plans"
    label = "plans"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, ORG, Card, NextStep, registry
        from accord.plans import demo, models, plugins, selectors, sources

        registry.urls("accord.plans.urls")
        registry.api_router("accord.plans.api.router")

        registry.nav(ORG, _("Relationship plan"), "plans:rmp_plan", order=500)
        registry.nav(ORG, _("Business cases"), "plans:business_cases", order=600)
        registry.nav(ORG, _("Resources"), "plans:resources", order=700)
        registry.nav(COLLABORATION, _("Joint plan"), "plans:jrmp_plan", order=200)
        registry.nav(COLLABORATION, _("Joint team"), "plans:jrmp_team", order=300)
        registry.nav(COLLABORATION, _("Contributions"), "plans:jrmp_contributions", order=400)

        registry.card(ORG, Card("plans.waiting", "plans/_card_waiting.html", plugins.waiting_card, order=10))
        registry.next_step(
            NextStep(
                _("Write and approve your relationship management plan"),
                "plans:rmp_plan",
                plugins.has_approved_plan,
                order=400,
            )
        )
        # Past the firm's own plan (the collaborations app adds the partner and the stages).
        registry.next_step(
            NextStep(
                _("Agree the joint plan with your partner"),
                "collaborations:list",
                plugins.has_approved_joint_plan,
                order=600,
            )
        )
        registry.next_step(
            NextStep(
                _("Agree early how the collaboration may end (the joint plan's exit section)"),
                "collaborations:list",
                plugins.has_joint_exit_strategy,
                order=650,
            )
        )

        for source in sources.PLANS_SOURCES:
            registry.plan_source(source)

        registry.gate_checks(
            selectors.GATE_KEYS,
            selectors.gate_answers,
            evidence={
                "jrmp_approved": _("the joint plan's approvals"),
                "roles_assigned": _("the joint team"),
                "exit_in_jrmp": _("the joint plan's exit section"),
            },
        )

        registry.demo("plans", demo.demo, order=40)

        # History exports (the order is the export's tie-break order).
        registry.history(ORG, models.RelationshipManagementPlanVersion)
        registry.history(ORG, models.BusinessCase)
        registry.history(COLLABORATION, models.JointPlanVersion)
        registry.history(COLLABORATION, models.JointPlanApproval)
        # The three registers (resources, joint team, contributions); registry.register()
        # below skips models already in a history export.
        registry.history(ORG, models.ResourceCommitment)
        registry.history(COLLABORATION, models.JointTeamMember)
        registry.history(COLLABORATION, models.Contribution)
        from accord.plans.registers import contributions, resources, team
        from accord.plans.services import jrmp_recheck_approval

        registry.on_parties_changed(jrmp_recheck_approval)

        for register in (resources, team, contributions):
            registry.register(register)
