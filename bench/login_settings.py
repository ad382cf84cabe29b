"""Settings for the logins benchmark's comparison server: Loa's own, with a hasher that costs nothing, so that what
remains of a login's time under load is everything but the password hash (sessions, throttling, the database)."""

from loa.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
