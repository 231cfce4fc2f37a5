"""The knowledge app's registers, built with the register kit: the knowledge map, the
communication plan and the lessons learned (joint), and the document lists (joint and own)."""

from typing import Any

import django_filters
from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.errors import ApplicationError
from accord.core.i18n import colon
from accord.core.permissions import Perm
from accord.core.registers import Column, Register
from accord.knowledge import selectors, services
from accord.knowledge.forms import CommunicationForm, JointDocumentForm, KnowledgeItemForm, LessonForm
from accord.knowledge.models import (
    Access,
    CommunicationFrequency,
    CommunicationItem,
    Confidentiality,
    IpOwner,
    JointDocument,
    KnowledgeItem,
    Lesson,
    OwnDocument,
    Principle,
    ShareCategory,
)


def party_name(party: Party | None) -> str:
    if party is None:
        return ""
    name = party.organization.name
    if party.status != PartyStatus.ACTIVE:
        return str(_("%(org)s (former party)") % {"org": name})
    return name


class PartyFilterMixin:
    party_filters: tuple[str, ...] = ()

    def _parties(self, request: HttpRequest | None) -> None:
        if request is None or not hasattr(request, "scope"):
            return
        queryset = (
            Party.objects.in_scope(request.scope.collaboration)
            .select_related("organization")
            .order_by("joined_at", "id")
        )
        for name in self.party_filters:
            self.filters[name].queryset = queryset  # type: ignore[attr-defined]
            self.form.fields[name].label_from_instance = party_name  # type: ignore[attr-defined]


def _party_in(scope: Any, pk: int | None, field: str) -> Party | None:
    if pk is None:
        return None
    party = Party.objects.in_scope(scope.collaboration).filter(pk=pk).first()
    if party is None:
        raise ApplicationError(_gettext("Choose one of the collaboration's parties."), field=field)
    return party


# --- The knowledge map ------------------------------------------------------------------------


class KnowledgeFilter(PartyFilterMixin, django_filters.FilterSet):
    party_filters = ("owner_party",)
    category = django_filters.ChoiceFilter(
        choices=ShareCategory.choices, label=_("Sharing"), empty_label=_("All")
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices, label=_("Confidentiality"), empty_label=_("All levels")
    )
    owner_party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Owner party"), empty_label=_("All parties")
    )

    class Meta:
        model = KnowledgeItem
        fields = ["category", "confidentiality", "owner_party"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


def _ip_cell(obj: KnowledgeItem) -> str:
    if not obj.ip_owner:
        return ""
    if obj.ip_owner == IpOwner.PARTY:
        return party_name(obj.ip_owner_party)
    return str(obj.get_ip_owner_display())


class KnowledgeMapRegister(Register):
    """The information-sharing agreement (knowledge map) of a collaboration (ISO 44003 5.9)."""

    model = KnowledgeItem
    scope = "collaboration"
    app, name, path = "knowledge", "map", "knowledge"
    api_path, api_id = "knowledge/items", "knowledge_item_id"
    title = _("Knowledge map")
    item_label = _("knowledge item")
    empty_text = _(
        "Nothing on the map yet. Start with what each party brings: drawings, data, methods. "
        "Say for each whether it can, could (on conditions) or cannot be shared."
    )
    fields = services.ITEM_FIELDS
    form = KnowledgeItemForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("category", sort="category"),
        Column("conditions"),
        Column("owner_party", label=_("Owner party"), value=lambda o: party_name(o.owner_party)),
        Column("confidentiality", sort="confidentiality"),
        Column("ip_owner", label=_("IP owner"), value=_ip_cell),
        Column("at_exit"),
    ]
    filterset = KnowledgeFilter
    search_fields = ["title", "description", "conditions", "at_exit"]
    select_related = ["owner_party__organization", "ip_owner_party__organization"]
    guidance = "knowledge.map"
    delete_perm = Perm.DECIDE
    schema_out, schema_in = (
        "accord.knowledge.schemas.KnowledgeItemOut",
        "accord.knowledge.schemas.KnowledgeItemIn",
    )
    sample = {"title": "Drawings", "category": "can"}
    list_template = "knowledge/map_list.html"
    inline_add = False  # the form is long: the add page holds it

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        return {"agreement": selectors.map_agreement(scope.collaboration, scope.party)}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> KnowledgeItem:
        return services.item_create(collaboration=scope.collaboration, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.item_update(item=obj, data=data, expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.item_delete(item=obj)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        for key, field in (("owner_party_id", "owner_party"), ("ip_owner_party_id", "ip_owner_party")):
            if key in data:
                data[field] = _party_in(scope, data.pop(key), key)
        if "ip_owner" in data and data["ip_owner"] is None:
            data["ip_owner"] = ""
        return data


# --- The communication plan -----------------------------------------------------------------


class CommunicationFilter(PartyFilterMixin, django_filters.FilterSet):
    party_filters = ("owner_party",)
    frequency = django_filters.ChoiceFilter(
        choices=CommunicationFrequency.choices, label=_("CommunicationFrequency"), empty_label=_("All")
    )
    owner_party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Owner party"), empty_label=_("All parties")
    )

    class Meta:
        model = CommunicationItem
        fields = ["frequency", "owner_party"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


def _owner_cell(obj: Any) -> str:
    party = party_name(obj.owner_party)
    if obj.owner_person and party:
        return f"{obj.owner_person} ({party})"
    return obj.owner_person or party


class CommunicationRegister(Register):
    model = CommunicationItem
    scope = "collaboration"
    app, name, path = "knowledge", "communication", "knowledge/communication"
    api_path, api_id = "knowledge/communication", "communication_id"
    title = _("Communication plan")
    item_label = _("communication")
    empty_text = _("No communication planned yet: who needs to hear what, how and how often?")
    fields = ["audience", "message", "channel", "frequency", "owner_party", "owner_person"]
    form = CommunicationForm
    columns = [
        Column("audience", link=True, sort="audience"),
        Column("message"),
        Column("channel"),
        Column("frequency", sort="frequency"),
        Column("owner", label=_("Owner"), value=_owner_cell),
    ]
    filterset = CommunicationFilter
    search_fields = ["audience", "message", "channel", "owner_person"]
    select_related = ["owner_party__organization"]
    guidance = "knowledge.communication"
    schema_out, schema_in = (
        "accord.knowledge.schemas.CommunicationOut",
        "accord.knowledge.schemas.CommunicationIn",
    )
    sample = {"audience": "Customer", "message": "Monthly progress"}

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "owner_party_id" in data:
            data["owner_party"] = _party_in(scope, data.pop("owner_party_id"), "owner_party_id")
        return data


# --- Lessons learned -------------------------------------------------------------------------


class LessonFilter(PartyFilterMixin, django_filters.FilterSet):
    party_filters = ("party",)
    stage = django_filters.ChoiceFilter(
        choices=[(n, n) for n in range(1, 9)], label=_("Stage"), empty_label=_("All")
    )
    principle = django_filters.ChoiceFilter(
        choices=Principle.choices, label=_("Principle"), empty_label=_("All")
    )
    party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Recorded by"), empty_label=_("All parties")
    )

    class Meta:
        model = Lesson
        fields = ["stage", "principle", "party"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


class LessonRegister(Register):
    """Lessons learned, open at any time; each party records and edits its own."""

    model = Lesson
    scope = "collaboration"
    app, name, path = "knowledge", "lessons", "knowledge/lessons"
    api_path, api_id = "knowledge/lessons", "lesson_id"
    title = _("Lessons learned")
    item_label = _("lesson")
    empty_text = _("No lesson recorded yet. A lesson can be written down at any time, not only at the end.")
    fields = ["what_happened", "lesson", "stage", "principle", "recorded_on"]
    form = LessonForm
    columns = [
        Column("recorded_on", sort="recorded_on"),
        Column("what_happened", link=True),
        Column("lesson"),
        Column("stage", sort="stage"),
        Column("principle", sort="principle"),
        Column("party", label=_("Recorded by"), value=lambda o: party_name(o.party)),
    ]
    filterset = LessonFilter
    search_fields = ["what_happened", "lesson"]
    select_related = ["party__organization"]
    guidance = "knowledge.lessons"
    own_party = True
    schema_out, schema_in = "accord.knowledge.schemas.LessonOut", "accord.knowledge.schemas.LessonIn"
    sample = {"what_happened": "A late drawing", "lesson": "Agree drawing dates"}

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "principle" in data and data["principle"] is None:
            data["principle"] = ""
        if "recorded_on" in data and data["recorded_on"] is None:
            data.pop("recorded_on")
        return data


# --- Documents -------------------------------------------------------------------------------


def _size(obj: Any) -> str:
    return filesizeformat(obj.size) if obj.number else ""


def _access_cell(obj: JointDocument) -> str:
    if obj.access == Access.NAMED:
        names = ", ".join(party_name(p) for p in obj.parties.all())
        return f"{Access.NAMED.label}{colon()} {names}" if names else str(Access.NAMED.label)
    return str(obj.get_access_display())


class DocumentFilter(PartyFilterMixin, django_filters.FilterSet):
    party_filters = ("owner_party",)
    access = django_filters.ChoiceFilter(
        choices=[(Access.ALL, Access.ALL.label), (Access.NAMED, Access.NAMED.label)],
        label=_("Who may see it"),
        empty_label=_("All"),
    )
    owner_party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Uploaded by"), empty_label=_("All parties")
    )

    class Meta:
        model = JointDocument
        fields = ["access", "owner_party"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


class DocumentRegisterMixin:
    """Documents are added by uploading a file (``add_view`` reads the multipart body); the
    kit's edit page changes the title, the description and who may see it."""

    def sample_file(self, data: dict[str, Any]) -> Any:
        content = data.pop("content", "Sample document.\n")
        return ContentFile(content.encode(), name=data.pop("filename", "sample.txt"))

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        # One reversal per page, not one per row.
        cache = getattr(scope, "_knowledge_detail_base", None)
        if cache is None:
            cache = reverse(f"knowledge:{self.detail_name}", args=[self.owner_arg(scope), 999999999])  # type: ignore[attr-defined]
            object.__setattr__(scope, "_knowledge_detail_base", cache)
        return cache.replace("999999999", str(obj.pk))

    def make_form(self, scope: Any, data: Any = None, instance: Any = None) -> Any:
        # The list's add form is the upload form (``extra_context``); documents are added by upload.
        if data is None and instance is None:
            return None
        return super().make_form(scope, data, instance)  # type: ignore[misc]

    def add_view(self, request: HttpRequest, scope: Any) -> HttpResponse:
        from accord.knowledge import views

        return views.upload(request, scope, self)

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        from accord.knowledge import views

        return views.list_context(request, scope, self)


class JointDocumentRegister(DocumentRegisterMixin, Register):
    model = JointDocument
    scope = "collaboration"
    app, name, path = "knowledge", "documents", "documents"
    api_path, api_id = "documents", "document_id"
    detail_name = "document"
    title = _("Documents")
    item_label = _("document")
    empty_text = _(
        "No document yet. Upload one below: share it with every party, some of them, or keep it to your own organization."
    )
    fields = ["title", "description", "access", "parties"]
    form = JointDocumentForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("filename", label=_("File")),
        Column("number", label=_("Version")),
        Column("size", label=_("Size"), value=_size, sort="size"),
        Column("access", label=_("Who may see it"), value=_access_cell),
        Column("owner_party", label=_("Uploaded by"), value=lambda o: party_name(o.owner_party)),
        Column("updated_at", label=_("Updated"), sort="updated_at"),
    ]
    filterset = DocumentFilter
    search_fields = ["title", "description", "filename"]
    guidance = "knowledge.documents"
    in_history = False  # only documents shared with every party go in the joint export (plugins)
    own_party = True  # only the uploading party changes or removes a document
    delete_perm = Perm.DECIDE
    schema_out, schema_in = "accord.knowledge.schemas.DocumentOut", "accord.knowledge.schemas.JointDocumentIn"
    sample = {"title": "Sample drawing list", "content": "Drawing list\n"}
    list_template = "knowledge/document_list.html"

    def queryset(self, scope: Any) -> Any:
        return (
            JointDocument.objects.in_scope(scope.collaboration)
            .visible_to(scope.party)
            .select_related("owner_party__organization")
            .prefetch_related("parties__organization")
        )

    def history_records(self, scope: Any) -> Any:
        # A document that was ever kept to its uploader or to named parties shows in the panel
        # only to a party that may see it now (``visible_to``); the others never learn of it.
        collaboration = scope.collaboration
        restricted = (
            JointDocument.history.filter(collaboration_id=collaboration.pk)
            .exclude(access=Access.ALL)
            .values("id")
        )
        visible = JointDocument.objects.in_scope(collaboration).visible_to(scope.party).values("pk")
        return super().history_records(scope).exclude(Q(id__in=restricted) & ~Q(id__in=visible))

    def editable(self, scope: Any) -> Any:
        return self.queryset(scope).filter(owner_party=scope.party)

    def can_change(self, scope: Any, obj: Any) -> bool:
        return scope.can(self.change_perm) and obj.owner_party_id == scope.party.pk

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration, "party": scope.party}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> JointDocument:
        data = dict(data)
        uploaded = data.pop("file", None) or self.sample_file(data)
        return services.joint_document_upload(
            collaboration=scope.collaboration, party=scope.party, uploaded=uploaded, user=user, **data
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.document_update(document=obj, data=dict(data), expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.document_delete(document=obj)


class OwnDocumentRegister(DocumentRegisterMixin, Register):
    model = OwnDocument
    scope = "org"
    app, name, path = "knowledge", "own_documents", "documents"
    api_path, api_id = "documents", "own_document_id"
    detail_name = "own_document"
    title = _("Own documents")
    item_label = _("document")
    empty_text = _("No document yet. Documents here are private to your organization.")
    fields = ["title", "description"]
    columns = [
        Column("title", link=True, sort="title"),
        Column("filename", label=_("File")),
        Column("number", label=_("Version")),
        Column("size", label=_("Size"), value=_size, sort="size"),
        Column(
            "collaboration", label=_("About"), value=lambda o: o.collaboration.name if o.collaboration else ""
        ),
        Column("updated_at", label=_("Updated"), sort="updated_at"),
    ]
    search_fields = ["title", "description", "filename"]
    select_related = ["collaboration"]
    guidance = "knowledge.documents"
    delete_perm = Perm.DECIDE
    schema_out, schema_in = "accord.knowledge.schemas.DocumentOut", "accord.knowledge.schemas.OwnDocumentIn"
    sample = {"title": "Our pricing notes", "content": "Private notes\n"}
    list_template = "knowledge/document_list.html"

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> OwnDocument:
        data = dict(data)
        uploaded = data.pop("file", None) or self.sample_file(data)
        return services.own_document_upload(
            organization=scope.organization, uploaded=uploaded, user=user, **data
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.document_update(document=obj, data=dict(data), expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.document_delete(document=obj)


knowledge_map = KnowledgeMapRegister()
communication = CommunicationRegister()
lessons = LessonRegister()
joint_documents = JointDocumentRegister()
own_documents = OwnDocumentRegister()
