import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.collaborations.services import party_leave
from accord.knowledge import services
from accord.knowledge.models import (
    JointDocument,
    JointDocumentDownload,
    JointDocumentVersion,
    OwnDocument,
    OwnDocumentVersion,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored_files(root) -> list[str]:
    if not root.exists():
        return []
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def joint_doc(world, bw_party):
    return services.joint_document_upload(
        collaboration=world.collaboration,
        party=bw_party,
        uploaded=ContentFile(b"drawing list\n", name="drawings.txt"),
        user=world.ana,
    )


@pytest.fixture
def private_doc(world):
    """Brightwave's own document about the collaboration."""
    return services.own_document_upload(
        organization=world.brightwave,
        collaboration=world.collaboration,
        uploaded=ContentFile(b"our margins\n", name="margins.txt"),
        user=world.ana,
    )


def urls(document) -> dict[str, str]:
    if isinstance(document, JointDocument):
        args = [document.collaboration_id, document.pk]
        return {
            "page": reverse("knowledge:document", args=args),
            "download": reverse("knowledge:document_download", args=args),
            "api": f"/api/v1/collaborations/{args[0]}/documents/{args[1]}",
            "api_download": f"/api/v1/collaborations/{args[0]}/documents/{args[1]}/download",
        }
    args = [document.organization.slug, document.pk]
    return {
        "page": reverse("knowledge:own_document", args=args),
        "download": reverse("knowledge:own_document_download", args=args),
        "api": f"/api/v1/organizations/{args[0]}/documents/{args[1]}",
        "api_download": f"/api/v1/organizations/{args[0]}/documents/{args[1]}/download",
    }


def test_upload_page_stores_a_joint_document_and_streams_it_back(client, world, file_storage):
    client.force_login(world.ana)
    url = reverse("knowledge:documents_add", args=[world.collaboration.pk])
    response = client.post(url, {"file": ContentFile(PDF, name="bid plan.pdf"), "title": "", "access": "all"})
    assert response.status_code == 302, response.content[:500]
    document = JointDocument.objects.in_scope(world.collaboration).get()
    assert document.title == "bid plan" and document.number == 1 and document.filename == "bid plan.pdf"
    version = document.versions.get()
    # Stored under a name with nothing of the original, in the storage root (not the web root).
    assert "bid" not in version.file.name and len(stored_files(file_storage)) == 1

    page = client.get(urls(document)["page"]).content.decode()
    assert version.file.name not in page and str(file_storage) not in page

    client.force_login(world.jo)  # the other party: shared with all parties
    response = client.get(urls(document)["download"])
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="bid plan.pdf"' in response["Content-Disposition"]
    download = JointDocumentDownload.objects.in_scope(world.collaboration).get()
    assert download.user == world.jo and download.version == version
    # The download shows on the document's page.
    assert "Jo" in client.get(urls(document)["page"]).content.decode()


def test_versions_keep_older_files_downloadable(client, world, joint_doc):
    client.force_login(world.ana)
    url = reverse("knowledge:document_version", args=[world.collaboration.pk, joint_doc.pk])
    response = client.post(
        url, {"file": ContentFile(b"drawing list v2\n", name="drawings.txt"), "note": "new"}
    )
    assert response.status_code == 302
    joint_doc.refresh_from_db()
    assert joint_doc.number == 2
    assert list(joint_doc.versions.values_list("number", flat=True)) == [2, 1]
    download = urls(joint_doc)["download"]
    assert b"".join(client.get(download).streaming_content) == b"drawing list v2\n"
    assert b"".join(client.get(download + "?v=1").streaming_content) == b"drawing list\n"
    assert client.get(download + "?v=3").status_code == 404
    # Only the uploading party adds versions.
    client.force_login(world.jo)
    assert client.post(url, {"file": ContentFile(b"x\n", name="x.txt")}).status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("setup.exe", b"MZ\x90\x00binary", "cannot be uploaded"),
        ("notes.txt", b"MZ\x90\x00\x00\x00", "Programs and scripts"),
        ("report.pdf", b"not a pdf at all", "not a .pdf file"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "Programs and scripts"),
        ("data.txt", b"\x00\x01\x02binary", "not plain text"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_wrong_types_are_refused_with_nothing_stored(client, world, file_storage, name, content, message):
    client.force_login(world.ana)
    url = reverse("knowledge:documents_add", args=[world.collaboration.pk])
    response = client.post(url, {"file": ContentFile(content, name=name), "access": "all"})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not JointDocument.objects.in_scope(world.collaboration).exists()
    assert not JointDocumentVersion.objects.in_scope(world.collaboration).exists()
    assert stored_files(file_storage) == []


def test_oversized_uploads_are_refused_with_nothing_stored(client, world, settings, file_storage):
    settings.ACCORD_UPLOAD_MAX_BYTES = 1000
    client.force_login(world.ana)
    # Over the limit while streaming (the body is under the declared-length check).
    url = reverse("knowledge:documents_add", args=[world.collaboration.pk])
    response = client.post(url, {"file": ContentFile(b"a" * 1500, name="big.txt"), "access": "all"})
    assert response.status_code == 422 and "larger than the limit" in response.content.decode()
    # Far over: refused from the declared length, the file is not read.
    response = client.post(url, {"file": ContentFile(b"a" * 200_000, name="big.txt"), "access": "all"})
    assert response.status_code == 422 and "larger than the limit" in response.content.decode()
    # The API: 413, from the declared length.
    api = f"/api/v1/collaborations/{world.collaboration.pk}/documents"
    response = client.post(
        api, {"file": ContentFile(b"a" * 200_000, name="big.txt")}, headers=bearer(world.ana)
    )
    assert response.status_code == 413 and "larger than the limit" in response.json()["detail"]
    response = client.post(api, {"file": ContentFile(b"a" * 1500, name="big.txt")}, headers=bearer(world.ana))
    assert response.status_code == 413
    assert not JointDocument.objects.in_scope(world.collaboration).exists()
    assert not OwnDocument.objects.in_scope(world.brightwave).exists()
    assert stored_files(file_storage) == []


def _all_404(client, document, user) -> None:
    client.force_login(user)
    for name, url in urls(document).items():
        if name.startswith("api"):
            response = client.get(url, headers=bearer(user))
        else:
            response = client.get(url)
        assert response.status_code == 404, (name, url, response.status_code)


def test_a_private_document_is_invisible_to_every_other_party(client, world, private_doc, joint_doc):
    _all_404(client, private_doc, world.jo)
    _all_404(client, private_doc, world.mallory)
    # Not on the partner's pages, API lists or exports.
    client.force_login(world.jo)
    c = world.collaboration.pk
    for url in (
        reverse("knowledge:documents", args=[c]),
        reverse("knowledge:documents_export", args=[c, "csv"]),
        f"/api/v1/collaborations/{c}/documents",
        reverse("collaborations:overview", args=[c]),
    ):
        response = client.get(url, headers=bearer(world.jo) if url.startswith("/api") else {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"margins" not in body, url
        if "documents" in url:
            assert b"drawings" in body, url
    # Its own organization sees it, in the joint space and in its own documents.
    client.force_login(world.ana)
    assert "margins" in client.get(reverse("knowledge:documents", args=[c])).content.decode()
    assert client.get(urls(private_doc)["download"]).status_code == 200


def test_named_parties_only(client, world, bw_party, lumen_party):
    from accord.collaborations.models import Party
    from tests.factories import UserFactory, make_org

    third_user = UserFactory(email="tess@third.test")
    third = make_org("Third Ltd", third_user)
    third_party = Party.objects.create(collaboration=world.collaboration, organization=third)
    document = services.joint_document_upload(
        collaboration=world.collaboration,
        party=bw_party,
        uploaded=ContentFile(b"for lumen\n", name="lumen.txt"),
        user=world.ana,
        access="named",
        parties=[lumen_party],
    )
    _all_404(client, document, third_user)
    client.force_login(world.jo)
    assert client.get(urls(document)["download"]).status_code == 200
    assert third_party.pk not in document.parties.values_list("pk", flat=True)


def test_the_documents_page_history_shows_a_named_document_to_the_named_parties_only(
    client, world, bw_party, lumen_party
):
    from accord.collaborations.models import Party
    from tests.factories import UserFactory, make_org

    third_user = UserFactory(email="tess@third.test")
    Party.objects.create(collaboration=world.collaboration, organization=make_org("Third Ltd", third_user))

    def upload(title: str, file_name: str, **access) -> JointDocument:
        return services.joint_document_upload(
            collaboration=world.collaboration,
            party=bw_party,
            uploaded=ContentFile(b"text\n", name=file_name),
            user=world.ana,
            title=title,
            **access,
        )

    upload("Lumen price terms", "lumen-terms.txt", access="named", parties=[lumen_party])
    shared = upload("Site rules", "all.txt", access="all")
    services.document_delete(document=shared)
    page = reverse("knowledge:documents", args=[world.collaboration.pk])
    # The third party sees the shared document's trail (added, then deleted), nothing of the other.
    client.force_login(third_user)
    body = client.get(page).content.decode()
    assert "Site rules" in body
    assert "Lumen price terms" not in body and "lumen-terms" not in body
    # The named party and the uploader see both in the change panel.
    for user in (world.jo, world.ana):
        client.force_login(user)
        assert "Lumen price terms" in client.get(page).content.decode()


def test_outsiders_and_a_departed_party_get_404(client, world, joint_doc, lumen_party):
    _all_404(client, joint_doc, world.mallory)
    client.force_login(world.jo)
    assert client.get(urls(joint_doc)["download"]).status_code == 200
    party_leave(party=lumen_party, actor=world.jo)
    _all_404(client, joint_doc, world.jo)
    client.force_login(world.jo)
    assert client.get(reverse("knowledge:documents", args=[world.collaboration.pk])).status_code == 404
    assert client.get(reverse("knowledge:map", args=[world.collaboration.pk])).status_code == 404


def test_api_upload_versions_and_download(client, world, file_storage, django_capture_on_commit_callbacks):
    headers = bearer(world.ana)
    api = f"/api/v1/collaborations/{world.collaboration.pk}/documents"
    response = client.post(api, {"file": ContentFile(PDF, name="plan.pdf"), "title": "Plan"}, headers=headers)
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    response = client.post(
        f"{api}/{document_id}/versions",
        {"file": ContentFile(PDF + b"%2", name="plan.pdf"), "note": "v2"},
        headers=headers,
    )
    assert response.status_code == 201 and response.json()["number"] == 2
    versions = client.get(f"{api}/{document_id}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [2, 1]
    response = client.get(f"{api}/{document_id}/download?v=1", headers=headers)
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert "file" not in client.get(f"{api}/{document_id}", headers=headers).json()
    response = client.patch(
        f"{api}/{document_id}",
        {"version": 1, "title": "Old"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 409
    # A private upload through the joint space's API lands in the organization's documents.
    response = client.post(
        api, {"file": ContentFile(b"ours\n", name="o.txt"), "access": "own"}, headers=headers
    )
    assert response.status_code == 201
    assert OwnDocumentVersion.objects.in_scope(world.brightwave).count() == 1
    assert client.get(api, headers=bearer(world.jo)).json()["count"] == 1
    # Removing a document removes its files.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{api}/{document_id}", headers=headers).status_code == 204
    assert len(stored_files(file_storage)) == 1


def test_the_joint_history_export_leaves_out_private_and_named_documents(
    client, world, joint_doc, private_doc, bw_party, lumen_party
):
    named = services.joint_document_upload(
        collaboration=world.collaboration,
        party=bw_party,
        uploaded=ContentFile(b"named\n", name="secret-named.txt"),
        user=world.ana,
        access="named",
        parties=[lumen_party],
    )
    client.force_login(world.ana)
    client.get(urls(joint_doc)["download"])
    client.get(urls(named)["download"])
    from accord.core.registry import COLLABORATION, registry

    sources = dict(registry.history_sources(COLLABORATION, world.collaboration))
    assert sources[JointDocument].filter(id=joint_doc.pk).exists()
    assert not sources[JointDocument].filter(id=named.pk).exists()
    assert sources[JointDocumentDownload].filter(document_id=joint_doc.pk).exists()
    assert not sources[JointDocumentDownload].filter(document_id=named.pk).exists()
    assert OwnDocument not in sources


def test_default_storage_is_the_configured_one(file_storage):
    name = default_storage.save("probe", ContentFile(b"x"))
    assert (file_storage / name).exists()


def test_the_copy_kept_at_exit_holds_documents_shared_with_every_party_only(
    world, joint_doc, private_doc, bw_party, lumen_party
):
    from accord.exits.copies import joint_records

    named = services.joint_document_upload(
        collaboration=world.collaboration,
        party=bw_party,
        uploaded=ContentFile(b"named\n", name="secret-named.txt"),
        user=world.ana,
        access="named",
        parties=[lumen_party],
    )
    records = joint_records(world.collaboration)
    documents = records["knowledge.JointDocument"]
    assert [d["id"] for d in documents] == [joint_doc.pk]
    versions = records["knowledge.JointDocumentVersion"]
    assert [v["document_id"] for v in versions] == [joint_doc.pk]
    assert "file" not in versions[0]  # no storage path
    assert not any("margins" in str(row) for rows in records.values() for row in rows)
    assert named.pk not in [d["id"] for d in documents]
