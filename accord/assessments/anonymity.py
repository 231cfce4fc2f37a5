"""The one anonymity rule of assessments.

A side's (an organization's, or a party's) aggregates show only when at least
``min_respondents()`` of its people submitted their answers; below that, only how many did.
The default is 3 (settings ``ASSESSMENT_MIN_RESPONDENTS`` may raise it; it is never below 2
outside tests, where a test may lower it to show a case). Everything that shows results —
pages, API, PDF, plan sections, cards, trends — reads aggregates made by
``accord.assessments.results.compute``, which applies this rule when it stores them, and
``visible`` again when it reads them (a stricter setting applies to stored results too).
"""

from django.conf import settings

DEFAULT_MIN_RESPONDENTS = 3


def min_respondents() -> int:
    return max(1, int(getattr(settings, "ASSESSMENT_MIN_RESPONDENTS", DEFAULT_MIN_RESPONDENTS)))


def enough(count: int) -> bool:
    """Whether ``count`` respondents are enough to show their aggregate."""
    return count >= min_respondents()
