"""The plans of the demo world (registered in ``PlansConfig.ready``): Brightwave's approved
relationship management plan with a business case and resources, the Northline joint plan
with its team and contributions, and a short approved joint plan for Westmoor and Quillsoft."""

from typing import Any

from accord.organizations.services import organization_update
from accord.plans import services as plans

NORTHLINE_JRMP = {
    "context": "Brightwave machines and Lumen coats bogie components for Northline Rail.",
    "objectives": "Win the Northline tender; deliver on time; share the margin 60/40.",
    "governance": "A monthly joint meeting; the two SERs meet each quarter; issues go to the "
    "SERs within five working days.",
    "knowledge_sharing": "Drawings and schedules are shared; coating recipes stay with Lumen.",
    "exit": "If the tender is lost, the collaboration ends after a joint review; shared "
    "fixtures return to their owner.",
}
WESTMOOR_JRMP = {
    "context": "Quillsoft's scheduling software runs theatre and clinic lists in Westmoor's four "
    "hospitals; both want fewer cancelled sessions and a system staff trust.",
    "objectives": "99.8 % availability in clinic hours; cancelled theatre sessions down by a "
    "quarter within a year; one joint improvement release each quarter.",
    "governance": "Working level: the account manager and the supplier-relationship manager, "
    "weekly. Joint management team: monthly. The two SERs: each quarter, at the joint review. "
    "Escalation goes one level up after five working days.",
    "knowledge_sharing": "Anonymised scheduling data is shared for improvements; patient data "
    "never leaves the hospital; Quillsoft keeps its source code.",
    "exit": "Twelve months' notice; Quillsoft hands over the schedules and data in an open "
    "format and supports the move for three months.",
}


def _brightwave(world: Any) -> None:
    ana, ben, brightwave = world.ana, world.ben, world.brightwave
    world.acting_as(ana)
    organization_update(
        organization=brightwave,
        data={
            "ser_responsibility": "Sponsors every collaboration, chairs the quarterly review, approves plans.",
            "ser_authority": "Commits up to 20 % of shop capacity and signs agreements up to 250k.",
        },
        expected_version=None,
    )
    rmp = {
        "policy": "We collaborate where a partner's skills complete ours and both sides gain; "
        "everything else we buy well and keep simple.",
        "approach": "Collaborate with a few partners in rail and medical parts; keep commodity "
        "suppliers transactional.",
        "objectives": "Two joint bids a year; shorter lead times on coated parts.\n\nMeasure: bids "
        "won, lead time, partner satisfaction.",
        "risk": "Over-committing shop capacity; losing know-how to a partner; dependence on one coater.",
        "exit": "Every joint agreement names what happens to shared tooling and open orders.",
    }
    for key, text in rmp.items():
        plans.plan_section_save(owner=brightwave, key=key, text=text, expected_revision=0, user=ana)
    entries = world.brightwave_entries
    plans.business_case_create(
        organization=brightwave,
        data={
            "title": "Northline Rail bogie components",
            "status": "approved",
            "opportunity": "Northline Rail tenders coated bogie parts for 2027-2029.",
            "objectives": "Win the tender with Lumen; 15 % margin.",
            "value": "About 1.2 million over three years.",
            "risks": "Tight delivery windows; coating qualification.",
            "resources": "Ana (lead), Ben (planning), two machinists part-time.",
        },
        candidates=[entries["Lumen Coatings"].pk, entries["Northline Rail"].pk],
        user=ana,
    )
    plans.resource_create(
        organization=brightwave,
        data={
            "kind": "people",
            "description": "Relationship manager for joint bids",
            "person": ben,
            "capability": "Planning, customer contact",
            "capacity": "1 day a week",
        },
    )
    # Approved once its business case and resources exist: the plan shows them.
    submitted = plans.plan_submit(owner=brightwave, user=ana)
    plans.rmp_approve(organization=brightwave, user=ana, reviewed=submitted.submitted_at)


def _northline(world: Any) -> None:
    ana, ben, jo, collaboration = world.ana, world.ben, world.jo, world.northline
    for key, text in NORTHLINE_JRMP.items():
        plans.plan_section_save(owner=collaboration, key=key, text=text, expected_revision=0, user=ana)
    parties = world.parties[collaboration.pk]
    ours, theirs = parties[world.brightwave.pk], parties[world.lumen.pk]
    # The team and contributions first: the approved plan shows them as they were.
    plans.team_member_add(
        collaboration=collaboration,
        party=ours,
        data={"user": ana, "role": "Joint lead", "is_ser_representative": True},
    )
    plans.team_member_add(collaboration=collaboration, party=ours, data={"user": ben, "role": "Planning"})
    with world.acting_as(jo):
        plans.team_member_add(
            collaboration=collaboration,
            party=theirs,
            data={"user": jo, "role": "Coating lead", "is_ser_representative": True},
        )
        plans.contribution_add(
            collaboration=collaboration,
            party=theirs,
            data={
                "kind": "equipment",
                "description": "Spray booth time, 2 days a week",
                "return_at_exit": "Booking ends with the collaboration.",
            },
        )
    plans.contribution_add(
        collaboration=collaboration,
        party=ours,
        data={
            "kind": "equipment",
            "description": "Holding fixtures for bogie parts",
            "return_at_exit": "Returned to Brightwave.",
        },
    )
    reviewed = plans.plan_submit(owner=collaboration, user=ana).submitted_at
    for party, ser in ((ours, ana), (theirs, jo)):
        with world.acting_as(ser):
            plans.jrmp_approve(collaboration=collaboration, party=party, user=ser, reviewed=reviewed)


def _westmoor(world: Any) -> None:
    """Scenario 3: a short joint plan, with a small joint team, approved by both SERs."""
    collaboration = world.quillsoft_hospital
    parties = world.parties[collaboration.pk]
    hospital, quillsoft = parties[world.hospital.pk], parties[world.quillsoft.pk]
    mina, lee = world.hospital_people["manager"], world.quillsoft_people["manager"]
    with world.acting_as(mina):
        for key, text in WESTMOOR_JRMP.items():
            plans.plan_section_save(owner=collaboration, key=key, text=text, expected_revision=0, user=mina)
        plans.team_member_add(
            collaboration=collaboration,
            party=hospital,
            data={"user": mina, "role": "Supplier-relationship manager"},
        )
    with world.acting_as(lee):
        plans.team_member_add(
            collaboration=collaboration, party=quillsoft, data={"user": lee, "role": "Account manager"}
        )
        plans.contribution_add(
            collaboration=collaboration,
            party=quillsoft,
            data={
                "kind": "resource",
                "description": "A support engineer on site one day a week",
                "return_at_exit": "Ends with the partnership.",
            },
        )
    with world.acting_as(mina):
        reviewed = plans.plan_submit(owner=collaboration, user=mina).submitted_at
    for party, ser in ((hospital, world.hospital_people["ser"]), (quillsoft, world.quillsoft_people["ser"])):
        with world.acting_as(ser):
            plans.jrmp_approve(collaboration=collaboration, party=party, user=ser, reviewed=reviewed)


def demo(world: Any) -> None:
    _brightwave(world)
    _northline(world)
    _westmoor(world)
    world.acting_as(world.ana)
