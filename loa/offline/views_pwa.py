"""Loa as an installable web app: the service worker (served from the site's root, so that its scope is the whole
site), the manifest, and the two public pages the worker keeps for use without a connection (help, fallback).

The worker's script is `static/offline/sw.js` with one line written before it: the addresses it stores when it
installs (PRECACHE: the offline pages, the manifest and the static files those pages load, named through
`static()` so that production's hashed names are used) and VERSION, a hash of the script and that list. A new
deployment changes a hashed name or the script, hence VERSION, and the worker then drops its older caches."""

import hashlib
import html
import json
import re
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.jinja import htmx_script

WORKER = Path(__file__).resolve().parent / "static" / "offline" / "sw.js"
ICONS = ("offline/icon-192.png", "offline/icon-512.png", "offline/icon-maskable-512.png")
# What the offline pages load (web/base.html and offline/entry.html), besides htmx, which django_htmx names.
ASSETS = ("loa/loa.css", "loa/loa.svg", "loa/menu.js", "loa/confirm.js", "loa/pwa.js", "offline/outbox.js", *ICONS)
MANIFEST_URL = "/manifest.webmanifest"
# loa.css: the top bar's red and the page's background.
THEME_COLOR = "#b71c1c"
BACKGROUND_COLOR = "#f5f6f8"
_SRC = re.compile(r'src="([^"]+)"')


def precache() -> list[str]:
    """The addresses the service worker stores when it installs."""
    pages = [reverse("offline:entry"), reverse("offline:fallback"), reverse("offline:help"), MANIFEST_URL]
    htmx = [html.unescape(src) for src in _SRC.findall(htmx_script())]
    return [*pages, *(static(name) for name in ASSETS), *htmx]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    source = WORKER.read_text(encoding="utf-8")
    urls = json.dumps(precache())
    version = hashlib.sha256((source + urls).encode()).hexdigest()[:12]
    body = f'const PRECACHE = {urls}; const VERSION = "{version}";\n{source}'
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    entry = reverse("offline:entry")
    icons = [
        {"src": static(ICONS[0]), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static(ICONS[1]), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static(ICONS[2]), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    data = {
        "id": entry,
        "name": _("Loa: ghi nhận hoạt động tuyên truyền CCHC"),
        "short_name": _("Loa"),
        "description": _(
            "Ghi nhận hoạt động tuyên truyền cải cách hành chính, kèm ảnh và tệp minh chứng, cả khi mất mạng; "
            "bản ghi được gửi lên Loa khi có mạng trở lại."
        ),
        "start_url": entry,
        "scope": "/",
        "display": "standalone",
        "lang": get_language(),
        "dir": "ltr",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    context = {
        "max_mb": settings.LOA_EVIDENCE_MAX_BYTES // (1024 * 1024),
        "entry_url": reverse("offline:entry"),
        "review_url": reverse("offline:review_list"),
    }
    return render(request, "offline/help.html", context)


@require_GET
def fallback(request: HttpRequest) -> HttpResponse:
    return render(request, "offline/fallback.html", {"entry_url": reverse("offline:entry")})
