"""Reads of the knowledge app (each in a fixed number of queries)."""

from typing import Any

from django.db.models import Count, Q

from accord.collaborations.selectors import active_parties
from accord.knowledge.models import (
    JointDocument,
    JointDocumentDownload,
    KnowledgeItem,
    KnowledgeMapAgreement,
    OwnDocument,
    OwnDocumentDownload,
    ShareCategory,
)


def map_agreement(collaboration: Any, party: Any, *, parties: list[Any] | None = None) -> dict[str, Any]:
    """Each active party and whether it agreed to the map as it stands, the parties by joining
    date with their organizations: ``parties`` when the caller has them, else the request's
    list (``accord.collaborations.selectors.active_parties``). Two queries, one once the
    request has read the parties."""
    if parties is None:
        parties = active_parties(collaboration)
    agreements = {
        a.party_id: a
        for a in KnowledgeMapAgreement.objects.in_scope(collaboration).select_related("agreed_by")
    }
    rows = [{"party": p, "agreement": agreements.get(p.pk)} for p in parties]
    return {
        "rows": rows,
        "agreed": bool(rows) and all(r["agreement"] for r in rows),
        "ours": agreements.get(party.pk) if party is not None else None,
    }


def map_counts(collaboration: Any) -> dict[str, int]:
    """Items per sharing category (one query)."""
    counts = KnowledgeItem.objects.in_scope(collaboration).aggregate(
        total=Count("pk"),
        can=Count("pk", filter=Q(category=ShareCategory.CAN)),
        could=Count("pk", filter=Q(category=ShareCategory.COULD)),
        cannot=Count("pk", filter=Q(category=ShareCategory.CANNOT)),
    )
    return counts


def visible_joint_documents(collaboration: Any, party: Any) -> Any:
    return JointDocument.objects.in_scope(collaboration).visible_to(party)


def own_documents_about(organization: Any, collaboration: Any, limit: int = 20) -> list[OwnDocument]:
    return list(
        OwnDocument.objects.in_scope(organization)
        .filter(collaboration=collaboration)
        .order_by("-updated_at", "-id")[:limit]
    )


def downloads(document: Any, limit: int = 50) -> list[Any]:
    if isinstance(document, JointDocument):
        queryset = JointDocumentDownload.objects.in_scope(document.collaboration_id).select_related(
            "user", "party__organization", "version"
        )
    else:
        queryset = OwnDocumentDownload.objects.in_scope(document.organization_id).select_related(
            "user", "version"
        )
    return list(queryset.filter(document=document).order_by("-at", "-id")[:limit])
