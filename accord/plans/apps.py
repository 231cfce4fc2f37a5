from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "accord.plans"
    label = "plans"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, ORG, registry
        from accord.plans import models, selectors
        from accord.plans.api import router

        registry.urls("accord.plans.urls")
        registry.api_router(router)

        registry.gate_checks(
            selectors.GATE_KEYS,
            selectors.gate_answers,
            evidence={
                "jrmp_approved": _("the joint plan's approvals"),
                "roles_assigned": _("the joint team"),
                "information_sharing": _("the joint plan's knowledge-sharing section"),
                "exit_in_jrmp": _("the joint plan's exit section"),
            },
        )

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
