"""The organization home's next steps past the firm's own plan (registered in
``CollaborationsConfig.ready``): a partner invited, then the collaboration moving through the
life-cycle stages of ISO 44001 (8.7 working together, 8.8 value creation, 8.9 staying
together). All of them read one query, kept on the organization object for the request
(``organization_collaborations``, which the home's list of collaborations reads too)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from accord.collaborations.models import Stage
from accord.collaborations.selectors import organization_collaborations
from accord.core.registry import NextStep


def _progress(organization: Any) -> list[tuple[int, bool]]:
    """(stage, has an active partner) of each collaboration the organization is active in."""
    return [(c.stage, c.has_partner) for c in organization_collaborations(organization)]


def has_partner(organization: Any) -> bool:
    return any(partner for _stage, partner in _progress(organization))


def reached(stage: int) -> Any:
    def done(organization: Any) -> bool:
        return any(partner and at >= stage for at, partner in _progress(organization))

    return done


STEPS = [
    NextStep(_("Start a joint space and invite a partner"), "collaborations:list", has_partner, order=500),
    # order 600: the joint plan agreed (plans)
    NextStep(
        _("Work together: move a collaboration to stage 5"),
        "collaborations:list",
        reached(Stage.WORKING_TOGETHER),
        order=700,
    ),
    NextStep(
        _("Create value together (stage 6)"), "collaborations:list", reached(Stage.VALUE_CREATION), order=800
    ),
    NextStep(
        _("Stay together: review the relationship and keep the plan current (stage 7)"),
        "collaborations:list",
        reached(Stage.STAYING_TOGETHER),
        order=900,
    ),
]
