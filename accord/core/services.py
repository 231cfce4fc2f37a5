"""Shared write helpers used by every app's services."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from accord.core.errors import ConflictError

M = TypeVar("M", bound=models.Model)


def versioned_update[M: models.Model](
    instance: M,
    *,
    data: dict[str, Any],
    expected_version: int | None,
    fields: Iterable[str],
) -> M:
    """Apply ``data`` (only the whitelisted ``fields``) and save, refusing stale writes.

    ``expected_version`` is the version the caller read; None skips the check (internal
    callers). The change is applied to the freshly locked row, so fields the caller did not
    change are never written back from a stale copy. Raises ConflictError with the stored
    record. Returns the saved row.
    """
    allowed = set(fields)
    with transaction.atomic():
        manager = type(instance)._base_manager
        current = manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(
                _(
                    "Someone else saved this record while you were editing it. Your changes "
                    "were not saved: compare them with the values saved meanwhile, shown with "
                    "this form, and save again."
                ),
                current=current,
            )
        for name, value in data.items():
            if name in allowed:
                setattr(current, name, value)
        current.version += 1
        current.full_clean()
        current.save()
    return current
