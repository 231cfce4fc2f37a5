"""Base models and the scoped manager that makes a forgotten tenant filter fail loudly.

Every row of private data belongs to one organization, every row of joint data to one
collaboration. Their default ``objects`` manager refuses to run a query until the scope has
been applied with ``.in_scope(...)``; the escape hatch is the greppable ``unscoped`` manager
(for admin tasks, benchmarks and data generators only).
"""

from functools import cache
from typing import Any, Self

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class UnscopedQueryError(RuntimeError):
    """A query on scoped data ran without naming its organization or collaboration."""


class ScopedQuerySet(models.QuerySet):
    _scoped: bool = False

    def _clone(self) -> Self:
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def in_scope(self, scope: models.Model) -> Self:
        clone = self.filter(**{self.model.scope_field: scope})
        clone._scoped = True
        return clone

    def _require_scope(self) -> None:
        if not self._scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} query without scope: call "
                f".in_scope(<{self.model.scope_field}>) or use {self.model.__name__}.unscoped."
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any):
        self._require_scope()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


@cache
def _choice_labels(field: models.Field) -> dict[Any, Any]:
    return {make_hashable(value): label for value, label in field.flatchoices}


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        """``get_<field>_display()`` from a value → label map built once per field. Django's
        builds the map on every call, hashing every lazy label (one gettext each): a register
        page of 25 rows spent about a tenth of its time there."""
        if callable(getattr(field, "_choices", None)):  # choices computed per call: keep Django's
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class OrganizationScopedModel(TimeStampedModel):
    """Private data: visible to the members of ``organization`` only."""

    scope_field = "organization"
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE)

    # ``unscoped`` comes first so it is the default manager Django uses for related
    # lookups, which are already filtered through their scoped parent.
    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"


class CollaborationScopedModel(TimeStampedModel):
    """Joint data: visible to the members of the collaboration's active parties only."""

    scope_field = "collaboration"
    collaboration = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE)

    # ``unscoped`` comes first so it is the default manager Django uses for related
    # lookups, which are already filtered through their scoped parent.
    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"


class VersionedModel(models.Model):
    """Optimistic concurrency: every save through a service bumps ``version``.

    A form or API call sends the version it read; a different stored version means somebody
    else saved in between, and the save is refused (see ``accord.core.services.save_versioned``).
    """

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
