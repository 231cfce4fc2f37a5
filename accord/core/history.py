"""Readable change history from django-simple-history records, in a bounded number of queries."""

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime

SKIP = {
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "updated_at",
    "created_at",
    "version",
    "organization",
    "collaboration",
    # Computed from the scores, whose own changes are shown instead (and which are
    # recomputed in bulk, without a history record of their own).
    "weighted_score",
    "segment",
}


def _display(field: models.Field, value: Any, related: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return related.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_format(localtime(value), "DATETIME_FORMAT")
    if isinstance(value, bool):
        return "✓" if value else "✗"
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def history_rows(records: list[Any], model: type[models.Model]) -> list[dict[str, Any]]:
    """Turn history records (newest first, with history_user selected) into rows:
    when, who, action (+ created, ~ changed, - deleted) and the changed fields."""
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIP and not f.many_to_many]
    fields = [f for f in fields if hasattr(records[0], f.attname)] if records else []
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        for f in fields:
            if f.is_relation and getattr(record, f.attname) is not None:
                wanted[f.related_model].add(getattr(record, f.attname))
    related: dict[tuple[type, Any], str] = {}
    for rel_model, ids in wanted.items():
        for obj in rel_model._base_manager.filter(pk__in=ids):
            related[(rel_model, obj.pk)] = str(obj)
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and previous.id != record.id:
            previous = None  # records of several objects: diff only within one object
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if record.history_type == "+" and not new:
                continue
            if previous is None and record.history_type == "~":
                continue
            if new != old and record.history_type != "-":
                changes.append(
                    {
                        "field": str(f.verbose_name).capitalize(),
                        "old": _display(f, old, related),
                        "new": _display(f, new, related),
                    }
                )
        if record.history_type == "~" and not changes:
            continue
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": record.history_type,
                "changes": changes,
                "record": record,
            }
        )
    return rows


def history_for(instance: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = history_rows(records, type(instance))
    return rows[:limit]


def history_write_csv(writer_row: Any, sources: list[tuple[type[models.Model], Any]]) -> None:
    """Write every change of ``sources`` (model, historical queryset) as CSV rows:
    when, who, record type, record, action, field, old, new. A fixed number of queries per
    source, whatever the number of records."""
    actions = {"+": "created", "~": "changed", "-": "deleted"}
    writer_row(["when", "who", "record type", "record", "action", "field", "old", "new"])
    for model, records in sources:
        ordered = list(records.select_related("history_user").order_by("id", "-history_date", "-history_id"))
        for row in history_rows(ordered, model):
            record = row["record"]
            name = getattr(record, "counterpart_name", None) or getattr(record, "name", None) or ""
            label = f"#{record.id} {name}".strip()
            who = row["who"].email if row["who"] else "system"
            base = [
                row["when"].isoformat(),
                who,
                str(model._meta.verbose_name),
                label,
                actions[row["action"]],
            ]
            if not row["changes"]:
                writer_row([*base, "", "", ""])
            for change in row["changes"]:
                writer_row([*base, change["field"], change["old"], change["new"]])
