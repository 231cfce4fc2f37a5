import datetime
from decimal import Decimal

import pytest

from accord.collaborations.models import Party
from accord.measures import services
from accord.measures.models import JointMeasure, PrivateMeasure


@pytest.fixture
def party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)


@pytest.fixture
def joint_measure(world, party):
    return services.measure_create(
        owner=world.collaboration,
        model=JointMeasure,
        data={
            "name": "Availability",
            "unit": "%",
            "direction": "higher",
            "target": Decimal("99.5"),
            "warning": Decimal("98"),
            "frequency": "quarterly",
            "start_date": datetime.date(2024, 1, 1),
            "owner_party": party,
        },
    )


@pytest.fixture
def private_measure(world):
    return services.measure_create(
        owner=world.brightwave,
        model=PrivateMeasure,
        data={
            "name": "Our margin on Lumen",
            "unit": "%",
            "direction": "higher",
            "target": Decimal("18"),
            "warning": Decimal("12"),
            "frequency": "monthly",
            "start_date": datetime.date(2025, 1, 1),
            "relationship": world.entry,
        },
    )
