"""What governance adds to the shared pages: gate answers, cards, the JRMP's governance,
issue-resolution and contract sections, the renewal and late-issue reminders. Each reads a
fixed number of queries."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.collaborations.selectors import active_parties
from accord.core.i18n import colon, semicolon
from accord.core.registry import Due, PlanSource
from accord.governance import selectors
from accord.governance.models import (
    Agreement,
    DecisionRight,
    EscalationLevel,
    ForumMember,
    Issue,
    IssueStatus,
    LadderContact,
)

GATE_KEYS = {"governance_agreed", "issue_resolution_defined", "issues_on_target"}
CARD_LIMIT = 6
RENEWAL_NOTICE_DAYS = 60


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``governance_agreed``: a forum has members and a decision right is recorded;
    ``issue_resolution_defined``: the ladder has two levels at least;
    ``issues_on_target``: no open issue is past its level's target. Four queries at most."""
    answers: dict[str, bool] = {}
    if "governance_agreed" in keys:
        answers["governance_agreed"] = (
            ForumMember.objects.in_scope(collaboration).exists()
            and DecisionRight.objects.in_scope(collaboration).exists()
        )
    if "issue_resolution_defined" in keys:
        answers["issue_resolution_defined"] = EscalationLevel.objects.in_scope(collaboration).count() >= 2
    if "issues_on_target" in keys:
        answers["issues_on_target"] = not selectors.late_issues(collaboration).exists()
    return answers


def issues_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Open issues past their level's target (one query, of what the card shows); none: no
    card."""
    rows = list(
        selectors.late_issues(scope.collaboration).only("title", "level", "level_due_at")[: CARD_LIMIT + 1]
    )
    if not rows:
        return None
    base = reverse("governance:issue", args=[scope.collaboration.pk, 999999999])
    return {
        "title": _("Issues past their target time"),
        "rows": [(i, base.replace("999999999", str(i.pk))) for i in rows[:CARD_LIMIT]],
        "more": len(rows) > CARD_LIMIT,
        "all_url": reverse("governance:issues", args=[scope.collaboration.pk]) + "?state=open&overdue=yes",
        "kind": "issues",
    }


def changes_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Change requests waiting for the caller's party's SER (one query); none: no card."""
    rows = list(selectors.waiting_for_party(scope.collaboration, scope.party)[: CARD_LIMIT + 1])
    if not rows:
        return None
    base = reverse("governance:change", args=[scope.collaboration.pk, 999999999])
    return {
        "title": _("Change requests waiting for your SER"),
        "rows": [(c, base.replace("999999999", str(c.pk))) for c in rows[:CARD_LIMIT]],
        "more": len(rows) > CARD_LIMIT,
        "all_url": reverse("governance:changes", args=[scope.collaboration.pk]) + "?status=submitted",
        "kind": "changes",
    }


# --- JRMP sections ----------------------------------------------------------------------------


def _governance(collaboration: Any, limit: int | None) -> dict[str, Any]:
    parties = active_parties(collaboration)  # the request's list, shared by the plan's sections
    return {
        "forums": selectors.forums_with_members(collaboration, parties),
        "rights": selectors.decision_rights(collaboration),
        "ladder": selectors.ladder_with_people(collaboration, parties, levels=_levels(collaboration)),
    }


def _names(groups: list[dict[str, Any]]) -> str:
    return f"{semicolon()} ".join(
        f"{g['party'].organization.name}{colon()} {', '.join(p.name for p in g['people'])}"
        for g in groups
        if g["people"]
    )


def _governance_lines(rows: dict[str, Any]) -> list[str]:
    out = []
    for item in rows["forums"]:
        forum = item["forum"]
        line = _("Forum: %(name)s (%(kind)s, %(frequency)s)") % {
            "name": forum.name,
            "kind": forum.kind_label,
            "frequency": str(forum.frequency_label).lower(),
        }
        if forum.purpose:
            line += f" — {' '.join(forum.purpose.split())}"
        members = _names(item["parties"])
        if members:
            line += " — " + _("members %(names)s") % {"names": members}
        out.append(line)
    for right in rows["rights"]:
        line = _("Decision right: %(area)s — decides %(who)s") % {"area": right.area, "who": right.decides}
        if right.consulted:
            line += "; " + _("consulted %(who)s") % {"who": right.consulted}
        if right.limits:
            line += "; " + _("limits %(limits)s") % {"limits": " ".join(right.limits.split())}
        out.append(line)
    for item in rows["ladder"]:
        level = item["level"]
        line = _("Escalation level %(n)s: %(name)s (target %(target)s)") % {
            "n": level.number,
            "name": level.name,
            "target": level.target_text,
        }
        people = _names(item["parties"])
        if people:
            line += f" — {people}"
        out.append(line)
    return out


def _levels(collaboration: Any) -> list[EscalationLevel]:
    """The escalation ladder's levels: the "Governance" and "Issue resolution" sections both
    show them, from one query kept on the collaboration object for the request."""
    cached = collaboration.__dict__.get("_escalation_levels")
    if cached is None:
        cached = list(EscalationLevel.objects.in_scope(collaboration).order_by("number"))
        collaboration.__dict__["_escalation_levels"] = cached
    return cached


def _issue_resolution(collaboration: Any, limit: int | None) -> dict[str, Any]:
    levels = _levels(collaboration)
    open_count = Issue.objects.in_scope(collaboration).filter(status=IssueStatus.OPEN).count()
    return {"levels": levels, "open": open_count}


def _issue_resolution_lines(rows: dict[str, Any]) -> list[str]:
    out = [
        _("Level %(n)s: %(name)s — target %(target)s")
        % {"n": lv.number, "name": lv.name, "target": lv.target_text}
        for lv in rows["levels"]
    ]
    out.append(_("Open issues: %(n)s") % {"n": rows["open"]})
    return out


def _contract(collaboration: Any, limit: int | None) -> list[Agreement]:
    rows = Agreement.objects.in_scope(collaboration).order_by("reference", "id")
    return list(rows[:limit] if limit else rows)


def _contract_lines(rows: list[Agreement]) -> list[str]:
    out = []
    for a in rows:
        parts = [f"{a.reference} {a.title}"]
        if a.parties:
            parts.append(_("parties %(names)s") % {"names": a.parties})
        if a.start_date or a.end_date:
            parts.append(date_format(a.start_date, "DATE_FORMAT") if a.start_date else "…")
            parts[-1] += " – " + (date_format(a.end_date, "DATE_FORMAT") if a.end_date else _("open-ended"))
        if a.renewal_date:
            parts.append(_("renewal %(date)s") % {"date": date_format(a.renewal_date, "DATE_FORMAT")})
        if a.notice_period:
            parts.append(_("notice %(period)s") % {"period": a.notice_period})
        if a.key_terms:
            parts.append(_("key terms: %(text)s") % {"text": " ".join(a.key_terms.split())})
        out.append(" — ".join(parts))
    return out


def _contract_count(collaboration: Any) -> int:
    return Agreement.objects.in_scope(collaboration).count()


SOURCES = [
    PlanSource(
        "jrmp",
        "governance",
        "governance",
        _governance,
        _governance_lines,
        "governance/sources/governance.html",
        filled=lambda rows: bool(rows["forums"] or rows["rights"] or rows["ladder"]),
        order=100,
    ),
    PlanSource(
        "jrmp",
        "issue_resolution",
        "escalation_ladder",
        _issue_resolution,
        _issue_resolution_lines,
        "governance/sources/issue_resolution.html",
        filled=lambda rows: bool(rows["levels"]),
        order=100,
    ),
    PlanSource(
        "jrmp",
        "contract",
        "agreements",
        _contract,
        _contract_lines,
        "governance/sources/contract.html",
        order=100,
        count=_contract_count,
    ),
]


# --- reminders -------------------------------------------------------------------------------


def _sers(collaboration_ids: set[int]) -> dict[int, list[Any]]:
    from accord.collaborations.models import Party, PartyStatus

    out: dict[int, list[Any]] = {}
    parties = (
        Party.unscoped.filter(
            collaboration_id__in=collaboration_ids, status=PartyStatus.ACTIVE, ser__isnull=False
        )
        .select_related("ser")
        .order_by("id")
    )
    for party in parties:
        out.setdefault(party.collaboration_id, []).append(party.ser)
    return out


def renewals_due(today: datetime.date) -> list[Due]:
    """Agreements renewing within 60 days: each active party's SER is told once per renewal
    date (two queries)."""
    agreements = list(
        Agreement.unscoped.filter(
            renewal_date__gte=today, renewal_date__lte=today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
        ).select_related("collaboration")
    )
    sers = _sers({a.collaboration_id for a in agreements})
    out = []
    for a in agreements:
        for user in sers.get(a.collaboration_id, []):
            out.append(
                Due(
                    user=user,
                    subject=_("Renewal due: %(agreement)s") % {"agreement": f"{a.reference} {a.title}"},
                    body=_(
                        "The agreement %(agreement)s of the collaboration %(collaboration)s renews on "
                        "%(date)s. Notice period: %(notice)s.\n\nDecide with your partner whether to "
                        "renew, change or end it."
                    )
                    % {
                        "agreement": f"{a.reference} {a.title}",
                        "collaboration": a.collaboration.name,
                        "date": date_format(a.renewal_date, "DATE_FORMAT"),
                        "notice": a.notice_period or "—",
                    },
                    key=f"agreement-renewal:{a.pk}:{a.renewal_date.isoformat()}:{user.pk}",
                )
            )
    return out


def late_issues_due(today: datetime.date) -> list[Due]:
    """Open issues past their level's target: each active party's SER is told once per level
    stay (two queries)."""
    issues = list(
        Issue.unscoped.filter(status=IssueStatus.OPEN, level_due_at__lt=timezone.now())
        .select_related("collaboration")
        .order_by("level_due_at", "id")[:1000]
    )
    sers = _sers({i.collaboration_id for i in issues})
    out = []
    for issue in issues:
        for user in sers.get(issue.collaboration_id, []):
            out.append(
                Due(
                    user=user,
                    subject=_("Issue past its target time: %(title)s") % {"title": issue.title},
                    body=_(
                        "The issue %(title)s of the collaboration %(collaboration)s has been at escalation "
                        "level %(level)s longer than the ladder's target. Resolve it or escalate it."
                    )
                    % {"title": issue.title, "collaboration": issue.collaboration.name, "level": issue.level},
                    key=f"issue-late:{issue.pk}:{issue.level}:{issue.level_since.isoformat()}:{user.pk}",
                )
            )
    return out


def _issue_url(action: Any) -> str | None:
    if not action.source_id or not getattr(action, "collaboration_id", None):
        return None
    return reverse("governance:issue", args=[action.collaboration_id, action.source_id])


__all__ = ["LadderContact"]
