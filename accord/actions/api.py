"""The actions API: the two registers from the register kit, and the caller's own actions
across every organization and collaboration (``GET /me/actions``)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema
from pydantic import Field

from accord.actions import selectors
from accord.actions.models import ActionStatus
from accord.actions.registers import joint_actions, own_actions
from accord.core.api import MAX_PAGE_SIZE, ScopedRouter

router = ScopedRouter(tags=["actions"])

for register in (joint_actions, own_actions):
    register.api(router)


class MyActionOut(Schema):
    kind: Literal["joint", "own"]
    id: int
    title: str
    collaboration_id: int | None
    organization: str | None = Field(None, description="The organization's slug, for own actions.")
    where: str
    due_date: datetime.date | None
    status: ActionStatus
    overdue: bool
    group: str = Field(description="overdue, this_week, later, no_date; empty when closed.")
    source_kind: str
    source_id: int | None
    source: str
    source_url: str | None


class MyActionsPage(Schema):
    items: list[MyActionOut]
    count: int
    page: int
    pages: int
    counts: dict[str, int]


class MyActionsQuery(Schema):
    state: Literal["open", "done", "all"] = "open"
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE)


@router.scoped("GET", "/me/actions", scope="user", response=MyActionsPage, operation_id="actions_mine")
def my_actions(request: HttpRequest, query: Query[MyActionsQuery]) -> dict:
    """The caller's actions, nearest due date first (undated last), with counts per group."""
    today = timezone.localdate()
    page, counts = selectors.my_page(request.user, query.state, query.page, query.page_size, today)
    rows = selectors.my_action_rows(list(page.object_list), today=today)
    items = [
        {
            "kind": r.kind,
            "id": r.action.pk,
            "title": r.action.title,
            "collaboration_id": getattr(r.action, "collaboration_id", None),
            "organization": r.action.organization.slug if r.kind == "own" else None,
            "where": r.where,
            "due_date": r.action.due_date,
            "status": r.action.status,
            "overdue": r.overdue,
            "group": r.group,
            "source_kind": r.action.source_kind,
            "source_id": r.action.source_id,
            "source": r.source,
            "source_url": r.source_url,
        }
        for r in rows
    ]
    return {
        "items": items,
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "counts": counts,
    }
