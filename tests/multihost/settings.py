"""Production settings for the two app processes of the multihost test, except static files:
plain storage instead of the manifest, so the test needs no ``collectstatic`` (what it proves,
shared state across processes, does not depend on how static files are named)."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
