"""Domain errors raised by services; views and the API turn them into messages and 4xx."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the change. ``message`` is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """Somebody else saved the record after the caller read it (optimistic concurrency)."""

    def __init__(self, message: str, *, current: Any = None):
        super().__init__(message)
        self.current = current


class RateLimited(ApplicationError):
    """Too many of something in too short a time (invitations...): pages and the API answer
    429 with the message, which says when the caller may try again."""
