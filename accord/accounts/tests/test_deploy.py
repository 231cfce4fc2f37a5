"""`manage.py check --deploy` is clean with the production settings the README gives."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]

SCRIPT = """
import django
from django.core.management import call_command
django.setup()
call_command("check", "--deploy", "--fail-level", "WARNING")
"""


def test_check_deploy_is_clean_with_the_readme_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACCORD_", "PYTEST_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="accord.example.com",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://accord.example.com",
        DJANGO_BEHIND_HTTPS_PROXY="1",
        DJANGO_EMAIL_BACKEND="smtp",
        ACCORD_VAR_DIR=str(tmp_path),  # DATABASE_URL unset: SQLite, kept out of the tree
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
