"""Information and knowledge sharing (ISO 44003 5.9): the knowledge map of a collaboration,
its agreement by every party, shared and private documents with versions and downloads, the
communication plan and the lessons learned register.

Documents come in two kinds, so that a private one can never be read through the joint space:
``JointDocument`` (joint data: every party, or the parties it names) and ``OwnDocument``
(private data of one organization, optionally about one collaboration). Each has its own
versions and download records, scoped the same way.
"""

import uuid
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import (
    CollaborationScopedModel,
    OrganizationScopedModel,
    ScopedQuerySet,
    VersionedModel,
)


class ShareCategory(models.TextChoices):
    CAN = "can", _("Can share")
    COULD = "could", _("Could share, under conditions")
    CANNOT = "cannot", _("Cannot share")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    RESTRICTED = "restricted", _("Restricted")


class IpOwner(models.TextChoices):
    PARTY = "party", _("One party")
    JOINT = "joint", _("Jointly")
    TO_AGREE = "to_agree", _("To be agreed")


class KnowledgeItem(CollaborationScopedModel, VersionedModel):
    """One line of the information-sharing agreement: what it is, whether it can be shared,
    on what conditions, who owns it, how confidential it is and what happens to it at exit."""

    title = LineField(_("information or knowledge"), max_length=200)
    description = TextBlockField(_("description"), blank=True, max_length=5000)
    category = models.CharField(
        _("sharing"), max_length=8, choices=ShareCategory.choices, default=ShareCategory.CAN
    )
    conditions = TextBlockField(
        _("conditions"),
        blank=True,
        max_length=2000,
        help_text=_("For “could share”: on what terms (an NDA, a purpose, a person who decides)."),
    )
    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner party"),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    jointly_created = models.BooleanField(_("created jointly"), default=False)
    ip_owner = models.CharField(
        _("who owns the IP"),
        max_length=8,
        choices=IpOwner.choices,
        blank=True,
        help_text=_("For material created jointly."),
    )
    ip_owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("IP owned by"),
    )
    at_exit = TextBlockField(
        _("at exit"),
        blank=True,
        max_length=2000,
        help_text=_("What happens to it when a party leaves or the collaboration ends."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("knowledge item")
        indexes = [models.Index(fields=["collaboration", "category"], name="knowledgeitem_category")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.category == ShareCategory.COULD and not (self.conditions or "").strip():
            errors["conditions"] = _("Say on what conditions it could be shared.")
        if self.ip_owner == IpOwner.PARTY and self.ip_owner_party_id is None:
            errors["ip_owner_party"] = _("Name the party that owns the IP.")
        if self.ip_owner != IpOwner.PARTY:
            self.ip_owner_party = None
        if self.jointly_created and not self.ip_owner:
            errors["ip_owner"] = _("Say who owns what was created jointly (or that it is to be agreed).")
        if errors:
            raise ValidationError(errors)


class KnowledgeMapAgreement(CollaborationScopedModel):
    """A party's agreement to the knowledge map as it stands; any change to the map removes
    every agreement (the history keeps them), so agreed means agreed to the current map."""

    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "party"], name="knowledge_map_agreed_once")
        ]


class CommunicationFrequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    MILESTONES = "milestones", _("At milestones")
    AS_NEEDED = "as_needed", _("As needed")


class CommunicationItem(CollaborationScopedModel, VersionedModel):
    """A line of the communication plan: who hears what, how, how often and from whom."""

    audience = LineField(_("audience"), max_length=200)
    message = TextBlockField(_("message"), max_length=2000)
    channel = LineField(_("channel"), max_length=120, blank=True)
    frequency = models.CharField(
        _("frequency"),
        max_length=12,
        choices=CommunicationFrequency.choices,
        default=CommunicationFrequency.MONTHLY,
    )
    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner party"),
    )
    owner_person = LineField(_("owner"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "id"]
        verbose_name = _("communication")

    def __str__(self) -> str:
        return self.audience


class Principle(models.TextChoices):
    P1 = "5.1", _("5.1 Relationship management")
    P2 = "5.2", _("5.2 Visions and values")
    P3 = "5.3", _("5.3 Business objectives")
    P4 = "5.4", _("5.4 Collaborative leadership")
    P5 = "5.5", _("5.5 Governance and processes")
    P6 = "5.6", _("5.6 Collaborative competence and behaviour")
    P7 = "5.7", _("5.7 Trust and commitment to mutual benefit")
    P8 = "5.8", _("5.8 Value creation")
    P9 = "5.9", _("5.9 Information and knowledge sharing")
    P10 = "5.10", _("5.10 Risk management")
    P11 = "5.11", _("5.11 Relationship measurement and optimization")
    P12 = "5.12", _("5.12 Exit strategy")


STAGES = [(n, _("Stage %(n)s") % {"n": n}) for n in range(1, 9)]


class Lesson(CollaborationScopedModel, VersionedModel):
    """A lesson learned, recorded by a party at any time."""

    what_happened = TextBlockField(_("what happened"), max_length=5000)
    lesson = TextBlockField(_("lesson"), max_length=5000)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=STAGES, null=True, blank=True)
    principle = models.CharField(_("principle"), max_length=4, choices=Principle.choices, blank=True)
    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("recorded by")
    )
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("lesson")

    def __str__(self) -> str:
        text = self.lesson.splitlines()[0] if self.lesson else ""
        return text[:80]


# --- Documents ------------------------------------------------------------------------------


class Access(models.TextChoices):
    ALL = "all", _("All parties")
    NAMED = "named", _("Named parties")
    OWN = "own", _("Our organization only")


def _file_name(instance: Any, filename: str) -> str:
    """Where a version's bytes live in the storage: nothing of the original name, nothing
    guessable (the name is never shown or served; downloads go through a scoped view)."""
    return f"knowledge/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class DocumentBase(VersionedModel):
    title = LineField(_("title"), max_length=200)
    description = TextBlockField(_("description"), blank=True, max_length=2000)
    # The current version, copied here so lists need no join.
    number = models.PositiveIntegerField(_("version"), default=0)
    filename = LineField(_("file"), max_length=255, blank=True)
    size = models.BigIntegerField(_("size"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class JointDocumentQuerySet(ScopedQuerySet):
    def visible_to(self, party: Any) -> Self:
        """THE rule for joint documents: every party sees those shared with all parties, the
        ones it uploaded and the ones that name it; ``party=None`` (the joint history export,
        a copy kept at exit) sees those shared with all parties only."""
        if party is None:
            return self.filter(access=Access.ALL)
        named = JointDocument.parties.through.objects.filter(party_id=party.pk).values("jointdocument_id")
        return self.filter(Q(access=Access.ALL) | Q(owner_party=party) | Q(pk__in=named))


class JointDocument(CollaborationScopedModel, DocumentBase):
    """A document in the joint space: shared with every party or with the parties named."""

    owner_party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    access = models.CharField(_("who may see it"), max_length=6, choices=Access.choices, default=Access.ALL)
    parties = models.ManyToManyField(
        "collaborations.Party", blank=True, related_name="+", verbose_name=_("named parties")
    )
    history = HistoricalRecords()
    objects = models.Manager.from_queryset(JointDocumentQuerySet)()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("joint document")
        indexes = [models.Index(fields=["collaboration", "access"], name="jointdocument_access")]

    @staticmethod
    def shared_with_every_party(rows: Any) -> Any:
        """The rows every party may see (a copy kept at exit: ``accord.exits.copies``)."""
        return rows.filter(access=Access.ALL)

    @property
    def party_id(self) -> int:
        """The party that owns the document (the register kit's ``own_party`` reads this)."""
        return self.owner_party_id


class OwnDocument(OrganizationScopedModel, DocumentBase):
    """A document private to one organization, optionally about one of its collaborations."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collaboration"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("own document")

    access = Access.OWN


class VersionBase(models.Model):
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(max_length=300, upload_to=_file_name)
    filename = LineField(_("file"), max_length=255)
    size = models.BigIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    note = LineField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True


class JointDocumentVersion(CollaborationScopedModel, VersionBase):
    document = models.ForeignKey(JointDocument, on_delete=models.CASCADE, related_name="versions")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="jointdocumentversion_number")
        ]

    @staticmethod
    def shared_with_every_party(rows: Any) -> Any:
        return rows.filter(document__access=Access.ALL)


class OwnDocumentVersion(OrganizationScopedModel, VersionBase):
    document = models.ForeignKey(OwnDocument, on_delete=models.CASCADE, related_name="versions")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="owndocumentversion_number")
        ]


class JointDocumentDownload(CollaborationScopedModel):
    """Who downloaded which version of a joint document, when."""

    document = models.ForeignKey(JointDocument, on_delete=models.CASCADE, related_name="downloads")
    version = models.ForeignKey(JointDocumentVersion, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]

    @staticmethod
    def shared_with_every_party(rows: Any) -> Any:
        return rows.filter(document__access=Access.ALL)


class OwnDocumentDownload(OrganizationScopedModel):
    document = models.ForeignKey(OwnDocument, on_delete=models.CASCADE, related_name="downloads")
    version = models.ForeignKey(OwnDocumentVersion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
