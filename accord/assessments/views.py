"""Pages of assessments that are not a plain register: the templates page (shipped and
imported questionnaires, import from YAML or Excel), a campaign's page (respondents of my
side, status), answering (saved as you go), results (aggregates, charts, gaps, trend,
actions) and the results as PDF.

Private and joint campaigns share every view; the register says which model and scope."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accord.assessments import anonymity, engine, results, services
from accord.assessments.models import Answer, AssessmentTemplate, CampaignStatus, Respondent
from accord.assessments.registers import CampaignRegister, joint_campaigns, own_campaigns
from accord.core import charts
from accord.core.errors import ApplicationError, ConflictError
from accord.core.forms import form_status
from accord.core.permissions import Perm
from accord.core.scoping import collaboration_view, org_view


def _mark(view: Any, register: Any) -> Any:
    view.accord_register = register
    return view


def _campaign(register: CampaignRegister, scope: Any, pk: int) -> Any:
    campaign = register.model.objects.in_scope(register.owner(scope)).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def _party(register: CampaignRegister, scope: Any) -> Any:
    return scope.party if register.scope == "collaboration" else None


def _url(register: CampaignRegister, scope: Any, name: str, pk: int) -> str:
    prefix = "own" if register.scope == "org" else "joint"
    return reverse(f"assessments:{prefix}_{name}", args=[register.owner_arg(scope), pk])


def _base(register: CampaignRegister, scope: Any, campaign: Any) -> dict[str, Any]:
    owner = register.owner(scope)
    return {
        "org" if register.scope == "org" else "collaboration": owner,
        "owner": owner,
        "register": register,
        "campaign": campaign,
        "joint": register.scope == "collaboration",
        "list_url": register.url(scope),
        "detail_url": _url(register, scope, "campaign", campaign.pk),
        "answer_url": _url(register, scope, "answer", campaign.pk),
        "results_url": _url(register, scope, "results", campaign.pk),
        "pdf_url": _url(register, scope, "results_pdf", campaign.pk),
        "action_url": _url(register, scope, "result_action", campaign.pk),
        "status_url": _url(register, scope, "status", campaign.pk),
        "respondents_url": _url(register, scope, "respondents", campaign.pk),
        "threshold": anonymity.min_respondents(),
        "can_edit": scope.can(Perm.EDIT),
    }


# --- templates ------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Questionnaire file (.yaml or .xlsx)"),
        help_text=gettext_lazy("At most 1 MB. The whole file is checked before anything is saved."),
    )


@org_view(Perm.VIEW)
def templates(request: HttpRequest, scope: Any) -> HttpResponse:
    """The questionnaires this organization can run; import one of its own (EDIT)."""
    organization = scope.organization
    form = ImportForm()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not scope.can(Perm.EDIT):
            return render(request, "403.html", status=403)
        if "delete" in request.POST:
            row = (
                AssessmentTemplate.objects.in_scope(organization)
                .filter(pk=request.POST.get("delete") or 0)
                .first()
            )
            if row is None:
                raise Http404
            services.template_delete(template=row)
            messages.success(request, _("Questionnaire removed: %(title)s.") % {"title": row.title})
            return redirect(request.path)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                row = services.template_import(
                    organization=organization, name=upload.name, content=upload.read(), user=request.user
                )
            except engine.TemplateError as error:
                errors = error.errors
                form.add_error("file", _("The file was refused; nothing was saved."))
            else:
                messages.success(request, _("Questionnaire imported: %(title)s.") % {"title": row.title})
                return redirect(request.path)
        status = form_status(form)
    shown = request.GET.get("show", "")
    preview = engine.find(organization, shown) if shown else None
    context = {
        "org": organization,
        "owner": organization,
        "shipped": list(engine.shipped().values()),
        "own": list(AssessmentTemplate.objects.in_scope(organization).defer("definition")),
        "form": form,
        "errors": errors,
        "preview": preview,
        "scales": {name: engine.scale_choices(name) for name in engine.SCALES},
        "can_edit": scope.can(Perm.EDIT),
        "columns": engine.EXCEL_COLUMNS,
        "list_url": own_campaigns.url(scope),
    }
    return render(request, "assessments/templates.html", context, status=status)


# --- a campaign -------------------------------------------------------------------------------------


def _members(organization: Any) -> list[Any]:
    from accord.accounts.models import User

    return list(User.objects.filter(memberships__organization=organization).order_by("email").distinct())


def _member_choices(organization: Any) -> list[tuple[int, str]]:
    """(id, name) of the organization's members, for an owner picker (one light query)."""
    from accord.accounts.models import User

    rows = (
        User.objects.filter(memberships__organization=organization)
        .order_by("email")
        .values_list("pk", "full_name", "email")
    )
    return [(pk, name or email) for pk, name, email in rows]


def _campaign_page(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    organization = scope.organization
    side = list(
        Respondent.objects.filter(**results._campaign_filter(campaign), organization=organization)
        .select_related("user")
        .only("id", "user_id", "subject_id", "submitted_at", "user__full_name", "user__email")
        .order_by("user__email")
    )
    chosen = {r.user_id for r in side}
    people: dict[int, dict[str, Any]] = {}
    for row in side:
        entry = people.setdefault(row.user_id, {"name": row.user.display_name, "asked": 0, "submitted": 0})
        entry["asked"] += 1
        entry["submitted"] += 1 if row.submitted_at else 0
    mine = [r for r in side if r.user_id == request.user.pk]
    context = {
        **_base(register, scope, campaign),
        "members": _member_choices(organization) if scope.can(Perm.EDIT) and campaign.is_open else [],
        "chosen": chosen,
        "people": list(people.values()),
        "is_respondent": bool(mine),
        "my_submitted": bool(mine) and all(r.submitted_at for r in mine),
        "sides": results.side_counts(campaign),
        "questions_count": len(engine.questions(campaign.definition)),
    }
    return render(request, "assessments/campaign_detail.html", context)


def _respondents(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    try:
        ids = [int(x) for x in request.POST.getlist("respondents")]
    except ValueError:
        ids = []
    try:
        rows = services.respondents_set(
            campaign=campaign,
            organization=scope.organization,
            party=_party(register, scope),
            user_ids=ids,
            actor=request.user,
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        people = len({r.user_id for r in rows})
        messages.success(
            request,
            ngettext(
                "%(n)s person of yours is asked to answer; a new one gets an e-mail.",
                "%(n)s people of yours are asked to answer; new ones get an e-mail.",
                people,
            )
            % {"n": people},
        )
    return redirect(_url(register, scope, "campaign", pk))


def _status(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    status = request.POST.get("status", "")
    try:
        services.campaign_set_status(
            campaign=campaign, status=status, expected_version=int(request.POST.get("version") or 0) or None
        )
    except ConflictError:
        messages.error(request, _("Someone changed the campaign meanwhile; look again and retry."))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Campaign closed: answers can no longer change.")
            if status == CampaignStatus.CLOSED
            else _("Campaign reopened."),
        )
    return redirect(_url(register, scope, "campaign", pk))


# --- answering --------------------------------------------------------------------------------------


def _my_rows(campaign: Any, scope: Any, user: Any) -> list[Respondent]:
    return list(
        Respondent.objects.filter(
            **results._campaign_filter(campaign), organization=scope.organization, user=user
        ).select_related("subject")
    )


def _current(rows: list[Respondent], request: HttpRequest) -> Respondent | None:
    wanted = request.POST.get("subject") or request.GET.get("subject")
    if wanted:
        return next((r for r in rows if str(r.subject_id) == wanted), None)
    return next((r for r in rows if r.subject_id == r.user_id), rows[0] if rows else None)


def _answer_context(campaign: Any, respondent: Respondent | None) -> list[dict[str, Any]]:
    answers = {}
    if respondent is not None:
        answers = {a.question: a for a in Answer.objects.filter(respondent=respondent)}
    sections = []
    for number, section in enumerate(campaign.definition["sections"], start=1):
        items = []
        for q in section["questions"]:
            answer = answers.get(q["id"])
            current = ""
            if answer is not None:
                current = answer.special or (str(answer.value) if answer.value else "")
            items.append(
                {
                    "q": q,
                    "choices": engine.scale_choices(q["scale"]),
                    "current": current,
                    "comment": answer.comment if answer else "",
                }
            )
        sections.append({"number": number, "title": section["title"], "items": items})
    return sections


def _answer(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    rows = _my_rows(campaign, scope, request.user)
    respondent = _current(rows, request)
    status = 200
    error = ""
    if request.method == "POST" and respondent is not None:
        try:
            if "submit" in request.POST:
                services.submit(respondent=respondent, campaign=campaign)
                messages.success(request, _("Thank you: your answers are submitted."))
                return redirect(_url(register, scope, "campaign", pk))
            saved = 0
            for q in engine.questions(campaign.definition):
                key = f"q_{q['id']}"
                if key in request.POST or f"c_{q['id']}" in request.POST:
                    services.answer_save(
                        respondent=respondent,
                        campaign=campaign,
                        question=q["id"],
                        answer=request.POST.get(key, ""),
                        comment=request.POST.get(f"c_{q['id']}", ""),
                    )
                    saved += 1
        except ApplicationError as refusal:
            error = refusal.message
            status = 422
        else:
            if request.htmx:
                return render(request, "assessments/_saved.html", {"saved": saved})
            messages.success(request, _("Saved."))
            anchor = request.POST.get("section", "")
            target = _url(register, scope, "answer", pk)
            if respondent.subject_id != respondent.user_id:
                target += f"?subject={respondent.subject_id}"
            return redirect(target + (f"#section-{anchor}" if anchor.isdigit() else ""))
        if request.htmx:
            return render(request, "assessments/_saved.html", {"error": error}, status=422)
    context = {
        **_base(register, scope, campaign),
        "respondent": respondent,
        "rows": rows,
        "sections": _answer_context(campaign, respondent),
        "error": error,
        "locked": respondent is None or respondent.submitted_at is not None or not campaign.is_open,
    }
    return render(request, "assessments/answer.html", context, status=status)


# --- results ----------------------------------------------------------------------------------------


def results_context(campaign: Any, organization: Any, *, for_pdf: bool = False) -> dict[str, Any]:
    """What the results page and the PDF show: aggregates only (see ``results``)."""
    data = results.present(campaign, organization.pk)
    shown = data.shown_sides
    sides = data.sides
    axes = [row.label for row in data.dimensions]
    series = [
        {
            "label": side["name"],
            "values": [row.scores[i]["mean"] if row.scores[i] else None for row in data.dimensions],
        }
        for i, side in enumerate(sides)
        if side["shown"]
    ]
    radar = (
        charts.radar_chart(
            axes, series, min_value=0, max_value=5, title=_("Scores by dimension (1–5)"), table=not for_pdf
        )
        if series
        else None
    )
    bars = None
    if len(shown) > 1:
        bars = charts.bar_chart(
            [(row.label, [s["mean"] if s else None for s in row.scores]) for row in data.dimensions],
            series_labels=[s["name"] for s in sides],
            title=_("Each party's view, side by side"),
            width=max(640, 60 * len(axes)),
            table=False,
        )
    trend = None
    if len(data.trend) > 1:
        names = [s["name"] for s in sides if s["shown"]] or [s["name"] for s in sides]
        trend = charts.line_chart(
            [
                {"label": name, "points": [(p["label"], p["values"].get(name)) for p in data.trend]}
                for name in names
            ],
            title=_("Overall score, campaign by campaign"),
            y_label=_("score 1–5"),
        )
    own_ids = [organization.pk] if campaign.scope_field == "collaboration" else [s["org_id"] for s in shown]
    visible_comments = [i for i in own_ids if any(s["org_id"] == i and s["shown"] for s in sides)]
    return {
        "results": data,
        "dimension_rows": _dimension_rows(data),
        "question_rows": _question_rows(data),
        "radar": radar,
        "bars": bars,
        "trend_chart": trend,
        "gap_rows": results.gap_analysis(data) if campaign.kind == "capability" else [],
        "comments": results.comments(campaign, visible_comments),
        "profile": organization if campaign.kind == "compatibility" else None,
        "disagreement_sd": results.DISAGREEMENT_SD,
    }


def _score(s: dict[str, Any] | None) -> Any:
    if s and s.get("too_few"):
        return format_html("— <small>{}</small>", _("too few answers to show"))
    if not s or not s.get("n") or s.get("mean") is None:
        return "—"
    return format_html("<strong>{}</strong> <small>(σ {})</small>", s["mean"], s["sd"])


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def _dimension_rows(data: results.Results) -> Any:
    """The dimension table's rows, built here: a template loop over many cells is slow."""
    several = len(data.sides) > 1
    badge = format_html(' <span class="badge">{}</span>', _("answers disagree"))
    rows = []
    for row in data.dimensions:
        cells = [format_html("<td>{}</td>", _score(s)) for s in row.scores]
        if several:
            cells.append(format_html("<td>{}</td>", "—" if row.gap is None else row.gap))
        if data.previous is not None:
            cells.append(format_html("<td>{}</td>", _signed(row.change)))
        rows.append(
            format_html(
                '<tr><th scope="row">{}{}</th>{}</tr>',
                row.label,
                badge if row.disagreement else "",
                mark_safe("".join(cells)),  # noqa: S308 (each cell is format_html output)
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 (each row is format_html output)


def _question_rows(data: results.Results) -> Any:
    label = _("%(dk)s don't know, %(na)s n/a")
    rows = []
    for q in data.questions:
        cells = []
        for s in q.scores:
            if not s:
                cells.append("<td>—</td>")
                continue
            extra = ""
            if s.get("dk") or s.get("na"):
                extra = format_html(
                    "<br><small>{}</small>", label % {"dk": s.get("dk", 0), "na": s.get("na", 0)}
                )
            cells.append(format_html("<td>{}{}</td>", _score(s), extra))
        rows.append(format_html('<tr><th scope="row">{}</th>{}</tr>', q.text, mark_safe("".join(cells))))  # noqa: S308
    return mark_safe("".join(rows))  # noqa: S308 (each row is format_html output)


def _profiles(campaign: Any) -> list[Any]:
    """Vision and values of every active party, from their profiles (compatibility results)."""
    from accord.collaborations.models import Party

    return [
        p.organization
        for p in Party.objects.in_scope(campaign.collaboration_id)
        .filter(status="active")
        .select_related("organization")
    ]


def _my_profile(campaign: Any, user: Any, scope: Any) -> dict[str, Any] | None:
    """A competency campaign: the viewer's own ratings beside the mean of their peers'
    (peers shown only when enough of them answered); seen by that person only."""
    if campaign.kind != "competency":
        return None
    rows = list(
        Respondent.objects.filter(
            **results._campaign_filter(campaign), subject=user, submitted_at__isnull=False
        ).values_list("id", "user_id")
    )
    if not rows:
        return {"rows": [], "peers": 0}
    self_ids = [rid for rid, uid in rows if uid == user.pk]
    peer_ids = [rid for rid, uid in rows if uid != user.pk]
    peers_enough = anonymity.enough(len({uid for _rid, uid in rows if uid != user.pk}))
    from collections import defaultdict

    mine: dict[str, list[int]] = defaultdict(list)
    theirs: dict[str, list[int]] = defaultdict(list)
    for rid, dimension, value in Answer.objects.filter(
        respondent_id__in=self_ids + (peer_ids if peers_enough else []), value__isnull=False
    ).values_list("respondent_id", "dimension", "value"):
        (mine if rid in self_ids else theirs)[dimension].append(value)
    out = []
    for key in engine.COMPETENCIES:
        if key in mine or key in theirs:
            self_score = round(sum(mine[key]) / len(mine[key]), 2) if mine.get(key) else None
            peer_score = round(sum(theirs[key]) / len(theirs[key]), 2) if theirs.get(key) else None
            out.append(
                {"key": key, "label": engine.COMPETENCIES[key], "self": self_score, "peers": peer_score}
            )
    out.sort(key=lambda r: r["peers"] if r["peers"] is not None else (r["self"] or 0))
    return {
        "rows": out,
        "peers": len({uid for _rid, uid in rows if uid != user.pk}),
        "peers_shown": peers_enough,
    }


def _results(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    context = {**_base(register, scope, campaign), **results_context(campaign, scope.organization)}
    if register.scope == "collaboration" and campaign.kind == "compatibility":
        context["profiles"] = _profiles(campaign)
    context["my_profile"] = _my_profile(campaign, request.user, scope)
    if scope.can(Perm.EDIT):
        context["owners"] = _member_choices(scope.organization)
    return render(request, "assessments/results.html", context)


def _results_pdf(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    from accord.assessments.documents import results_pdf

    campaign = _campaign(register, scope, pk)
    context = {
        **_base(register, scope, campaign),
        **results_context(campaign, scope.organization, for_pdf=True),
    }
    if register.scope == "collaboration" and campaign.kind == "compatibility":
        context["profiles"] = _profiles(campaign)
    pdf = results_pdf(context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{campaign.pk}.pdf"'
    return response


class ResultActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Action"), max_length=200)
    owner_user = forms.IntegerField(label=gettext_lazy("Owner"), required=False)
    due_date = forms.DateField(label=gettext_lazy("Due date"), required=False)


def _result_action(request: HttpRequest, scope: Any, register: CampaignRegister, pk: int) -> HttpResponse:
    campaign = _campaign(register, scope, pk)
    form = ResultActionForm(request.POST)
    target = _url(register, scope, "results", pk)
    if not form.is_valid():
        messages.error(request, _("Give the action a title (and a valid due date)."))
        return redirect(target)
    owner = None
    if form.cleaned_data.get("owner_user"):
        owner = next(
            (u for u in _members(scope.organization) if u.pk == form.cleaned_data["owner_user"]), None
        )
    try:
        action = services.result_action(
            campaign=campaign,
            title=form.cleaned_data["title"],
            owner_user=owner,
            owner_party=_party(register, scope),
            due_date=form.cleaned_data.get("due_date"),
            user=request.user,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    except Exception as error:  # noqa: BLE001 (a validation error of the action service)
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Action added to the action list: %(title)s.") % {"title": action.title})
    return redirect(target)


# --- the routes, for both scopes -------------------------------------------------------------------

PAGES = {
    "campaign": (_campaign_page, Perm.VIEW, False),
    "respondents": (_respondents, Perm.EDIT, True),
    "status": (_status, Perm.EDIT, True),
    "answer": (_answer, Perm.VIEW, False),
    "results": (_results, Perm.VIEW, False),
    "results_pdf": (_results_pdf, Perm.VIEW, False),
    "result_action": (_result_action, Perm.EDIT, True),
}


def _make(register: CampaignRegister, func: Any, perm: Perm, post_only: bool) -> Any:
    decorate = org_view if register.scope == "org" else collaboration_view

    def page(request: HttpRequest, scope: Any, pk: int) -> HttpResponse:
        return func(request, scope, register, pk)

    if post_only:
        page = require_POST(page)
    page.__name__ = func.__name__.lstrip("_")
    return _mark(decorate(perm)(page), register)


VIEWS = {
    (prefix, name): _make(register, func, perm, post_only)
    for prefix, register in (("own", own_campaigns), ("joint", joint_campaigns))
    for name, (func, perm, post_only) in PAGES.items()
}
