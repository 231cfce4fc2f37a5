from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExitsConfig(AppConfig):
    name = "accord.exits"
    label = "exits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accord.actions.sources import action_source
        from accord.collaborations import services as collaboration_services
        from accord.core.registry import COLLABORATION, ORG, Card, PlanSource, registry
        from accord.exits import demo, models, plugins, services
        from accord.exits.tasks import run_exits_task

        # Exits whose date has come are carried out within the hour by the worker.
        registry.periodic(run_exits_task, minutes=60)
        from accord.exits.registers import assets, steps, triggers

        registry.urls("accord.exits.urls")
        registry.api_router("accord.exits.api.router")

        for register in (triggers, steps, assets):
            registry.register(register)
        # Joint records go into the joint history export (and a leaving party's copy);
        # private ones into the organization's only.
        for model in (
            models.ExitStrategy,
            models.ExitActivation,
            models.PostExitReview,
            models.GateConfirmation,
            models.StageOverride,
        ):
            registry.history(COLLABORATION, model)
        for model in (models.ContingencyPlan, models.ExitCopy, models.OrgGateConfirmation):
            registry.history(ORG, model)

        registry.nav(COLLABORATION, _("Exit"), "exits:strategy", order=900)
        registry.nav(COLLABORATION, _("Stages"), "exits:stages", order=150)
        registry.nav(ORG, _("Readiness"), "exits:readiness", order=900)
        registry.nav(ORG, _("Exits"), "exits:org_exits", order=910)

        registry.card(COLLABORATION, Card("exits.triggers", "exits/_card.html", plugins.exit_card, order=50))
        registry.card(
            COLLABORATION, Card("exits.stage", "exits/_stage_card.html", plugins.stage_card, order=20)
        )

        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={
                "exit_considered": _("the exit strategy (written, or triggers agreed)"),
                "exit_trigger_confirmed": _("the exit activation (trigger and date recorded)"),
                "exit_continuity": _("the exit activation and the continuity plan or transition steps"),
                "exit_assets_handled": _("the exit activation and the assets, IP and data (all marked done)"),
                "exit_lessons": _("the post-exit reviews (lessons recorded)"),
            },
        )
        registry.plan_source(
            PlanSource(
                kind="jrmp",
                section="exit",
                key="exit_strategy",
                load=plugins.jrmp_load,
                lines=plugins.jrmp_lines,
                template="exits/_plan_source.html",
            )
        )
        action_source("exit_step", _("Exit step"), plugins.step_url)
        if services.stage_guard not in collaboration_services.STAGE_GUARDS:
            collaboration_services.STAGE_GUARDS.append(services.stage_guard)

        registry.reminder("exit_upcoming", _("An exit is a week away"), plugins.exit_reminders)
        registry.demo("exits", demo.run, order=290)
