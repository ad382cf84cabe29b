"""Loa settings: every deploy-time value comes from a LOA_ variable (see .env.example).

Defaults give a working SQLite development setup; LOA_PRODUCTION=true switches on production
hardening and then refuses to start without a secret key and allowed hosts.
"""

import os
import sys
from pathlib import Path

from django.conf import global_settings
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from loa.core.database import SQLITE_BUSY_SECONDS, database_config
from loa.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LOA_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("LOA_PRODUCTION", default=False)
DEBUG = env_bool("LOA_DEBUG", default=not PRODUCTION)
SECRET_KEY = env_secret("LOA_SECRET_KEY", dev_default=None if PRODUCTION else "dev-only-insecure-key-" + "x" * 40)
ALLOWED_HOSTS = env_list("LOA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("LOA_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "loa.web.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "simple_history",
    "axes",
    # loa.core first: its `db_worker` (with the sweep for jobs a killed worker left running) replaces
    # django_tasks_db's.
    "loa.core",
    "django_tasks",
    "django_tasks_db",
    "loa.org",
    # loa.intake before loa.plans: its `loa plan` (plans' command with `import` added) replaces plans'.
    "loa.intake",
    "loa.plans",
    "loa.activity",
    "loa.reports",
    "loa.dashboards",
    "loa.scoring",
    "loa.indices",
    "loa.channels",
    "loa.surveys",
    "loa.feedback",
    "loa.oversight",
    "loa.column",
    "loa.contests",
    "loa.offline",
    "loa.signing",
    "loa.notify",
    "loa.web",
    "loa.api",
    "loa.demo",
]
# A source checkout carries bench/ (benchmarks, the fuzzer): its commands `loa bench` and `loa fuzz` join then.
# It sits above every app and nothing in loa/ imports it (the import contracts in pyproject.toml check that).
if (BASE_DIR / "bench" / "apps.py").is_file():
    if str(BASE_DIR) not in sys.path:
        sys.path.append(str(BASE_DIR))
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "loa.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "loa.web.middleware.NulCharacterMiddleware",  # its error page needs the language, the user and the messages
    "loa.web.middleware.OneTimePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "loa.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "loa.urls"
WSGI_APPLICATION = "loa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loa.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL"),
        VAR_DIR / "loa.sqlite3",
        sqlite_busy_seconds=env_int("LOA_SQLITE_BUSY_SECONDS", SQLITE_BUSY_SECONDS),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "loa.org.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's hashers (its default first, for every chosen password), plus one for one-time passwords only, used until
# the first login (see loa/org/hashers.py).
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "loa.org.hashers.OneTimePasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (loa/org/login_throttle.py): after LOA_LOGIN_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for LOA_LOGIN_COOLOFF_MINUTES; after LOA_LOGIN_ADDRESS_FAILURE_LIMIT failures from
# one address over any accounts (password spraying), the address is.
AXES_HANDLER = "loa.org.login_throttle.LoginThrottle"
AXES_FAILURE_LIMIT = env_int("LOA_LOGIN_FAILURE_LIMIT", 5)
LOA_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOA_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("LOA_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind LOA_PROXY_COUNT reverse proxies (1 behind deploy/nginx/loa.conf) the client address comes from
# X-Forwarded-For, else every failure would count against the proxy's address.
LOA_PROXY_COUNT = env_int("LOA_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "loa.core.client_ip.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "loa" / "locale"]
TIME_ZONE = env_str("LOA_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["loa.formats"]
LANGUAGE_COOKIE_NAME = "loa_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("LOA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Source maps (django-ninja's Swagger UI and Redoc bring 5 MB of them) are read only by browser developer tools:
# compressing them took a third of collectstatic's time for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# "default" is Django's own default, each process's memory (the dashboards' entries). "pdf" keeps the PDFs of
# documents by the SHA-256 of their DOCX (loa/documents/pdf.py): files, so that every worker process finds what one
# of them converted, at most LOA_PDF_CACHE_ENTRIES (a third is dropped when full) for 30 days.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pdf": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pdf"),
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": env_int("LOA_PDF_CACHE_ENTRIES", 200)},
    },
}
# PDFs come from a LibreOffice kept running per process (loa/documents/converter.py, needs Debian's python3-uno);
# false: one cold soffice per conversion, as without python3-uno.
LOA_PDF_WARM = env_bool("LOA_PDF_WARM", default=True)

EMAIL_BACKEND = env_str(
    "LOA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("LOA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LOA_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("LOA_DEFAULT_FROM_EMAIL", "loa@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_AGE = env_int("LOA_SESSION_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("LOA_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("LOA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("LOA_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOA_LOG_LEVEL", "WARNING")},
}

# Loa's own settings.
LOA_DEMO_PROVINCE_CODE = env_str("LOA_DEMO_PROVINCE_CODE", "42")  # Tỉnh Hà Tĩnh
LOA_PAGE_SIZE = env_int("LOA_PAGE_SIZE", 50)
LOA_IMPORT_MAX_ROWS = env_int("LOA_IMPORT_MAX_ROWS", 5000)
# Activity files are a unit's whole year of work, imported from the command line or the page.
LOA_ACTIVITY_IMPORT_MAX_ROWS = env_int("LOA_ACTIVITY_IMPORT_MAX_ROWS", 200_000)
LOA_ACTIVITY_IMPORT_MAX_BYTES = env_int("LOA_ACTIVITY_IMPORT_MAX_MB", 50) * 1024 * 1024
# Public survey answers (issue 20): one network address sends at most so many an hour, one collection point
# receives at most so many an hour (more is refused, 429); a burst of so many at one point within five minutes is
# kept but flagged for a person to look at.
LOA_SURVEY_ADDRESS_PER_HOUR = env_int("LOA_SURVEY_ADDRESS_PER_HOUR", 60)  # a one-stop desk's Wi-Fi is one address
LOA_SURVEY_POINT_PER_HOUR = env_int("LOA_SURVEY_POINT_PER_HOUR", 120)
LOA_SURVEY_BURST = env_int("LOA_SURVEY_BURST", 10)
# Public feedback (phản ánh, kiến nghị): items one network address may send an hour (more is refused, 429), and
# tracking-code lookups it may make an hour (a code cannot be found by trying).
LOA_FEEDBACK_ADDRESS_PER_HOUR = env_int("LOA_FEEDBACK_ADDRESS_PER_HOUR", 5)
LOA_FEEDBACK_LOOKUPS_PER_HOUR = env_int("LOA_FEEDBACK_LOOKUPS_PER_HOUR", 30)
# Entries of a contest of entries received from one network address in an hour (a school or an office sends several).
LOA_CONTEST_ENTRIES_PER_HOUR = env_int("LOA_CONTEST_ENTRIES_PER_HOUR", 30)
# Evidence files: the largest accepted upload, and how many days before a deadline reminders start.
LOA_EVIDENCE_MAX_BYTES = env_int("LOA_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# Plan and report documents (DOCX, PDF, TXT, HTML) read into draft plans.
LOA_DOCUMENT_MAX_BYTES = env_int("LOA_DOCUMENT_MAX_MB", 20) * 1024 * 1024
LOA_REMINDER_DAYS = env_int("LOA_REMINDER_DAYS", 7)
LOA_REMINDER_HOUR = env_int("LOA_REMINDER_HOUR", 7)  # local time of the daily reminder run
# A daily run still marked running this many minutes after it started is taken as killed and run again.
LOA_REMINDER_RETRY_MINUTES = env_int("LOA_REMINDER_RETRY_MINUTES", 30)
# Any other background job still marked running this long after it started is taken as lost (its worker was
# killed) and queued again, up to LOA_TASK_MAX_ATTEMPTS tries; the worker looks every LOA_WORKER_SWEEP_SECONDS.
LOA_TASK_STALE_MINUTES = env_int("LOA_TASK_STALE_MINUTES", 30)
LOA_TASK_MAX_ATTEMPTS = env_int("LOA_TASK_MAX_ATTEMPTS", 3)
LOA_WORKER_SWEEP_SECONDS = env_int("LOA_WORKER_SWEEP_SECONDS", 300)
# How notices reach a user who has not chosen: "app", "email" (a copy at once) or "digest" (daily).
LOA_NOTIFY_DEFAULT_DELIVERY = env_str("LOA_NOTIFY_DEFAULT_DELIVERY", "email")
# The address users reach Loa at, for links in e-mails.
LOA_SITE_URL = env_str("LOA_SITE_URL", "http://127.0.0.1:8000")
LOA_IMPORT_MAX_BYTES = env_int("LOA_IMPORT_MAX_MB", 5) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = LOA_IMPORT_MAX_BYTES
