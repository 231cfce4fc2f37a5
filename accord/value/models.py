"""Value creation (ISO 44003 5.8): what value means to each party, and the joint register of
initiatives with the value each party expects from them and the value it has realised.

Everything here is joint data of one collaboration. Each party writes its own definition of
value, its own expected value per initiative and its own realised value; the initiatives
themselves belong to the joint space.

Amounts are kept with what they count: a currency (ISO 4217 code) or another unit
("hours/month"). Totals are always kept apart per currency and unit, never added together.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, VersionedModel

CURRENCY_CODE = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code, such as EUR, GBP or USD.")
)
# Amounts up to 999 billion with two decimals.
AMOUNT = {"max_digits": 14, "decimal_places": 2}


class BenefitCategory(models.TextChoices):
    """Kinds of benefit from collaborative working (domain.md §7)."""

    COST = "cost", _("Cost and efficiency")
    CAPABILITY = "capability", _("Resources and capability")
    MARKET = "market", _("Market and growth")
    INNOVATION = "innovation", _("Innovation")
    DELIVERY_QUALITY = "delivery_quality", _("Delivery and quality")
    RISK = "risk", _("Risk")
    RELATIONSHIP_PROCESS = "relationship_process", _("Relationship and process")
    PEOPLE_CULTURE = "people_culture", _("People and culture")
    REPUTATION = "reputation", _("Reputation and recognition")


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    ASSESSED = "assessed", _("Assessed")
    APPROVED = "approved", pgettext_lazy("initiative status", "Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    REALISED = "realised", _("Realised")
    DROPPED = "dropped", _("Dropped")


class ValueKind(models.TextChoices):
    MONEY = "money", _("Amount of money")
    QUANTITY = "quantity", _("Amount in another unit")
    QUALITATIVE = "qualitative", _("Described in words")


class ValueDefinition(CollaborationScopedModel, VersionedModel):
    """What value means to one party in this collaboration (one per party, written by it)."""

    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    statement = TextBlockField(
        _("what value means to us"),
        max_length=5000,
        help_text=_("The gains your organization looks for in this collaboration, in plain words."),
    )
    indicators = TextBlockField(
        _("how we will know"),
        max_length=5000,
        blank=True,
        help_text=_("The signs or figures that tell you the value is coming (optional)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "party"], name="one_value_definition_per_party")
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class ValueInitiative(CollaborationScopedModel, VersionedModel):
    """An idea or initiative of the joint value register."""

    title = LineField(_("initiative"), max_length=200)
    description = TextBlockField(_("description"), max_length=10000, blank=True)
    proposer = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner's party"),
    )
    owner_name = LineField(_("owner"), max_length=150, blank=True, help_text=_("The person who drives it."))
    category = models.CharField(_("benefit category"), max_length=24, choices=BenefitCategory.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.IDEA
    )
    gain_sharing = TextBlockField(
        _("how gains are shared"),
        max_length=5000,
        blank=True,
        help_text=_("How the parties split the savings, income or costs this initiative brings."),
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    target_on = models.DateField(_("expected by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["collaboration", "status"]),
            models.Index(fields=["collaboration", "category"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return InitiativeStatus(self.status).label

    @property
    def category_label(self) -> str:
        return BenefitCategory(self.category).label


class ValueEstimate(CollaborationScopedModel, VersionedModel):
    """The value one party expects from one initiative: an amount of money, an amount in
    another unit, or words."""

    initiative = models.ForeignKey(ValueInitiative, on_delete=models.CASCADE, related_name="estimates")
    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    kind = models.CharField(
        _("expressed as"), max_length=12, choices=ValueKind.choices, default=ValueKind.MONEY
    )
    amount = models.DecimalField(
        _("expected amount"), null=True, blank=True, validators=[MinValueValidator(0)], **AMOUNT
    )
    currency = LineField(_("currency"), max_length=3, blank=True, validators=[CURRENCY_CODE])
    unit = LineField(_("unit"), max_length=40, blank=True, help_text=_("e.g. hours/month, tonnes CO2"))
    description = TextBlockField(_("expected value in words"), max_length=5000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative_id", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "party"], name="one_value_estimate_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.display}"

    @property
    def measure(self) -> str:
        """What the amount counts: the currency code or the unit."""
        return self.currency if self.kind == ValueKind.MONEY else self.unit

    @property
    def display(self) -> str:
        if self.kind == ValueKind.QUALITATIVE or self.amount is None:
            return self.description
        return f"{self.amount:,.2f} {self.measure}".strip()


class ValueRealisation(CollaborationScopedModel, VersionedModel):
    """Value one party has realised from one initiative, with its evidence and date. A party
    records several over time; leave the amount empty for a gain described in words only."""

    initiative = models.ForeignKey(ValueInitiative, on_delete=models.CASCADE, related_name="realisations")
    party = models.ForeignKey(
        "collaborations.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    amount = models.DecimalField(
        _("realised amount"), null=True, blank=True, validators=[MinValueValidator(0)], **AMOUNT
    )
    currency = LineField(_("currency"), max_length=3, blank=True, validators=[CURRENCY_CODE])
    unit = LineField(_("unit"), max_length=40, blank=True)
    evidence = TextBlockField(_("evidence"), max_length=5000)
    realised_on = models.DateField(_("realised on"), default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-realised_on", "-id"]
        indexes = [
            models.Index(fields=["collaboration", "realised_on"]),
            # Covers the totals: sums per party, category, currency or unit and quarter.
            models.Index(
                fields=["collaboration", "initiative", "party", "currency", "unit", "realised_on", "amount"],
                name="value_realised_totals_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.display}"

    @property
    def measure(self) -> str:
        return self.currency or self.unit

    @property
    def display(self) -> str:
        if self.amount is None:
            return ""
        return f"{self.amount:,.2f} {self.measure}".strip()
