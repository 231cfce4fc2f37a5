"""The registers of value creation, built with the register kit (all joint data of one
collaboration): the value register of initiatives (any party proposes and edits), and the
records each party keeps for itself — what value means to it, the value it expects from each
initiative and the value it has realised (another party reads them but cannot change them)."""

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Party, PartyStatus
from accord.core.converters import MAX_ID
from accord.core.errors import ApplicationError
from accord.core.i18n import colon
from accord.core.permissions import Perm
from accord.core.registers import Column, Register
from accord.value import selectors, services
from accord.value.forms import (
    EstimateRegisterForm,
    RealisationRegisterForm,
    ValueDefinitionForm,
    ValueInitiativeForm,
)
from accord.value.models import (
    BenefitCategory,
    InitiativeStatus,
    ValueDefinition,
    ValueEstimate,
    ValueInitiative,
    ValueRealisation,
)


def _party_name(party: Party | None) -> str:
    if party is None:
        return ""
    name = party.organization.name
    if party.status != PartyStatus.ACTIVE:
        return str(_("%(org)s (former party)") % {"org": name})
    return name


def _party_filter(request: HttpRequest) -> Any:
    return (
        Party.objects.in_scope(request.scope.collaboration)
        .select_related("organization")
        .order_by("joined_at", "id")
    )


class PartyFilterMixin:
    """Filters whose ``party``-like choices are the collaboration's parties."""

    party_filters: tuple[str, ...] = ("party",)

    def _parties(self, request: HttpRequest) -> None:
        for name in self.party_filters:
            self.filters[name].queryset = _party_filter(request)  # type: ignore[attr-defined]
            self.form.fields[name].label_from_instance = _party_name  # type: ignore[attr-defined]


def _initiative_in_scope(scope: Any, pk: int | None) -> ValueInitiative:
    item = ValueInitiative.objects.in_scope(scope.collaboration).filter(pk=pk).first() if pk else None
    if item is None:
        raise ApplicationError(_gettext("Choose an initiative of this collaboration."), field="initiative_id")
    return item


def _latest_initiative() -> ValueInitiative | None:
    """For the scope test's sample records only (``sample`` below): the initiatives register's
    sample, made just before."""
    return ValueInitiative.unscoped.order_by("-pk").first()


# The value register ------------------------------------------------------------------------


class InitiativeFilter(PartyFilterMixin, django_filters.FilterSet):
    party_filters = ("proposer",)
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    category = django_filters.ChoiceFilter(
        choices=BenefitCategory.choices, label=_("Benefit category"), empty_label=_("All categories")
    )
    proposer = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Proposed by"), empty_label=_("All parties")
    )

    class Meta:
        model = ValueInitiative
        fields = ["status", "category", "proposer"]

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


def _expected_cell(obj: ValueInitiative) -> str:
    return "\n".join(
        f"{v['label']}{colon()} {v['expected']}" for v in obj.per_party.values() if v["expected"]
    )


def _realised_cell(obj: ValueInitiative) -> str:
    return "\n".join(
        f"{v['label']}{colon()} "
        + ", ".join(selectors.format_amount(total, measure) for measure, total in v["realised"])
        for v in obj.per_party.values()
        if v["realised"]
    )


def _label_of(obj: ValueInitiative, party_id: int | None) -> str:
    """A party's name from the labels fetched with the initiatives (no query per row)."""
    labels = getattr(obj, "party_labels", None)
    if labels is not None and party_id in labels:
        return labels[party_id]
    party = obj.proposer if party_id == obj.proposer_id else obj.owner_party
    return _party_name(party)


def _owner_cell(obj: ValueInitiative) -> str:
    if obj.owner_party_id is None:
        return obj.owner_name
    party = _label_of(obj, obj.owner_party_id)
    return f"{obj.owner_name} ({party})" if obj.owner_name else party


class InitiativeRegister(Register):
    """The joint register of ideas and initiatives (ISO 44003 5.8): any party proposes and
    edits; status moves on the initiative's page, step by step; managers remove."""

    model = ValueInitiative
    scope = "collaboration"
    app, name, path = "value", "initiatives", "value/initiatives"
    api_path, api_id = "value/initiatives", "initiative_id"
    title = _("Value register")
    item_label = _("initiative")
    empty_text = _(
        "No idea or initiative yet. Add the first one below: a saving, a new market, a better way "
        "of working. Each party then records the value it expects from it."
    )
    fields = services.INITIATIVE_FIELDS
    form = ValueInitiativeForm
    columns = [
        Column("title", link=True, sort="title"),
        Column("status", sort="status"),
        Column("category", sort="category"),
        Column("proposer", label=_("Proposed by"), value=lambda o: _label_of(o, o.proposer_id)),
        Column("owner_name", label=_("Owner"), value=_owner_cell),
        Column("expected", label=_("Expected value"), value=_expected_cell),
        Column("realised", label=_("Realised value"), value=_realised_cell),
    ]
    filterset = InitiativeFilter
    search_fields = ["title", "description", "owner_name"]
    guidance = "value.initiatives"
    delete_perm = Perm.DECIDE
    schema_out, schema_in = "accord.value.schemas.InitiativeOut", "accord.value.schemas.InitiativeIn"
    sample = {"title": "Shared cold-chain van", "category": "cost"}
    list_template = "value/initiative_list.html"

    def queryset(self, scope: Any) -> Any:
        # Each page of rows fetches the values per party with it (two queries).
        return selectors.with_values(super().queryset(scope))

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse("value:initiative", args=[scope.collaboration.pk, obj.pk])

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        # The add form has its own page (a button above the list): the list stays light.
        return {"collaboration": scope.collaboration, "form": None}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ValueInitiative:
        return services.initiative_create(collaboration=scope.collaboration, proposer=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.initiative_update(item=obj, data=data, expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.initiative_delete(item=obj)

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "owner_party_id" in data:
            pk = data.pop("owner_party_id")
            party = None
            if pk is not None:
                party = Party.objects.in_scope(scope.collaboration).filter(pk=pk).first()
                if party is None:
                    raise ApplicationError(
                        _gettext("Choose one of the collaboration's parties."), field="owner_party_id"
                    )
            data["owner_party"] = party
        if "proposed_on" in data and data["proposed_on"] is None:
            data.pop("proposed_on")
        return data


# What value means to each party -----------------------------------------------------------


class DefinitionRegister(Register):
    """What value means to each party (one statement per party, written by that party)."""

    model = ValueDefinition
    scope = "collaboration"
    app, name, path = "value", "definitions", "value/definitions"
    api_path, api_id = "value/definitions", "definition_id"
    title = _("What value means to each party")
    item_label = _("definition of value")
    empty_text = _("No party has said yet what value means to it. Start with your own organization.")
    fields = services.DEFINITION_FIELDS
    form = ValueDefinitionForm
    columns = [
        Column("party", label=_("Party"), value=lambda o: _party_name(o.party)),
        Column("statement", link=True),
        Column("indicators"),
    ]
    search_fields = ["statement", "indicators"]
    select_related = ["party__organization"]
    guidance = "value.definitions"
    own_party = True
    schema_out, schema_in = "accord.value.schemas.DefinitionOut", "accord.value.schemas.DefinitionIn"
    sample = {"statement": "Lower delivery costs and new shop customers."}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ValueDefinition:
        return services.definition_create(collaboration=scope.collaboration, party=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        return services.definition_update(item=obj, data=data, expected_version=version)


# Expected value per party -------------------------------------------------------------------


class PartyOnlyFilter(PartyFilterMixin, django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(
        queryset=Party.unscoped.none(), label=_("Party"), empty_label=_("All parties")
    )
    # One initiative's records (?initiative=<id>): linked from the initiative's page.
    initiative = django_filters.NumberFilter(
        field_name="initiative_id", widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self._parties(request)


class EstimateFilter(PartyOnlyFilter):
    class Meta:
        model = ValueEstimate
        fields = ["party", "initiative"]


class RealisationFilter(PartyOnlyFilter):
    class Meta:
        model = ValueRealisation
        fields = ["party", "initiative"]


class _PerInitiative(Register):
    """Shared by the expected and realised value registers: the record belongs to an
    initiative, chosen when it is added, and links to the initiative's page."""

    scope = "collaboration"
    own_party = True
    list_template = "value/per_initiative_list.html"
    select_related = ["initiative", "party__organization"]
    search_fields = ["initiative__title"]

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"collaboration": scope.collaboration}

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse("value:initiative", args=[scope.collaboration.pk, obj.initiative_id])

    def extra_context(self, request: HttpRequest, scope: Any) -> dict[str, Any]:
        # Values are recorded on each initiative's page: the list page carries no add form
        # (its choice of every initiative would weigh on every page view); the add page has it.
        return {"collaboration": scope.collaboration, "form": None}

    def api_data(self, scope: Any, data: dict[str, Any]) -> dict[str, Any]:
        if "initiative_id" in data:
            data["initiative"] = _initiative_in_scope(scope, data.pop("initiative_id"))
        if data.get("currency"):
            data["currency"] = data["currency"].upper()
        return data

    @property
    def sample(self) -> dict[str, Any]:  # type: ignore[override]
        return {**self.sample_values, "initiative": _latest_initiative()}

    sample_values: dict[str, Any] = {}


class EstimateRegister(_PerInitiative):
    """The value each party expects from each initiative (one per party and initiative)."""

    model = ValueEstimate
    app, name, path = "value", "estimates", "value/expected"
    api_path, api_id = "value/estimates", "estimate_id"
    title = _("Expected value")
    item_label = _("expected value")
    empty_text = _(
        "No expected value recorded yet. Open an initiative and record what your organization expects from it."
    )
    fields = ["initiative", *services.ESTIMATE_FIELDS]
    form = EstimateRegisterForm
    columns = [
        Column(
            "initiative",
            label=_("Initiative"),
            value=lambda o: o.initiative.title,
            link=True,
            sort="initiative__title",
        ),
        Column("party", label=_("Party"), value=lambda o: _party_name(o.party)),
        Column("kind"),
        Column("amount", sort="amount"),
        Column("currency"),
        Column("unit"),
        Column("description"),
    ]
    filterset = EstimateFilter
    guidance = "value.realised"
    schema_out, schema_in = "accord.value.schemas.EstimateOut", "accord.value.schemas.EstimateIn"
    sample_values = {"kind": "money", "amount": Decimal("1200"), "currency": "EUR"}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ValueEstimate:
        initiative = data.pop("initiative", None)
        if initiative is None:
            raise ApplicationError(_gettext("Choose the initiative."), field="initiative")
        return services.estimate_add(initiative=initiative, party=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data.pop("initiative", None)
        return services.estimate_set(
            initiative=obj.initiative, party=obj.party, data=data, expected_version=version
        )


class RealisationRegister(_PerInitiative):
    """Value each party has realised, with evidence and date; several entries over time."""

    model = ValueRealisation
    app, name, path = "value", "realisations", "value/realised"
    api_path, api_id = "value/realisations", "realisation_id"
    title = _("Realised value")
    item_label = _("realised value")
    empty_text = _(
        "No realised value recorded yet. When an initiative brings a gain, record it with its "
        "evidence on the initiative's page or below."
    )
    fields = ["initiative", *services.REALISATION_FIELDS]
    form = RealisationRegisterForm
    columns = [
        Column("realised_on", sort="realised_on"),
        Column(
            "initiative",
            label=_("Initiative"),
            value=lambda o: o.initiative.title,
            link=True,
            sort="initiative__title",
        ),
        Column("party", label=_("Party"), value=lambda o: _party_name(o.party)),
        Column("amount", sort="amount"),
        Column("measure", label=_("Currency or unit")),
        Column("evidence"),
    ]
    filterset = RealisationFilter
    search_fields = ["initiative__title", "evidence"]
    guidance = "value.realised"
    schema_out, schema_in = "accord.value.schemas.RealisationOut", "accord.value.schemas.RealisationIn"
    sample_values = {"amount": Decimal("150"), "currency": "EUR", "evidence": "Fuel invoices, March"}

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> ValueRealisation:
        initiative = data.pop("initiative", None)
        if initiative is None:
            raise ApplicationError(_gettext("Choose the initiative."), field="initiative")
        if data.get("realised_on") is None:
            data.pop("realised_on", None)
        return services.realisation_add(initiative=initiative, party=scope.party, data=data)

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data.pop("initiative", None)
        if "realised_on" in data and data["realised_on"] is None:
            data.pop("realised_on")
        return services.realisation_update(item=obj, data=data, expected_version=version)


initiatives = InitiativeRegister()
definitions = DefinitionRegister()
estimates = EstimateRegister()
realisations = RealisationRegister()
REGISTERS = (initiatives, definitions, estimates, realisations)
