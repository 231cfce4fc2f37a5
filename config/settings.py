"""Accord settings.

Everything that differs between a laptop and production comes from environment variables
prefixed with ``DJANGO_`` (plus ``DATABASE_URL``). Unset means the embedded SQLite default.
"""

import importlib.util
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest sets PYTEST_VERSION for the whole run: tests get fast, self-contained settings.
TESTING = env_bool("ACCORD_TESTING") or "PYTEST_VERSION" in os.environ

# --- Core -------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise RuntimeError("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), so accord/templates can
    # override a widget's template.
    "django.forms",
    "django_htmx",
    "simple_history",
    "axes",
    # Two-factor sign-in: authenticator apps (TOTP) and single-use recovery codes (static).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background tasks (django.tasks) kept in the database: the reminders' queue.
    "django_tasks_db",
    "accord.core",
    "accord.accounts",
    "accord.organizations",
    "accord.relationships",
    "accord.collaborations",
    "accord.guidance",
    "accord.plans",
    "accord.objectives",
    "accord.value",
    "accord.measures",
    "accord.knowledge",
    "accord.assessments",
    "accord.exits",
    "accord.risks",
    "accord.reminders",
    "accord.governance",
    "accord.actions",
    "accord.meetings",
    "accord.demo",
]

MIDDLEWARE = [
    # Every request starts and ends in the site's time zone; the scope of the request
    # (accord.core.scoping) activates its organization's (accord.core.zones).
    "accord.core.zones.TimeZoneResetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie set by the switcher, else the browser's Accept-Language;
    # UserLanguageMiddleware (after authentication) applies a person's own choice over both.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.accounts.middleware.UserLanguageMiddleware",
    # request.user.is_verified(): was this session signed in with a second factor?
    "django_otp.middleware.OTPMiddleware",
    "accord.accounts.middleware.EmailVerifiedApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-ninja is not an installed app: installing it would import it (and pydantic) in every
# process at start, where only the API needs it (config/urls.py loads the API on its first
# request). Its API documentation page and assets are found here instead, served locally.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "accord" / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.core.context_processors.accord",
            ],
            # {% guidance %} on every page, from the guidance app (core imports no other app).
            "builtins": ["accord.guidance.templatetags.guidance"],
        },
    }
]
# Widgets render with the project's engine and its overrides: accord/templates/django/forms/
# widgets/select.html writes each <option> inline instead of including a template per option
# (a register's filter form spent about a quarter of the page's time in those includes).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -----------------------------------------------------------------------------
# SQLite in a git-ignored folder unless DATABASE_URL names another database (PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'accord.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Persistent connections on SQLite too: a new connection per request re-reads the schema
    # and, being the last to close, checkpoints the WAL on every request (about 6 ms of CPU
    # per page through gunicorn, more than the rest of the fixed cost).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# --- Authentication -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Repeated failed logins lock the e-mail + address pair out for a while (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form and authenticate() use "username"
# Pages get the explanatory page, the API its JSON body (both 429): accord/accounts/lockout.py.
AXES_LOCKOUT_CALLABLE = "accord.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): the name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "Accord"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Cache and sessions: one machine or several --------------------------------------------
# With REDIS_URL (e.g. redis://cache:6379/0) every app process shares Django's built-in Redis
# cache: caching, rate limits and login lockouts hold across processes and machines, and
# sessions live in the cache with the database behind them (cached_db: a cache restart logs
# nobody out). Without it (one process, development, tests): a per-process memory cache and
# database sessions, which need nothing installed.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "accord",
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "accord"}}

# --- E-mail -------------------------------------------------------------------------------
# Console by default (development prints the mail); "file" writes to var/mail; "smtp" uses
# DJANGO_EMAIL_HOST / _PORT / _HOST_USER / _HOST_PASSWORD / _USE_TLS.
_EMAIL = os.environ.get("DJANGO_EMAIL_BACKEND", "console")
_MAIL_OPTIONS = {
    "smtp": {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
    },
    "file": {"file_path": str(VAR_DIR / "mail")},
}
MAILERS = {
    "default": {
        "BACKEND": {
            "console": "django.core.mail.backends.console.EmailBackend",
            "file": "django.core.mail.backends.filebased.EmailBackend",
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
            "locmem": "django.core.mail.backends.locmem.EmailBackend",
        }.get(_EMAIL, _EMAIL),
        "OPTIONS": _MAIL_OPTIONS.get(_EMAIL, {}),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")

# --- Background tasks ---------------------------------------------------------------------
# Django's tasks framework with a database-backed queue (django-tasks-db): pages enqueue,
# `manage.py accord_worker` runs the queue and the reminder pass (README, production).
# The tests run each task at once, in the caller (the immediate backend).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}
# The site's address, for links in e-mails sent with no request at hand (the reminders).
ACCORD_BASE_URL = os.environ.get("DJANGO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Minutes between two reminder passes a worker enqueues (each reminder is sent once anyway).
ACCORD_REMINDER_INTERVAL_MINUTES = int(os.environ.get("ACCORD_REMINDER_INTERVAL_MINUTES", "60"))

# --- Internationalization -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [NINJA_DIR / "static"]
STORAGES = {
    # Uploaded documents: outside the web root, served only through scoped views
    # (accord.knowledge). Production may use an object store instead (README, "Documents").
    "default": (
        {"BACKEND": "django.core.files.storage.InMemoryStorage"}
        if TESTING
        else {
            "BACKEND": os.environ.get(
                "ACCORD_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
            ),
            # An object store's options as JSON, e.g. {"bucket_name": "accord-files"} (README).
            "OPTIONS": {"location": os.environ.get("ACCORD_MEDIA_DIR", str(VAR_DIR / "media"))}
            if "ACCORD_STORAGE_BACKEND" not in os.environ
            else json.loads(os.environ.get("ACCORD_STORAGE_OPTIONS", "{}")),
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads stream to a temporary file past 2.5 MB; a file over ACCORD_UPLOAD_MAX_BYTES is
# dropped while it streams in (accord.knowledge.uploads.LimitedUploadHandler).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "accord.knowledge.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
ACCORD_UPLOAD_MAX_BYTES = int(os.environ.get("ACCORD_UPLOAD_MAX_BYTES", str(250 * 1024 * 1024)))

# --- Security headers ---------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_HTTPS_PROXY") else None
)
# Production is HTTPS only: plain HTTP is redirected and browsers are told to come back over
# HTTPS for a year (HSTS). Development (DJANGO_DEBUG=1) and the tests stay on plain HTTP.
# Each can be set explicitly (e.g. DJANGO_HSTS_SECONDS=300 while trying HSTS out).
_HTTPS_ONLY = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", _HTTPS_ONLY)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365 if _HTTPS_ONLY else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Accord -------------------------------------------------------------------------------
ACCORD_PAGE_SIZE = 25
ACCORD_INVITATION_DAYS = 14
# A new account confirms its address through a link valid this many days; it may ask for
# the link again after this many seconds.
ACCORD_EMAIL_VERIFICATION_DAYS = 3
ACCORD_EMAIL_VERIFICATION_RESEND_SECONDS = 120
# Invitation limits (counted on the invitation rows, so they hold across processes): per
# sender per hour, per organization per day, and no new invitation to the same address from
# the same organization within the cooling-off period (minutes).
ACCORD_INVITATIONS_PER_SENDER_PER_HOUR = int(os.environ.get("DJANGO_INVITATIONS_PER_SENDER_PER_HOUR", "10"))
ACCORD_INVITATIONS_PER_ORGANIZATION_PER_DAY = int(
    os.environ.get("DJANGO_INVITATIONS_PER_ORGANIZATION_PER_DAY", "30")
)
ACCORD_INVITATION_COOLOFF_MINUTES = int(os.environ.get("DJANGO_INVITATION_COOLOFF_MINUTES", "10"))
NINJA_PAGINATION_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
