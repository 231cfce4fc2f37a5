"""Readable change history from django-simple-history records, in a bounded number of queries."""

from collections import defaultdict
from typing import Any

from django.db import models

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
}


def _display(field: models.Field, value: Any, related: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return related.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
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
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if record.history_type == "+" and not new:
                continue
            if previous is None and record.history_type != "+":
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
            }
        )
    return rows


def history_for(instance: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = history_rows(records, type(instance))
    return rows[:limit]
