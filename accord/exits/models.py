"""The exit strategy (ISO 44003 5.12) and the life-cycle stage gates (ISO 44001 clause 8).

Joint records (every party sees them): the exit strategy of a collaboration, its triggers,
transition steps and the assets, IP and data to hand back, the activations (a party leaving
or the whole collaboration ending), the post-exit reviews, the gate confirmations and the
stage overrides. Private records (one organization only): a party's contingency exit plan,
the read-only copy a party keeps of the joint data when it leaves, and the confirmations of
the organization's own stages 1-3.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.fields import LineField, TextBlockField
from accord.core.models import CollaborationScopedModel, OrganizationScopedModel, VersionedModel


class ExitStrategy(CollaborationScopedModel, VersionedModel):
    """The joint exit strategy of one collaboration, as a whole (one per collaboration)."""

    boundaries = TextBlockField(
        _("boundaries"),
        blank=True,
        max_length=5000,
        help_text=_("What the collaboration covers and what it does not; where it would stop."),
    )
    continuity = TextBlockField(
        _("continuity of service"),
        blank=True,
        max_length=5000,
        help_text=_("How customers keep being served while the collaboration ends or changes."),
    )
    people = TextBlockField(
        _("people"),
        blank=True,
        max_length=5000,
        help_text=_("Who is affected (seconded staff, joint team) and how they are looked after."),
    )
    communication = TextBlockField(
        _("communication to customers and stakeholders"), blank=True, max_length=5000
    )
    door_open = TextBlockField(
        _("how the door stays open"),
        blank=True,
        max_length=5000,
        help_text=_("How the parties part on good terms and could work together again."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exit strategy")
        verbose_name_plural = _("exit strategies")
        constraints = [models.UniqueConstraint(fields=["collaboration"], name="unique_exit_strategy")]

    def __str__(self) -> str:
        return str(_("Exit strategy"))

    TEXT_FIELDS = ("boundaries", "continuity", "people", "communication", "door_open")

    @property
    def is_written(self) -> bool:
        return any(getattr(self, name).strip() for name in self.TEXT_FIELDS)


class TriggerStatus(models.TextChoices):
    NOT_TRIGGERED = "not_triggered", _("Not triggered")
    WATCH = "watch", _("On watch")
    TRIGGERED = "triggered", _("Triggered")


class ExitTrigger(CollaborationScopedModel, VersionedModel):
    """An event or condition on which a party or the parties would start the exit."""

    description = LineField(_("trigger"), max_length=300)
    monitoring = TextBlockField(_("how it is monitored"), blank=True, max_length=2000)
    monitored_by_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitored by (party)"),
    )
    monitored_by = LineField(_("monitored by (person)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=TriggerStatus.choices, default=TriggerStatus.NOT_TRIGGERED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["description", "id"]
        verbose_name = _("exit trigger")

    def __str__(self) -> str:
        return self.description

    @property
    def status_label(self) -> str:
        return TriggerStatus(self.status).label


class TransitionStep(CollaborationScopedModel, VersionedModel):
    """A continuity or transition step to take when an exit is activated; its timing is
    relative to the exit date (negative: before it)."""

    title = LineField(_("step"), max_length=200)
    description = TextBlockField(_("details"), blank=True, max_length=5000)
    owner_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner party"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    offset_days = models.IntegerField(
        _("timing (days from the exit date)"),
        default=0,
        help_text=_("Negative: before the exit date (-14 is two weeks before); 0: on the day."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["offset_days", "title", "id"]
        verbose_name = _("transition step")

    def __str__(self) -> str:
        return self.title

    @property
    def timing(self) -> str:
        return timing_text(self.offset_days)


def timing_text(days: int) -> str:
    """ "2 weeks before", "on the exit date", "3 days after"."""
    if days == 0:
        return str(_("on the exit date"))
    n = abs(days)
    if n % 7 == 0:
        amount = ngettext("%(n)d week", "%(n)d weeks", n // 7) % {"n": n // 7}
    else:
        amount = ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if days < 0:
        return str(_("%(amount)s before") % {"amount": amount})
    return str(_("%(amount)s after") % {"amount": amount})


class AssetArrangement(models.TextChoices):
    RETURN = "return", _("Return to its owner")
    TRANSFER = "transfer", _("Transfer")
    SHARE = "share", _("Keep sharing (licence)")
    DESTROY = "destroy", _("Destroy or delete")
    KEEP = "keep", _("Stays with the collaboration")


class AssetStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", pgettext_lazy("asset status", "Done")


class ExitAsset(CollaborationScopedModel, VersionedModel):
    """An asset, piece of IP or data set to return or transfer at exit; linked to the
    contributions register row it comes from and, through ``link``, to any other record (e.g.
    an item of the knowledge map)."""

    description = LineField(_("asset, IP or data"), max_length=300)
    contribution = models.ForeignKey(
        "plans.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contribution"),
    )
    link = LineField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Another record this concerns (an address)."),
        # Shown as a link to every party: a web address only (never javascript: or data:).
        validators=[URLValidator(schemes=["http", "https"])],
    )
    arrangement = models.CharField(
        _("what happens"), max_length=10, choices=AssetArrangement.choices, default=AssetArrangement.RETURN
    )
    to_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to party"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=AssetStatus.choices, default=AssetStatus.PLANNED
    )
    notes = TextBlockField(_("notes"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["description", "id"]
        verbose_name = _("asset, IP or data")

    def __str__(self) -> str:
        return self.description


class ContingencyPlan(OrganizationScopedModel, VersionedModel):
    """One organization's own, private contingency exit plan for a collaboration it is in."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="+"
    )
    warning_signs = TextBlockField(_("warning signs we watch"), blank=True, max_length=5000)
    plan = TextBlockField(_("what we would do"), blank=True, max_length=10000)
    alternatives = TextBlockField(_("alternatives (other partners, in-house)"), blank=True, max_length=5000)
    owner_name = LineField(_("owner"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["collaboration__name", "id"]
        verbose_name = _("contingency exit plan")
        constraints = [
            models.UniqueConstraint(fields=["organization", "collaboration"], name="unique_contingency_plan")
        ]

    def __str__(self) -> str:
        return str(_("Contingency exit plan"))


class ActivationKind(models.TextChoices):
    PARTY_LEAVES = "party_leaves", _("One party leaves")
    COLLABORATION_ENDS = "ends", _("The whole collaboration ends")


class ActivationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ExitActivation(CollaborationScopedModel):
    """The exit strategy put into action: which trigger, the exit date, who leaves."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivationKind.choices)
    leaving_party = models.ForeignKey(
        "collaborations.Party",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leaving party"),
    )
    trigger = models.ForeignKey(
        ExitTrigger,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trigger"),
    )
    trigger_text = LineField(_("trigger (as recorded)"), max_length=300)
    exit_date = models.DateField(_("exit date"))
    reason = TextBlockField(_("reason and notes"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivationStatus.choices, default=ActivationStatus.SCHEDULED
    )
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    activated_by_party = models.ForeignKey(
        "collaborations.Party", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-exit_date", "-id"]
        verbose_name = _("exit activation")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.exit_date})"

    @property
    def kind_label(self) -> str:
        return ActivationKind(self.kind).label

    @property
    def status_label(self) -> str:
        return ActivationStatus(self.status).label


class ExitCopy(OrganizationScopedModel):
    """The read-only copy of a collaboration's joint data a party keeps when it leaves: the
    JSON of every joint record and a PDF of the plan in force with a summary."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="+"
    )
    collaboration_name = LineField(_("collaboration"), max_length=200)
    activation = models.ForeignKey(ExitActivation, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exit copy")

    def __str__(self) -> str:
        return self.collaboration_name


class ExitCopyContent(OrganizationScopedModel):
    """The files of an exit copy, kept apart so the history of copies names them without
    repeating their content (written once, never changed: no history of its own)."""

    copy = models.OneToOneField(ExitCopy, on_delete=models.CASCADE, related_name="content")
    data = models.TextField(_("joint data (JSON)"))
    pdf = models.BinaryField(_("document (PDF)"), blank=True, default=b"")


class Willingness(models.IntegerChoices):
    NO = 1, _("1. Not at all")
    UNLIKELY = 2, _("2. Unlikely")
    MAYBE = 3, _("3. Perhaps")
    LIKELY = 4, _("4. Likely")
    GLADLY = 5, _("5. Gladly")


class ValuesRespected(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class PostExitReview(CollaborationScopedModel, VersionedModel):
    """One party's review after an exit: what worked, lessons, whether the shared values
    were respected (ISO 44003 5.2.3.2), and whether it would work with the others again."""

    activation = models.ForeignKey(ExitActivation, on_delete=models.CASCADE, related_name="reviews")
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    worked_well = TextBlockField(_("what worked"), blank=True, max_length=5000)
    lessons = TextBlockField(_("lessons learned"), blank=True, max_length=5000)
    values_respected = models.CharField(
        _("were the agreed values respected?"), max_length=6, choices=ValuesRespected.choices
    )
    values_note = TextBlockField(_("on the values"), blank=True, max_length=2000)
    work_again = models.PositiveSmallIntegerField(
        _("willingness to work together again"), choices=Willingness.choices
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activation_id", "party_id"]
        verbose_name = _("post-exit review")
        constraints = [
            models.UniqueConstraint(fields=["activation", "party"], name="unique_post_exit_review")
        ]

    def __str__(self) -> str:
        return str(_("Post-exit review"))


class ConfirmationBase(models.Model):
    """A person's confirmation, with a note, that a gate item is met (revocable)."""

    stage = models.PositiveSmallIntegerField(_("stage"))
    item_key = models.CharField(max_length=40)
    item_text = LineField(_("item"), max_length=300)
    note = TextBlockField(_("note"), max_length=2000)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["stage", "item_key", "-created_at"]


class GateConfirmation(CollaborationScopedModel, ConfirmationBase):
    """A gate item of a collaboration, confirmed by a person of one party."""

    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    class Meta(ConfirmationBase.Meta):
        verbose_name = _("gate confirmation")


class OrgGateConfirmation(OrganizationScopedModel, ConfirmationBase):
    """A gate item of the organization's own stages 1-3, confirmed by one of its people."""

    history = HistoricalRecords()

    class Meta(ConfirmationBase.Meta):
        verbose_name = _("gate confirmation (own stages)")


class StageOverride(CollaborationScopedModel):
    """An SER moved the collaboration on although the gate was not met: the reason is kept."""

    from_stage = models.PositiveSmallIntegerField(_("from stage"))
    to_stage = models.PositiveSmallIntegerField(_("to stage"))
    reason = TextBlockField(_("reason"), max_length=2000)
    missing = models.JSONField(_("items not met"), default=list, blank=True)
    party = models.ForeignKey("collaborations.Party", on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stage override")
