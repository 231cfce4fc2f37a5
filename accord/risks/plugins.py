"""What risks add to the shared pages: menus, cards (high risks, overdue reviews), the gate
check "Joint risk register in use?", the RMP's and the JRMP's risk sections, the action
source "risk" and the reminder kinds for risk reviews."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.registry import Due, PlanSource
from accord.risks import selectors
from accord.risks.models import REVIEW_DUE_DAYS, JointMitigation, JointRisk, OwnRisk, RiskBase

GATE_KEYS = {"joint_risk_register"}
CARD_LIMIT = 5


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``joint_risk_register``: the joint register holds an active risk with an owner and a
    review date (one query)."""
    in_use = (
        JointRisk.objects.in_scope(collaboration)
        .active()
        .filter(review_date__isnull=False)
        .exclude(owner_party__isnull=True, owner_user__isnull=True)
        .exists()
    )
    return {"joint_risk_register": in_use}


def _card(owner: Any, list_url: str, heat_url: str, title: str) -> dict[str, Any] | None:
    data = selectors.attention(owner, limit=CARD_LIMIT)
    if data is None:
        return None
    return {
        **data,
        "title": title,
        "list_url": list_url,
        "heat_url": heat_url,
        "overdue_url": list_url + "?overdue_review=true",
        "detail_base": list_url,
    }


def joint_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """High joint risks and overdue reviews (one query when there are neither, then no card; three at most)."""
    pk = scope.collaboration.pk
    return _card(
        scope.collaboration,
        reverse("risks:joint_risks", args=[pk]),
        reverse("risks:joint_risk_heat_map", args=[pk]),
        _("Joint risks needing attention"),
    )


def own_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    slug = scope.organization.slug
    return _card(
        scope.organization,
        reverse("risks:own_risks", args=[slug]),
        reverse("risks:own_risk_heat_map", args=[slug]),
        _("Own risks needing attention"),
    )


# --- plan sources ------------------------------------------------------------------------------


def _own_load(organization: Any, limit: int | None) -> list[OwnRisk]:
    queryset = (
        OwnRisk.objects.in_scope(organization).active().select_related("owner_user").order_by("-score", "id")
    )
    return list(queryset[:limit] if limit else queryset)


def _score_line(risk: Any) -> str:
    return _("%(title)s — score %(score)s (%(likelihood)s×%(impact)s)") % {
        "title": risk.title,
        "score": risk.score,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
    }


def _own_lines(rows: list[OwnRisk]) -> list[str]:
    out = []
    for risk in rows:
        line = _score_line(risk)
        if risk.owner_display:
            line += " — " + _("owner %(party)s") % {"party": risk.owner_display}
        out.append(line)
    return out


def _joint_load(collaboration: Any, limit: int | None) -> list[JointRisk]:
    # A plan is read by every party: only the mitigations no party keeps private.
    shared = (
        JointMitigation.objects.in_scope(collaboration).visible_to(None).select_related("party__organization")
    )
    queryset = (
        JointRisk.objects.in_scope(collaboration)
        .active()
        .select_related("owner_party__organization", "owner_user")
        .prefetch_related(Prefetch("mitigations", queryset=shared, to_attr="shared_mitigations"))
        .order_by("-score", "id")
    )
    return list(queryset[:limit] if limit else queryset)


def _joint_lines(rows: list[JointRisk]) -> list[str]:
    out = []
    for risk in rows:
        line = _score_line(risk)
        owners = [
            x
            for x in (risk.owner_party.organization.name if risk.owner_party else "", risk.owner_display)
            if x
        ]
        if owners:
            line += " — " + _("owner %(party)s") % {"party": ", ".join(owners)}
        if risk.residual_score is not None:
            line += " — " + _("residual %(s)s") % {"s": risk.residual_score}
        out.append(line)
        for mitigation in risk.shared_mitigations:
            text = "  " + _("Mitigation: %(action)s — %(party)s") % {
                "action": mitigation.action,
                "party": mitigation.party.organization.name,
            }
            if mitigation.due_date:
                text += ", " + _("due %(date)s") % {"date": date_format(mitigation.due_date, "DATE_FORMAT")}
            out.append(text)
    return out


SOURCES = [
    PlanSource(
        "rmp",
        "risk",
        "own_risks",
        _own_load,
        _own_lines,
        "risks/sources/own.html",
        order=100,
        count=lambda o: OwnRisk.objects.in_scope(o).active().count(),
    ),
    PlanSource(
        "jrmp",
        "risk",
        "joint_risks",
        _joint_load,
        _joint_lines,
        "risks/sources/joint.html",
        order=100,
        count=lambda c: JointRisk.objects.in_scope(c).active().count(),
    ),
]


# --- reminders ---------------------------------------------------------------------------------


def _review_dues(model: type[RiskBase], today: datetime.date, label: str) -> list[Due]:
    """Reviews due within a week (once per review date) and overdue ones (once more)."""
    soon = today + datetime.timedelta(days=REVIEW_DUE_DAYS)
    scope_name = model.scope_field
    risks = (
        model.unscoped.filter(status__in=["open", "mitigating", "accepted"], review_date__lte=soon)
        .exclude(owner_user__isnull=True)
        .select_related("owner_user", scope_name)
        .order_by("review_date", "id")
    )
    out = []
    for risk in risks:
        owner = getattr(risk, scope_name)
        if scope_name == "collaboration":
            url = reverse("risks:joint_risk", args=[owner.pk, risk.pk])
        else:
            url = reverse("risks:own_risk", args=[owner.slug, risk.pk])
        url = settings.ACCORD_BASE_URL + url
        late = risk.review_date < today
        state = "overdue" if late else "due"
        subject = (_("Risk review overdue: %(risk)s") if late else _("Risk review due: %(risk)s")) % {
            "risk": risk.title
        }
        body = _(
            "%(where)s — %(kind)s “%(risk)s” (score %(score)s) is due for review on %(date)s.\n"
            "Open it: %(url)s"
        ) % {
            "where": owner.name if hasattr(owner, "name") else str(owner),
            "kind": label,
            "risk": risk.title,
            "score": risk.score,
            "date": date_format(risk.review_date, "DATE_FORMAT"),
            "url": url,
        }
        key = f"risk-review:{scope_name}:{risk.pk}:{risk.review_date.isoformat()}:{state}"
        out.append(Due(user=risk.owner_user, subject=subject, body=body, key=key))
    return out


def review_reminders(today: datetime.date | None = None) -> list[Due]:
    """The owners of joint and own risks whose review is due within a week or overdue (two
    queries). The e-mail names the risk only: no mitigation, so nothing private travels."""
    today = today or timezone.localdate()
    return _review_dues(JointRisk, today, _("joint risk")) + _review_dues(OwnRisk, today, _("own risk"))


def install() -> None:
    from accord.core.registry import COLLABORATION, ORG, Card, registry
    from accord.risks import demo
    from accord.risks.models import JointRiskScale, OwnMitigation, OwnRiskScale
    from accord.risks.registers import joint_risks, own_risks

    registry.urls("accord.risks.urls")
    registry.api_router("accord.risks.api.router")
    registry.register(joint_risks)
    registry.register(own_risks)
    # The joint history export leaves out every mitigation a party keeps (or once kept)
    # private: the export is the same file for every party.
    registry.history(COLLABORATION, JointMitigation, records=_shared_mitigation_history)
    registry.history(ORG, OwnMitigation)
    registry.history(COLLABORATION, JointRiskScale)
    registry.history(ORG, OwnRiskScale)
    registry.nav(COLLABORATION, gettext_lazy("Joint risks"), "risks:joint_risks", order=640)
    registry.nav(ORG, gettext_lazy("Risks"), "risks:own_risks", order=810)
    registry.gate_checks(
        GATE_KEYS,
        gate_answers,
        evidence={
            "joint_risk_register": gettext_lazy(
                "the joint risk register (an active risk with an owner and a review date)"
            )
        },
    )
    registry.card(COLLABORATION, Card("risks.joint", "risks/_card.html", joint_card, order=45))
    registry.card(ORG, Card("risks.own", "risks/_card.html", own_card, order=65))
    for source in SOURCES:
        registry.plan_source(source)
    registry.reminder("risk_review", gettext_lazy("Risk reviews due or overdue"), review_reminders)
    try:
        from accord.actions.sources import action_source
    except ImportError:  # pragma: no cover
        pass
    else:
        action_source("risk", gettext_lazy("Risk"), _action_url)
    registry.demo("risks", demo.run, order=270)
    registry.bench("risks", demo.bench, order=270)


def _action_url(action: Any) -> str | None:
    if not action.source_id:
        return None
    if getattr(action, "collaboration_id", None):
        return reverse("risks:joint_risk", args=[action.collaboration_id, action.source_id])
    # No query here (the sources' contract): link only when the organization is loaded.
    organization = action._state.fields_cache.get("organization")
    return reverse("risks:own_risk", args=[organization.slug, action.source_id]) if organization else None


def _shared_mitigation_history(collaboration: Any) -> Any:
    history = JointMitigation.history.filter(collaboration_id=collaboration.pk)
    ever_private = JointMitigation.history.filter(collaboration_id=collaboration.pk, private=True).values(
        "id"
    )
    return history.exclude(id__in=ever_private)
