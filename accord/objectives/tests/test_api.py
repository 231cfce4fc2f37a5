"""The objectives API: registers, sharing, agreement, alignment marks, flags; isolation."""

import io
import json

from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.objectives import services
from accord.objectives.models import JointObjective, ObjectiveAlignment, SharedObjective
from accord.objectives.tests.helpers import process

API = "/api/v1"


def call(client, user, method, path, body=None):
    _token, raw = api_token_create(user=user, name="test")
    return client.generic(
        method,
        API + path,
        data=json.dumps(body or {}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_own_objectives_api_and_validation(client, world):
    org = world.brightwave.slug
    response = call(
        client, world.ana, "POST", f"/organizations/{org}/objectives", {"title": "Grow", "priority": "high"}
    )
    assert response.status_code == 201, response.content
    objective_id = response.json()["id"]
    response = call(client, world.ana, "POST", f"/organizations/{org}/objectives", {"title": "a\nb"})
    assert response.status_code == 422
    assert "Use a single line" in json.dumps(response.json())
    response = call(client, world.ana, "POST", f"/organizations/{org}/objectives", {"title": "  "})
    assert response.status_code == 422
    response = call(
        client, world.ana, "POST", f"/organizations/{org}/objectives", {"title": "X", "owner_id": world.jo.pk}
    )
    assert response.status_code == 400 and "owner_id" in response.json()["errors"]
    response = call(
        client,
        world.ana,
        "PATCH",
        f"/organizations/{org}/objectives/{objective_id}",
        {"version": 1, "relationship_id": world.entry.pk, "owner_id": world.ana.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["relationship_id"] == world.entry.pk
    # The partner and outsiders never reach the private register.
    for user in (world.jo, world.mallory):
        assert call(client, user, "GET", f"/organizations/{org}/objectives").status_code == 404
        assert call(client, user, "GET", f"/organizations/{org}/objectives/{objective_id}").status_code == 404
        assert (
            call(
                client,
                user,
                "POST",
                f"/organizations/{org}/objectives/{objective_id}/share",
                {"collaboration_id": world.collaboration.pk, "title": "x"},
            ).status_code
            == 404
        )


def test_share_agree_align_and_flags(client, world):
    org, c = world.brightwave.slug, world.collaboration.pk
    objective_id = call(
        client,
        world.ana,
        "POST",
        f"/organizations/{org}/objectives",
        {"title": "Keep know-how", "rationale": "PRIVATE"},
    ).json()["id"]
    response = call(
        client,
        world.ana,
        "POST",
        f"/organizations/{org}/objectives/{objective_id}/share",
        {"collaboration_id": c, "title": "Keep know-how", "rationale": "Core skill."},
    )
    assert response.status_code == 201, response.content
    shared_id = response.json()["id"]
    assert response.json()["rationale"] == "Core skill."
    # Jo sees the copy, never the private objective.
    listing = call(client, world.jo, "GET", f"/collaborations/{c}/objectives/shared")
    assert listing.status_code == 200
    assert [s["title"] for s in listing.json()["items"]] == ["Keep know-how"]
    assert "PRIVATE" not in listing.content.decode()
    assert "objective_id" not in listing.json()["items"][0]
    # Sharing into a collaboration Brightwave is no party of is refused.
    response = call(
        client,
        world.ana,
        "POST",
        f"/organizations/{org}/objectives/{objective_id}/share",
        {"collaboration_id": 999999, "title": "x"},
    )
    assert response.status_code == 400

    joint = call(client, world.jo, "POST", f"/collaborations/{c}/objectives/joint", {"title": "Joint IP"})
    assert joint.status_code == 201, joint.content
    joint_id = joint.json()["id"]
    agreed = call(client, world.jo, "POST", f"/collaborations/{c}/objectives/joint/{joint_id}/agreement")
    assert agreed.status_code == 200 and agreed.json()["agreed_by_all"] is False
    agreed = call(client, world.ana, "POST", f"/collaborations/{c}/objectives/joint/{joint_id}/agreement")
    assert agreed.json()["agreed_by_all"] is True and agreed.json()["status"] == "agreed"
    assert len(agreed.json()["agreements"]) == 2
    # Lumen's viewer may not agree.
    assert (
        call(
            client, world.lou, "POST", f"/collaborations/{c}/objectives/joint/{joint_id}/agreement"
        ).status_code
        == 403
    )
    # Editing the wording resets agreement.
    patched = call(
        client,
        world.jo,
        "PATCH",
        f"/collaborations/{c}/objectives/joint/{joint_id}",
        {"version": 2, "title": "Joint IP v2"},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["agreed_by_all"] is False and patched.json()["agreements"] == []

    body = {"shared_objective_id": shared_id, "joint_objective_id": joint_id, "relation": "conflicting"}
    assert (
        call(client, world.jo, "PUT", f"/collaborations/{c}/objectives/alignments", body).status_code == 400
    )
    response = call(client, world.ana, "PUT", f"/collaborations/{c}/objectives/alignments", body)
    assert response.status_code == 200, response.content
    flags = call(client, world.jo, "GET", f"/collaborations/{c}/objectives/flags").json()
    assert [(f["shared_objective"], f["joint_objective"]) for f in flags["conflicts"]] == [
        ("Keep know-how", "Joint IP v2")
    ]
    assert [f["shared_objective"] for f in flags["unmatched"]] == ["Keep know-how"]
    assert [f["joint_objective"] for f in flags["not_agreed"]] == ["Joint IP v2"]
    assert call(client, world.jo, "GET", f"/collaborations/{c}/objectives/alignments").json()[0][
        "relation"
    ] == ("conflicting")
    # A null relation clears the mark.
    body["relation"] = None
    assert (
        call(client, world.ana, "PUT", f"/collaborations/{c}/objectives/alignments", body).status_code == 204
    )
    assert not ObjectiveAlignment.objects.in_scope(world.collaboration).exists()
    # Only the sharing party withdraws.
    assert (
        call(client, world.jo, "DELETE", f"/collaborations/{c}/objectives/shared/{shared_id}").status_code
        == 404
    )
    assert (
        call(client, world.ana, "DELETE", f"/collaborations/{c}/objectives/shared/{shared_id}").status_code
        == 204
    )
    assert not SharedObjective.objects.in_scope(world.collaboration).exists()


def test_outsiders_get_404_on_the_joint_routes(client, world):
    p = process(world)
    c = world.collaboration.pk
    for method, path, body in [
        ("GET", f"/collaborations/{c}/objectives/flags", None),
        ("GET", f"/collaborations/{c}/objectives/alignments", None),
        (
            "PUT",
            f"/collaborations/{c}/objectives/alignments",
            {
                "shared_objective_id": p.shared_bw.pk,
                "joint_objective_id": p.joint_bid.pk,
                "relation": "compatible",
            },
        ),
        ("POST", f"/collaborations/{c}/objectives/joint/{p.joint_bid.pk}/agreement", None),
        ("DELETE", f"/collaborations/{c}/objectives/joint/{p.joint_bid.pk}/agreement", None),
    ]:
        assert call(client, world.mallory, method, path, body).status_code == 404, path
    assert JointObjective.objects.in_scope(world.collaboration).count() == 2


def test_jrmp_page_print_and_documents_hold_no_private_objective(client, world):
    from docx import Document
    from pypdf import PdfReader

    p = process(world)
    services.joint_objective_agree(joint=p.joint_bid, party=p.bw, user=world.ana)
    client.force_login(world.jo)
    c = world.collaboration.pk
    page = client.get(reverse("plans:jrmp_plan", args=[c])).content.decode()
    printed = client.get(reverse("plans:jrmp_print", args=[c])).content.decode()
    pdf = client.get(reverse("plans:jrmp_pdf", args=[c]))
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    docx = Document(io.BytesIO(client.get(reverse("plans:jrmp_docx", args=[c])).content))
    docx_text = "\n".join(par.text for par in docx.paragraphs)
    for document in (page, printed, pdf_text, docx_text):
        assert "Win the Northline tender" in document
        assert "PRIVATE" not in document
        assert "Secret expansion plan" not in document
        assert "Lumen private rationale" not in document
    for document in (printed, docx_text):
        assert "Keep the coating know-how in-house" in document  # the conflict flag, a shared copy
