"""Test speed-ups on top of the real settings (same database selection via DATABASE_URL)."""

from loa.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "vi"
STATIC_ROOT = None  # type: ignore[assignment] # tests serve static files through the finders; nothing is collected
WHITENOISE_USE_FINDERS = True
# PDFs cached in memory per process, cleared before each test (conftest.py), never in var/cache/pdf: a rerun
# converts again rather than being served what an earlier run wrote.
CACHES = {**CACHES, "pdf": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdf"}}  # noqa: F405
# Every test client comes from 127.0.0.1: the public pages' limits per network address would make the permission
# matrix and the hostile-input walks (many requests from one address) depend on their order. The tests of the
# limits themselves set them with override_settings.
LOA_SURVEY_ADDRESS_PER_HOUR = 10_000
LOA_FEEDBACK_ADDRESS_PER_HOUR = 10_000
LOA_FEEDBACK_LOOKUPS_PER_HOUR = 10_000
