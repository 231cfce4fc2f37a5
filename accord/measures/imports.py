"""CSV upload of measure values (columns: measure, period, value; optional note).

The preview validates every row and writes nothing; the commit validates again and writes
every row in one transaction, or none of them if any row has an error. A value already
recorded for a period is corrected (the earlier figure stays in the history).
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from accord.core.errors import ApplicationError
from accord.core.text import TextRuleError, clean_line
from accord.measures.models import MeasureBase
from accord.measures.periods import parse_period, period_label
from accord.measures.services import as_value, values_write

COLUMNS = ["measure", "period", "value", "note"]
REQUIRED = ["measure", "period", "value"]
MAX_ROWS = 10_000
MAX_BYTES = 2_000_000


@dataclass
class ValueRow:
    line: int
    measure_name: str
    period_text: str
    value_text: str
    note: str = ""
    measure: MeasureBase | None = None
    period: Any = None
    value: Decimal | None = None
    previous: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return (
            period_label(self.period, self.measure.frequency)
            if self.measure and self.period
            else self.period_text
        )

    @property
    def is_correction(self) -> bool:
        return self.previous is not None


@dataclass
class ValuesPreview:
    rows: list[ValueRow]
    file_errors: list[str]

    @property
    def error_rows(self) -> list[ValueRow]:
        return [r for r in self.rows if r.errors]

    @property
    def is_clean(self) -> bool:
        return not self.file_errors and not self.error_rows and bool(self.rows)

    def errors_as_data(self) -> list[dict[str, Any]]:
        out = [{"line": 0, "errors": list(self.file_errors)}] if self.file_errors else []
        return out + [{"line": r.line, "errors": r.errors} for r in self.error_rows]


def _number(text: str) -> Decimal | None:
    raw = text.strip().replace("\u202f", "").replace(" ", "")
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def decode(raw: bytes) -> str:
    """The file's text (UTF-8, with or without a byte-order mark). Raises ApplicationError."""
    if len(raw) > MAX_BYTES:
        raise ApplicationError(_("The file is larger than 2 MB."), field="file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."), field="file"
        )


def values_preview(*, owner: Any, model: type[MeasureBase], text: str) -> ValuesPreview:
    """Parse and validate every row against the measures of ``owner``; write nothing.
    Three queries: the measures, and the values already recorded for the named periods."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return ValuesPreview([], [_("The file is empty.")])
    header_line = text.splitlines()[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return ValuesPreview(
            [],
            [
                _("Missing columns: %(columns)s (expected: measure, period, value).")
                % {"columns": ", ".join(missing)}
            ],
        )
    by_name: dict[str, list[MeasureBase]] = {}
    for measure in model.objects.in_scope(owner).only(
        "id", "name", "frequency", "version", model.scope_field
    ):
        by_name.setdefault(measure.name.strip().casefold(), []).append(measure)
    rows: list[ValueRow] = []
    file_errors: list[str] = []
    seen: dict[tuple[int, Any], int] = {}
    for index, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            file_errors.append(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
            break
        values = {k: (v or "").strip() if isinstance(v, str) else "" for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        row = ValueRow(
            line=index,
            measure_name=values.get("measure", ""),
            period_text=values.get("period", ""),
            value_text=values.get("value", ""),
        )
        rows.append(row)
        if None in raw:
            row.errors.append(_("More values than columns."))
        try:
            row.note = clean_line(values.get("note", ""))
            if len(row.note) > 300:
                row.errors.append(_("The note is longer than 300 characters."))
        except TextRuleError as error:
            row.errors.append(str(error))
        matches = by_name.get(row.measure_name.casefold(), [])
        if not row.measure_name:
            row.errors.append(_("The measure is missing."))
        elif not matches:
            row.errors.append(_("No measure is called “%(name)s”.") % {"name": row.measure_name})
        elif len(matches) > 1:
            row.errors.append(_("Several measures are called “%(name)s”.") % {"name": row.measure_name})
        else:
            row.measure = matches[0]
        if not row.period_text:
            row.errors.append(_("The period is missing."))
        elif row.measure is not None:
            try:
                row.period = parse_period(row.period_text, row.measure.frequency)
            except (ValueError, TypeError):
                row.errors.append(
                    _("“%(period)s” is not a period (use 2025-03, 2025 Q1, 2025 or a date).")
                    % {"period": row.period_text}
                )
        row.value = _number(row.value_text)
        if not row.value_text:
            row.errors.append(_("The value is missing."))
        elif row.value is None:
            row.errors.append(_("“%(value)s” is not a number.") % {"value": row.value_text})
        else:
            try:
                row.value = as_value(row.value)
            except ApplicationError as error:
                row.errors.append(error.message)
        if row.measure is not None and row.period is not None:
            key = (row.measure.pk, row.period)
            if key in seen:
                row.errors.append(
                    _("The same measure and period are on line %(line)s.") % {"line": seen[key]}
                )
            else:
                seen[key] = row.line
    if seen:
        existing = (
            model.values.field.model.objects.in_scope(owner)
            .filter(measure__in={m for m, _p in seen}, period__in={p for _m, p in seen})
            .values_list("measure_id", "period", "value")
        )
        previous = {(m, p): v for m, p, v in existing}
        for row in rows:
            if row.measure is not None and row.period is not None:
                row.previous = previous.get((row.measure.pk, row.period))
    if not rows and not file_errors:
        file_errors.append(_("The file has no rows."))
    return ValuesPreview(rows, file_errors)


def values_commit(*, owner: Any, model: type[MeasureBase], text: str, user: Any = None) -> int:
    """Validate again and write every row, or none (ApplicationError when any row is bad)."""
    preview = values_preview(owner=owner, model=model, text=text)
    if not preview.is_clean:
        raise ApplicationError(
            _("The file has errors; nothing was written."), extra={"rows": preview.errors_as_data()}
        )
    return values_write(
        rows=[(r.measure, r.period, r.value, r.note) for r in preview.rows],
        user=user,
    )
