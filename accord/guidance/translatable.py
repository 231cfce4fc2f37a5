"""The guidance texts (YAML in ``data/``) go through the same translation catalogue as the
rest of Accord.

- The loader hands out every text as a lazy translation (``gettext_lazy``): it is translated
  when a page or document renders it, in the reader's language.
- ``makemessages`` reads Python and templates, not YAML: ``manage.py guidance_strings``
  writes ``strings.py``, one ``gettext_noop(...)`` per text, so the texts land in
  ``locale/*/LC_MESSAGES/django.po``. A test fails when that module is stale.

Values under the keys in ``KEEP`` are identifiers, numbers or clause references, not text.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, override

DATA_DIR = Path(__file__).parent / "data"
MODULE = Path(__file__).parent / "strings.py"
KEEP = frozenset(
    {
        "key",
        "ref",
        "clause",
        "clauses",
        "principle",
        "principles",
        "check",
        "version",
        "number",
        "stages",
        # the shipped questionnaires' identifiers (accord/assessments/templates_data)
        "id",
        "kind",
        "scope",
        "dimension",
        "scale",
        "comment",
        "theme",
        "competency",
        "facet",
        "screen",  # a URL name (worksheets and "how to" steps)
        "topics",  # topic keys a worksheet is linked from
    }
)
# The questionnaires Accord ships are translated the same way (accord.assessments shows their
# texts through the catalogue; a person's own imported questionnaires stay as written).
QUESTIONNAIRES = Path(__file__).resolve().parents[1] / "assessments" / "templates_data"
# Not shown to readers: the checked list of clauses the tests hold citations against.
INTERNAL = frozenset({"clauses.yaml"})


def lazy(data: Any, key: str = "") -> Any:
    """``data`` with every text replaced by its lazy translation."""
    if isinstance(data, dict):
        return {k: lazy(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [lazy(v, key) for v in data]
    if isinstance(data, str) and data.strip() and key not in KEEP:
        return gettext_lazy(data)
    return data


def texts(data: Any, key: str = "") -> Iterator[str]:
    """Every text in ``data``, in file order."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from texts(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from texts(v, key)
    elif isinstance(data, str) and data.strip() and key not in KEEP:
        yield data


def text(value: Any) -> str:
    """A guidance value as plain text in the active language."""
    return str(value) if isinstance(value, Promise) else value


def source(value: Any) -> str:
    """A guidance value as written in the YAML (English), whatever the active language: for
    keys and lookups that must not change with the reader's language."""
    if isinstance(value, Promise):
        with override(settings.LANGUAGE_CODE):
            return str(value)
    return value


def module_source() -> str:
    """The source of ``strings.py`` for the YAML files as they are now."""
    import json

    import yaml

    seen: dict[str, None] = {}
    for path in [*sorted(DATA_DIR.glob("*.yaml")), *sorted(QUESTIONNAIRES.glob("*.yaml"))]:
        if path.name in INTERNAL:
            continue
        with path.open(encoding="utf-8") as handle:
            for value in texts(yaml.safe_load(handle)):
                seen.setdefault(value, None)
    lines = [
        '"""The guidance texts, for makemessages. Generated from accord/guidance/data/*.yaml by',
        '`manage.py guidance_strings`: do not edit (a test fails when it is stale)."""',
        "",
        "from django.utils.translation import gettext_noop",
        "",
        "# fmt: off",
        "STRINGS = (",
        *(f"    gettext_noop({json.dumps(value, ensure_ascii=False)})," for value in seen),
        ")",
        "# fmt: on",
        "",
    ]
    return "\n".join(lines)
