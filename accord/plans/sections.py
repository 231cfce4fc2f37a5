"""The sections of the relationship management plan (RMP, private) and of the joint plan
(JRMP), after domain.md §4.2, with short guidance in our own words and the clause it cites.

``required`` marks the minimum plan a micro firm can approve: for the RMP, the approach
(ISO 44003 5.1.1) and the four items of 5.1.3.1 (roles and responsibilities, resources,
objectives and benefits, initial risks). Every other section is optional. The plan's
completeness counts the required sections only (``accord.plans.selectors.completeness``).
For the JRMP, the sections where the joint management team's duties (5.1.3.3 a–g) are
written down are required: leadership, objectives, governance, organization, knowledge
sharing, measurement.

A section may also show records kept elsewhere in Accord (never copied by hand): each app
registers what it fills as an ``accord.core.registry.PlanSource`` for the section's key.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    guidance: str
    clause: str
    required: bool = False  # part of the minimum plan; completeness counts these only


RMP_SECTIONS = [
    Section(
        "context",
        _("Context and scope"),
        _("What the plan covers: which relationships, which parts of the business, and why now."),
        "ISO 44003 5.1.3.1",
    ),
    Section(
        "policy",
        _("Collaboration policy"),
        _("A short statement, approved at the top, of how and why your firm works collaboratively."),
        "ISO 44001 5.2, 8.3",
    ),
    Section(
        "approach",
        _("Desired business approach"),
        _("Where collaboration serves your business and where a transactional relationship is enough."),
        "ISO 44003 5.1.1",
        required=True,
    ),
    Section(
        "leadership",
        _("Roles and responsibilities"),
        _(
            "Your SER, who makes sure the collaborative way of working is in place and followed; "
            "who runs each relationship; and who decides what."
        ),
        "ISO 44003 5.1.3.1, 5.4.3.1",
        required=True,
    ),
    Section(
        "vision_values",
        _("Values and behaviour code"),
        _("The values you hold and the behaviours you expect from your people and partners."),
        "ISO 44003 5.2.3.1",
    ),
    Section(
        "objectives",
        _("Objectives and benefits"),
        _("What collaboration should achieve for the business, and how you will know."),
        "ISO 44003 5.1.3.1, 5.3",
        required=True,
    ),
    Section(
        "stakeholders",
        _("Stakeholders and expectations"),
        _("Who has a stake in these relationships and what they expect."),
        "ISO 44003 5.1.3.1",
    ),
    Section(
        "opportunities",
        _("Relationships chosen for collaboration"),
        _("The register entries you decided deserve a collaborative approach, with why."),
        "ISO 44003 5.1.3.2",
    ),
    Section(
        "value_case",
        _("Business cases"),
        _("The opportunities you have written a business case for, and what each should bring."),
        "ISO 44003 5.3.3.2",
    ),
    Section(
        "resources",
        _("Resources"),
        _("People, structures, processes and systems you commit to collaboration."),
        "ISO 44003 5.1.3.1, 5.4.3.2",
        required=True,
    ),
    Section(
        "capability",
        _("Capability"),
        _("Your strengths and gaps in working collaboratively, and how you will close the gaps."),
        "ISO 44003 5.6",
    ),
    Section(
        "partner_selection",
        _("Partner selection"),
        _("How you choose partners: criteria beyond price, and who takes part in the choice."),
        "ISO 44001 8.6",
    ),
    Section(
        "communication",
        _("Communication"),
        _("Who needs to hear what about your collaborations, how and how often."),
        "ISO 44003 5.9",
    ),
    Section(
        "risk",
        _("Initial risks"),
        _(
            "What could go wrong in collaborating, inside your firm and with partners, and what you will do about it."
        ),
        "ISO 44003 5.1.3.1, 5.10",
        required=True,
    ),
    Section(
        "improvement",
        _("Improvement"),
        _("How you review the plan and learn from each relationship."),
        "ISO 44003 5.11",
    ),
    Section(
        "exit",
        _("Exit considerations"),
        _(
            "How relationships may end well: triggers, continuity for customers, what happens to shared assets."
        ),
        "ISO 44003 5.12",
    ),
]

JRMP_SECTIONS = [
    Section(
        "context",
        _("Context"),
        _("Why the parties work together, the scope of the collaboration and the working model."),
        "ISO 44003 Introduction, 5.1.3.3",
    ),
    Section(
        "leadership",
        _("Leadership"),
        _("Each party's senior executive responsible and the authority they hold."),
        "ISO 44003 5.4.3.1",
        required=True,
    ),
    Section(
        "vision_values",
        _("Visions and values"),
        _("The shared direction and the behaviours all parties commit to."),
        "ISO 44003 5.2",
    ),
    Section(
        "objectives",
        _("Joint objectives"),
        _("What the parties will achieve together, and each party's own drivers behind them."),
        "ISO 44003 5.1.3.3 a, 5.3.3.6",
        required=True,
    ),
    Section(
        "governance",
        _("Governance"),
        _("Forums and how often they meet, decision rights, roles and escalation levels."),
        "ISO 44003 5.1.3.3 g, 5.4.3.3, 5.5",
        required=True,
    ),
    Section(
        "organisation",
        _("Joint organization"),
        _("The joint management team and who does what."),
        "ISO 44003 5.1.3.3 d, 5.1.3.3 f",
        required=True,
    ),
    Section(
        "contract",
        _("Contract summary"),
        _("The agreements in place and the key commercial terms."),
        "ISO 44003 5.1.3.3",
    ),
    Section(
        "knowledge_sharing",
        _("Knowledge sharing"),
        _("What can, could and cannot be shared; who owns joint know-how; confidentiality."),
        "ISO 44003 5.1.3.3 e, 5.9",
        required=True,
    ),
    Section(
        "communication",
        _("Communication"),
        _("Who tells whom what, through which channel, how often."),
        "ISO 44003 5.9",
    ),
    Section(
        "risk",
        _("Joint risks"),
        _("The risks the parties manage together, with owners and actions."),
        "ISO 44003 5.10",
    ),
    Section(
        "value_creation",
        _("Value creation"),
        _("How the parties find and share extra value beyond the contract."),
        "ISO 44003 5.8",
    ),
    Section(
        "measurement",
        _("Measurement"),
        _("How the parties measure delivery and the health of the relationship, and when they review."),
        "ISO 44003 5.1.3.3 b, 5.11",
        required=True,
    ),
    Section(
        "issue_resolution",
        _("Issue resolution"),
        _("How disagreements are raised, escalated and settled, and in what time."),
        "ISO 44003 5.5",
    ),
    Section(
        "improvement",
        _("Improvement"),
        _("Lessons learned and how the plan is kept up to date."),
        "ISO 44003 5.11",
    ),
    Section(
        "exit",
        _("Exit strategy"),
        _("Agreed early: boundaries, triggers, continuity, assets and knowledge, people, communication."),
        "ISO 44003 5.12",
    ),
]


def sections_for(kind: str) -> list[Section]:
    return RMP_SECTIONS if kind == "rmp" else JRMP_SECTIONS


def section(kind: str, key: str) -> Section | None:
    return next((s for s in sections_for(kind) if s.key == key), None)
