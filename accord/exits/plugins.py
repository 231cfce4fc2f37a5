"""What the exits app adds to the shared pages: gate answers, cards, the JRMP's exit section
and the action source of transition steps. Each reads a fixed number of queries."""

from typing import Any

from django.db.models import Exists
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.collaborations.models import Collaboration
from accord.core.i18n import colon
from accord.exits import gates
from accord.exits.models import (
    ActivationStatus,
    AssetStatus,
    ExitActivation,
    ExitAsset,
    ExitStrategy,
    ExitTrigger,
    PostExitReview,
    TransitionStep,
    TriggerStatus,
    timing_text,
)

GATE_KEYS = {
    "exit_considered",
    "exit_trigger_confirmed",
    "exit_continuity",
    "exit_assets_handled",
    "exit_lessons",
}


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """One query: every fact read as an EXISTS of the collaboration's row."""
    strategy = ExitStrategy.objects.in_scope(collaboration)
    written = strategy.exclude(boundaries="", continuity="", people="", communication="", door_open="")
    activations = ExitActivation.objects.in_scope(collaboration).exclude(status=ActivationStatus.CANCELLED)
    row = (
        Collaboration.objects.filter(pk=collaboration.pk)
        .annotate(
            written=Exists(written),
            continuity=Exists(strategy.exclude(continuity="")),
            triggers=Exists(ExitTrigger.objects.in_scope(collaboration)),
            steps=Exists(TransitionStep.objects.in_scope(collaboration)),
            activated=Exists(activations),
            open_assets=Exists(ExitAsset.objects.in_scope(collaboration).filter(status=AssetStatus.PLANNED)),
            lessons=Exists(PostExitReview.objects.in_scope(collaboration).exclude(lessons="")),
        )
        .values("written", "continuity", "triggers", "steps", "activated", "open_assets", "lessons")
        .get()
    )
    answers = {
        "exit_considered": row["written"] or row["triggers"],
        "exit_trigger_confirmed": row["activated"],
        "exit_continuity": row["activated"] and (row["continuity"] or row["steps"]),
        "exit_assets_handled": row["activated"] and not row["open_assets"],
        "exit_lessons": row["lessons"],
    }
    return {key: bool(value) for key, value in answers.items() if key in keys}


def exit_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """Triggers on watch or triggered, and a scheduled exit (two queries); none: no card."""
    collaboration = scope.collaboration
    triggers = list(
        ExitTrigger.objects.in_scope(collaboration)
        .filter(status__in=[TriggerStatus.WATCH, TriggerStatus.TRIGGERED])
        .order_by("-status", "description")[:6]
    )
    scheduled = (
        ExitActivation.objects.in_scope(collaboration)
        .filter(status=ActivationStatus.SCHEDULED)
        .select_related("leaving_party__organization")
        .order_by("exit_date")
        .first()
    )
    if not triggers and scheduled is None:
        return None
    return {
        "title": _("Exit strategy"),
        "triggers": triggers,
        "scheduled": scheduled,
        "url": reverse("exits:strategy", args=[collaboration.pk]),
    }


def stage_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The current stage's gate: how many items are met (the providers of that stage's
    checks and one query for the confirmations)."""
    collaboration = scope.collaboration
    gate = gates.collaboration_gates(
        collaboration, scope.party, stages=(collaboration.stage,), answer=scope.gate_answers
    )[0]
    return {
        "title": _("Stage gate"),
        "gate": gate,
        "url": reverse("exits:stages", args=[collaboration.pk]) + f"#stage-{gate.number}",
    }


# --- the JRMP's exit section ---------------------------------------------------------------------


def jrmp_load(collaboration: Any, limit: int | None) -> list[tuple[str, str]]:
    """(heading, text) lines of the joint exit strategy: two queries (the strategy, then its
    triggers, steps and assets read as one union)."""
    from django.db.models import CharField, F, IntegerField, Value

    rows: list[tuple[str, str]] = []
    strategy = ExitStrategy.objects.in_scope(collaboration).first()
    if strategy is not None:
        for name in ExitStrategy.TEXT_FIELDS:
            value = getattr(strategy, name).strip()
            if value:
                rows.append((str(ExitStrategy._meta.get_field(name).verbose_name).capitalize(), value))

    def part(model: type, kind: int, title: str, detail: Any, org: str, extra: Any, number: Any) -> Any:
        return (
            model.objects.in_scope(collaboration)
            .annotate(
                k=Value(kind, output_field=IntegerField()),
                t=F(title),
                d=detail,
                o=F(org),
                x=extra,
                n=number,
            )
            .values_list("k", "t", "d", "o", "x", "n")
            .order_by()
        )

    text = CharField()
    number = IntegerField()
    triggers = part(
        ExitTrigger,
        1,
        "description",
        F("monitoring"),
        "monitored_by_party__organization__name",
        F("status"),
        Value(0, output_field=number),
    )
    steps = part(
        TransitionStep,
        2,
        "title",
        Value("", output_field=text),
        "owner_party__organization__name",
        Value("", output_field=text),
        F("offset_days"),
    )
    assets = part(
        ExitAsset,
        3,
        "description",
        F("contribution__description"),
        "to_party__organization__name",
        F("arrangement"),
        Value(0, output_field=number),
    )
    combined = triggers.union(steps, assets, all=True).order_by("k", "n", "t")
    if limit:
        combined = combined[: limit * 3]
    statuses = dict(TriggerStatus.choices)
    arrangements = dict(ExitAsset._meta.get_field("arrangement").flatchoices)
    for kind, title, detail, org, extra, offset in combined:
        if kind == 1:
            text_ = title + (f" — {detail}" if detail else "") + (f" ({org})" if org else "")
            rows.append((_("Trigger (%(status)s)") % {"status": statuses.get(extra, extra)}, text_))
        elif kind == 2:
            rows.append(
                (_("Step, %(when)s") % {"when": timing_text(offset)}, title + (f" ({org})" if org else ""))
            )
        else:
            source = f" [{detail}]" if detail else ""
            rows.append((_("Asset: %(what)s") % {"what": arrangements.get(extra, extra)}, title + source))
    return rows


def jrmp_lines(rows: list[tuple[str, str]]) -> list[str]:
    return [f"{heading}{colon()} {' '.join(text.split())}" for heading, text in rows]


def step_url(action: Any) -> str | None:
    """Where a joint action made from a transition step links back to (no query)."""
    if not getattr(action, "collaboration_id", None):
        return None
    return reverse("exits:steps", args=[action.collaboration_id])


# --- reminders -----------------------------------------------------------------------------------

REMIND_DAYS_AHEAD = 7


def exit_reminders(today: Any) -> list[Any]:
    """Each active party's SER is told once, a week ahead, of a scheduled exit (two queries)."""
    import datetime

    from accord.collaborations.models import Party, PartyStatus
    from accord.core.registry import Due

    due = list(
        ExitActivation.unscoped.filter(
            status=ActivationStatus.SCHEDULED,
            exit_date__gte=today,
            exit_date__lte=today + datetime.timedelta(days=REMIND_DAYS_AHEAD),
        ).select_related("collaboration", "leaving_party__organization")
    )
    if not due:
        return []
    parties = Party.unscoped.filter(
        collaboration_id__in=[a.collaboration_id for a in due], status=PartyStatus.ACTIVE, ser__isnull=False
    ).select_related("ser")
    out = []
    for activation in due:
        who = (
            activation.leaving_party.organization.name
            if activation.leaving_party_id
            else _("every party (the collaboration ends)")
        )
        for party in parties:
            if party.collaboration_id != activation.collaboration_id:
                continue
            out.append(
                Due(
                    user=party.ser,
                    subject=_("Exit on %(date)s: %(name)s")
                    % {"date": activation.exit_date.isoformat(), "name": activation.collaboration.name},
                    body=_(
                        "The exit strategy of %(name)s was activated (%(trigger)s). On %(date)s, %(who)s "
                        "leaves. Check the transition steps in the joint actions."
                    )
                    % {
                        "name": activation.collaboration.name,
                        "trigger": activation.trigger_text,
                        "date": activation.exit_date.isoformat(),
                        "who": who,
                    },
                    key=f"exit:{activation.pk}:{party.pk}",
                )
            )
    return out
