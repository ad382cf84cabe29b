"""The client address that login throttling (django-axes) counts failures against.

Behind nginx every request comes from 127.0.0.1: counted by REMOTE_ADDR, one person's failures would lock a
username for everybody. Behind LOA_PROXY_COUNT proxies the address is read from X-Forwarded-For, counting from
the right: each proxy appends the address it saw, so the entry the outermost proxy wrote is trustworthy while
anything to its left came from the client and may be invented.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.LOA_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < count:
        return remote  # a request that did not pass through every proxy (a health check on loopback)
    candidate = entries[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
