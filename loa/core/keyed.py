"""Values kept only to be compared, never shown (a visitor's network address, a device token): keyed with the
secret key, so a stored hash cannot be reversed by trying every address."""

import hashlib
import hmac
from ipaddress import IPv6Address, ip_address, ip_network

from django.conf import settings


def keyed_hash(kind: str, value: str) -> str:
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def address_key(address: str | None) -> str:
    """A client's network address as the limits count it: an IPv4 address as it is, an IPv6 address by its /64
    network (one household or phone holds a whole /64 and may change the rest at will); keyed."""
    if not address:
        return ""
    try:
        parsed = ip_address(address)
    except ValueError:
        return keyed_hash("address", address)
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is None:
        return keyed_hash("address", str(ip_network(f"{parsed}/64", strict=False)))
    return keyed_hash("address", str(parsed.ipv4_mapped if isinstance(parsed, IPv6Address) else parsed))
