"""Matrix rows for the public CCHC column (issue 21 item 1). Back office: read by whoever may VIEW the unit; items
made from an activity, edited and sent by the unit's own people (EDIT), approved, returned and withdrawn by its leader
(APPROVE); the settings kept by its own people. Readers who may not act get a 403 naming who may; outside their reach,
a 404. The public pages answer everyone, signed in or not."""

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import SENT, api

EDIT_OWN = statuses(404, anon=302, admin=200, leader=200, editor=200, coordinator=403, viewer=403)
EDIT_FOREIGN = statuses(404, anon=302, admin=200, foreign=403)
WRITE_OWN = statuses(404, anon=302, admin=302, leader=302, editor=302, coordinator=403, viewer=403)
WRITE_FOREIGN = statuses(404, anon=302, admin=302, foreign=403)
APPROVE_OWN = statuses(404, anon=302, admin=302, leader=302, editor=403, coordinator=403, viewer=403)
APPROVE_FOREIGN = statuses(404, anon=302, admin=302, foreign=403)
PUBLIC = statuses(200)


def _item(world, target, status="draft", fresh=False):
    """A news item of the target commune: a draft (edited and sent by the cases), one waiting for its leader, or a
    published one; a new one each call when `fresh` (the API's approval changes its state once)."""
    from loa.column.models import NewsItem
    from loa.column.tests.factories import draft, pending, published

    unit = unit_of(world, target)
    found = None if fresh else NewsItem.objects.filter(unit=unit, status=f"news_{status}").first()
    if found is None:
        make = {"draft": draft, "pending": pending, "published": published}[status]
        found = make(unit, title=f"Tin ma trận {status}")
    return found


def _current(world, target, status="draft", **body):
    item = _item(world, target, status)
    return {"revision": str(item.revision), **body}


def _settings(world, target, persona):
    from loa.column.models import ColumnSettings

    row = ColumnSettings.objects.filter(unit=unit_of(world, target)).first()
    return {"revision": str(row.revision if row else 0), "intro": f"Giới thiệu của {persona}", "show_plans": "on"}


def _photo(world, target):
    return _item(world, target, "published").images.first().pk


COLUMN_CASES = [
    Case(
        "column:list",
        "GET",
        lambda w, t: (_item(w, t), f"/column/?unit={unit_of(w, t).code}")[1],
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=lambda w, t: "Tin ma trận draft",
    ),
    Case(
        "column:create",
        "GET",
        lambda w, t: f"/column/new/?activity={w.acts[t].pk}",
        {"own": EDIT_OWN, "foreign": EDIT_FOREIGN},
    ),
    Case(
        "column:create",
        "POST",
        lambda w, t: f"/column/new/?activity={w.acts[t].pk}",
        {"own": WRITE_OWN, "foreign": WRITE_FOREIGN},
        body=lambda w, t, p: {"title": f"Tin của {p}", "body": "Nội dung tin.", "then": "save"},
    ),
    Case(
        "column:detail",
        "GET",
        lambda w, t: f"/column/{_item(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "column:edit", "GET", lambda w, t: f"/column/{_item(w, t).pk}/edit/", {"own": EDIT_OWN, "foreign": EDIT_FOREIGN}
    ),
    Case(
        "column:edit",
        "POST",
        lambda w, t: f"/column/{_item(w, t).pk}/edit/",
        {"own": WRITE_OWN, "foreign": WRITE_FOREIGN},
        body=lambda w, t, p: _current(w, t, title=f"Tin sửa bởi {p}", body="Nội dung đã sửa.", then="save"),
    ),
    Case(
        "column:act",
        "POST",
        lambda w, t: f"/column/{_item(w, t).pk}/act/",
        {"own": WRITE_OWN, "foreign": WRITE_FOREIGN},
        body=lambda w, t, p: _current(w, t, action="send"),
    ),
    Case(
        "column:act",
        "POST",
        lambda w, t: f"/column/{_item(w, t, 'pending').pk}/act/",
        {"own": APPROVE_OWN, "foreign": APPROVE_FOREIGN},
        body=lambda w, t, p: _current(w, t, "pending", action="approve"),
    ),
    Case(
        "column:settings",
        "GET",
        lambda w, t: f"/column/settings/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "column:settings",
        "POST",
        lambda w, t: f"/column/settings/?unit={unit_of(w, t).code}",
        {"own": WRITE_OWN, "foreign": WRITE_FOREIGN},
        body=_settings,
    ),
    Case("column_public:index", "GET", lambda w, t: "/cchc/", {"own": PUBLIC}, targets=("own",)),
    Case(
        "column_public:home",
        "GET",
        lambda w, t: (_item(w, t, "published"), f"/cchc/{unit_of(w, t).code}/")[1],
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:news",
        "GET",
        lambda w, t: f"/cchc/{unit_of(w, t).code}/tin/{_item(w, t, 'published').pk}/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:image",
        "GET",
        lambda w, t: f"/cchc/{unit_of(w, t).code}/anh/{_photo(w, t)}/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:plan_file",
        "GET",
        lambda w, t: f"/cchc/{unit_of(w, t).code}/van-ban/ke-hoach/{w.plans['own'].pk}/docx/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:report_file",
        "GET",
        lambda w, t: f"/cchc/{unit_of(w, t).code}/van-ban/bao-cao/{SENT}/docx/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:search",
        "GET",
        lambda w, t: (_item(w, t, "published"), f"/cchc/{unit_of(w, t).code}/tim-kiem/?q=tin")[1],
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "column_public:feed", "GET", lambda w, t: f"/cchc/{unit_of(w, t).code}/feed/", {"own": PUBLIC}, targets=("own",)
    ),
    Case(
        "column_public:embed",
        "GET",
        lambda w, t: f"/cchc/{unit_of(w, t).code}/nhung/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "API GET /api/column/{code}/news",
        "GET",
        lambda w, t: (_item(w, t), f"/api/column/{unit_of(w, t).code}/news")[1],
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API POST /api/column/news/{pk}/approve",
        "POST",
        lambda w, t: f"/api/column/news/{_item(w, t, 'pending', fresh=True).pk}/approve",
        {"own": api(APPROVE_OWN), "foreign": api(APPROVE_FOREIGN)},
        body={"revision": 1},
        fmt="json",
    ),
]
