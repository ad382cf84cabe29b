"""The hasher of one-time passwords: PBKDF2 with fewer rounds.

A one-time password is 12 random characters from 55 (about 69 bits): key stretching adds nothing against guessing
it, and a million rounds per account made an import of a province's 300 accounts outlast a request (0.45 s each).
Django re-hashes a password with the preferred hasher at the first successful login, and the holder must then
choose a password of their own anyway, so the cheaper hash lives only until that first login.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_otp"
    iterations = 20_000
