"""The public feedback pages (no account), linked from portals and printed: keep the addresses as they are.
/phan-anh/ (the form; ?unit=CODE chooses the unit, ?tinh=CODE the province whose units are offered),
/phan-anh/tra-cuu/?ma=CODE (follow an item), /phan-anh/cong-khai/ (published answers).

Bad input answers 400 with the form and a Vietnamese message, a limit 429, an unknown code 404; never 500.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from loa.core.client_ip import client_ip
from loa.core.errors import DomainError
from loa.core.keyed import address_key
from loa.core.numbers import parse_whole
from loa.org.catalog import PUBLIC_BODIES, UnitType
from loa.org.models import OrgUnit
from loa.org.selectors import current_q
from loa.org.tree import subtree_q

from . import selectors, services
from .catalog import FeedbackKind

HONEYPOT = "website"
PAGE = 20


def _provinces() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(current_q(), unit_type=UnitType.UBND_TINH).order_by("name"))


def _units_of(province: OrgUnit) -> list[tuple[str, list[OrgUnit]]]:
    """The province's addressable units in two groups a citizen recognises: the province's bodies, the communes."""
    found = OrgUnit.objects.filter(subtree_q(province), current_q(), unit_type__in=PUBLIC_BODIES).order_by("name")
    communes = [u for u in found if u.unit_type == UnitType.UBND_XA]
    bodies = [u for u in found if u.unit_type != UnitType.UBND_XA]
    bodies.sort(key=lambda u: (u.unit_type != UnitType.UBND_TINH, u.name))
    return [(_("UBND tỉnh, các sở, ban, ngành"), bodies), (_("Xã, phường, đặc khu"), communes)]


def _current_unit(code: str) -> OrgUnit | None:
    code = code.strip()[:40]
    if not code:
        return None
    return OrgUnit.objects.filter(current_q(), code=code, unit_type__in=PUBLIC_BODIES).first()


def _form(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    values: Any = request.POST if request.method == "POST" else request.GET
    unit = _current_unit(values.get("unit", ""))
    province = None
    if unit is None:
        province = OrgUnit.objects.filter(
            current_q(), unit_type=UnitType.UBND_TINH, code=values.get("tinh", "")[:20]
        ).first()
    context = {
        "unit": unit,
        "province": province,
        "provinces": _provinces() if unit is None else [],
        "units": _units_of(province) if province is not None else [],
        "kinds": FeedbackKind.choices,
        "values": request.POST if request.method == "POST" else {},
        "honeypot": HONEYPOT,
        "error": error,
    }
    return render(request, "feedback/public_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _form(request)
    post = request.POST
    data = services.FeedbackInput(
        unit=_current_unit(post.get("unit", "")),
        kind=post.get("kind", ""),
        subject=post.get("subject", ""),
        content=post.get("content", ""),
        procedure=post.get("procedure", ""),
        name=post.get("name", ""),
        phone=post.get("phone", ""),
        email=post.get("email", ""),
        consent_publish=post.get("consent") == "on",
    )
    try:
        item = services.submit_public(data=data, address=client_ip(request), honeypot=post.get(HONEYPOT, ""))
    except DomainError as exc:
        return _form(request, error=exc.message, status=429 if exc.status == 429 else 400)
    return redirect(f"{reverse('feedback_public:track')}?ma={item.code}&moi=1")


def _lookups_left(request: HttpRequest) -> bool:
    """Counts this address's lookups of the hour in the shared cache; False past the limit."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"loa:feedback-lookup:{address_key(client_ip(request))}:{hour}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count <= settings.LOA_FEEDBACK_LOOKUPS_PER_HOUR


@never_cache
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    context: dict[str, Any] = {"code": code[:20], "item": None, "new": request.GET.get("moi") == "1"}
    if not code:
        return render(request, "feedback/public_track.html", context)
    if not _lookups_left(request):
        context["error"] = _("Bạn đã tra cứu nhiều lần trong một giờ qua. Vui lòng thử lại sau.")
        return render(request, "feedback/public_track.html", context, status=429)
    if context["new"] and selectors.by_code(code) is None and selectors.was_sent(code):
        # Kept apart as likely spam: the sender is told what any sender is told, and learns nothing more.
        context["sent_code"] = code[:20]
        return render(request, "feedback/public_track.html", context)
    item = selectors.by_code(code)
    if item is None:
        context["error"] = _(
            "Không tìm thấy phản ánh, kiến nghị có mã «%(code)s». Kiểm tra lại mã đã nhận khi gửi."
        ) % {"code": code[:20]}
        return render(request, "feedback/public_track.html", context, status=404)
    context.update(item=item, events=selectors.public_events(item))
    return render(request, "feedback/public_track.html", context)


@require_GET
def published(request: HttpRequest) -> HttpResponse:
    number = parse_whole(request.GET.get("trang", "1")) or 1
    page = Paginator(selectors.published_answers(), PAGE).get_page(number)
    return render(request, "feedback/public_answers.html", {"page": page})
