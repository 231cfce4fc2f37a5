"""One-word statuses agree with their noun in French (un risque ouvert, une action ouverte,
une priorité élevée, un impact élevé): the shared English word gets a pgettext context where
the French differs."""

from django.utils import translation

from accord.actions.models import ActionStatus
from accord.exits.models import AssetStatus
from accord.governance.models import Impact, IssueStatus
from accord.objectives.models import ObjectiveStatus, Priority
from accord.plans.models import BusinessCaseStatus, PlanStatus
from accord.risks.models import MitigationStatus, RiskStatus
from accord.value.models import InitiativeStatus

CASES = [
    (RiskStatus.OPEN, "Open", "Ouvert"),
    (ActionStatus.OPEN, "Open", "Ouverte"),
    (IssueStatus.OPEN, "Open", "Ouvert"),
    (RiskStatus.CLOSED, "Closed", "Clos"),
    (BusinessCaseStatus.CLOSED, "Closed", "Clos"),
    (Priority.HIGH, "High", "Élevée"),
    (Impact.HIGH, "High", "Élevé"),
    (InitiativeStatus.APPROVED, "Approved", "Approuvée"),
    (PlanStatus.APPROVED, "Approved", "Approuvé"),
    (ObjectiveStatus.DROPPED, "Dropped", "Abandonné"),
    (ActionStatus.DROPPED, "Dropped", "Abandonnée"),
    (MitigationStatus.PLANNED, "Planned", "Prévue"),
    (AssetStatus.PLANNED, "Planned", "Prévu"),
]


def test_status_words_agree_with_their_noun_in_french():
    with translation.override("fr"):
        assert [str(choice.label) for choice, _, _ in CASES] == [fr for _, _, fr in CASES]


def test_status_words_are_unchanged_in_english():
    with translation.override("en"):
        assert [str(choice.label) for choice, _, _ in CASES] == [en for _, en, _ in CASES]
