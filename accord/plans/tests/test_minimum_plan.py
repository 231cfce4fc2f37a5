"""A micro firm's minimum plan: the approach (ISO 44003 5.1.1) and the four items of 5.1.3.1
are required, every other section optional, and the plan's completeness counts the required
sections only."""

from django.urls import reverse

from accord.plans.sections import JRMP_SECTIONS, RMP_SECTIONS
from accord.plans.tests.helpers import write


def test_the_minimum_rmp_is_the_approach_and_the_four_items_of_5_1_3_1():
    required = {s.key: s.clause for s in RMP_SECTIONS if s.required}
    assert set(required) == {"approach", "leadership", "objectives", "resources", "risk"}
    assert required["approach"] == "ISO 44003 5.1.1"
    assert all("5.1.3.1" in clause for key, clause in required.items() if key != "approach")
    # The JRMP's required sections are where the joint management team's duties are written.
    assert {s.key for s in JRMP_SECTIONS if s.required} == {
        "leadership",
        "objectives",
        "governance",
        "organisation",
        "knowledge_sharing",
        "measurement",
    }


def test_a_short_plan_with_the_required_sections_is_complete(client, world):
    org = world.brightwave
    org.ser = None
    org.save(update_fields=["ser"])
    client.force_login(world.ana)
    url = reverse("plans:rmp_plan", args=[org.slug])
    write(org, "policy", "We work closely with two suppliers.", world.ana)  # optional: not counted
    body = client.get(url).content.decode()
    assert "0 of 5 required sections written (0 %)" in body
    for key in ("approach", "leadership", "objectives", "resources", "risk"):
        write(org, key, f"Our {key}.", world.ana)
    response = client.get(url)
    body = response.content.decode()
    assert "5 of 5 required sections written (100 %)" in body
    assert response.context["filled_keys"] >= {"policy", "approach"}
    # Each section says whether it is required or optional.
    heading = body[body.index('id="h-approach"') : body.index("</h2>", body.index('id="h-approach"'))]
    assert "ISO 44003 5.1.1" in heading and "required" in heading
    heading = body[body.index('id="h-policy"') : body.index("</h2>", body.index('id="h-policy"'))]
    assert "optional" in heading
