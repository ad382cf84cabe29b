"""Sending an entry to a contest of entries from its public page (no account): /cuoc-thi/<code>/nop-bai/.

The form is `contests/entry_form.html`, included in the contest's page. Bad input (a missing field, a file that
is not what its name says, the deadline passed) comes back with the form, what was typed and a Vietnamese message,
400; too many entries from one network address in an hour 429; an unknown contest 404; never 500.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loa.core.client_ip import client_ip
from loa.core.errors import DomainError, TooMany
from loa.core.keyed import address_key
from loa.org.models import OrgUnit
from loa.org.scope import keeps

from . import entries, selectors
from .catalog import ContestKind, ContestStatus
from .models import Contest
from .play import open_round

FIELDS = ("entrant", "author", "unit", "phone", "title", "summary", "q")


def _body_max() -> int:
    """All the files of one entry together: twice one file's limit, and some room for the text fields."""
    return 2 * int(settings.LOA_EVIDENCE_MAX_BYTES) + 2**20


def _per_hour() -> int:
    """Entries one network address may send an hour."""
    return int(settings.LOA_CONTEST_ENTRIES_PER_HOUR)


def _contest(code: str) -> Contest:
    found = selectors.public_contest(code)
    if found is None or found.kind != ContestKind.ENTRIES:
        raise Http404
    return found


def _values(request: HttpRequest) -> dict[str, str]:
    return {k: request.POST.get(k, "")[: 5000 if k == "summary" else 255] for k in FIELDS}


def _units(contest: Contest, values: dict[str, str]) -> list[OrgUnit]:
    """The picker's units for the search typed, with the unit already chosen kept in the list."""
    units = selectors.unit_choices(contest, values.get("q", "")[:100])
    chosen = values.get("unit", "")
    if chosen and all(u.code != chosen for u in units):
        picked = OrgUnit.objects.filter(code=chosen[:40]).first()
        if picked is not None:
            units.insert(0, picked)
    return units


def _page(
    request: HttpRequest, contest: Contest, values: dict[str, str], error: str = "", status: int = 200
) -> HttpResponse:
    now = timezone.now()
    context = {
        "contest": contest,
        "call": contest.rounds.order_by("number").first(),
        "accepting": contest.status == ContestStatus.PUBLISHED and open_round(contest, now) is not None,
        "max_mb": settings.LOA_EVIDENCE_MAX_BYTES // 2**20,
        "max_total_mb": 2 * settings.LOA_EVIDENCE_MAX_BYTES // 2**20,
        "units": _units(contest, values),
        "form_values": values,
        "error": error,
    }
    return render(request, "contests/entry_submit.html", context, status=status)


def _limit_key(request: HttpRequest) -> str:
    return f"loa:contest-entry:{address_key(client_ip(request))}:{timezone.now():%Y%m%d%H}"


def _count_sent(key: str) -> None:
    """One more entry from this address this hour (entries received count, refusals do not)."""
    cache.add(key, 0, 3600)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    contest = _contest(code)
    if request.method == "GET":
        return redirect("contests_public:contest", code=contest.code)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > _body_max():
        # Refused before anything is read into an entry: what was typed is lost with the body.
        message = _("Các tệp gửi kèm quá lớn: cả bài dự thi tối đa %(mb)s MB. Hãy gửi các tệp nhỏ hơn.") % {
            "mb": 2 * settings.LOA_EVIDENCE_MAX_BYTES // 2**20
        }
        return _page(request, contest, {}, message, status=400)
    values = _values(request)
    if request.POST.get("search"):  # the picker's "Tìm" button: the same form, the list of units narrowed
        return _page(request, contest, values)
    unit = OrgUnit.objects.filter(code=values["unit"][:40]).first() if values["unit"] else None
    data = entries.EntryInput(
        entrant=values["entrant"],
        author=values["author"],
        unit=unit,
        phone=values["phone"],
        title=values["title"],
        summary=values["summary"],
        files=[(f.name or "", f.size or 0, f) for f in request.FILES.getlist("files")],
        signed_in_organiser=request.user.is_authenticated
        and (keeps(request.user, contest.unit) or entries.is_judge(request.user, contest)),
    )
    key = _limit_key(request)
    try:
        if cache.get(key, 0) >= _per_hour():
            raise TooMany(_("Địa chỉ mạng này đã gửi nhiều bài dự thi trong một giờ qua. Vui lòng thử lại sau."))
        entry = entries.entry_submit(contest=contest, data=data)
    except DomainError as exc:
        return _page(request, contest, values, exc.message, status=429 if exc.status == 429 else 400)
    _count_sent(key)
    context = {"contest": contest, "entry": entry, "files": list(entry.files.all())}
    return render(request, "contests/entry_thanks.html", context)
