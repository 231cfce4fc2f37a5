"""Every write of the knowledge app (keyword-only, atomic, validated)."""

import hashlib
import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.knowledge.models import (
    Access,
    JointDocument,
    JointDocumentDownload,
    JointDocumentVersion,
    KnowledgeItem,
    KnowledgeMapAgreement,
    OwnDocument,
    OwnDocumentDownload,
    OwnDocumentVersion,
    _file_name,
)
from accord.knowledge.uploads import UploadRefused, check_upload

logger = logging.getLogger(__name__)

ITEM_FIELDS = [
    "title",
    "description",
    "category",
    "conditions",
    "owner_party",
    "confidentiality",
    "jointly_created",
    "ip_owner",
    "ip_owner_party",
    "at_exit",
]
DOCUMENT_FIELDS = ["title", "description"]


# --- The knowledge map -----------------------------------------------------------------------


def map_changed(*, collaboration: Any) -> None:
    """A change to the map: every party agrees again (the agreements stay in the history)."""
    for agreement in KnowledgeMapAgreement.objects.in_scope(collaboration):
        agreement.delete()


def item_create(*, collaboration: Any, data: dict[str, Any]) -> KnowledgeItem:
    item = KnowledgeItem(collaboration=collaboration, **{k: v for k, v in data.items() if k in ITEM_FIELDS})
    with transaction.atomic():
        item.full_clean()
        item.save()
        map_changed(collaboration=collaboration)
    return item


def item_update(*, item: KnowledgeItem, data: dict[str, Any], expected_version: int | None) -> KnowledgeItem:
    with transaction.atomic():
        item = versioned_update(item, data=data, expected_version=expected_version, fields=ITEM_FIELDS)
        map_changed(collaboration=item.collaboration)
    return item


def item_delete(*, item: KnowledgeItem) -> None:
    with transaction.atomic():
        collaboration = item.collaboration
        item.delete()
        map_changed(collaboration=collaboration)


def map_agree(*, collaboration: Any, party: Party, user: Any) -> KnowledgeMapAgreement:
    if not KnowledgeItem.objects.in_scope(collaboration).exists():
        raise ApplicationError(_("Add at least one item to the knowledge map before agreeing to it."))
    agreement, _created = KnowledgeMapAgreement.objects.in_scope(collaboration).get_or_create(
        collaboration=collaboration, party=party, defaults={"agreed_by": user, "agreed_at": timezone.now()}
    )
    return agreement


def map_withdraw(*, collaboration: Any, party: Party) -> None:
    for agreement in KnowledgeMapAgreement.objects.in_scope(collaboration).filter(party=party):
        agreement.delete()


def map_agreed(collaboration: Any) -> bool:
    """The map has at least one item and every active party agreed to it as it stands (one
    query)."""
    from django.db.models import Exists, OuterRef

    active = Party.objects.in_scope(collaboration).filter(status=PartyStatus.ACTIVE)
    missing = active.exclude(
        Exists(KnowledgeMapAgreement.objects.in_scope(collaboration).filter(party=OuterRef("pk")))
    )
    items = KnowledgeItem.objects.in_scope(collaboration)
    row = (
        type(collaboration)
        .objects.filter(pk=collaboration.pk)
        .annotate(has_items=Exists(items), has_active=Exists(active), has_missing=Exists(missing))
        .values("has_items", "has_active", "has_missing")
        .get()
    )
    return row["has_items"] and row["has_active"] and not row["has_missing"]


# --- Documents ------------------------------------------------------------------------------


def _store(uploaded: Any) -> tuple[str, str, Any]:
    """Checks the file, then stores it: (stored name, sha256, Checked). Nothing is stored
    when the file is refused (``ApplicationError`` with the reason, field ``file``)."""
    if uploaded is None:
        raise ApplicationError(_("Choose a file to upload."), field="file")
    try:
        checked = check_upload(uploaded)
    except UploadRefused as refused:
        raise ApplicationError(refused.message, field="file") from None
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    stored = default_storage.save(_file_name(None, checked.filename), uploaded)
    return stored, digest.hexdigest(), checked


def _unstore_on_failure(stored: str) -> None:
    try:
        default_storage.delete(stored)
    except Exception:  # noqa: BLE001 (the refusal matters more than a stray file)
        logger.warning("could not remove stored file %s", stored, exc_info=True)


def _add_version(
    document: Any, version_model: type, scope: dict[str, Any], uploaded: Any, user: Any, note: str
) -> Any:
    stored, sha256, checked = _store(uploaded)
    try:
        with transaction.atomic():
            # Lock the document so two uploads at once get different numbers.
            locked = type(document)._base_manager.select_for_update().get(pk=document.pk)
            number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = version_model(
                **scope,
                document=locked,
                number=number,
                filename=checked.filename,
                size=uploaded.size,
                content_type=checked.content_type,
                sha256=sha256,
                note=note,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            version.file.name = stored
            version.full_clean()
            version.save()
            locked.number = number
            locked.filename = checked.filename
            locked.size = uploaded.size
            locked.content_type = checked.content_type
            locked.version += 1
            locked.save()
    except Exception:
        _unstore_on_failure(stored)
        raise
    document.refresh_from_db()
    return version


def _named_parties(collaboration: Any, parties: Any) -> list[Party]:
    ids = {getattr(p, "pk", p) for p in parties or []}
    found = list(Party.objects.in_scope(collaboration).filter(pk__in=ids, status=PartyStatus.ACTIVE))
    if len(found) != len(ids):
        raise ApplicationError(_("Name parties of this collaboration."), field="parties")
    return found


def joint_document_upload(
    *,
    collaboration: Any,
    party: Party,
    uploaded: Any,
    user: Any,
    title: str = "",
    description: str = "",
    access: str = Access.ALL,
    parties: Any = (),
    note: str = "",
) -> JointDocument:
    """A new joint document (its version 1) from ``uploaded``, shared with every party or
    the ``parties`` named (the uploader's own party always sees it)."""
    if access not in (Access.ALL, Access.NAMED):
        raise ApplicationError(_("Choose who may see the document."), field="access")
    named = _named_parties(collaboration, parties) if access == Access.NAMED else []
    if access == Access.NAMED and not [p for p in named if p.pk != party.pk]:
        raise ApplicationError(
            _("Name at least one other party, or share with all parties."), field="parties"
        )
    with transaction.atomic():
        document = JointDocument(
            collaboration=collaboration,
            owner_party=party,
            title=title or _title_from(uploaded),
            description=description,
            access=access,
            created_by=user if getattr(user, "pk", None) else None,
        )
        document.full_clean()
        document.save()
        document.parties.set(named)
        _add_version(document, JointDocumentVersion, {"collaboration": collaboration}, uploaded, user, note)
    return document


def own_document_upload(
    *,
    organization: Any,
    uploaded: Any,
    user: Any,
    title: str = "",
    description: str = "",
    collaboration: Any = None,
    note: str = "",
) -> OwnDocument:
    """A new document private to ``organization`` (its version 1)."""
    with transaction.atomic():
        document = OwnDocument(
            organization=organization,
            collaboration=collaboration,
            title=title or _title_from(uploaded),
            description=description,
            created_by=user if getattr(user, "pk", None) else None,
        )
        document.full_clean()
        document.save()
        _add_version(document, OwnDocumentVersion, {"organization": organization}, uploaded, user, note)
    return document


def _title_from(uploaded: Any) -> str:
    from accord.knowledge.uploads import safe_filename

    name = safe_filename(getattr(uploaded, "name", "") or "")
    return (name.rpartition(".")[0] or name)[:200] or _("Document")


def document_new_version(*, document: Any, uploaded: Any, user: Any, note: str = "") -> Any:
    """A new upload of the same document: version n+1; the older versions stay."""
    if isinstance(document, JointDocument):
        return _add_version(
            document, JointDocumentVersion, {"collaboration": document.collaboration}, uploaded, user, note
        )
    return _add_version(
        document, OwnDocumentVersion, {"organization": document.organization}, uploaded, user, note
    )


def document_update(*, document: Any, data: dict[str, Any], expected_version: int | None) -> Any:
    """Title, description and (joint documents) who may see it."""
    fields = list(DOCUMENT_FIELDS)
    named = None
    if isinstance(document, JointDocument):
        if "access" in data:
            if data["access"] not in (Access.ALL, Access.NAMED):
                raise ApplicationError(_("Choose who may see the document."), field="access")
            fields.append("access")
        if "parties" in data:
            named = _named_parties(document.collaboration, data.pop("parties"))
    with transaction.atomic():
        document = versioned_update(document, data=data, expected_version=expected_version, fields=fields)
        if named is not None:
            document.parties.set(named)
    return document


def document_delete(*, document: Any) -> None:
    """Removes the document, its versions and their files (once the removal is committed)."""
    names = [v.file.name for v in document.versions.all()]
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: [_unstore_on_failure(n) for n in names])


def download_record(*, document: Any, version: Any, user: Any, party: Party | None = None) -> Any:
    if isinstance(document, JointDocument):
        return JointDocumentDownload.objects.create(
            collaboration_id=document.collaboration_id,
            document=document,
            version=version,
            party=party,
            user=user,
        )
    return OwnDocumentDownload.objects.create(
        organization_id=document.organization_id, document=document, version=version, user=user
    )
