"""The shared ``world`` the demo and benchmark steps fill (see ``docs/architecture.md``,
"Demo world contract")."""

import contextlib
import random
from collections import defaultdict
from types import SimpleNamespace, TracebackType
from typing import Any

PASSWORD = "accord-demo"


class acting_as:  # noqa: N801 - reads as a function: ``world.acting_as(user)``
    """Record ``user`` as the author of the history entries that follow (what the request
    middleware does on the site); None stops it. Used as a plain call it stays in effect;
    used in a ``with`` block the previous author comes back at the end."""

    def __init__(self, user: Any) -> None:
        from simple_history.models import HistoricalRecords

        self.previous = getattr(HistoricalRecords.context, "request", None)
        _set_author(user)

    def __enter__(self) -> "acting_as":
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, tb: TracebackType | None) -> None:
        request = self.previous
        _set_author(getattr(request, "user", None) if request is not None else None)


def _set_author(user: Any) -> None:
    from simple_history.models import HistoricalRecords

    if user is None:
        with contextlib.suppress(AttributeError):
            del HistoricalRecords.context.request
    else:
        HistoricalRecords.context.request = SimpleNamespace(user=user)


def new_world(seed: int, **attributes: Any) -> SimpleNamespace:
    """An empty world: ``rng``, ``acting_as``, ``users`` (e-mail -> User) and ``parties``
    (collaboration id -> organization id -> Party), plus ``attributes``."""
    return SimpleNamespace(
        rng=random.Random(seed),  # demo data, not security (S311 off in accord/demo)
        acting_as=acting_as,
        users={},
        parties=defaultdict(dict),
        **attributes,
    )
