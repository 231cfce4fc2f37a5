from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"

    def ready(self) -> None:
        from accord.actions.sources import action_source
        from accord.core.registry import COLLABORATION, Card, registry
        from accord.governance import demo, models, plugins, services
        from accord.governance.registers import REGISTERS

        registry.urls("accord.governance.urls")
        registry.api_router("accord.governance.api.router")

        registry.nav(COLLABORATION, _("Governance"), "governance:overview", order=650)
        registry.nav(COLLABORATION, _("Issues"), "governance:issues", order=660)
        registry.nav(COLLABORATION, _("Changes"), "governance:changes", order=670)

        for register in REGISTERS:
            registry.register(register)
        # Joint records without a register of their own.
        registry.history(COLLABORATION, models.RaciCell)
        registry.history(COLLABORATION, models.Escalation)
        registry.history(COLLABORATION, models.ChangeApproval)

        registry.gate_checks(
            plugins.GATE_KEYS,
            plugins.gate_answers,
            evidence={
                "governance_agreed": _("the forums (members named) and the decision rights"),
                "issue_resolution_defined": _("the escalation ladder (two levels at least)"),
                "issues_on_target": _("the issue log (no open issue past its level's target)"),
            },
        )
        registry.card(
            COLLABORATION, Card("governance.issues", "governance/_card.html", plugins.issues_card, order=35)
        )
        registry.card(
            COLLABORATION, Card("governance.changes", "governance/_card.html", plugins.changes_card, order=36)
        )
        for source in plugins.SOURCES:
            registry.plan_source(source)

        registry.on_parties_changed(services.changes_recheck)
        registry.reminder("agreement_renewal", _("Agreements due for renewal"), plugins.renewals_due)
        registry.reminder("issue_late", _("Issues past their escalation target"), plugins.late_issues_due)
        action_source("issue", _("Issue"), plugins._issue_url)

        registry.demo("governance", demo.run, order=250)
        registry.bench("governance", demo.bench, order=250)
