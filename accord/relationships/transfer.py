"""CSV import (with a preview that writes nothing) and CSV / Excel export of the register.

The same columns go out and come back in, so an exported file can be edited and re-imported
as new entries elsewhere.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.errors import ApplicationError
from accord.core.i18n import colon
from accord.core.text import FORMULA_STARTS, neutralize
from accord.organizations.models import Organization
from accord.relationships.models import (
    SCORE_MAX,
    SCORE_MIN,
    Kind,
    Relationship,
    Score,
    SegmentationCriterion,
    Status,
)
from accord.relationships.services import relationships_rescore, tags_clean, tags_resolve

BASE_COLUMNS = ["counterpart_name", "kind", "status", "owner_email", "contacts", "notes", "tags"]
EXPORT_EXTRA = ["weighted_score", "segment", "decision", "decision_rationale"]
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    scores: dict[int, int] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[str]
    columns: list[str]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def is_clean(self) -> bool:
        return not self.file_errors and not self.error_rows and bool(self.rows)


def _choice(value: str, choices: type) -> str | None:
    v = value.strip().lower()
    for key, label in choices.choices:
        if v in {str(key).lower(), str(label).lower()}:
            return key
    return None


def import_preview(*, organization: Organization, text: str, default_owner: Any = None) -> ImportPreview:
    """Parse and validate every row; write nothing. Rows without owner_email get
    ``default_owner`` (the person importing)."""
    from accord.accounts.models import User

    criteria = {c.name.strip().lower(): c for c in SegmentationCriterion.objects.in_scope(organization)}
    members = {u.email.lower(): u for u in User.objects.filter(memberships__organization=organization)}
    text = text.lstrip("\ufeff")
    if not text.strip():
        return ImportPreview([], [_("The file is empty.")], [])
    header_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(",;\t", key=header_line.count)  # from the header: data may hold commas
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [c.strip() for c in (reader.fieldnames or [])]
    except csv.Error as error:
        return ImportPreview([], [_("The file cannot be read as CSV: %(error)s.") % {"error": error}], [])
    reader.fieldnames = columns
    file_errors = []
    if "counterpart_name" not in columns:
        file_errors.append(_("The first row must name the columns, including “counterpart_name”."))
        return ImportPreview([], file_errors, columns)
    known = set(BASE_COLUMNS) | set(EXPORT_EXTRA) | set(criteria)
    unknown = [c for c in columns if c and c.lower() not in known]
    if unknown:
        file_errors.append(_("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)})
    rows: list[ImportRow] = []
    seen: set[str] = set()
    existing = {
        name.lower()
        for name in Relationship.objects.in_scope(organization).values_list("counterpart_name", flat=True)
    }
    try:
        raw_rows = list(reader)
    except csv.Error as error:
        return ImportPreview(
            [], [_("The file cannot be read as CSV: %(error)s.") % {"error": error}], columns
        )
    for index, raw in enumerate(raw_rows, start=2):
        if len(rows) >= MAX_ROWS:
            file_errors.append(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
            break
        values = {k: _unquote((v or "").strip()) if isinstance(v, str) else "" for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        row = ImportRow(line=index, values=values)
        if None in raw:
            row.errors.append(_("More values than columns."))
        name = values.get("counterpart_name", "")
        if not name:
            row.errors.append(_("counterpart_name is required."))
        elif len(name) > 200:
            row.errors.append(_("counterpart_name is longer than 200 characters."))
        elif name.lower() in seen:
            row.errors.append(_("“%(name)s” appears twice in the file.") % {"name": name})
        elif name.lower() in existing:
            row.errors.append(_("“%(name)s” is already in your register.") % {"name": name})
        seen.add(name.lower())
        kind = _choice(values.get("kind", ""), Kind)
        if kind is None:
            row.errors.append(_("kind must be one of: %(choices)s.") % {"choices": ", ".join(Kind.values)})
        status_value = values.get("status", "") or Status.CURRENT
        status = _choice(status_value, Status)
        if status is None:
            row.errors.append(
                _("status must be one of: %(choices)s.") % {"choices": ", ".join(Status.values)}
            )
        owner = default_owner
        if values.get("owner_email"):
            owner = members.get(values["owner_email"].lower())
            if owner is None:
                row.errors.append(
                    _("owner_email %(email)s is not a member.") % {"email": values["owner_email"]}
                )
        for column, value in values.items():
            criterion = criteria.get(column.lower())
            if criterion is None or value == "":
                continue
            try:
                score = int(value)
            except ValueError:
                score = -1
            if not SCORE_MIN <= score <= SCORE_MAX:
                row.errors.append(
                    _("%(col)s must be a whole number from %(min)s to %(max)s.")
                    % {"col": column, "min": SCORE_MIN, "max": SCORE_MAX}
                )
            else:
                row.scores[criterion.pk] = score
        row.data = {
            "counterpart_name": name,
            "kind": kind,
            "status": status,
            "owner": owner,
            "contacts": values.get("contacts", ""),
            "notes": values.get("notes", ""),
        }
        if not row.errors:
            # Exactly the rules the write applies (the model's own validation, text rule
            # included), without its database checks: the preview never says clean for a
            # file the import then refuses.
            entry = Relationship(organization=organization, **row.data)
            try:
                entry.clean_fields()
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    row.errors += [f"{column}{colon()} {message}" for message in messages]
            else:
                row.data.update({k: getattr(entry, k) for k in ("counterpart_name", "contacts", "notes")})
        try:
            row.tags = tags_clean(values.get("tags", "").replace(";", ",").split(","))
        except ApplicationError as error:
            row.errors.append(error.message)
        rows.append(row)
    if not rows and not file_errors:
        file_errors.append(_("The file has no data rows."))
    return ImportPreview(rows, file_errors, columns)


@transaction.atomic
def import_commit(*, organization: Organization, text: str, default_owner: Any = None) -> int:
    """Validate again and write all rows, or none (ValueError when the file is not clean)."""
    preview = import_preview(organization=organization, text=text, default_owner=default_owner)
    if not preview.is_clean:
        raise ValueError("import has errors")
    for row in preview.rows:
        entry = Relationship(organization=organization, **row.data)
        entry.full_clean()
        entry.save()
        if row.tags:
            entry.tags.set(tags_resolve(organization=organization, names=row.tags))
        for criterion_id, value in row.scores.items():
            Score.objects.create(
                organization=organization, relationship=entry, criterion_id=criterion_id, value=value
            )
    relationships_rescore(organization=organization)
    return len(preview.rows)


def export_rows(*, organization: Organization, queryset) -> tuple[list[str], list[list[Any]]]:
    criteria = list(SegmentationCriterion.objects.in_scope(organization))
    scores: dict[int, dict[int, int]] = {}
    for rel_id, crit_id, value in Score.objects.in_scope(organization).values_list(
        "relationship_id", "criterion_id", "value"
    ):
        scores.setdefault(rel_id, {})[crit_id] = value
    header = BASE_COLUMNS + [c.name for c in criteria] + EXPORT_EXTRA
    rows = []
    for entry in queryset:
        entry_scores = scores.get(entry.pk, {})
        rows.append(
            [
                entry.counterpart_name,
                entry.kind,
                entry.status,
                entry.owner.email if entry.owner else "",
                entry.contacts,
                entry.notes,
                "; ".join(t.name for t in entry.tags.all()),
                *[entry_scores.get(c.pk, "") for c in criteria],
                "" if entry.weighted_score is None else float(entry.weighted_score),
                entry.segment,
                entry.decision,
                entry.decision_rationale,
            ]
        )
    return header, rows


def export_csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralize(v) for v in header])
    for row in rows:
        writer.writerow([neutralize(v) for v in row])
    return out.getvalue()


def export_xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    from accord.core.spreadsheets import xlsx_bytes

    return xlsx_bytes("Register", header, rows)


def _unquote(value: str) -> str:
    """Undo ``neutralize`` on the way back in."""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value
