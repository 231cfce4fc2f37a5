"""The assessments API: questionnaires (list, import), campaigns (the registers' CRUD), my
side's respondents, my own answers (read, save as I go, submit) and results (aggregates
only). Every operation goes through ``router.scoped``; nothing here returns another
person's answer."""

import base64
import binascii
import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema, Status
from pydantic import Field

from accord.assessments import engine, results, services
from accord.assessments.models import Answer, AssessmentTemplate, Respondent
from accord.assessments.registers import CampaignRegister, joint_campaigns, own_campaigns
from accord.assessments.views import _campaign, _party
from accord.core.api import BodyId, FieldErrors, Line, Message, PathId, ScopedRouter, Text
from accord.core.errors import ApplicationError
from accord.core.permissions import Perm

router = ScopedRouter(tags=["assessments"])
for _register in (own_campaigns, joint_campaigns):
    _register.api(router)


class TemplateOut(Schema):
    ref: str = Field(description="What a new campaign's `template` names: a shipped key or own:<id>.")
    key: str
    version: int
    title: str
    purpose: str
    scope: str
    kind: str
    shipped: bool
    definition: dict[str, Any]


class TemplateIn(Schema):
    filename: Line(200, required=True) = Field(
        ..., description="Its name says its format: .yaml, .yml or .xlsx."
    )
    content: Text(2_000_000, required=True) = Field(
        ..., description="The file: YAML as text, or an .xlsx workbook in base64."
    )


class TemplateErrors(Schema):
    detail: str
    errors: list[str]


def _template_out(info: engine.TemplateInfo) -> dict[str, Any]:
    return {
        "ref": info.ref,
        "key": info.key,
        "version": info.version,
        "title": info.title,
        "purpose": info.purpose,
        "scope": info.scope,
        "kind": info.kind,
        "shipped": info.imported_id is None,
        "definition": info.definition,
    }


@router.scoped(
    "GET",
    "/organizations/{org}/assessment-templates",
    scope="org",
    perm=Perm.VIEW,
    response=list[TemplateOut],
)
def templates_list(request: HttpRequest, org: str) -> list[dict[str, Any]]:
    """The questionnaires the organization can run (private and joint), shipped ones first."""
    organization = request.scope.organization
    return [
        _template_out(t) for scope in ("org", "collaboration") for t in engine.available(organization, scope)
    ]


@router.scoped(
    "POST",
    "/organizations/{org}/assessment-templates",
    scope="org",
    perm=Perm.EDIT,
    response={201: TemplateOut, 400: TemplateErrors},
)
def template_import(request: HttpRequest, org: str, payload: TemplateIn) -> Any:
    """Import a questionnaire; the whole file is checked first, a refusal writes nothing."""
    content: bytes
    if payload.filename.lower().endswith(".xlsx"):
        try:
            content = base64.b64decode(payload.content, validate=True)
        except (binascii.Error, ValueError):
            return Status(
                400, {"detail": gettext("The file was refused."), "errors": ["content: not base64."]}
            )
    else:
        content = payload.content.encode("utf-8")
    try:
        row = services.template_import(
            organization=request.scope.organization, name=payload.filename, content=content, user=request.user
        )
    except engine.TemplateError as error:
        return Status(
            400, {"detail": gettext("The file was refused; nothing was saved."), "errors": error.errors}
        )
    return Status(201, _template_out(engine._info(row.definition, row.pk)))


# --- per campaign -------------------------------------------------------------------------------


class RespondentOut(Schema):
    user_id: int
    name: str
    subject_id: int
    submitted: bool


class RespondentsIn(Schema):
    user_ids: list[BodyId] = Field(..., max_length=500)


class AnswerOut(Schema):
    question: str
    answer: str = Field(description="1–5, dk (don't know), na (not applicable), or empty.")
    comment: str


class MyAnswersOut(Schema):
    respondent: bool
    subject_id: int | None
    submitted: bool
    questionnaire: dict[str, Any]
    answers: list[AnswerOut]


class AnswerIn(Schema):
    question: Line(40, required=True)
    answer: Line(2) = ""
    comment: Text(2000) = ""
    subject_id: BodyId | None = Field(
        None, description="Competency campaigns: whom you rate (default yourself)."
    )


class SubmitIn(Schema):
    subject_id: BodyId | None = None


class SideOut(Schema):
    organization: str
    answered: int
    shown: bool
    overall: float | None


class ScoreOut(Schema):
    organization: str
    mean: float
    min: float | None = Field(None, description="No longer given: with few people it revealed answers.")
    max: float | None = Field(None, description="No longer given: with few people it revealed answers.")
    sd: float
    n: int


class DimensionOut(Schema):
    key: str
    label: str
    scores: list[ScoreOut]
    gap: float | None
    change: float | None


class QuestionScoreOut(Schema):
    organization: str
    mean: float | None = Field(description="None when fewer people than the threshold answered.")
    min: int | None = Field(None, description="No longer given: with few people it revealed answers.")
    max: int | None = Field(None, description="No longer given: with few people it revealed answers.")
    sd: float | None
    n: int
    dont_know: int
    not_applicable: int


class QuestionOut(Schema):
    id: str
    text: str
    scores: list[QuestionScoreOut]


class TrendPointOut(Schema):
    campaign_id: int
    title: str
    date: str
    overall: dict[str, float | None]


class ResultsOut(Schema):
    campaign_id: int
    threshold: int = Field(description="A side's aggregates show once this many of its people answered.")
    sides: list[SideOut]
    dimensions: list[DimensionOut]
    questions: list[QuestionOut]
    trend: list[TrendPointOut]
    comments: list[dict[str, str]] = Field(description="Your own side's comments, without names.")


class AssessmentActionIn(Schema):
    title: Line(200, required=True)
    owner_user_id: BodyId | None = None
    due_date: datetime.date | None = None


class AssessmentActionOut(Schema):
    id: int
    title: str
    due_date: datetime.date | None


def _rows(campaign: Any, scope: Any, user: Any) -> list[Respondent]:
    return list(
        Respondent.objects.filter(
            **results._campaign_filter(campaign), organization=scope.organization, user=user
        )
    )


def _pick(rows: list[Respondent], subject_id: int | None, user: Any) -> Respondent | None:
    wanted = subject_id or user.pk
    return next((r for r in rows if r.subject_id == wanted), None)


def _results_out(campaign: Any, scope: Any) -> dict[str, Any]:
    data = results.present(campaign, scope.organization.pk)
    names = [s["name"] for s in data.sides]
    own_shown = [s["org_id"] for s in data.sides if s["own"] and s["shown"]]
    return {
        "campaign_id": campaign.pk,
        "threshold": data.threshold,
        "sides": [
            {"organization": s["name"], "answered": s["count"], "shown": s["shown"], "overall": s["overall"]}
            for s in data.sides
        ],
        "dimensions": [
            {
                "key": row.key,
                "label": row.label,
                "scores": [{"organization": names[i], **s} for i, s in enumerate(row.scores) if s],
                "gap": row.gap,
                "change": row.change,
            }
            for row in data.dimensions
        ],
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "scores": [
                    {
                        "organization": names[i],
                        "mean": s["mean"],
                        "sd": s["sd"],
                        "n": s["n"],
                        "dont_know": s["dk"],
                        "not_applicable": s["na"],
                    }
                    for i, s in enumerate(q.scores)
                    if s
                ],
            }
            for q in data.questions
        ],
        "trend": [
            {"campaign_id": p["id"], "title": p["title"], "date": p["label"], "overall": p["values"]}
            for p in data.trend
        ],
        "comments": results.comments(campaign, own_shown),
    }


def _operations(register: CampaignRegister, base: str, owner_param: str) -> None:
    scope_name = register.scope
    item = f"{base}/assessments/{{{register.api_id}}}"
    id_name = register.api_id
    owner_annotation = str if owner_param == "org" else PathId

    def respondents_list(request: HttpRequest, **kwargs: Any) -> list[dict[str, Any]]:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        rows = (
            Respondent.objects.filter(
                **results._campaign_filter(campaign), organization=request.scope.organization
            )
            .select_related("user")
            .order_by("user__email", "subject_id")
        )
        return [
            {
                "user_id": r.user_id,
                "name": r.user.display_name,
                "subject_id": r.subject_id,
                "submitted": r.submitted_at is not None,
            }
            for r in rows
        ]

    def respondents_set(request: HttpRequest, payload: RespondentsIn, **kwargs: Any) -> Any:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        services.respondents_set(
            campaign=campaign,
            organization=request.scope.organization,
            party=_party(register, request.scope),
            user_ids=payload.user_ids,
            actor=request.user,
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return respondents_list(request, **kwargs)

    def my_answers(request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        rows = _rows(campaign, request.scope, request.user)
        mine = _pick(rows, None, request.user) or (rows[0] if rows else None)
        answers = []
        if mine is not None:
            answers = [
                {
                    "question": a.question,
                    "answer": a.special or (str(a.value) if a.value else ""),
                    "comment": a.comment,
                }
                for a in Answer.objects.filter(respondent=mine).order_by("question")
            ]
        return {
            "respondent": mine is not None,
            "subject_id": mine.subject_id if mine else None,
            "submitted": bool(mine and mine.submitted_at),
            "questionnaire": campaign.definition,
            "answers": answers,
        }

    def answer_save(request: HttpRequest, payload: AnswerIn, **kwargs: Any) -> Any:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        respondent = _pick(_rows(campaign, request.scope, request.user), payload.subject_id, request.user)
        if respondent is None:
            raise ApplicationError(gettext("You are not asked to answer this campaign."))
        row = services.answer_save(
            respondent=respondent,
            campaign=campaign,
            question=payload.question,
            answer=payload.answer,
            comment=payload.comment,
        )
        if row is None:
            return {"question": payload.question, "answer": "", "comment": ""}
        return {
            "question": row.question,
            "answer": row.special or str(row.value or ""),
            "comment": row.comment,
        }

    def submit(request: HttpRequest, payload: SubmitIn, **kwargs: Any) -> Any:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        respondent = _pick(_rows(campaign, request.scope, request.user), payload.subject_id, request.user)
        if respondent is None:
            raise ApplicationError(gettext("You are not asked to answer this campaign."))
        services.submit(respondent=respondent, campaign=campaign)
        return {"detail": gettext("Your answers are submitted.")}

    def results_read(request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        return _results_out(campaign, request.scope)

    def action_raise(request: HttpRequest, payload: AssessmentActionIn, **kwargs: Any) -> Any:
        campaign = _campaign(register, request.scope, kwargs[id_name])
        owner = None
        if payload.owner_user_id:
            from accord.accounts.models import User

            owner = User.objects.filter(
                pk=payload.owner_user_id, memberships__organization=request.scope.organization
            ).first()
            if owner is None:
                raise ApplicationError(
                    "Choose a member of your organization as the owner.", field="owner_user_id"
                )
        action = services.result_action(
            campaign=campaign,
            title=payload.title,
            owner_user=owner,
            owner_party=_party(register, request.scope),
            due_date=payload.due_date,
            user=request.user,
        )
        return Status(201, action)

    operations = [
        ("GET", f"{item}/respondents", respondents_list, Perm.VIEW, {"response": list[RespondentOut]}),
        (
            "PUT",
            f"{item}/respondents",
            respondents_set,
            Perm.EDIT,
            {"response": {200: list[RespondentOut], 400: FieldErrors}},
        ),
        ("GET", f"{item}/my-answers", my_answers, Perm.VIEW, {"response": MyAnswersOut}),
        (
            "POST",
            f"{item}/my-answers",
            answer_save,
            Perm.VIEW,
            {"response": {200: AnswerOut, 400: FieldErrors}},
        ),
        ("POST", f"{item}/submit", submit, Perm.VIEW, {"response": {200: Message, 400: FieldErrors}}),
        ("GET", f"{item}/results", results_read, Perm.VIEW, {"response": ResultsOut}),
        (
            "POST",
            f"{item}/actions",
            action_raise,
            Perm.EDIT,
            {"response": {201: AssessmentActionOut, 400: FieldErrors}},
        ),
    ]
    for method, path, func, perm, extra in operations:
        _bind(func, owner_param, owner_annotation, id_name)
        func.__name__ = f"assessments_{register.name}_{func.__name__}"
        router.scoped(method, path, scope=scope_name, perm=perm, operation_id=func.__name__, **extra)(func)


def _bind(func: Any, owner_param: str, owner_annotation: Any, id_name: str) -> None:
    import inspect

    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.kind != inspect.Parameter.VAR_KEYWORD]
    params.append(inspect.Parameter(owner_param, inspect.Parameter.KEYWORD_ONLY, annotation=owner_annotation))
    params.append(inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=PathId))
    func.__signature__ = signature.replace(parameters=params)


_operations(own_campaigns, "/organizations/{org}", "org")
_operations(joint_campaigns, "/collaborations/{collaboration_id}", "collaboration_id")

__all__ = ["AssessmentTemplate", "router"]
