"""Every write on risks, mitigations and register scales. One set of functions for both
registers: ``owner`` is an Organization (own register) or a Collaboration (joint register)."""

import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import PositiveSmallIntegerField, Subquery
from django.utils.translation import gettext as _

from accord.core.errors import ApplicationError
from accord.core.services import versioned_update
from accord.risks.models import (
    DEFAULT_SCALE,
    JointMitigation,
    JointRisk,
    JointRiskScale,
    MitigationBase,
    OwnMitigation,
    OwnRisk,
    OwnRiskScale,
    RiskBase,
)

RISK_FIELDS = [
    "title",
    "description",
    "category",
    "cause",
    "consequence",
    "likelihood",
    "impact",
    "owner_user",
    "status",
    "review_date",
    "residual_likelihood",
    "residual_impact",
    "objectives",
]
JOINT_RISK_FIELDS = [*RISK_FIELDS[:7], "owner_party", *RISK_FIELDS[7:], "value_items"]
OWN_RISK_FIELDS = RISK_FIELDS
MITIGATION_FIELDS = ["action", "owner_user", "due_date", "status"]
JOINT_MITIGATION_FIELDS = [*MITIGATION_FIELDS, "private"]
M2M = {"objectives", "value_items"}


def is_joint(owner: Any) -> bool:
    return owner._meta.label == "collaborations.Collaboration"


def risk_model(owner: Any) -> type[RiskBase]:
    return JointRisk if is_joint(owner) else OwnRisk


def mitigation_model(owner: Any) -> type[MitigationBase]:
    return JointMitigation if is_joint(owner) else OwnMitigation


def risk_fields(owner: Any) -> list[str]:
    return JOINT_RISK_FIELDS if is_joint(owner) else OWN_RISK_FIELDS


def risk_owner(risk: RiskBase) -> Any:
    return risk.collaboration if isinstance(risk, JointRisk) else risk.organization


# --- the scale ---------------------------------------------------------------------------------


def _scale_model(owner: Any) -> Any:
    return JointRiskScale if is_joint(owner) else OwnRiskScale


def scale_max(owner: Any) -> int:
    """The largest likelihood and impact of ``owner``'s register (one query)."""
    value = _scale_model(owner).objects.in_scope(owner).values_list("scale_max", flat=True).first()
    return value or DEFAULT_SCALE


def scale_max_subquery(owner: Any) -> Subquery:
    """``scale_max`` as an expression, to read the scale along with another query (NULL when
    the register keeps the default scale: ``or DEFAULT_SCALE`` as ``scale_max`` does)."""
    return Subquery(
        _scale_model(owner).objects.in_scope(owner).order_by("pk").values("scale_max")[:1],
        output_field=PositiveSmallIntegerField(),
    )


@transaction.atomic
def scale_set(*, owner: Any, value: int, user: Any = None) -> int:
    """Change the register's scale; refused while a risk uses a level above the new maximum."""
    model = _scale_model(owner)
    scale = model.objects.in_scope(owner).select_for_update().first() or model(**{model.scope_field: owner})
    scale.scale_max = value
    scale.full_clean(exclude=[model.scope_field])
    risks = risk_model(owner).objects.in_scope(owner)
    above = (
        risks.filter(likelihood__gt=value).exists()
        or risks.filter(impact__gt=value).exists()
        or risks.filter(residual_likelihood__gt=value).exists()
        or risks.filter(residual_impact__gt=value).exists()
    )
    if above:
        raise ApplicationError(
            _("Some risks use a level above %(n)s: change them first.") % {"n": value}, field="scale_max"
        )
    if scale.pk:
        scale.version += 1
    scale.save()
    return scale.scale_max


# --- checks ------------------------------------------------------------------------------------


def _active_parties(collaboration: Any) -> Any:
    return apps.get_model("collaborations", "Party").objects.in_scope(collaboration).filter(status="active")


def _check_person(owner: Any, user: Any, party: Any, field: str = "owner_user") -> None:
    if user is None:
        return
    membership = apps.get_model("organizations", "Membership")
    if is_joint(owner):
        organizations = (
            [party.organization_id] if party is not None else _active_parties(owner).values("organization")
        )
        if not membership.objects.filter(user=user, organization__in=organizations).exists():
            raise ApplicationError(
                _("The owner must be a member of the owner party.")
                if party is not None
                else _("The owner must be a member of a party."),
                field=field,
            )
    elif not membership.objects.filter(user=user, organization=owner).exists():
        raise ApplicationError(_("The owner must be a member of the organization."), field=field)


def _check_risk(risk: RiskBase, many: dict[str, Any]) -> None:
    owner = risk_owner(risk)
    top = scale_max(owner)
    for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
        value = getattr(risk, name)
        if value is not None and not 1 <= value <= top:
            raise ApplicationError(_("Choose a level from 1 to %(n)s.") % {"n": top}, field=name)
    if (risk.residual_likelihood is None) != (risk.residual_impact is None):
        raise ApplicationError(
            _("Give both the residual likelihood and the residual impact, or neither."),
            field="residual_impact",
        )
    party = getattr(risk, "owner_party", None)
    if party is not None and not _active_parties(owner).filter(pk=party.pk).exists():
        raise ApplicationError(_("Choose a party of this collaboration."), field="owner_party")
    _check_person(owner, risk.owner_user, party)
    for name, values in many.items():
        values = list(values)
        if any(getattr(v, risk.scope_field + "_id") != owner.pk for v in values):
            raise ApplicationError(_("Choose records of this register's own space."), field=name)


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {k: v for k, v in data.items() if k not in M2M}, {k: v for k, v in data.items() if k in M2M}


# --- risks -------------------------------------------------------------------------------------


@transaction.atomic
def risk_create(*, owner: Any, data: dict[str, Any], user: Any = None) -> RiskBase:
    """A new risk in ``owner``'s register (Organization: own, Collaboration: joint)."""
    allowed = set(risk_fields(owner))
    plain, many = _split({k: v for k, v in data.items() if k in allowed})
    model = risk_model(owner)
    risk = model(**{model.scope_field: owner}, **plain)
    _check_risk(risk, many)
    risk.rescore()
    risk.full_clean()
    risk.save()
    for name, values in many.items():
        getattr(risk, name).set(values)
    return risk


@transaction.atomic
def risk_update(
    *, risk: RiskBase, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> RiskBase:
    owner = risk_owner(risk)
    allowed = set(risk_fields(owner))
    plain, many = _split({k: v for k, v in data.items() if k in allowed})
    probe = type(risk)(**{f.attname: getattr(risk, f.attname) for f in risk._meta.concrete_fields})
    for key, value in plain.items():
        setattr(probe, key, value)
    _check_risk(probe, many)
    risk = versioned_update(risk, data=plain, expected_version=expected_version, fields=list(allowed - M2M))
    for name, values in many.items():
        getattr(risk, name).set(values)
    return risk


@transaction.atomic
def risk_delete(*, risk: RiskBase, user: Any = None) -> None:
    risk.delete()


def risk_raise_action(
    *,
    risk: RiskBase,
    title: str,
    user: Any = None,
    due_date: datetime.date | None = None,
    owner_user: Any = None,
) -> Any:
    """An action to treat ``risk``, in the actions register of the risk's space."""
    from accord.actions.services import action_create

    return action_create(
        owner=risk_owner(risk),
        title=title,
        source_kind="risk",
        source_id=risk.pk,
        source_label=str(risk)[:200],
        owner_user=owner_user,
        owner_party=getattr(risk, "owner_party", None),
        due_date=due_date,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


# --- mitigations -------------------------------------------------------------------------------


def _check_mitigation(mitigation: MitigationBase) -> None:
    owner = risk_owner(mitigation.risk)
    if (
        mitigation.risk.pk is None
        or getattr(mitigation.risk, mitigation.risk.scope_field + "_id") != owner.pk
    ):
        raise ApplicationError(_("Choose a risk of this register."))
    party = getattr(mitigation, "party", None)
    _check_person(owner, mitigation.owner_user, party)


@transaction.atomic
def mitigation_create(
    *, risk: RiskBase, data: dict[str, Any], party: Any = None, user: Any = None
) -> MitigationBase:
    """A mitigation of ``risk``; of a joint risk, owned by ``party`` (the caller's)."""
    owner = risk_owner(risk)
    joint = is_joint(owner)
    allowed = JOINT_MITIGATION_FIELDS if joint else MITIGATION_FIELDS
    model = mitigation_model(owner)
    values = {k: v for k, v in data.items() if k in allowed}
    mitigation = model(**{model.scope_field: owner}, risk=risk, **values)
    if joint:
        if party is None:
            raise ApplicationError(_("A mitigation of a joint risk belongs to a party."))
        mitigation.party = party
    _check_mitigation(mitigation)
    mitigation.full_clean()
    mitigation.save()
    return mitigation


@transaction.atomic
def mitigation_update(
    *, mitigation: MitigationBase, data: dict[str, Any], expected_version: int | None, user: Any = None
) -> MitigationBase:
    fields = JOINT_MITIGATION_FIELDS if isinstance(mitigation, JointMitigation) else MITIGATION_FIELDS
    values = {k: v for k, v in data.items() if k in fields}
    if "owner_user" in values:
        _check_person(risk_owner(mitigation.risk), values["owner_user"], getattr(mitigation, "party", None))
    return versioned_update(mitigation, data=values, expected_version=expected_version, fields=fields)


@transaction.atomic
def mitigation_delete(*, mitigation: MitigationBase, user: Any = None) -> None:
    mitigation.delete()
