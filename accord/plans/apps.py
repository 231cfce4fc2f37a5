from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "accord.plans"
    label = "plans"

    def ready(self) -> None:
        from accord.core.registry import COLLABORATION, ORG, registry
        from accord.plans import models
        from accord.plans.api import router

        registry.urls("accord.plans.urls")
        registry.api_router(router)

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
