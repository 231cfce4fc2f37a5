"""The knowledge app's part of the demo world (scenario 1: Northline's knowledge map,
communication plan, lessons and two small documents) and of the benchmark data (1,000
documents and 500 knowledge items in ``world.bench_collaboration``)."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.collaborations.models import Party
from accord.knowledge import services
from accord.knowledge.models import (
    CommunicationItem,
    JointDocument,
    JointDocumentVersion,
    KnowledgeItem,
    Lesson,
    _file_name,
)

BENCH_DOCUMENTS = 1000
BENCH_ITEMS = 500


@contextmanager
def _acting(world: Any, user: Any) -> Iterator[None]:
    acting = getattr(world, "acting_as", None)
    context = acting(user) if acting is not None and user is not None else nullcontext()
    with context if hasattr(context, "__enter__") else nullcontext():
        yield


def _party(world: Any, collaboration: Any, organization: Any) -> Party:
    party = (getattr(world, "parties", {}) or {}).get(collaboration.pk, {}).get(organization.pk)
    return party or Party.objects.in_scope(collaboration).get(organization=organization)


def run(world: Any) -> None:
    collaboration = world.northline
    brightwave = _party(world, collaboration, world.brightwave)
    lumen = _party(world, collaboration, world.lumen)
    with _acting(world, world.ana):
        for data in (
            {
                "title": "Drawings and delivery schedules",
                "category": "can",
                "owner_party": brightwave,
                "confidentiality": "internal",
                "description": "Brightwave's bracket drawings and the bid's delivery schedule.",
                "at_exit": "Each party keeps its copies; revisions stop being sent.",
            },
            {
                "title": "Coating process parameters",
                "category": "could",
                "conditions": "Under the mutual NDA, for the Northline bid only; Lumen's quality lead says yes per request.",
                "owner_party": lumen,
                "confidentiality": "confidential",
                "at_exit": "Brightwave deletes the parameters it received.",
            },
            {
                "title": "Coating recipes",
                "category": "cannot",
                "owner_party": lumen,
                "confidentiality": "restricted",
                "description": "Lumen's own formulations: never shared.",
            },
            {
                "title": "Joint fixture design",
                "category": "can",
                "confidentiality": "confidential",
                "jointly_created": True,
                "ip_owner": "joint",
                "description": "The coating fixture designed together for the rail brackets.",
                "at_exit": "Owned jointly; the drawings and the fixture are returned to Brightwave, "
                "Lumen keeps a licence to use the design for Northline work.",
            },
        ):
            services.item_create(collaboration=collaboration, data=data)
        services.map_agree(collaboration=collaboration, party=brightwave, user=world.ana)
    with _acting(world, world.jo):
        services.map_agree(collaboration=collaboration, party=lumen, user=world.jo)

    with _acting(world, world.ana):
        for audience, message, channel, frequency, party, person in (
            (
                "Northline Rail (customer)",
                "Bid progress and open questions",
                "Video call and e-mail",
                "monthly",
                brightwave,
                "Ana",
            ),
            (
                "Both teams",
                "What changed this week, what is blocked",
                "Shared channel",
                "weekly",
                lumen,
                "Jo",
            ),
            ("Both boards", "Bid decision and risks", "Board paper", "milestones", brightwave, "Ana"),
        ):
            CommunicationItem.objects.create(
                collaboration=collaboration,
                audience=audience,
                message=message,
                channel=channel,
                frequency=frequency,
                owner_party=party,
                owner_person=person,
            )
        today = timezone.localdate()
        Lesson.objects.create(
            collaboration=collaboration,
            party=brightwave,
            what_happened="A drawing revision reached Lumen a week late and the coating quote was priced on the old part.",
            lesson="Send every drawing revision through the shared documents and say what changed.",
            stage=5,
            principle="5.9",
            recorded_on=today - datetime.timedelta(days=20),
        )
    with _acting(world, world.jo):
        Lesson.objects.create(
            collaboration=collaboration,
            party=lumen,
            what_happened="Asking for process parameters by e-mail left nobody sure what had been agreed.",
            lesson="Keep the knowledge map current and point to it before sharing anything on conditions.",
            stage=5,
            principle="5.9",
            recorded_on=today - datetime.timedelta(days=6),
        )
    with _acting(world, world.ana):
        services.joint_document_upload(
            collaboration=collaboration,
            party=brightwave,
            uploaded=ContentFile(
                b"Northline Rail joint bid - drawing list\n\nBR-101 Bracket, left, rev C\nBR-102 Bracket, right, rev C\n"
                b"FX-001 Coating fixture (joint design), rev A\n",
                name="northline-drawing-list.txt",
            ),
            user=world.ana,
            title="Drawing list",
            description="The drawings the bid is priced on.",
        )
    with _acting(world, world.jo):
        services.joint_document_upload(
            collaboration=collaboration,
            party=lumen,
            uploaded=ContentFile(
                b"Week,Activity,Owner\n1,Sample brackets coated,Lumen\n2,Salt-spray test,Lumen\n3,Report to Northline,Brightwave\n",
                name="coating-schedule.csv",
            ),
            user=world.jo,
            title="Coating schedule",
        )


def bench(world: Any, documents: int = BENCH_DOCUMENTS, items: int = BENCH_ITEMS) -> None:
    """1,000 joint documents (rows pointing at one small stored file) and 500 knowledge items
    (``documents`` and ``items``: fewer, for a small data set to compare query counts with)."""
    collaboration = world.bench_collaboration
    rng = world.rng
    parties = list(Party.unscoped.filter(collaboration=collaboration).order_by("pk"))
    stored = default_storage.save(_file_name(None, ""), ContentFile(b"Benchmark document.\n"))
    now = timezone.now()
    JointDocument.unscoped.bulk_create(
        (
            JointDocument(
                collaboration=collaboration,
                owner_party=parties[n % len(parties)],
                title=f"Document {n:04d}: {rng.choice(['drawing', 'schedule', 'report', 'minutes', 'plan'])}",
                access="all",
                number=1,
                filename=f"document-{n:04d}.txt",
                size=20,
                content_type="text/plain; charset=utf-8",
            )
            for n in range(documents)
        ),
        batch_size=500,
    )
    documents = list(JointDocument.unscoped.filter(collaboration=collaboration).order_by("pk"))
    JointDocumentVersion.unscoped.bulk_create(
        (
            JointDocumentVersion(
                collaboration=collaboration,
                document=d,
                number=1,
                file=stored,
                filename=d.filename,
                size=20,
                content_type=d.content_type,
                sha256="0" * 64,
                created_at=now,
            )
            for d in documents
        ),
        batch_size=500,
    )
    KnowledgeItem.unscoped.bulk_create(
        (
            KnowledgeItem(
                collaboration=collaboration,
                title=f"Knowledge item {n:03d}",
                category=("can", "could", "cannot")[n % 3],
                conditions="Under NDA" if n % 3 == 1 else "",
                owner_party=parties[n % len(parties)],
                confidentiality=("public", "internal", "confidential", "restricted")[n % 4],
                at_exit="Returned to its owner" if n % 5 == 0 else "",
            )
            for n in range(items)
        ),
        batch_size=500,
    )
