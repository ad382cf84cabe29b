"""Matrix rows for contests of entries and judging (issue 21 item 5). The target commune's contest of entries: its
call closed, one entry with a PDF scored by one judge from another commune. The editor's commune's contest is also
judged by the neighbour (an editor of another commune of the province), who reads the entries and their files and
writes only their own sheet: the results, the judges and the other judges' sheets are the organisers' and their
readers'. Organisers (the commune's own people and the Sở Nội vụ) choose the judges and exclude entries; a reader
who may not (the viewer) gets a 403 naming who may, anyone else a 404. The public form answers everyone: an
organiser or a judge signed in is refused (400)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .matrix import Case, statuses, unit_of

# Reading the contest's entries: its readers and its judge (the neighbour, on the editor's commune's contest).
ENTRIES_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=200, neighbour=200)
ENTRIES_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
# The organisers' side: the judge from elsewhere is refused (403), not told the contest is missing.
READERS_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=200, neighbour=403)
READERS_FOREIGN = ENTRIES_FOREIGN
ORGANISE_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403, neighbour=403)
ORGANISE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
# Only the judge scores: everyone else who reaches the contest is refused.
SCORE_OWN = statuses(404, anon=302, admin=403, coordinator=403, leader=403, editor=403, viewer=403, neighbour=302)
SCORE_FOREIGN = statuses(404, anon=302, admin=403, foreign=403)
# The public form: anyone may send, except the organisers and the judges signed in.
SEND = statuses(200, admin=400, coordinator=400, leader=400, editor=400, neighbour=400)

CRITERIA = [{"name": "Tính mới", "max": 40}, {"name": "Hiệu quả", "max": 60}]


def _second_judge(world, target):
    """The judge whose sheet is on the target's entry: another commune's editor, none of the personas."""
    from loa.org.models import User

    return User.objects.get(username="xa3.nhaplieu" if target == "own" else "dn.xa.nhaplieu")


def sheet_marker(world, target):
    """The other judge's comment: readers of the organiser's data see it, the neighbour judging never does."""
    return "Nhận xét riêng của giám khảo thứ hai" if target == "own" else "Nhận xét riêng của giám khảo Đà Nẵng"


def _make(world, target, *, title, closed):
    from loa.activity.demo import demo_pdf
    from loa.contests import entries, services
    from loa.contests.models import Round
    from loa.org.scope import SYSTEM

    unit = unit_of(world, target)
    data = services.ContestInput(
        kind="ct_entries", title=title, criteria=CRITERIA, prizes=[{"label": "Giải Nhất", "count": 1}]
    )
    contest = services.contest_create(actor=SYSTEM, unit=unit, data=data)
    now = timezone.now()
    services.round_save(
        actor=SYSTEM,
        contest=contest,
        data=services.RoundInput(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=1)),
    )
    judges = [_second_judge(world, target)]
    if target == "own":
        judges.append(world.users["neighbour"])
    contest = services.judges_set(actor=SYSTEM, contest=contest, user_ids=[u.pk for u in judges], revision=0)
    contest = services.contest_set_status(
        actor=SYSTEM, contest=contest, status="ct_published", revision=contest.revision
    )
    if not closed:
        return contest
    content = demo_pdf("Bai du thi ma tran")
    entries.entry_submit(
        contest=contest,
        data=entries.EntryInput(
            entrant="by_unit",
            author="Tổ một cửa ma trận",
            unit=unit,
            phone="0987000111",
            title="Giải pháp ma trận",
            files=[("bai.pdf", len(content), io.BytesIO(content))],
        ),
    )
    Round.objects.filter(contest=contest).update(closes_at=now - timedelta(hours=1))
    entry = contest.rounds.get().entries.select_related("round__contest").get()
    entries.score_save(
        actor=_second_judge(world, target),
        entry=entry,
        points=["33,25", "44"],
        comment=sheet_marker(world, target),
        revision=0,
    )
    return contest


def _contest(world, target):
    """The target commune's judged contest of entries, made on first use."""
    from loa.contests.models import Contest

    title = f"Sáng kiến CCHC ma trận {target}"
    return Contest.objects.filter(title=title).first() or _make(world, target, title=title, closed=True)


def _open_contest(world):
    """The editor's commune's contest of entries whose call is open: the public form's target."""
    from loa.contests.models import Contest

    title = "Thi viết ma trận đang nhận bài"
    return Contest.objects.filter(title=title).first() or _make(world, "own", title=title, closed=False)


def _entry(world, target):
    return _contest(world, target).rounds.get().entries.get()


def _base(world, target):
    return f"/contests/{_contest(world, target).pk}"


def _entry_url(world, target, tail=""):
    entry = _entry(world, target)
    return f"/contests/{entry.round.contest_id}/entries/{entry.pk}/{tail}"


def _judges_body(world, target, persona):
    contest = _contest(world, target)
    return {"revision": str(contest.revision), "judge": [str(pk) for pk in contest.judges.values_list("pk", flat=True)]}


def _entry_body(world, target, persona):
    from loa.activity.demo import demo_pdf

    return {
        "entrant": "by_person",
        "author": f"Người dự thi {persona}",
        "unit": world.other_commune.code,
        "phone": "0987 000 222",
        "title": f"Bài viết của {persona}",
        "files": SimpleUploadedFile("bai.pdf", demo_pdf(persona), content_type="application/pdf"),
    }


ENTRY_CASES = [
    Case(
        "contests:judges",
        "GET",
        lambda w, t: f"{_base(w, t)}/judges/",
        {"own": READERS_OWN, "foreign": READERS_FOREIGN},
    ),
    Case(
        "contests:judges",
        "POST",
        lambda w, t: f"{_base(w, t)}/judges/",
        {"own": ORGANISE_OWN, "foreign": ORGANISE_FOREIGN},
        body=_judges_body,
    ),
    Case(
        "contests:entries",
        "GET",
        lambda w, t: f"{_base(w, t)}/entries/",
        {"own": ENTRIES_OWN, "foreign": ENTRIES_FOREIGN},
        leak_marker=lambda w, t: 'data-testid="entry-average"',
    ),
    Case(
        "contests:entry",
        "GET",
        lambda w, t: _entry_url(w, t),
        {"own": ENTRIES_OWN, "foreign": ENTRIES_FOREIGN},
        leak_marker=sheet_marker,
    ),
    Case(
        "contests:entry_score",
        "POST",
        lambda w, t: _entry_url(w, t, "score/"),
        {"own": SCORE_OWN, "foreign": SCORE_FOREIGN},
        body={"revision": "0", "c0": "30", "c1": "50,5", "comment": "Phiếu của người chấm"},
    ),
    Case(
        "contests:entry_exclude",
        "POST",
        lambda w, t: _entry_url(w, t, "exclude/"),
        {"own": ORGANISE_OWN, "foreign": ORGANISE_FOREIGN},
        body={"excluded": "0"},
    ),
    Case(
        "contests:entry_file",
        "GET",
        lambda w, t: _entry_url(w, t, f"files/{_entry(w, t).files.get().pk}/"),
        {"own": ENTRIES_OWN, "foreign": ENTRIES_FOREIGN},
    ),
    Case(
        "contests:entry_results",
        "GET",
        lambda w, t: f"{_base(w, t)}/results/",
        {"own": READERS_OWN, "foreign": READERS_FOREIGN},
    ),
    Case(
        "contests:entry_certificates",
        "GET",
        lambda w, t: f"{_base(w, t)}/results/certificates.pdf",
        {"own": READERS_OWN, "foreign": READERS_FOREIGN},
    ),
    Case(
        "contests_public:submit_entry",
        "GET",
        lambda w, t: f"/cuoc-thi/{_open_contest(w).code}/nop-bai/",
        {"own": statuses(302)},
        targets=("own",),
    ),
    Case(
        "contests_public:submit_entry",
        "POST",
        lambda w, t: f"/cuoc-thi/{_open_contest(w).code}/nop-bai/",
        {"own": SEND},
        body=_entry_body,
        targets=("own",),
        fmt="multipart",
    ),
]


# --- query counts ----------------------------------------------------------------------------------------------------


def entries_page(page):
    """A maker for test_query_counts: adds n entries titled `title` to the commune's open contest of entries, and
    returns the address of its `page` ("entries" or "results")."""

    def make(world, n, title="Dòng đếm truy vấn"):
        from loa.activity.demo import demo_pdf
        from loa.contests import entries

        contest = _open_contest(world)
        for i in range(n):
            content = demo_pdf(f"{i}")
            entries.entry_submit(
                contest=contest,
                data=entries.EntryInput(
                    entrant="by_person",
                    author=f"Tác giả {i}",
                    unit=world.other_commune,
                    phone="0987000333",
                    title=f"{title} {i}",
                    files=[("bai.pdf", len(content), io.BytesIO(content))],
                ),
            )
        return f"/contests/{contest.pk}/{page}/"

    return make
