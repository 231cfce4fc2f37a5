"""Team members' authority (ISO 44003 5.1.3.3) is part of the joint plan: on its page and in
its PDF and Word documents (issue 12)."""

import io

from django.urls import reverse

from accord.plans.models import JointTeamMember
from accord.plans.tests.helpers import party

AUTHORITY = "May commit up to 20000 EUR of engineering time"


def test_the_joint_plan_shows_each_team_members_authority(client, world):
    from docx import Document
    from pypdf import PdfReader

    JointTeamMember.objects.create(
        collaboration=world.collaboration,
        party=party(world, world.brightwave),
        name="Ana",
        role="Joint relationship manager",
        authority=AUTHORITY,
    )
    client.force_login(world.jo)
    page = client.get(reverse("plans:jrmp_plan", args=[world.collaboration.pk])).content.decode()
    assert f"Authority: {AUTHORITY}" in page
    pdf = client.get(reverse("plans:jrmp_pdf", args=[world.collaboration.pk]))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    docx = Document(io.BytesIO(client.get(reverse("plans:jrmp_docx", args=[world.collaboration.pk])).content))
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    for document in (" ".join(pdf_text.split()), docx_text):
        assert f"Authority: {AUTHORITY}" in document
