"""Login throttling behind nginx counts failures against the client's address, not the proxy's, and a client
cannot choose that address by sending its own X-Forwarded-For."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory


def request(forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1", **headers)


def test_direct_connection_counts_remote_addr(settings):
    settings.LOA_PROXY_COUNT = 0
    assert get_client_ip_address(request("203.0.113.7")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.20", "198.51.100.20"),  # nginx appended the address it saw
        ("203.0.113.7, 198.51.100.20", "198.51.100.20"),  # the client's invented entry is ignored
        ("2001:db8::1", "2001:db8::1"),
        (None, "127.0.0.1"),  # a loopback probe that did not go through nginx
        ("not-an-address", "127.0.0.1"),
    ],
)
def test_behind_one_proxy_counts_the_entry_nginx_wrote(settings, forwarded, expected):
    settings.LOA_PROXY_COUNT = 1
    assert get_client_ip_address(request(forwarded)) == expected


def test_behind_two_proxies_counts_the_outer_proxys_entry(settings):
    settings.LOA_PROXY_COUNT = 2
    assert get_client_ip_address(request("203.0.113.7, 198.51.100.20, 10.0.0.5")) == "198.51.100.20"
