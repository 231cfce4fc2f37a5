"""The OpenAPI schema names each enum and schema class by its Python name: two classes with
one name in two apps would silently share one definition, so the API would describe one of
them wrongly (schemathesis found "Status" meaning both a register entry's status and a
measure's). Every class the API can name must have a name of its own."""

from collections import defaultdict

from django.db import models
from ninja import Schema

import config.api  # noqa: F401  (imports every app's API, so every schema class exists)


def _subclasses(base: type) -> list[type]:
    found, todo = [], [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_api_schema_and_enum_names_are_unique():
    by_name = defaultdict(set)
    for cls in _subclasses(Schema) + _subclasses(models.TextChoices) + _subclasses(models.IntegerChoices):
        if cls.__module__.startswith("accord."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, f"rename one of each: {clashes}"
