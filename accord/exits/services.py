"""Every write of the exits app: the joint exit strategy, a party's contingency plan, the
activation of an exit (and running it on the exit date), post-exit reviews, gate
confirmations and moving a collaboration through its stages."""

import datetime
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.collaborations.models import Collaboration, Party, PartyStatus, Stage
from accord.core.errors import ApplicationError
from accord.core.permissions import Role
from accord.core.services import versioned_update
from accord.exits import copies, gates
from accord.exits.models import (
    ActivationKind,
    ActivationStatus,
    ContingencyPlan,
    ExitActivation,
    ExitStrategy,
    ExitTrigger,
    GateConfirmation,
    OrgGateConfirmation,
    PostExitReview,
    StageOverride,
    TransitionStep,
    TriggerStatus,
)

STRATEGY_FIELDS = list(ExitStrategy.TEXT_FIELDS)
CONTINGENCY_FIELDS = ["warning_signs", "plan", "alternatives", "owner_name"]
REVIEW_FIELDS = ["worked_well", "lessons", "values_respected", "values_note", "work_again"]

# Set while an SER's override moves the stage: the gate guard lets that one move through.
_OVERRIDE: ContextVar[bool] = ContextVar("exits_stage_override", default=False)


# --- the joint strategy ------------------------------------------------------------------------


def strategy_for(collaboration: Collaboration) -> ExitStrategy:
    """The collaboration's exit strategy (an empty, unsaved one when none is written yet)."""
    strategy = ExitStrategy.objects.in_scope(collaboration).first()
    return strategy or ExitStrategy(collaboration=collaboration)


@transaction.atomic
def strategy_save(
    *, collaboration: Collaboration, data: dict[str, Any], expected_version: int | None
) -> ExitStrategy:
    strategy = ExitStrategy.objects.in_scope(collaboration).select_for_update().first()
    if strategy is None:
        strategy = ExitStrategy(
            collaboration=collaboration, **{k: v for k, v in data.items() if k in STRATEGY_FIELDS}
        )
        strategy.full_clean()
        strategy.save()
        return strategy
    return versioned_update(strategy, data=data, expected_version=expected_version, fields=STRATEGY_FIELDS)


def _check_party(collaboration: Collaboration, party: Party | None, field: str) -> None:
    if party is not None and party.collaboration_id != collaboration.pk:
        raise ApplicationError(_("Choose a party of this collaboration."), field=field)


def trigger_create(*, collaboration: Collaboration, data: dict[str, Any]) -> ExitTrigger:
    _check_party(collaboration, data.get("monitored_by_party"), "monitored_by_party")
    trigger = ExitTrigger(collaboration=collaboration, **data)
    trigger.full_clean()
    trigger.save()
    return trigger


def step_create(*, collaboration: Collaboration, data: dict[str, Any]) -> TransitionStep:
    _check_party(collaboration, data.get("owner_party"), "owner_party")
    step = TransitionStep(collaboration=collaboration, **data)
    step.full_clean()
    step.save()
    return step


# --- a party's private contingency plan --------------------------------------------------------


@transaction.atomic
def contingency_save(
    *, organization: Any, collaboration: Collaboration, data: dict[str, Any], expected_version: int | None
) -> ContingencyPlan:
    """Write the organization's own contingency plan for a collaboration it is a party in."""
    if not Party.objects.in_scope(collaboration).filter(organization=organization).exists():
        raise ApplicationError(
            _("Your organization is not a party of that collaboration."), field="collaboration"
        )
    plan = ContingencyPlan.objects.in_scope(organization).filter(collaboration=collaboration).first()
    if plan is None:
        plan = ContingencyPlan(
            organization=organization,
            collaboration=collaboration,
            **{k: v for k, v in data.items() if k in CONTINGENCY_FIELDS},
        )
        plan.full_clean()
        plan.save()
        return plan
    return versioned_update(plan, data=data, expected_version=expected_version, fields=CONTINGENCY_FIELDS)


# --- activation --------------------------------------------------------------------------------


@transaction.atomic
def activation_create(
    *,
    collaboration: Collaboration,
    party: Party,
    user: Any,
    kind: str,
    exit_date: datetime.date,
    leaving_party: Party | None = None,
    trigger: ExitTrigger | None = None,
    trigger_text: str = "",
    reason: str = "",
    today: datetime.date | None = None,
) -> ExitActivation:
    """Activate the exit strategy: record the trigger and the exit date, mark the trigger
    triggered, turn every transition step into a joint action due relative to the exit date,
    and, when the exit date has come, run the exit at once."""
    today = today or timezone.localdate()
    if kind not in ActivationKind.values:
        raise ApplicationError(_("Choose what happens."), field="kind")
    if kind == ActivationKind.PARTY_LEAVES:
        if leaving_party is None:
            raise ApplicationError(_("Choose the party that leaves."), field="leaving_party")
        _check_party(collaboration, leaving_party, "leaving_party")
        if leaving_party.status != PartyStatus.ACTIVE:
            raise ApplicationError(_("That party has already left."), field="leaving_party")
    else:
        leaving_party = None
    if trigger is not None and trigger.collaboration_id != collaboration.pk:
        raise ApplicationError(_("Choose a trigger of this collaboration."), field="trigger")
    pending = ExitActivation.objects.in_scope(collaboration).filter(status=ActivationStatus.SCHEDULED)
    if pending.filter(kind=ActivationKind.COLLABORATION_ENDS).exists() or (
        leaving_party is not None and pending.filter(leaving_party=leaving_party).exists()
    ):
        raise ApplicationError(_("An exit is already scheduled for that party."), field="leaving_party")
    if kind == ActivationKind.COLLABORATION_ENDS and pending.exists():
        raise ApplicationError(_("Another exit is scheduled: cancel it first."), field="kind")
    text = (trigger_text or (trigger.description if trigger else "")).strip()
    if not text:
        raise ApplicationError(_("Say which trigger was reached."), field="trigger_text")
    activation = ExitActivation(
        collaboration=collaboration,
        kind=kind,
        leaving_party=leaving_party,
        trigger=trigger,
        trigger_text=text,
        exit_date=exit_date,
        reason=reason,
        activated_by=user,
        activated_by_party=party,
    )
    activation.full_clean()
    activation.save()
    if trigger is not None and trigger.status != TriggerStatus.TRIGGERED:
        trigger.status = TriggerStatus.TRIGGERED
        trigger.version += 1
        trigger.save()
    _steps_to_actions(activation, user)
    if exit_date <= today:
        activation = activation_run(activation=activation, actor=user)
    return activation


def _steps_to_actions(activation: ExitActivation, user: Any) -> list[Any]:
    from accord.actions.services import action_create

    collaboration = activation.collaboration
    steps = TransitionStep.objects.in_scope(collaboration).select_related("owner_party", "owner_user")
    made = []
    for step in steps:
        owner_party = (
            step.owner_party if step.owner_party and step.owner_party.status == PartyStatus.ACTIVE else None
        )
        owner_user = step.owner_user if owner_party is not None else None
        made.append(
            action_create(
                owner=collaboration,
                title=step.title,
                description=step.description,
                source_kind="exit_step",
                source_id=step.pk,
                source_label=_("Exit on %(date)s") % {"date": activation.exit_date.isoformat()},
                owner_party=owner_party,
                owner_user=owner_user,
                due_date=activation.exit_date + datetime.timedelta(days=step.offset_days),
                created_by=user,
            )
        )
    return made


@transaction.atomic
def activation_cancel(*, activation: ExitActivation) -> ExitActivation:
    if activation.status != ActivationStatus.SCHEDULED:
        raise ApplicationError(_("Only a scheduled exit can be cancelled."))
    activation.status = ActivationStatus.CANCELLED
    activation.save()
    return activation


@transaction.atomic
def activation_run(*, activation: ExitActivation, actor: Any = None) -> ExitActivation:
    """The exit date has come: each leaving organization gets its read-only copy of the
    joint data as it stands, then leaves (its people lose access). Nothing is deleted; the
    whole collaboration ending also moves it to stage 8."""
    from accord.collaborations.services import party_leave

    activation = (
        ExitActivation.objects.in_scope(activation.collaboration_id).select_for_update().get(pk=activation.pk)
    )
    if activation.status != ActivationStatus.SCHEDULED:
        return activation
    collaboration = Collaboration.objects.get(pk=activation.collaboration_id)
    if activation.kind == ActivationKind.PARTY_LEAVES:
        leaving = [activation.leaving_party] if activation.leaving_party.status == PartyStatus.ACTIVE else []
    else:
        leaving = list(
            Party.objects.in_scope(collaboration)
            .filter(status=PartyStatus.ACTIVE)
            .select_related("organization")
        )
        if collaboration.stage != Stage.EXIT_STRATEGY_ACTIVATION:
            Collaboration.objects.filter(pk=collaboration.pk).update(stage=Stage.EXIT_STRATEGY_ACTIVATION)
            collaboration.stage = Stage.EXIT_STRATEGY_ACTIVATION
    for party in leaving:
        copies.make_copy(collaboration=collaboration, party=party, activation=activation)
    for party in leaving:
        party_leave(party=party, actor=actor)
    activation.status = ActivationStatus.DONE
    activation.done_at = timezone.now()
    activation.save()
    return activation


def run_due(today: datetime.date | None = None) -> list[ExitActivation]:
    """The daily pass: run every scheduled exit whose date has come (each in its own
    transaction; one that fails does not stop the others)."""
    today = today or timezone.localdate()
    due = list(
        ExitActivation.unscoped.filter(status=ActivationStatus.SCHEDULED, exit_date__lte=today).order_by(
            "exit_date", "id"
        )
    )
    done = []
    for activation in due:
        done.append(activation_run(activation=activation))
    return done


# --- post-exit review --------------------------------------------------------------------------


@transaction.atomic
def review_save(
    *,
    activation: ExitActivation,
    party: Party,
    user: Any,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> PostExitReview:
    if activation.status != ActivationStatus.DONE:
        raise ApplicationError(_("A post-exit review is written once the exit has happened."))
    if party.collaboration_id != activation.collaboration_id:
        raise ApplicationError(_("Choose a party of this collaboration."))
    review = (
        PostExitReview.objects.in_scope(activation.collaboration_id)
        .filter(activation=activation, party=party)
        .first()
    )
    if review is None:
        review = PostExitReview(
            collaboration_id=activation.collaboration_id,
            activation=activation,
            party=party,
            written_by=user,
            **{k: v for k, v in data.items() if k in REVIEW_FIELDS},
        )
        review.full_clean()
        review.save()
        return review
    review.written_by = user
    return versioned_update(
        review, data=data, expected_version=expected_version, fields=[*REVIEW_FIELDS, "written_by"]
    )


# --- gate confirmations ------------------------------------------------------------------------


def _gate_item(stage: int, key: str) -> Any:
    check = gates.find_item(stage, key)
    if check is None:
        raise ApplicationError(_("There is no such item in that stage's gate."), field="item_key")
    return check


def confirm(
    *, owner: Any, stage: int, key: str, note: str, user: Any, party: Party | None = None
) -> GateConfirmation | OrgGateConfirmation:
    """A person confirms a gate item with a note (``owner``: a Collaboration, with the
    confirming ``party``, or an Organization for its own stages 1-3)."""
    check = _gate_item(stage, key)
    if not (note or "").strip():
        raise ApplicationError(_("Say what shows the item is met."), field="note")
    if isinstance(owner, Collaboration):
        from accord.core.registry import registry

        if check.check and check.check in registry.gate_keys():
            raise ApplicationError(_("Accord answers this item from the records."), field="item_key")
        confirmation = GateConfirmation(
            collaboration=owner,
            party=party,
            stage=stage,
            item_key=key,
            item_text=check.text,
            note=note,
            confirmed_by=user,
        )
    else:
        if stage not in gates.ORG_STAGES:
            raise ApplicationError(_("An organization confirms its own stages 1 to 3 only."), field="stage")
        if check.check == "ser_named":
            raise ApplicationError(_("Accord answers this item from the records."), field="item_key")
        confirmation = OrgGateConfirmation(
            organization=owner, stage=stage, item_key=key, item_text=check.text, note=note, confirmed_by=user
        )
    confirmation.full_clean()
    confirmation.save()
    return confirmation


def revoke(*, confirmation: Any, user: Any) -> Any:
    if confirmation.revoked_at is not None:
        raise ApplicationError(_("That confirmation was already withdrawn."))
    confirmation.revoked_at = timezone.now()
    confirmation.revoked_by = user
    confirmation.save()
    return confirmation


# --- stages ------------------------------------------------------------------------------------


def stage_guard(collaboration: Collaboration, from_stage: int, to_stage: int, user: Any) -> None:
    """Registered in ``collaborations.services.STAGE_GUARDS``: moving on needs the gate of
    each stage left behind met (or an SER's override, see ``stage_override``)."""
    if _OVERRIDE.get() or to_stage <= from_stage:
        return
    party = _acting_party(collaboration, user)
    missing = gates.missing_between(collaboration, party, from_stage, to_stage)
    if missing:
        raise ApplicationError(
            ngettext(
                "The gate of stage %(stage)d is not met yet (%(n)d item open): see the Stages page.",
                "The gate of stage %(stage)d is not met yet (%(n)d items open): see the Stages page.",
                len(missing),
            )
            % {"stage": missing[0].stage, "n": len(missing)},
            field="stage",
        )


def _acting_party(collaboration: Collaboration, user: Any) -> Party:
    parties = (
        Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE).select_related("organization")
    )
    if user is not None and getattr(user, "is_authenticated", False):
        own = parties.filter(organization__memberships__user=user).first()
        if own is not None:
            return own
    party = parties.first()
    if party is None:
        raise ApplicationError(_("The collaboration has no active party."))
    return party


@transaction.atomic
def stage_move(
    *, collaboration: Collaboration, to_stage: int, user: Any, expected_version: int | None = None
) -> Collaboration:
    """Move the collaboration to ``to_stage`` (refused while a gate left behind is open)."""
    from accord.collaborations.services import collaboration_update

    if to_stage not in Stage.values:
        raise ApplicationError(_("Choose a stage from 1 to 8."), field="stage")
    return collaboration_update(
        collaboration=collaboration, data={"stage": to_stage}, expected_version=expected_version, user=user
    )


@transaction.atomic
def stage_override(
    *, collaboration: Collaboration, party: Party, membership: Any, to_stage: int, reason: str, user: Any
) -> StageOverride:
    """An SER moves the collaboration on although its gate is not met; the reason and the
    open items are kept."""
    from accord.collaborations.services import collaboration_update

    if membership.role not in (Role.SER, Role.OWNER) and party.ser_id != user.pk:
        raise ApplicationError(_("Only a senior executive responsible may override a gate."))
    if to_stage not in Stage.values or to_stage <= collaboration.stage:
        raise ApplicationError(_("An override moves the collaboration on to a later stage."), field="stage")
    if not (reason or "").strip():
        raise ApplicationError(_("Give the reason for moving on without the gate."), field="reason")
    missing = gates.missing_between(collaboration, party, collaboration.stage, to_stage)
    override = StageOverride(
        collaboration=collaboration,
        from_stage=collaboration.stage,
        to_stage=to_stage,
        reason=reason,
        missing=[{"stage": i.stage, "key": i.key, "text": i.text} for i in missing],
        party=party,
        decided_by=user,
    )
    override.full_clean()
    override.save()
    token = _OVERRIDE.set(True)
    try:
        collaboration_update(
            collaboration=collaboration, data={"stage": to_stage}, expected_version=None, user=user
        )
    finally:
        _OVERRIDE.reset(token)
    return override
