"""The back office of contests of entries (issue 21 item 5): the judges, the entries, each judge's criteria sheet,
the results and the certificates. Thin: selectors and standings read, services write.

Who reads what: the organisers, and everyone who reads the organiser's data (`selectors.sees_results`), see every
entry, every sheet, the averages and the results; a judge from elsewhere sees the entries, their files and only
their own sheets: never another judge's points, nor an average built from them."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.activity.evidence import CONTENT_TYPES
from loa.activity.models import EvidenceKind
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.http import PDF, attachment, stored_file
from loa.core.numbers import parse_revision, parse_whole, vn_number
from loa.org.models import User
from loa.plans.defaults import header_lines, place_for

from . import entries, selectors, services, standings
from .catalog import ContestKind
from .models import Contest, Entry, EntryFile, Score

OVERALL = "Chung cuộc"  # the certificates' round label: a contest of entries has one call, judged once


def _contest(request: HttpRequest, pk: int) -> Contest:
    """The contest of entries asked for, in the actor's reach (or judged by them); a quiz has no entries (404)."""
    contest = selectors.contest_get(actor=request.user, pk=pk)
    if contest.kind != ContestKind.ENTRIES:
        raise NotFound(_("Cuộc thi này là thi trắc nghiệm, không có bài dự thi."))
    return contest


def _entry(request: HttpRequest, contest: Contest, eid: int) -> Entry:
    return selectors.entry_get(actor=request.user, contest=contest, pk=eid)


def _reader(request: HttpRequest, contest: Contest) -> None:
    if not selectors.sees_results(request.user, contest):
        raise PermissionDenied(
            _("Chỉ ban tổ chức cuộc thi và đơn vị quản lý mới xem được phần này; giám khảo xem bài mình chấm.")
        )


def _revision(request: HttpRequest) -> int:
    found = parse_revision(request.POST.get("revision", ""))
    if found is None:
        raise DomainError(_("Thiếu lần sửa; tải lại trang rồi làm lại."))
    return found


def _judge_name(user: User) -> str:
    return user.full_name or user.username


# --- judges ----------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def judges(request: HttpRequest, pk: int) -> HttpResponse:
    """The contest's judges, chosen among the accounts of the organiser's province; organisers alone change them."""
    contest = _contest(request, pk)
    _reader(request, contest)
    may_organise = selectors.may_organise(request.user, contest)
    chosen = set(contest.judges.values_list("pk", flat=True))
    error, status = "", 200
    if request.method == "POST":
        try:
            raw = request.POST.getlist("judge")
            ids = [parse_whole(v) for v in raw]
            revision = _revision(request)
            if any(i is None for i in ids):
                raise DomainError(_("Danh sách giám khảo gửi lên không hợp lệ; tải lại trang rồi chọn lại."))
            picked = list(dict.fromkeys(i for i in ids if i is not None))
            services.judges_set(actor=request.user, contest=contest, user_ids=picked, revision=revision)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            error, status = exc.message, exc.status
            chosen = {i for i in (parse_whole(v) for v in request.POST.getlist("judge")) if i is not None}
        else:
            messages.success(request, _("Đã lưu danh sách giám khảo (%(n)s người).") % {"n": len(picked)})
            return redirect("contests:judges", pk=contest.pk)
    candidates = services.judge_candidates(contest)
    scored = dict(
        Score.objects.filter(entry__round__contest=contest)
        .values("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )
    rows = [{"user": u, "chosen": u.pk in chosen, "sheets": scored.get(u.pk, 0)} for u in candidates]
    rows.sort(key=lambda r: not r["chosen"])  # the judges first, then the others in the province's order
    context = {
        "contest": contest,
        "rows": rows,
        "judge_count": sum(1 for r in rows if r["chosen"]),
        "may_organise": may_organise,
        "error": error,
    }
    return render(request, "contests/judges.html", context, status=status)


# --- entries ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    entry: Entry
    sheets: int = 0
    average: Decimal | None = None
    own: Score | None = None  # a judge's own sheet (the only one a judge from elsewhere sees)


@login_required
@require_GET
def entry_list(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    reader = selectors.sees_results(request.user, contest)
    judge = entries.is_judge(request.user, contest)
    page = Paginator(selectors.entries_of(contest), settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    shown: list[Entry] = list(page.object_list)
    ids = [e.pk for e in shown]
    figures: dict[int, tuple[int, Any]] = {}
    if reader:
        figures = {
            entry_id: (n, average)
            for entry_id, n, average in Score.objects.filter(entry_id__in=ids)
            .values("entry_id")
            .annotate(n=Count("pk"), average=Avg("total"))
            .values_list("entry_id", "n", "average")
            .order_by()
        }
    own: dict[int, Score] = {}
    if judge:
        own = {s.entry_id: s for s in Score.objects.filter(entry_id__in=ids, judge=request.user)}  # type: ignore[misc]
    rows = []
    for e in shown:
        sheets, average = figures.get(e.pk, (0, None))
        rows.append(
            EntryRow(
                entry=e,
                sheets=sheets,
                average=None if average is None else Decimal(average).quantize(Decimal("0.01")),
                own=own.get(e.pk),
            )
        )
    context = {
        "contest": contest,
        "rows": rows,
        "page": page,
        "reader": reader,
        "judge": judge,
        "judge_count": contest.judges.count() if reader else 0,
        "call": contest.rounds.order_by("number").first(),
        "now": timezone.now(),
    }
    return render(request, "contests/entry_list.html", context)


def _sheet_fields(contest: Contest, values: list[str]) -> list[dict[str, Any]]:
    """The criteria sheet's lines: each criterion's name and maximum with the value to show in its box."""
    return [
        {"n": i, "name": c["name"], "max": c["max"], "value": values[i] if i < len(values) else ""}
        for i, c in enumerate(contest.criteria)
    ]


def _shown(points: list[str]) -> list[str]:
    """Points as the form shows them, the Vietnamese way ("8,5")."""
    return [vn_number(p) for p in points]


def _detail(
    request: HttpRequest, contest: Contest, entry: Entry, *, posted: dict[str, Any] | None = None, error: str = ""
) -> dict[str, Any]:
    reader = selectors.sees_results(request.user, contest)
    judge = entries.is_judge(request.user, contest)
    now = timezone.now()
    context: dict[str, Any] = {
        "contest": contest,
        "entry": entry,
        "files": list(entry.files.all()),
        "reader": reader,
        "judge": judge,
        "may_organise": selectors.may_organise(request.user, contest),
        "scoring_open": entry.round.closes_at <= now,
        "closes_at": entry.round.closes_at,
        "error": error,
    }
    if judge:
        own = entries.own_sheet(request.user, entry)
        if posted is not None:
            values, comment, revision = posted["points"], posted["comment"], posted["revision"]
        else:
            values = _shown(own.points) if own is not None else []
            comment = own.comment if own is not None else ""
            revision = own.revision if own is not None else 0
        context.update(
            own=own,
            fields=_sheet_fields(contest, values),
            comment=comment,
            revision=revision,
            max_total=sum(c["max"] for c in contest.criteria),
        )
    if reader:
        sheets = list(entry.scores.select_related("judge").order_by("judge__full_name", "judge__username"))
        judged = {s.judge_id for s in sheets}
        waiting = [u for u in contest.judges.order_by("full_name", "username") if u.pk not in judged]
        totals = [s.total for s in sheets]
        context.update(
            sheets=[
                {
                    "judge": _judge_name(s.judge),
                    "points": [
                        {"name": c["name"], "max": c["max"], "value": s.points[i] if i < len(s.points) else ""}
                        for i, c in enumerate(contest.criteria)
                    ],
                    "total": s.total,
                    "comment": s.comment,
                }
                for s in sheets
            ],
            waiting=[_judge_name(u) for u in waiting],
            average=(sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")) if totals else None,
        )
    return context


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    contest = _contest(request, pk)
    entry = _entry(request, contest, eid)
    return render(request, "contests/entry_detail.html", _detail(request, contest, entry))


@login_required
@require_POST
def entry_score(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    """A judge's sheet for the entry. Bad points come back on the page with what was typed (400); a sheet changed
    since the page was read is not overwritten (409)."""
    contest = _contest(request, pk)
    entry = _entry(request, contest, eid)
    entries.require_judge(request.user, contest)
    points = [request.POST.get(f"c{i}", "")[:20] for i in range(len(contest.criteria))]
    comment = request.POST.get("comment", "")[:5000]
    posted: dict[str, Any] = {"points": points, "comment": comment, "revision": request.POST.get("revision", "")[:20]}
    try:
        revision = _revision(request)
        entries.score_save(actor=request.user, entry=entry, points=points, comment=comment, revision=revision)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        context = _detail(request, contest, entry, posted=posted, error=exc.message)
        return render(request, "contests/entry_detail.html", context, status=exc.status)
    messages.success(request, _("Đã lưu phiếu chấm bài %(code)s.") % {"code": entry.code})
    return redirect("contests:entry", pk=contest.pk, eid=entry.pk)


@login_required
@require_POST
def entry_exclude(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    contest = _contest(request, pk)
    entry = _entry(request, contest, eid)
    excluded = request.POST.get("excluded") == "1"
    services.entry_exclude(actor=request.user, entry=entry, excluded=excluded)
    messages.success(request, _("Đã loại bài khỏi xếp hạng.") if excluded else _("Đã tính lại bài vào xếp hạng."))
    return redirect("contests:entry", pk=contest.pk, eid=entry.pk)


@login_required
@require_GET
def entry_file(request: HttpRequest, pk: int, eid: int, fid: int) -> FileResponse:
    """One file of an entry, for the organisers and the judges (everyone `contest_get` lets in is one of them)."""
    contest = _contest(request, pk)
    entry = _entry(request, contest, eid)
    if not (selectors.sees_results(request.user, contest) or entries.is_judge(request.user, contest)):
        raise PermissionDenied(_("Chỉ ban tổ chức và giám khảo mới tải được tệp bài dự thi."))
    found = EntryFile.objects.filter(entry=entry, pk=fid).first()
    if found is None:
        raise NotFound(_("Không tìm thấy tệp này của bài dự thi."))
    kind = found.kind if found.kind in EvidenceKind.values else ""
    content_type = CONTENT_TYPES[EvidenceKind(kind)] if kind else "application/octet-stream"
    return stored_file(found.file, found.name, content_type)


# --- results ---------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def entry_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _reader(request, contest)
    results = standings.entry_results(contest)
    judge_count = contest.judges.count()
    call = contest.rounds.order_by("number").first()
    context = {
        "contest": contest,
        "results": results,
        "judge_count": judge_count,
        "incomplete": sum(1 for r in results if r.sheets < judge_count),
        "excluded": Entry.objects.filter(round__contest=contest, excluded=True).count(),
        "winners": [r for r in results if r.prize],
        "place": place_for(contest.unit),
        "call": call,
        "now": timezone.now(),
        "max_total": sum(c["max"] for c in contest.criteria),
    }
    return render(request, "contests/entry_results.html", context)


def _score_text(average: Decimal | None, max_total: int) -> str:
    return _("điểm trung bình %(avg)s/%(max)s") % {"avg": vn_number(average, 2), "max": max_total}


@login_required
@require_GET
def entry_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Certificates of the entries that won a prize, one page each, in the results' order."""
    from .certificates import Certificate, certificates_pdf, signing

    contest = _contest(request, pk)
    _reader(request, contest)
    parent_line, issuer_lines = header_lines(contest.unit)
    place, title, signer = signing(contest.unit, request.GET)
    max_total = sum(c["max"] for c in contest.criteria)
    certs = [
        Certificate(
            issuer="\n".join(issuer_lines),
            parent_issuer=parent_line,
            place=place,
            on=timezone.localdate(),
            contest_title=contest.title,
            round_label=OVERALL,
            winner_name=r.entry.author,
            winner_unit=r.entry.unit.name,
            prize=r.prize,
            score=_score_text(r.average, max_total),
            signer_title=title,
            signer_name=signer,
        )
        for r in standings.entry_results(contest)
        if r.prize
    ]
    try:
        content = certificates_pdf(certs)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("contests:entry_results", pk=contest.pk)
    return attachment(content, f"giay-chung-nhan-{contest.code}.pdf", PDF)
