"""Readable change history from django-simple-history records, in a bounded number of queries."""

import csv
from collections import defaultdict
from datetime import datetime
from functools import cache
from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.timezone import get_current_timezone_name, localtime
from django.utils.translation import pgettext


@cache
def _history_manager_class(manager: type, queryset: type) -> type:
    return manager.from_queryset(queryset)


def share_history_managers() -> None:
    """django-simple-history builds a new manager class on every ``Model.history`` access
    (``Manager.from_queryset``, which walks the queryset's methods with ``inspect``): about a
    millisecond on each page that shows a history. The class depends only on the descriptor's
    manager and queryset classes, so it is built once per pair (called from ``CoreConfig.ready``)."""
    from simple_history.manager import HistoryDescriptor

    def __get__(self: HistoryDescriptor, instance: Any, owner: Any) -> Any:
        return _history_manager_class(self.manager_class, self.queryset_class)(self.model, instance)

    HistoryDescriptor.__get__ = __get__


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
    # A plan version's per-section revision counters (optimistic concurrency, not content).
    "revisions",
    # The records a plan version showed when it was sent for review (a snapshot, not an edit).
    "frozen_sources",
    # What a joint review keeps of the measures when it is created or closed (a snapshot,
    # not an edit; the values' own changes are in the values' history).
    "snapshot",
    "snapshot_taken_at",
}
LABEL_FIELDS = ("counterpart_name", "name", "title", "description")


def _label(field: models.Field) -> str:
    """A field's name for people: first letter up, the rest as written ("SER's role", not
    "Ser's role")."""
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def _display(
    field: models.Field, value: Any, related: dict[tuple[type, Any], str], *, full: bool = False
) -> str:
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
    return text if full or len(text) <= 300 else text[:297] + "…"


def record_label(record: Any) -> str:
    """A short name for the record a history row is about: its name, title or description."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.id}"


def _field_changes(
    model: type[models.Model],
    field: models.Field,
    old: Any,
    new: Any,
    related: dict[tuple[type, Any], str],
    full: bool,
) -> list[dict[str, str]]:
    """One change for a plain field; one per changed key for a JSON object (a plan's sections),
    labelled by the model's ``history_key_label(field_name, key)`` when it has one."""
    label = _label(field)
    if isinstance(field, models.JSONField) and isinstance(new, dict) and isinstance(old, dict | None):
        old = old or {}
        key_label = getattr(model, "history_key_label", None)
        return [
            {
                "field": key_label(field.name, key) if key_label else f"{label} › {key}",
                "old": _display(models.TextField(), old.get(key), related, full=full),
                "new": _display(models.TextField(), new.get(key), related, full=full),
            }
            for key in [*new, *(k for k in old if k not in new)]
            if old.get(key, "") != new.get(key, "")
        ]
    return [
        {
            "field": label,
            "old": _display(field, old, related, full=full),
            "new": _display(field, new, related, full=full),
        }
    ]


def history_rows(
    records: list[Any], model: type[models.Model], *, full: bool = False
) -> list[dict[str, Any]]:
    """Turn history records (newest first, with history_user selected) into rows:
    when, who, action (+ created, ~ changed, - deleted), the record's label and the changed
    fields. Long texts are cut to 300 characters unless ``full`` (the CSV export)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIP and not f.many_to_many]
    fields = [f for f in fields if hasattr(records[0], f.attname)] if records else []
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        for f in fields:
            if f.is_relation and getattr(record, f.attname) is not None:
                wanted[f.related_model].add(getattr(record, f.attname))
    related: dict[tuple[type, Any], str] = {}
    for rel_model, ids in wanted.items():
        # A model can name itself differently in history (``history_label``), from related
        # rows it asks to have selected with it (``HISTORY_SELECT_RELATED``): one query each.
        objects = rel_model._base_manager.filter(pk__in=ids)
        if select := getattr(rel_model, "HISTORY_SELECT_RELATED", ()):
            objects = objects.select_related(*select)
        for obj in objects:
            related[(rel_model, obj.pk)] = str(getattr(obj, "history_label", obj))
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
                changes.extend(_field_changes(model, f, old, new, related, full))
        if record.history_type == "~" and not changes:
            continue
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": record.history_type,
                "changes": changes,
                "record": record,
                "label": record_label(record),
            }
        )
    return rows


def history_for(instance: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = history_rows(records, type(instance))
    return rows[:limit]


def history_window(records: Any, model: type[models.Model], limit: int = 30) -> list[dict[str, Any]]:
    """The newest ``limit`` changes among many records of one model (a register's history),
    each with its record's label, in a fixed number of queries. ``records`` is a historical
    queryset already narrowed to one scope, e.g. ``Contribution.history.filter(collaboration_id=…)``."""
    newest = list(records.order_by("-history_date", "-history_id").values_list("history_id", "id")[:limit])
    wanted = {history_id for history_id, _ in newest}
    # Each record's earlier versions too, so that a change shows what it changed from.
    everything = list(
        records.filter(id__in={pk for _, pk in newest})
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    rows = [row for row in history_rows(everything, model) if row["record"].history_id in wanted]
    rows.sort(key=lambda row: (row["when"], row["record"].history_id), reverse=True)
    return rows


def history_write_csv(
    writer_row: Any,
    sources: list[tuple[type[models.Model], Any]],
    *,
    who: Any = lambda user: user.email,
) -> None:
    """Write every change of ``sources`` (model, historical queryset) as CSV rows, newest
    first: when (the header names the zone), who (``who(user)``), record type, record, action,
    field, old, new. A fixed number of queries per source, whatever the number of records."""
    # Headers and actions in the reader's language, as the record types and fields already are.
    actions = {
        "+": pgettext("history action", "created"),
        "~": pgettext("history action", "changed"),
        "-": pgettext("history action", "deleted"),
    }
    # Times in the zone the request shows them in (the organization's, accord.core.zones),
    # named once in the header; each value carries its offset too.
    when = pgettext("history export column", "when (%(zone)s)") % {"zone": get_current_timezone_name()}
    writer_row(
        [
            when,
            pgettext("history export column", "who"),
            pgettext("history export column", "record type"),
            pgettext("history export column", "record"),
            pgettext("history export column", "action"),
            pgettext("history export column", "field"),
            pgettext("history export column", "old"),
            pgettext("history export column", "new"),
        ]
    )
    rows = []
    for model, records in sources:
        ordered = list(records.select_related("history_user").order_by("id", "-history_date", "-history_id"))
        rows += [(model, row) for row in history_rows(ordered, model, full=True)]
    rows.sort(key=lambda item: (item[1]["when"], item[1]["record"].history_id), reverse=True)
    for model, row in rows:
        record = row["record"]
        label = row["label"] if row["label"].startswith("#") else f"#{record.id} {row['label']}"
        base = [
            localtime(row["when"]).isoformat(timespec="seconds"),
            who(row["who"]) if row["who"] else pgettext("history export, no person", "system"),
            str(model._meta.verbose_name),
            label,
            actions[row["action"]],
        ]
        if not row["changes"]:
            writer_row([*base, "", "", ""])
        for change in row["changes"]:
            writer_row([*base, change["field"], change["old"], change["new"]])


def history_csv_response(
    filename: str, sources: list[tuple[type[models.Model], Any]], *, who: Any = lambda user: user.email
) -> HttpResponse:
    """Every change of ``sources`` as a CSV download, safe to open in a spreadsheet (formulas
    neutralized; a byte-order mark so that spreadsheets read it as UTF-8)."""
    from accord.core.text import neutralize

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    history_write_csv(lambda row: writer.writerow([neutralize(v) for v in row]), sources, who=who)
    return response
