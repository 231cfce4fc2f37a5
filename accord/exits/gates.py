"""The life-cycle stage gates: each stage's checklist (``guidance/data/stages.yaml``), each
item answered from the records where Accord can tell (``registry.answer_gates``) and
otherwise by a person's confirmation with a note.

An item's key is its ``check`` when it has one, else a short hash of its text, so that a
confirmation stays attached to the same question.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accord.core.registry import registry
from accord.guidance import library
from accord.guidance.translatable import source

ORG_STAGES = (1, 2, 3)  # the stages an organization goes through on its own

# Where the records that evidence an item live: (url name, "org" | "collaboration").
CHECK_LINKS: dict[str, tuple[str, str]] = {
    "ser_named": ("collaborations:overview", "collaboration"),
    "jrmp_approved": ("plans:jrmp_plan", "collaboration"),
    "roles_assigned": ("plans:jrmp_team", "collaboration"),
    "information_sharing": ("knowledge:map", "collaboration"),
    "exit_in_jrmp": ("plans:jrmp_plan", "collaboration"),
    "joint_objectives": ("objectives:joint", "collaboration"),
    "value_defined": ("value:definitions", "collaboration"),
    "idea_register_in_use": ("value:initiatives", "collaboration"),
    "benefits_tracked": ("value:realisations", "collaboration"),
    "review_held": ("measures:reviews", "collaboration"),
    "review_actions_closed": ("measures:reviews", "collaboration"),
    "meetings_scheduled": ("meetings:meetings", "collaboration"),
    "actions_closed": ("actions:joint_actions", "collaboration"),
    "exit_considered": ("exits:strategy", "collaboration"),
    "exit_trigger_confirmed": ("exits:strategy", "collaboration"),
    "exit_continuity": ("exits:steps", "collaboration"),
    "exit_assets_handled": ("exits:assets", "collaboration"),
    "exit_lessons": ("exits:strategy", "collaboration"),
}
# Items without a check: the page where a person finds what to confirm them from.
TEXT_LINKS: dict[str, tuple[str, str]] = {
    "SER named?": ("organizations:profile", "org"),
    "Collaboration policy approved?": ("plans:rmp_plan", "org"),
    "Objectives linked to business strategy?": ("objectives:objectives", "org"),
    "Each candidate relationship scored and prioritised?": ("relationships:matrix", "org"),
    "Initial risks logged?": ("plans:rmp_plan", "org"),
    "RMP created?": ("plans:rmp_plan", "org"),
    "Business case approved?": ("plans:business_cases", "org"),
    "Value proposition stated?": ("plans:business_cases", "org"),
    "Knowledge-sharing rules drafted?": ("plans:rmp_plan", "org"),
    "Exit considerations recorded?": ("exits:contingency", "org"),
    "Risk register updated?": ("plans:rmp_plan", "org"),
    "Self-assessment completed?": ("plans:rmp_plan", "org"),
    "Each gap has an owner and an action?": ("actions:own_actions", "org"),
    "Partner-selection criteria defined?": ("relationships:criteria", "org"),
    "RMP updated?": ("plans:rmp_plan", "org"),
    "Partner evaluated against the stage 3 criteria?": ("relationships:list", "org"),
    "Shared values evidenced?": ("objectives:alignment", "collaboration"),
    "Partner risks logged?": ("plans:jrmp_plan", "collaboration"),
    "Governance meetings scheduled?": ("meetings:meetings", "collaboration"),
    "Joint risk register in use?": ("plans:jrmp_plan", "collaboration"),
    "Relationship survey done?": ("measures:joint_measures", "collaboration"),
    "JRMP reviewed?": ("plans:jrmp_plan", "collaboration"),
    "Exit trigger confirmed by the parties?": ("exits:strategy", "collaboration"),
    "Continuity of service arranged?": ("exits:steps", "collaboration"),
    "Assets, data and joint work handled as agreed?": ("exits:assets", "collaboration"),
    "Lessons learned recorded?": ("exits:strategy", "collaboration"),
}


def item_key(check: Any) -> str:
    """The key of a gate item: its ``check``, else ``t`` and a hash of its text."""
    if check.check:
        return check.check
    # The English text: a confirmation given in one language stays found in the other.
    return "t" + hashlib.sha256(source(check.text).encode()).hexdigest()[:12]


@dataclass
class GateItem:
    stage: int
    key: str
    text: str
    check: str
    answered_by_records: bool
    met: bool
    evidence: str = ""
    url: str | None = None
    confirmation: Any = None


@dataclass
class StageGate:
    number: int
    name: str
    clause: str
    phase: str
    items: list[GateItem] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return all(i.met for i in self.items)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.met)

    @property
    def missing(self) -> list[GateItem]:
        return [i for i in self.items if not i.met]


def _url(name_scope: tuple[str, str] | None, *, organization: Any, collaboration: Any) -> str | None:
    if name_scope is None:
        return None
    name, scope = name_scope
    if scope == "collaboration" and collaboration is None:
        return None
    arg = collaboration.pk if scope == "collaboration" else organization.slug
    try:
        return reverse(name, args=[arg])
    except NoReverseMatch:
        return None


def collaboration_gates(
    collaboration: Any,
    party: Any,
    *,
    stages: tuple[int, ...] | None = None,
    confirmations: Any = None,
    answer: Callable[[set[str]], dict[str, bool]] | None = None,
) -> list[StageGate]:
    """The eight stages of a collaboration with their items answered: one call of each gate
    provider and one query for the confirmations (or ``confirmations`` already read).
    ``answer(keys)`` answers the gate checks instead of asking the providers (e.g. a
    request's ``CollaborationScope.gate_answers``, which remembers the answers)."""
    from accord.exits.models import GateConfirmation

    wanted = [s for s in library.stages() if stages is None or s.number in stages]
    registered = registry.gate_keys()
    keys = {g.check for s in wanted for g in s.gate_checks if g.check and g.check in registered}
    if answer is None:
        answers = registry.answer_gates(collaboration, party, keys) if keys else {}
    else:
        answers = answer(keys) if keys else {}
    evidence = registry.gate_evidence()
    if confirmations is None:
        confirmations = GateConfirmation.objects.in_scope(collaboration).filter(revoked_at__isnull=True)
    by_key = _latest(confirmations)
    return [
        _stage_gate(
            s, answers, evidence, by_key, organization=party.organization, collaboration=collaboration
        )
        for s in wanted
    ]


def organization_gates(organization: Any, *, confirmations: Any = None) -> list[StageGate]:
    """The organization's own stages 1-3: ``ser_named`` from its profile, every other item by
    a person's confirmation (one query)."""
    from accord.exits.models import OrgGateConfirmation

    wanted = [s for s in library.stages() if s.number in ORG_STAGES]
    answers = {"ser_named": organization.ser_id is not None}
    evidence = {"ser_named": _("the organization's profile (its SER)")}
    if confirmations is None:
        confirmations = OrgGateConfirmation.objects.in_scope(organization).filter(revoked_at__isnull=True)
    by_key = _latest(confirmations)
    gates = [
        _stage_gate(s, answers, evidence, by_key, organization=organization, collaboration=None)
        for s in wanted
    ]
    for gate in gates:
        for item in gate.items:
            if item.check == "ser_named":
                item.url = _url(
                    ("organizations:profile", "org"), organization=organization, collaboration=None
                )
    return gates


def _latest(confirmations: Any) -> dict[tuple[int, str], Any]:
    by_key: dict[tuple[int, str], Any] = {}
    for c in confirmations:
        current = by_key.get((c.stage, c.item_key))
        if current is None or c.created_at > current.created_at:
            by_key[(c.stage, c.item_key)] = c
    return by_key


def _stage_gate(
    stage: Any,
    answers: dict[str, bool],
    evidence: dict[str, str],
    confirmations: dict[tuple[int, str], Any],
    *,
    organization: Any,
    collaboration: Any,
) -> StageGate:
    # Plain text in the reader's language (the API's schemas and the JSON fields want str).
    gate = StageGate(stage.number, str(stage.name), str(stage.clause), str(stage.phase))
    for check in stage.gate_checks:
        key = item_key(check)
        link = CHECK_LINKS.get(check.check) if check.check else None
        url = _url(
            link or TEXT_LINKS.get(source(check.text)), organization=organization, collaboration=collaboration
        ) or reverse("guidance:stage", args=[stage.number])
        if check.check and check.check in answers:
            gate.items.append(
                GateItem(
                    stage.number,
                    key,
                    str(check.text),
                    check.check,
                    True,
                    bool(answers[check.check]),
                    str(evidence.get(check.check, "")),
                    url,
                )
            )
            continue
        confirmation = confirmations.get((stage.number, key))
        gate.items.append(
            GateItem(
                stage.number,
                key,
                str(check.text),
                check.check,
                False,
                confirmation is not None,
                "",
                url,
                confirmation,
            )
        )
    return gate


def find_item(stage_number: int, key: str) -> Any:
    """The gate check of ``stage_number`` whose key is ``key``, or None."""
    stage = library.stage(stage_number)
    if stage is None:
        return None
    return next((c for c in stage.gate_checks if item_key(c) == key), None)


def missing_between(collaboration: Any, party: Any, from_stage: int, to_stage: int) -> list[GateItem]:
    """The items not met of each stage left behind when moving from ``from_stage`` on to
    ``to_stage`` (none when moving back)."""
    if to_stage <= from_stage:
        return []
    gates = collaboration_gates(collaboration, party, stages=tuple(range(from_stage, to_stage)))
    return [item for gate in gates for item in gate.missing]
