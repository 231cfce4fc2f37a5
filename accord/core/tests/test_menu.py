"""The header menu (issue 12): guidance and account pages keep the firm's menu, and the
phone menu carries the page's own menu too."""

from django.urls import reverse

from accord.organizations.models import Membership


def _register_link(world) -> str:
    return f'href="{reverse("relationships:list", args=[world.brightwave.slug])}"'


def test_guidance_pages_keep_the_menu_of_the_firm_last_worked_in(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.ana)
    client.get(reverse("organizations:dashboard", args=[world.brightwave.slug]))  # remembered
    client.get(reverse("guidance:library"))
    with django_assert_max_num_queries(6):
        body = client.get(reverse("guidance:library")).content.decode()
    assert _register_link(world) in body
    assert "Brightwave Engineering" in body


def test_a_former_member_does_not_get_the_firm_menu(client, world):
    client.force_login(world.ana)
    client.get(reverse("organizations:dashboard", args=[world.brightwave.slug]))
    Membership.objects.filter(user=world.ana, organization=world.brightwave).delete()
    body = client.get(reverse("guidance:library")).content.decode()
    assert _register_link(world) not in body


def test_the_joint_space_menu_is_also_in_the_header_for_phones(client, world):
    client.force_login(world.ana)
    body = client.get(reverse("collaborations:overview", args=[world.collaboration.pk])).content.decode()
    header = body.split("</header>")[0]
    assert f'<ul class="scope-links" aria-label="{world.collaboration.name}">' in header
    assert 'aria-controls="site-menu"' in header
