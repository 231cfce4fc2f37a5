import datetime

import pytest

from accord.collaborations.models import Party
from accord.risks import services


@pytest.fixture
def party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)


@pytest.fixture
def lumen_party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.lumen)


@pytest.fixture
def joint_risk(world, party):
    return services.risk_create(
        owner=world.collaboration,
        data={
            "title": "Coating not qualified",
            "category": "operational",
            "likelihood": 3,
            "impact": 5,
            "owner_party": party,
            "owner_user": world.ana,
            "review_date": datetime.date(2030, 1, 1),
        },
    )


@pytest.fixture
def private_mitigation(world, joint_risk, party):
    """Brightwave's private fallback: Lumen must never see it."""
    return services.mitigation_create(
        risk=joint_risk, party=party, data={"action": "SECRET fallback supplier quote", "private": True}
    )


@pytest.fixture
def shared_mitigation(world, joint_risk, lumen_party):
    return services.mitigation_create(
        risk=joint_risk, party=lumen_party, data={"action": "Run the fire tests at the lab"}
    )
