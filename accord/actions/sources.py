"""Where actions come from. Each app that makes actions declares its kind once, in its
``AppConfig.ready()``::

    from accord.actions.sources import action_source
    action_source("meeting", _("Meeting"), lambda action: reverse(...))

``url(action)`` links back to the source and must not query the database (use
``action.source_id`` and the action's ``collaboration_id`` / ``organization_id``); it may
return None when there is nothing to link to.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActionSource:
    kind: str
    label: Any
    url: Callable[[Any], str | None]


_SOURCES: dict[str, ActionSource] = {}


def action_source(kind: str, label: Any, url: Callable[[Any], str | None]) -> None:
    """Declare a source kind (``meeting``, ``review``, ``risk``, ``assessment``, ``issue``,
    ``exit_step``, ``other``)."""
    if kind in _SOURCES:
        raise ValueError(f"action source {kind!r} declared twice")
    _SOURCES[kind] = ActionSource(kind, label, url)


def sources() -> list[ActionSource]:
    return list(_SOURCES.values())


def source_choices() -> list[tuple[str, str]]:
    return [(s.kind, str(s.label)) for s in _SOURCES.values()]


def source_label(kind: str) -> str:
    source = _SOURCES.get(kind)
    return str(source.label) if source else kind


def source_url(action: Any) -> str | None:
    """The page of the action's source, or None."""
    source = _SOURCES.get(action.source_kind)
    if source is None:
        return None
    try:
        return source.url(action)
    except Exception:  # noqa: BLE001 (a source that cannot link must not break a list)
        return None


OTHER_LABEL = _("Other")
