"""Values kept only to be compared, never shown (a visitor's network address, a device token): keyed with the
secret key, so a stored hash cannot be reversed by trying every address."""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(kind: str, value: str) -> str:
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]
