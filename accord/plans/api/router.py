"""The plans router; each module of this package adds its operations to it."""

from accord.core.api import ScopedRouter

router = ScopedRouter(tags=["plans"])
