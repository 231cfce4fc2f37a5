from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "accord.assessments"
    label = "assessments"

    def ready(self) -> None:
        from accord.actions.sources import action_source
        from accord.assessments import demo, models, plugins
        from accord.assessments.registers import joint_campaigns, own_campaigns
        from accord.core.registry import COLLABORATION, ORG, Card, registry

        registry.urls("accord.assessments.urls")
        registry.api_router("accord.assessments.api.router")
        registry.nav(ORG, _("Assessments"), "assessments:own_campaigns", order=850)
        registry.nav(COLLABORATION, _("Assessments"), "assessments:joint_campaigns", order=650)

        # History exports: campaigns and imported questionnaires only. Respondents and answers
        # are in no export, private or joint (nobody sees another person's answers).
        registry.register(own_campaigns)
        registry.register(joint_campaigns)
        registry.history(ORG, models.AssessmentTemplate)

        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={
                "capability_assessed": _("your capability self-assessment (enough people answered)"),
                "values_compatibility": _(
                    "the compatibility check of vision and values (results of two parties)"
                ),
                "relationship_survey": _(
                    "a trust pulse or health check with results in the last four months"
                ),
            },
        )
        registry.card(
            ORG, Card("assessments.waiting", "assessments/_card_waiting.html", plugins.waiting_card, order=25)
        )
        registry.card(
            COLLABORATION,
            Card("assessments.pulse", "assessments/_card_pulse.html", plugins.pulse_card, order=60),
        )
        for source in plugins.SOURCES:
            registry.plan_source(source)
        action_source("assessment", _("Assessment"), plugins.action_url)

        registry.demo("assessments", demo.run, order=280)
        registry.demo_logins(demo.LOGINS)
        registry.bench("assessments", demo.bench, order=280)
