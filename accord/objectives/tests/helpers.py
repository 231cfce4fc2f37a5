"""Helpers shared by the objectives tests: scenario 1's objectives process in a few calls."""

from types import SimpleNamespace

from accord.collaborations.models import Party
from accord.objectives import services
from accord.objectives.models import Priority


def party(world, org) -> Party:
    return Party.objects.in_scope(world.collaboration).get(organization=org)


def own(org, title, **data):
    return services.objective_create(organization=org, data={"title": title, **data})


def process(world) -> SimpleNamespace:
    """Brightwave and Lumen each share one objective; one joint objective conflicts with
    Brightwave's, another is agreed and serves Lumen's."""
    bw, lu = party(world, world.brightwave), party(world, world.lumen)
    know_how = own(
        world.brightwave,
        "Keep the coating know-how in-house",
        rationale="PRIVATE: our margin depends on it",
        benefits="PRIVATE benefits",
        priority=Priority.HIGH,
    )
    secret = own(world.brightwave, "Secret expansion plan", rationale="PRIVATE: never shared")
    ip = own(world.lumen, "Co-own the new process IP", rationale="Lumen private rationale")
    shared_bw = services.objective_share(
        organization=world.brightwave,
        objective=know_how,
        collaboration=world.collaboration,
        title="Keep the coating know-how in-house",
        rationale="Coating is our core skill.",
        user=world.ana,
    )
    shared_lu = services.objective_share(
        organization=world.lumen,
        objective=ip,
        collaboration=world.collaboration,
        title="Co-own the new process IP",
        rationale="We invest in the process too.",
        user=world.jo,
    )
    joint_ip = services.joint_objective_create(
        collaboration=world.collaboration, party=lu, data={"title": "Develop the process IP together"}
    )
    joint_bid = services.joint_objective_create(
        collaboration=world.collaboration, party=bw, data={"title": "Win the Northline tender"}
    )
    services.alignment_set(
        collaboration=world.collaboration,
        party=bw,
        shared=shared_bw,
        joint=joint_ip,
        relation="conflicting",
        user=world.ana,
    )
    services.alignment_set(
        collaboration=world.collaboration,
        party=lu,
        shared=shared_lu,
        joint=joint_ip,
        relation="compatible",
        user=world.jo,
    )
    return SimpleNamespace(
        bw=bw,
        lu=lu,
        know_how=know_how,
        secret=secret,
        ip=ip,
        shared_bw=shared_bw,
        shared_lu=shared_lu,
        joint_ip=joint_ip,
        joint_bid=joint_bid,
    )
