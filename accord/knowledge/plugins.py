"""What the knowledge app adds to the shared pages: gate answer, cards, plan sources, nav,
history (installed from ``KnowledgeConfig.ready``). Each reads a fixed number of queries."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from accord.core.i18n import colon
from accord.core.registry import PlanSource
from accord.knowledge import selectors, services
from accord.knowledge.models import (
    CommunicationItem,
    IpOwner,
    JointDocument,
    KnowledgeItem,
    Lesson,
)

GATE_KEYS = {"information_sharing"}
CARD_DOCUMENTS = 5


def gate_answers(collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
    """``information_sharing``: the knowledge map has an item and every active party agreed
    to it as it stands (one query)."""
    if "information_sharing" not in keys:
        return {}
    return {"information_sharing": services.map_agreed(collaboration)}


def overview_card(request: HttpRequest, scope: Any) -> dict[str, Any] | None:
    """The knowledge map's state and the latest documents the caller may see (three queries:
    the page has read the parties)."""
    collaboration = scope.collaboration
    counts = selectors.map_counts(collaboration)
    agreement = selectors.map_agreement(collaboration, scope.party, parties=scope.active_parties())
    documents = list(
        selectors.visible_joint_documents(collaboration, scope.party).order_by("-updated_at", "-id")[
            :CARD_DOCUMENTS
        ]
    )
    base = reverse("knowledge:document", args=[collaboration.pk, 999999999])
    return {
        "counts": counts,
        "agreement": agreement,
        "documents": [(d, base.replace("999999999", str(d.pk))) for d in documents],
        "map_url": reverse("knowledge:map", args=[collaboration.pk]),
        "documents_url": reverse("knowledge:documents", args=[collaboration.pk]),
    }


# --- JRMP sections ------------------------------------------------------------------------------


def _party(party: Any) -> str:
    return party.organization.name if party is not None else ""


def _map_load(collaboration: Any, limit: int | None) -> list[KnowledgeItem]:
    items = KnowledgeItem.objects.in_scope(collaboration).select_related(
        "owner_party__organization", "ip_owner_party__organization"
    )
    rows = list(items[:limit] if limit else items)
    if not limit or len(rows) < limit:
        # The whole map: the exit section picks its items from it (no second query).
        collaboration.__dict__["_knowledge_map"] = rows
    return rows


def _map_count(collaboration: Any) -> int:
    return KnowledgeItem.objects.in_scope(collaboration).count()


def item_line(item: KnowledgeItem) -> str:
    parts = [f"{item.title}{colon()} {item.get_category_display()}"]
    if item.conditions:
        parts.append(gettext("conditions: %(text)s") % {"text": " ".join(item.conditions.split())})
    if item.owner_party_id:
        parts.append(gettext("owner %(party)s") % {"party": _party(item.owner_party)})
    parts.append(str(item.get_confidentiality_display()).lower())
    if item.ip_owner:
        owner = (
            _party(item.ip_owner_party)
            if item.ip_owner == IpOwner.PARTY
            else str(item.get_ip_owner_display()).lower()
        )
        parts.append(gettext("IP: %(owner)s") % {"owner": owner})
    if item.at_exit:
        parts.append(gettext("at exit: %(text)s") % {"text": " ".join(item.at_exit.split())})
    return " — ".join(parts)


def _map_lines(rows: list[KnowledgeItem]) -> list[str]:
    return [item_line(item) for item in rows]


def _communication_load(collaboration: Any, limit: int | None) -> list[CommunicationItem]:
    items = CommunicationItem.objects.in_scope(collaboration).select_related("owner_party__organization")
    return list(items[:limit] if limit else items)


def _communication_lines(rows: list[CommunicationItem]) -> list[str]:
    out = []
    for c in rows:
        line = f"{c.audience}{colon()} {' '.join(c.message.split())} — {c.get_frequency_display()}"
        if c.channel:
            line += f", {c.channel}"
        owner = ", ".join(x for x in (c.owner_person, _party(c.owner_party)) if x)
        if owner:
            line += f" — {owner}"
        out.append(line)
    return out


def _lessons_load(collaboration: Any, limit: int | None) -> list[Lesson]:
    items = Lesson.objects.in_scope(collaboration).select_related("party__organization")
    return list(items[:limit] if limit else items)


def _lessons_lines(rows: list[Lesson]) -> list[str]:
    out = []
    for lesson in rows:
        where = ", ".join(
            x
            for x in (
                gettext("stage %(n)s") % {"n": lesson.stage} if lesson.stage else "",
                lesson.principle and f"ISO 44003 {lesson.principle}",
            )
            if x
        )
        when = date_format(lesson.recorded_on, "DATE_FORMAT")
        line = gettext("Lesson (%(when)s, %(party)s") % {"when": when, "party": _party(lesson.party)}
        line += f", {where})" if where else ")"
        out.append(
            gettext("%(line)s: %(lesson)s (what happened: %(what)s)")
            % {
                "line": line,
                "lesson": " ".join(lesson.lesson.split()),
                "what": " ".join(lesson.what_happened.split()),
            }
        )
    return out


def _exit_load(collaboration: Any, limit: int | None) -> list[KnowledgeItem]:
    """Knowledge-map items with IP or an arrangement at exit: the exit strategy's assets, IP
    and data side (ISO 44003 5.12)."""
    from django.db.models import Q

    whole_map = collaboration.__dict__.get("_knowledge_map")  # read by the map's section
    if whole_map is not None:
        rows = [item for item in whole_map if item.jointly_created or item.at_exit != ""]
        return rows[:limit] if limit else rows
    items = (
        KnowledgeItem.objects.in_scope(collaboration)
        .filter(Q(jointly_created=True) | ~Q(at_exit=""))
        .select_related("owner_party__organization", "ip_owner_party__organization")
    )
    return list(items[:limit] if limit else items)


def _exit_lines(rows: list[KnowledgeItem]) -> list[str]:
    return [gettext("Knowledge map: %(item)s") % {"item": item_line(item)} for item in rows]


SOURCES = [
    PlanSource(
        "jrmp",
        "knowledge_sharing",
        "knowledge_map",
        _map_load,
        _map_lines,
        "knowledge/sources/map.html",
        order=100,
        count=_map_count,
    ),
    PlanSource(
        "jrmp",
        "communication",
        "communication_plan",
        _communication_load,
        _communication_lines,
        "knowledge/sources/communication.html",
        order=100,
    ),
    PlanSource(
        "jrmp",
        "improvement",
        "lessons_learned",
        _lessons_load,
        _lessons_lines,
        "knowledge/sources/lessons.html",
        order=200,
    ),
    PlanSource(
        "jrmp",
        "exit",
        "knowledge_at_exit",
        _exit_load,
        _exit_lines,
        "knowledge/sources/exit.html",
        order=200,
    ),
]


def _shared_history(model: type, field: str = "document_id") -> Any:
    """The joint history export holds documents shared with every party only (never one that
    named some parties), their versions and their downloads."""

    def records(collaboration: Any) -> Any:
        ever_named = (
            JointDocument.history.filter(collaboration_id=collaboration.pk).exclude(access="all").values("id")
        )
        history = model.history.filter(collaboration_id=collaboration.pk)
        return history.exclude(**{f"{field}__in": ever_named})

    return records


def install() -> None:
    from accord.core.registry import COLLABORATION, ORG, Card, registry
    from accord.knowledge import demo, models
    from accord.knowledge.registers import (
        communication,
        joint_documents,
        knowledge_map,
        lessons,
        own_documents,
    )

    registry.urls("accord.knowledge.urls")
    registry.api_router("accord.knowledge.api.router")
    for register in (knowledge_map, communication, lessons, joint_documents, own_documents):
        registry.register(register)
    registry.history(COLLABORATION, models.KnowledgeMapAgreement)
    registry.history(COLLABORATION, JointDocument, records=_shared_history(JointDocument, "id"))
    registry.history(
        COLLABORATION, models.JointDocumentVersion, records=_shared_history(models.JointDocumentVersion)
    )
    registry.history(
        COLLABORATION, models.JointDocumentDownload, records=_shared_history(models.JointDocumentDownload)
    )
    registry.history(ORG, models.OwnDocumentVersion)
    registry.history(ORG, models.OwnDocumentDownload)

    registry.nav(COLLABORATION, gettext_lazy("Knowledge"), "knowledge:map", order=650)
    registry.nav(COLLABORATION, gettext_lazy("Documents"), "knowledge:documents", order=660)
    registry.nav(ORG, gettext_lazy("Documents"), "knowledge:own_documents", order=820)

    registry.gate_checks(
        GATE_KEYS,
        gate_answers,
        evidence={"information_sharing": gettext_lazy("the knowledge map (agreed by every party)")},
    )
    registry.card(COLLABORATION, Card("knowledge.overview", "knowledge/_card.html", overview_card, order=55))
    for source in SOURCES:
        registry.plan_source(source)
    registry.demo("knowledge", demo.run, order=285)
    registry.bench("knowledge", demo.bench, order=285)
