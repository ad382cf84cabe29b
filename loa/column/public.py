"""The public CCHC column of every public body (no account), linked from portals and printed: keep the addresses.

/cchc/                               the columns' directory (provinces)
/cchc/<code>/                        a unit's column: news, documents, index results, links (?page=)
/cchc/<code>/tin/<id>/               one news item with its photos
/cchc/<code>/anh/<id>/               a photo of a published item (any other file: 404)
/cchc/<code>/van-ban/ke-hoach/<id>/<pdf|docx>/      an issued plan as last issued
/cchc/<code>/van-ban/bao-cao/<period>/<pdf|docx>/   a sent report as sent
/cchc/<code>/tim-kiem/?q=            search of the news and documents, diacritics optional
/cchc/<code>/feed/                   Atom 1.0 feed of the news
/cchc/<code>/nhung/                  the compact page a unit frames in its portal (the only page allowed in a frame)

Pages are rendered without the request (nothing in them depends on who looks) and kept in the cache for
`CACHE_SECONDS` under the unit, its `cache_version` (publishing, withdrawing and saving the settings add one, so a
change shows at once on every server process) and the language; browsers and proxies may keep them as long. A new
plan or report shows within that time. Nothing is fetched from elsewhere and no script runs. An unknown unit answers
404, a bad page number 400, a withdrawn item 404; never 500.
"""

import hashlib
from collections.abc import Callable

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from loa.activity.evidence import CONTENT_TYPES
from loa.activity.models import EvidenceKind
from loa.core.errors import DomainError
from loa.core.http import download, stored_file
from loa.core.middleware import CSP
from loa.core.numbers import MAX_WHOLE, parse_whole
from loa.core.text import search_terms
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.document import plan_file as plan_document
from loa.reports.exports import report_file as report_document
from loa.reports.selectors import report_state

from . import selectors
from .models import NewsItem

CACHE_SECONDS = 120
IMAGE_SECONDS = 24 * 3600  # a photo's file never changes; a withdrawn item's photo may linger in caches a day
NEWS_PER_PAGE = 10
EMBED_ITEMS = 5
FEED_ITEMS = 20
MAX_PAGE = 10_000
MAX_QUERY = 200
FORMATS = ("pdf", "docx")
# The compact page may be framed by any portal (that is what it is for); everything else stays unframeable.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def _error(message: str, *, status: int) -> HttpResponse:
    body = render_to_string("column/public_error.html", {"message": message})
    return HttpResponse(body, status=status)


def _missing() -> HttpResponse:
    return _error(
        _("Không tìm thấy chuyên mục CCHC của đơn vị này. Kiểm tra lại mã đơn vị trong địa chỉ trang."), status=404
    )


def _column(request: HttpRequest, code: str) -> tuple[OrgUnit | None, HttpResponse | None]:
    """The unit of the address, or the answer to give instead: 404, or the address under its successor's code."""
    found = selectors.public_unit(code)
    if found.moved_to is not None:
        prefix = reverse("column_public:home", args=[code])
        moved = reverse("column_public:home", args=[found.moved_to.code])
        return None, HttpResponsePermanentRedirect(moved + request.get_full_path()[len(prefix) :])
    if found.unit is None:
        return None, _missing()
    return found.unit, None


def _page_number(request: HttpRequest) -> int | None:
    raw = request.GET.get("page", "1") or "1"
    number = parse_whole(raw)
    return number if number is not None and 1 <= number <= MAX_PAGE else None


def _bad_page() -> HttpResponse:
    return _error(_("Số trang trong địa chỉ không hợp lệ."), status=400)


def _cached(
    unit: OrgUnit | None,
    name: str,
    params: list[str],
    produce: Callable[[], bytes | str | None],
    *,
    content_type: str = "text/html; charset=utf-8",
) -> HttpResponse | None:
    """The page from the cache, or produced and kept; None when `produce` finds nothing to show (not kept)."""
    version = selectors.cache_version(unit) if unit is not None else 0
    parts = [str(unit.pk if unit else ""), str(version), get_language() or "", name, *params]
    key = "loa:column:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = produce()
        if content is None:
            return None
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _common(unit: OrgUnit) -> dict[str, object]:
    return {
        "unit": unit,
        "parent": selectors.parent_column(unit),
        "feed_url": reverse("column_public:feed", args=[unit.code]),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    def produce() -> str:
        return render_to_string("column/public_index.html", {"provinces": selectors.provinces()})

    response = _cached(None, "index", [], produce)
    assert response is not None
    return response


@require_GET
def home(request: HttpRequest, code: str) -> HttpResponse:
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    number = _page_number(request)
    if number is None:
        return _bad_page()

    def produce() -> str:
        column = selectors.settings_of(unit)
        page = Paginator(selectors.published_news(unit), NEWS_PER_PAGE).get_page(number)
        context = {
            **_common(unit),
            "column": column,
            "page": page,
            "plans": selectors.public_plans(unit) if column.show_plans else [],
            "reports": selectors.public_reports(unit) if column.show_reports else [],
            "indices": selectors.latest_indices(unit),
            "procedures_url": selectors.procedures_url(unit, column),
            "feedback_url": f"{reverse('feedback_public:form')}?unit={unit.code}"
            if selectors.offers_feedback(unit)
            else "",
            "directory": selectors.directory(unit),
        }
        return render_to_string("column/public_home.html", context)

    response = _cached(unit, "home", [str(number)], produce)
    assert response is not None
    return response


@require_GET
def news(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()

    def produce() -> str | None:
        item = selectors.published_item(unit, pk) if pk <= MAX_WHOLE else None
        if item is None:
            return None
        return render_to_string("column/public_news.html", {**_common(unit), "item": item})

    response = _cached(unit, "news", [str(pk)], produce)
    if response is None:
        return _error(_("Không tìm thấy tin này: tin không có hoặc đã được gỡ khỏi chuyên mục."), status=404)
    return response


@require_GET
def image(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    evidence = selectors.public_image(unit, pk) if pk <= MAX_WHOLE else None
    if evidence is None:
        return _error(_("Không tìm thấy ảnh này trên chuyên mục."), status=404)
    try:
        response = stored_file(evidence.file, evidence.name, CONTENT_TYPES[EvidenceKind(evidence.kind)], inline=True)
    except DomainError as exc:
        return _error(exc.message, status=exc.status)
    patch_cache_control(response, public=True, max_age=IMAGE_SECONDS)
    return response


def _document_error(exc: DomainError) -> HttpResponse:
    return _error(exc.message, status=503 if exc.code in ("pdf", "pdf_unavailable") else exc.status)


@require_GET
def plan_file(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    """An issued plan of the unit as last issued (an amendment being drafted is not public), PDF or DOCX."""
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    plan = selectors.public_plan(unit, pk) if pk <= MAX_WHOLE and fmt in FORMATS else None
    if plan is None or not selectors.settings_of(unit).show_plans:
        return _error(_("Không tìm thấy văn bản này trên chuyên mục."), status=404)
    shown, tasks = selectors.public_plan_text(plan)
    try:
        document = plan_document(shown, tasks, fmt)
    except DomainError as exc:
        return _document_error(exc)
    response = download(document, inline=fmt == "pdf")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_GET
def report_file(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    """A report the unit sent, as sent (its frozen version), PDF or DOCX."""
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    report = selectors.public_report(unit, period) if fmt in FORMATS else None
    if report is None or not selectors.settings_of(unit).show_reports:
        return _error(_("Không tìm thấy văn bản này trên chuyên mục."), status=404)
    try:
        document = report_document(report_state(actor=SYSTEM, unit=unit, period=report.period), fmt)
    except DomainError as exc:
        return _document_error(exc)
    response = download(document, inline=fmt == "pdf")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_GET
def search(request: HttpRequest, code: str) -> HttpResponse:
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    number = _page_number(request)
    if number is None:
        return _bad_page()
    query = " ".join(request.GET.get("q", "")[:MAX_QUERY].split())
    terms = search_terms(query)

    def produce() -> str:
        column = selectors.settings_of(unit)
        context: dict[str, object] = {**_common(unit), "query": query, "searched": bool(terms)}
        if terms:
            found = selectors.search_news(unit, query)
            context.update(
                page=Paginator(found, NEWS_PER_PAGE).get_page(number),
                plans=selectors.public_plans(unit, query=query) if column.show_plans else [],
                reports=selectors.public_reports(unit, query=query) if column.show_reports else [],
            )
        return render_to_string("column/public_search.html", context)

    response = _cached(unit, "search", [" ".join(terms), str(number)], produce)
    assert response is not None
    return response


@xframe_options_exempt
@require_GET
def embed(request: HttpRequest, code: str) -> HttpResponse:
    """The compact page a unit frames in its own portal: its latest items, links opening the column."""
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()

    def produce() -> str:
        items = list(selectors.published_news(unit)[:EMBED_ITEMS])
        return render_to_string("column/public_embed.html", {**_common(unit), "items": items})

    response = _cached(unit, "embed", [], produce)
    assert response is not None
    response["Content-Security-Policy"] = EMBED_CSP
    return response


class NewsFeed(Feed):  # type: ignore[type-arg]  # (django-stubs: Feed is generic over its item and object)
    """The unit's published items as Atom 1.0, newest first."""

    feed_type = Atom1Feed

    def __init__(self, unit: OrgUnit) -> None:
        super().__init__()
        self.unit = unit

    def title(self) -> str:
        return _("Chuyên mục cải cách hành chính · %(unit)s") % {"unit": self.unit.display_name}

    def subtitle(self) -> str:
        return _("Tin hoạt động cải cách hành chính của %(unit)s") % {"unit": self.unit.display_name}

    def link(self) -> str:
        return reverse("column_public:home", args=[self.unit.code])

    def feed_url(self) -> str:
        return reverse("column_public:feed", args=[self.unit.code])

    def author_name(self) -> str:
        return self.unit.display_name

    def items(self) -> list[NewsItem]:
        return list(selectors.published_news(self.unit)[:FEED_ITEMS])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary or item.body[:600]

    def item_link(self, item: NewsItem) -> str:
        return reverse("column_public:news", args=[self.unit.code, item.pk])

    def item_pubdate(self, item: NewsItem) -> object:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> object:
        return item.approved_at or item.published_at


@require_GET
def feed(request: HttpRequest, code: str) -> HttpResponse:
    unit, answer = _column(request, code)
    if unit is None:
        return answer or _missing()
    content_type = "application/atom+xml; charset=utf-8"
    # The links in a feed are absolute, so the address the server was asked at is part of the key.
    site = request.build_absolute_uri("/")
    response = _cached(unit, "feed", [site], lambda: NewsFeed(unit)(request).content, content_type=content_type)
    assert response is not None
    return response
