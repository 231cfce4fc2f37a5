"""A request runs outside any transaction (no ATOMIC_REQUESTS): the services that lock rows
must open their own. The other tests run inside one, and SQLite ignores row locks, so only
this test (on PostgreSQL) shows a service that forgot: its SELECT … FOR UPDATE is refused."""

import pytest

from accord.plans import services
from accord.plans.tests.helpers import write


@pytest.mark.django_db(transaction=True)
def test_a_section_save_locks_inside_its_own_transaction(world):
    version = write(world.collaboration, "objectives", "Win the rail bid together.", world.ana)
    assert version.sections["objectives"] == "Win the rail bid together."
    again = services.plan_section_save(
        owner=world.brightwave, key="policy", text="Grow with partners.", expected_revision=0, user=world.ana
    )
    assert again.revisions["policy"] == 1
