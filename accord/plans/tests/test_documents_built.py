"""Plan documents built by the worker: an approved version's PDF and Word are built once and
served as stored; a draft's PDF shows progress while it builds, then offers the download."""

import pytest
from django.urls import reverse

from accord.core.permissions import Role
from accord.plans import builds
from accord.plans.models import DocumentBuildState, JrmpDocument, PlanStatus, RmpDocument
from accord.plans.tests.helpers import in_review, write


@pytest.fixture
def quick_render(monkeypatch):
    """WeasyPrint takes a second per document: a stand-in that says what it laid out."""
    calls = []

    def render(owner, version, fmt, *, request=None):
        calls.append((owner.pk, version.number, fmt))
        return f"{fmt} of v{version.number} ({version.status})".encode()

    monkeypatch.setattr(builds, "render", render)
    return calls


def _approve_rmp(world, django_capture_on_commit_callbacks):
    from accord.plans import services

    org = world.brightwave
    org.ser = world.ana
    org.save()
    write(org, "policy", "Grow with partners.", world.ana)
    services.plan_submit(owner=org, user=world.ana)
    with django_capture_on_commit_callbacks(execute=True):
        return services.rmp_approve(organization=org, user=world.ana, reviewed=in_review(org))


def test_an_approved_version_is_built_once_on_approval_and_then_served_as_stored(
    client, world, quick_render, django_capture_on_commit_callbacks
):
    version = _approve_rmp(world, django_capture_on_commit_callbacks)
    assert version.status == PlanStatus.APPROVED
    # Approval queued the PDF and the Word file; the (immediate) worker built both.
    stored = RmpDocument.objects.in_scope(world.brightwave).filter(version=version)
    assert {(d.fmt, d.state) for d in stored} == {("pdf", "ready"), ("docx", "ready")}
    assert len(quick_render) == 2

    client.force_login(world.roles[Role.VIEWER])
    for fmt, name in (("pdf", "plans:rmp_pdf"), ("docx", "plans:rmp_docx")):
        response = client.get(reverse(name, args=[world.brightwave.slug]) + f"?v={version.number}")
        assert response.status_code == 200
        assert response.content == f"{fmt} of v{version.number} (approved)".encode()
        assert f"-rmp-v{version.number}.{fmt}" in response["Content-Disposition"]
    assert len(quick_render) == 2  # served as stored, not built again
    # And the progress page of an approved version offers the download at once.
    page = client.get(reverse("plans:rmp_prepare", args=[world.brightwave.slug]) + f"?v={version.number}")
    assert "The PDF is ready." in page.content.decode() and len(quick_render) == 2


def test_a_version_approved_before_documents_were_kept_is_built_on_first_request_then_kept(
    client, world, quick_render, django_capture_on_commit_callbacks
):
    version = _approve_rmp(world, django_capture_on_commit_callbacks)
    RmpDocument.objects.in_scope(world.brightwave).delete()
    quick_render.clear()
    client.force_login(world.ana)
    url = reverse("plans:rmp_pdf", args=[world.brightwave.slug]) + f"?v={version.number}"
    assert client.get(url).content == client.get(url).content
    assert len(quick_render) == 1


def test_a_superseded_version_says_so_in_its_own_document(
    world, quick_render, django_capture_on_commit_callbacks
):
    version = _approve_rmp(world, django_capture_on_commit_callbacks)
    version.status = PlanStatus.SUPERSEDED
    version.save()
    content = builds.kept_or_render(world.brightwave, version, "pdf")
    assert content == f"pdf of v{version.number} (superseded)".encode()


def test_a_draft_pdf_shows_progress_then_offers_the_download(client, world, quick_render, settings):
    from django.test import override_settings

    write(world.collaboration, "objectives", "Win the rail bid together.", world.ana)
    client.force_login(world.jo)
    prepare = reverse("plans:jrmp_prepare", args=[world.collaboration.pk])
    # A real worker: the request only queues the build and shows progress.
    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        page = client.get(prepare + "?fmt=pdf")
    body = page.content.decode()
    assert page.status_code == 200 and "<progress" in body and "hx-trigger" in body
    document = JrmpDocument.objects.in_scope(world.collaboration).get()
    assert document.state == DocumentBuildState.PENDING and quick_render == []
    status_url = reverse("plans:jrmp_build", args=[world.collaboration.pk, document.pk])
    assert status_url in body
    # Polled (HTMX) while it builds: still the progress fragment, and no file yet.
    poll = client.get(status_url, headers={"HX-Request": "true"})
    assert "<progress" in poll.content.decode() and "<html" not in poll.content.decode()
    assert client.get(status_url + "?download=1").status_code == 404
    # The worker builds it; the next poll offers the download.
    builds.build("jrmp", str(document.pk))
    poll = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "The PDF is ready." in poll and "hx-trigger" not in poll
    download = client.get(status_url + "?download=1")
    assert download.content.startswith(b"pdf of v1 (draft)")
    assert download["Content-Type"] == "application/pdf"


def test_with_the_immediate_backend_the_draft_is_ready_at_once(client, world, quick_render):
    client.force_login(world.ana)
    page = client.get(reverse("plans:jrmp_prepare", args=[world.collaboration.pk]) + "?fmt=pdf")
    assert "The PDF is ready." in page.content.decode()
    assert quick_render == [(world.collaboration.pk, 1, "pdf")]


def test_a_build_nobody_picked_up_is_built_by_the_poll(client, world, quick_render):
    from datetime import timedelta

    from django.test import override_settings
    from django.utils import timezone

    client.force_login(world.ana)
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        client.get(reverse("plans:jrmp_prepare", args=[world.collaboration.pk]) + "?fmt=pdf")
    document = JrmpDocument.objects.in_scope(world.collaboration).get()
    JrmpDocument.objects.in_scope(world.collaboration).update(
        created_at=timezone.now() - timedelta(minutes=1)
    )
    url = reverse("plans:jrmp_build", args=[world.collaboration.pk, document.pk])
    assert "The PDF is ready." in client.get(url).content.decode()


def test_another_collaborations_build_is_not_found(client, world, quick_render):
    client.force_login(world.ana)
    client.get(reverse("plans:jrmp_prepare", args=[world.collaboration.pk]) + "?fmt=pdf")
    document = JrmpDocument.objects.in_scope(world.collaboration).get()
    client.force_login(world.mallory)
    url = reverse("plans:jrmp_build", args=[world.collaboration.pk, document.pk]) + "?download=1"
    assert client.get(url).status_code == 404


def test_a_failed_build_says_so_and_offers_to_try_again(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(builds, "render", broken)
    client.force_login(world.ana)
    page = client.get(reverse("plans:jrmp_prepare", args=[world.collaboration.pk]) + "?fmt=pdf")
    assert "could not be prepared" in page.content.decode()
    document = JrmpDocument.objects.in_scope(world.collaboration).get()
    assert document.state == DocumentBuildState.FAILED
    body = client.get(
        reverse("plans:jrmp_build", args=[world.collaboration.pk, document.pk])
    ).content.decode()
    assert "could not be prepared" in body and "Try again" in body
