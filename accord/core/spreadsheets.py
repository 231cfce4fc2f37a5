"""Excel files out: one writer for every export, safe whatever the text holds.

Cells are neutralised against formula injection (``accord.core.text.neutralize``) and lose
the characters the XLSX format cannot hold (control characters such as \\x0b or \\x1b, which
old records may still carry), so an export never fails on one odd value.
"""

import io
from collections.abc import Iterable
from typing import Any

from accord.core.text import neutralize


def safe_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return neutralize(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_bytes(title: str, header: list[Any], rows: Iterable[list[Any]]) -> bytes:
    """A one-sheet workbook (write-only: rows are streamed into it, not held as cells)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(safe_cell(str(title)) or "Sheet")[:31].replace("/", "-"))
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
