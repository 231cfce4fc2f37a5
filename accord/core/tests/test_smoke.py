from django.urls import reverse


def test_pages_render_for_owner(client, world):
    client.force_login(world.ana)
    slug = world.brightwave.slug
    for url in [
        reverse("home"),
        reverse("organizations:dashboard", args=[slug]),
        reverse("organizations:profile", args=[slug]),
        reverse("organizations:profile_edit", args=[slug]),
        reverse("organizations:members", args=[slug]),
        reverse("relationships:list", args=[slug]),
        reverse("relationships:create", args=[slug]),
        reverse("relationships:detail", args=[slug, world.entry.pk]),
        reverse("relationships:edit", args=[slug, world.entry.pk]),
        reverse("relationships:matrix", args=[slug]),
        reverse("relationships:criteria", args=[slug]),
        reverse("relationships:import", args=[slug]),
        reverse("relationships:export_csv", args=[slug]),
        reverse("relationships:export_xlsx", args=[slug]),
        reverse("collaborations:list", args=[slug]),
        reverse("collaborations:create", args=[slug]),
        reverse("collaborations:overview", args=[world.collaboration.pk]),
        reverse("collaborations:edit", args=[world.collaboration.pk]),
        reverse("collaborations:invite", args=[world.collaboration.pk]),
        reverse("collaborations:leave", args=[world.collaboration.pk]),
        reverse("guidance:library"),
        reverse("accounts:settings"),
        "/api/v1/docs",
        "/api/v1/openapi.json",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
