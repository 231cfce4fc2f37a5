"""Plan documents (PDF, Word) built by the task worker and kept.

An approved version never changes, so its PDF and Word files are built once, in the
background, when it is approved (``queue_kept_documents``), stored in the database (every app
process on every machine serves the same bytes) and served from then on in milliseconds; a
version approved before Accord kept files gets its file built the first time someone asks.
A superseded version's document says so: it is kept too, as another document.

A draft's records change every minute, so its file is built for the request that asked for it
(``request_build``) and the page shows progress while the worker builds it.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from accord.plans.models import (
    KEPT_DOCUMENT_STATUSES,
    DocumentBuildState,
    JrmpDocument,
    RmpDocument,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = tuple(CONTENT_TYPES)
# A draft's build is dropped after this long (it was for one reader, at one moment).
DRAFT_BUILD_LIFETIME = timedelta(hours=1)
# A build nobody's worker has started after this long is built by the request that polls it
# (a deployment without a running worker still gets its documents, only slower).
WORKER_GRACE = timedelta(seconds=30)


def kind_of(owner: Any) -> str:
    from accord.organizations.models import Organization

    return "rmp" if isinstance(owner, Organization) else "jrmp"


def document_model(kind: str) -> type:
    return RmpDocument if kind == "rmp" else JrmpDocument


def filename(owner: Any, version: Any, fmt: str) -> str:
    kind = kind_of(owner)
    name = owner.slug if kind == "rmp" else slugify(owner.name) or f"collaboration-{owner.pk}"
    return f"{name}-{kind}-v{version.number}.{fmt}"


def render(owner: Any, version: Any, fmt: str, *, request: Any = None) -> bytes:
    """The version laid out as ``fmt`` now (WeasyPrint takes about a second for a full JRMP)."""
    from accord.plans import documents, selectors, sources
    from accord.plans.views.plans import PlanSpace

    kind = kind_of(owner)
    space = PlanSpace(kind, owner, None, [owner.slug if kind == "rmp" else owner.pk])
    context = documents.plan_document_context(
        space=space,
        version=version,
        # A frozen version shows the records as they were when it was sent for review.
        shown={} if version.is_frozen else sources.shown(kind, owner),
        parties=selectors.active_parties(owner) if kind == "jrmp" else None,
    )
    if fmt == "pdf":
        from accord.plans.rendering import render_pdf

        return render_pdf(context, request=request)
    from accord.plans.rendering import render_docx

    return render_docx(context)


def kept_document(owner: Any, version: Any, fmt: str, language: str | None = None) -> Any:
    """The stored document of a version that no longer changes (any state), or None."""
    if version.status not in KEPT_DOCUMENT_STATUSES:
        return None
    return (
        document_model(kind_of(owner))
        .objects.in_scope(owner)
        .filter(
            version=version,
            fmt=fmt,
            language=language or translation.get_language(),
            plan_status=version.status,
        )
        .exclude(state=DocumentBuildState.FAILED)
        .order_by("-created_at")
        .first()
    )


def kept_or_render(owner: Any, version: Any, fmt: str, *, request: Any = None) -> bytes:
    """The file of ``version``: as stored when it no longer changes (stored now if it was not
    yet: built on demand for versions approved before), built now for a draft."""
    kept = kept_document(owner, version, fmt)
    if kept is not None and kept.state == DocumentBuildState.READY:
        return bytes(kept.content)
    content = render(owner, version, fmt, request=request)
    if version.status in KEPT_DOCUMENT_STATUSES:
        model = document_model(kind_of(owner))
        if kept is None:
            model.objects.create(
                **{model.scope_field: owner},
                version=version,
                fmt=fmt,
                language=translation.get_language(),
                plan_status=version.status,
                filename=filename(owner, version, fmt),
                state=DocumentBuildState.READY,
                content=content,
                built_at=timezone.now(),
            )
        else:  # the worker has not got to it yet: this request did its work
            model.objects.in_scope(owner).filter(pk=kept.pk).update(
                state=DocumentBuildState.READY, content=content, built_at=timezone.now()
            )
    return content


def request_build(owner: Any, version: Any, fmt: str) -> Any:
    """A build of ``version`` as ``fmt`` in the current language: the stored one of a version
    that no longer changes, else a new one queued for the worker."""
    kept = kept_document(owner, version, fmt)
    if kept is not None:
        return kept
    model = document_model(kind_of(owner))
    if version.status not in KEPT_DOCUMENT_STATUSES:  # drafts' old builds go
        model.objects.in_scope(owner).exclude(plan_status__in=KEPT_DOCUMENT_STATUSES).filter(
            created_at__lt=timezone.now() - DRAFT_BUILD_LIFETIME
        ).delete()
    document = model.objects.create(
        **{model.scope_field: owner},
        version=version,
        fmt=fmt,
        language=translation.get_language(),
        plan_status=version.status,
        filename=filename(owner, version, fmt),
    )
    _enqueue(document)
    document.refresh_from_db()  # the tests' immediate backend has built it already
    return document


def queue_kept_documents(owner: Any, version: Any) -> None:
    """On approval (after the commit): the approved version's PDF and Word, in the language
    of the person who approved, are queued for the worker."""
    language = translation.get_language()

    def queue() -> None:
        model = document_model(kind_of(owner))
        for fmt in FORMATS:
            if kept_document(owner, version, fmt, language) is None:
                _enqueue(
                    model.objects.create(
                        **{model.scope_field: owner},
                        version=version,
                        fmt=fmt,
                        language=language,
                        plan_status=version.status,
                        filename=filename(owner, version, fmt),
                    )
                )

    transaction.on_commit(queue, robust=True)


def _enqueue(document: Any) -> None:
    from accord.plans.tasks import build_plan_document

    build_plan_document.enqueue(kind_of(_owner(document)), str(document.pk))


def _owner(document: Any) -> Any:
    return document.organization if isinstance(document, RmpDocument) else document.collaboration


def build(kind: str, document_id: str) -> bool:
    """The worker's part: lay out the document and store it. True when it is ready."""
    model = document_model(kind)
    document = model.unscoped.filter(pk=document_id).select_related(model.scope_field).first()
    if document is None:  # a draft's build dropped before the worker got to it
        return False
    if document.state == DocumentBuildState.READY:
        return True
    owner = _owner(document)
    version = document.version
    try:
        with translation.override(document.language):
            content = render(owner, version, document.fmt)
    except Exception:
        model.objects.in_scope(owner).filter(pk=document.pk).update(state=DocumentBuildState.FAILED)
        raise
    model.objects.in_scope(owner).filter(pk=document.pk).update(
        state=DocumentBuildState.READY, content=content, built_at=timezone.now()
    )
    return True


def build_if_forgotten(document: Any) -> Any:
    """A build still waiting after ``WORKER_GRACE`` (no worker running?) is built by the
    request that asks about it."""
    if document.state == DocumentBuildState.PENDING and document.created_at < timezone.now() - WORKER_GRACE:
        build(kind_of(_owner(document)), str(document.pk))
        document.refresh_from_db()
    return document
