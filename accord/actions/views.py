"""The "My actions" page: one person's actions across every organization and collaboration
they belong to, grouped overdue / due this week / later / no date."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.actions import selectors
from accord.core.scoping import user_view

STATES = ("open", "done", "all")


@user_view
def my_actions(request: HttpRequest) -> HttpResponse:
    """A fixed number of queries, whatever the number of actions: the counts per group (two,
    which give the page count of open actions), the page's keys (one) and the page's actions
    (two)."""
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    page, counts = selectors.my_page(
        request.user, state, request.GET.get("page"), settings.ACCORD_PAGE_SIZE, today
    )
    rows = selectors.my_action_rows(list(page.object_list), today=today)
    groups: list[dict] = []
    for row in rows:
        key = row.group or "closed"
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "label": selectors.GROUP_LABELS.get(key, ""), "rows": []})
        groups[-1]["rows"].append(row)
    return render(
        request,
        "actions/my_actions.html",
        {
            "page_obj": page,
            "groups": groups,
            "counts": [(key, selectors.GROUP_LABELS[key], n) for key, n in counts.items()],
            "state": state,
            "today": today,
        },
    )
