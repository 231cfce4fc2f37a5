"""Campaign registers, built with the register kit: an organization's own campaigns (private)
and a collaboration's joint campaigns (every party answers). The kit gives the list, the
add and edit forms, delete, exports and the API's CRUD; the campaign's own pages (respondents,
answering, results) are in ``views``. Exports and the API carry campaign fields and counts
only, never an answer."""

from typing import Any

from django import forms
from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.assessments import engine, services
from accord.assessments.models import JointCampaign, OwnCampaign
from accord.core.forms import VersionedModelForm
from accord.core.registers import Column, Register


class CampaignForm(VersionedModelForm):
    template = forms.ChoiceField(label=_("Questionnaire"), choices=[])

    class Meta:
        model = OwnCampaign
        fields = ["title", "due_date", "note"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organization: Any = None, scope: str = "org", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the questionnaire's title.")
        if self.instance.pk:
            del self.fields["template"]
        else:
            self.fields["template"].choices = [
                (t.ref, f"{t.title} (v{t.version})") for t in engine.available(organization, scope)
            ]


class JointCampaignForm(CampaignForm):
    class Meta(CampaignForm.Meta):
        model = JointCampaign


def _status(campaign: Any) -> str:
    return str(campaign.get_status_display())


class CampaignRegister(Register):
    item_label = _("campaign")
    fields = ["title", "due_date", "note"]
    columns = [
        Column("title", link=True, sort="title"),
        Column("questionnaire", label=_("Questionnaire"), value=lambda c: getattr(c, "questionnaire", "")),
        Column("due_date", sort="due_date"),
        Column("status", value=_status, sort="status"),
        Column("answered", label=_("Answered"), value=lambda c: getattr(c, "answered", 0)),
        Column("created_at", label=_("Opened"), sort="created_at"),
    ]
    search_fields = ["title", "template_key"]
    ordering = ["-created_at", "-id"]
    list_template = "assessments/campaign_list.html"
    schema_out, schema_in = "accord.assessments.schemas.CampaignOut", "accord.assessments.schemas.CampaignIn"
    guidance = "assessments.campaigns"

    def queryset(self, scope: Any) -> Any:
        return (
            super()
            .queryset(scope)
            .defer("summary", "definition")
            .annotate(
                questionnaire=KT("definition__title"),
                answered=Count(
                    "respondents__user", filter=Q(respondents__submitted_at__isnull=False), distinct=True
                ),
            )
        )

    def create(self, scope: Any, data: dict[str, Any], user: Any) -> Any:
        return services.campaign_create(
            owner=self.owner(scope),
            organization=scope.organization,
            template=data.get("template", ""),
            title=data.get("title") or "",
            due_date=data.get("due_date"),
            note=data.get("note") or "",
            user=user if getattr(user, "is_authenticated", False) else None,
        )

    def update(self, scope: Any, obj: Any, data: dict[str, Any], version: int | None, user: Any) -> Any:
        data = dict(data)
        if "title" in data and not data["title"]:
            data["title"] = obj.template_title
        return services.campaign_update(campaign=obj, data=data, expected_version=version)

    def delete(self, scope: Any, obj: Any, user: Any) -> None:
        services.campaign_delete(campaign=obj)

    def form_kwargs(self, scope: Any) -> dict[str, Any]:
        return {"organization": scope.organization, "scope": self.scope}

    def detail_url(self, scope: Any, obj: Any) -> str | None:
        return reverse(f"assessments:{self.detail_name}", args=[self.owner_arg(scope), obj.pk])

    def extra_context(self, request: Any, scope: Any) -> dict[str, Any]:
        return {"templates_url": reverse("assessments:templates", args=[scope.organization.slug])}


class OwnCampaignRegister(CampaignRegister):
    model = OwnCampaign
    scope = "org"
    app, name, path = "assessments", "own_campaigns", "assessments"
    api_path, api_id = "assessments", "own_campaign_id"
    detail_name = "own_campaign"
    title = _("Assessments")
    empty_text = _(
        "No assessment yet. Start with the capability self-assessment on the 12 principles: a "
        "few colleagues answer on their own and Accord shows where you stand and what to do next."
    )
    form = CampaignForm
    sample = {"template": "capability_12", "title": "Sample self-assessment"}


class JointCampaignRegister(CampaignRegister):
    model = JointCampaign
    scope = "collaboration"
    app, name, path = "assessments", "joint_campaigns", "assessments"
    api_path, api_id = "assessments", "joint_campaign_id"
    detail_name = "joint_campaign"
    title = _("Joint assessments")
    empty_text = _(
        "No joint assessment yet. A trust pulse every quarter, a compatibility check of vision and "
        "values, a health check across the 12 principles: each party answers on its own."
    )
    form = JointCampaignForm
    sample = {"template": "trust_pulse", "title": "Sample pulse"}


own_campaigns = OwnCampaignRegister()
joint_campaigns = JointCampaignRegister()
