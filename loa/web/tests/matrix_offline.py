"""Matrix rows for offline entry (issue 22). The entry page is for whoever may record activities somewhere; a record
is sent by those who may edit its unit; the records waiting for a choice are read by whoever may VIEW their unit and
settled by those who may edit it. The service worker, the manifest, the help and the offline fallback are public
(a phone installs the app before its officer signs in)."""

import json
import uuid

from django.utils import timezone

from .matrix import READ_FOREIGN, READ_OWN, SIGNED_IN, Case, statuses, unit_of
from .matrix_activities import EDIT_ACT_OWN_DONE

PUBLIC = statuses(200)
RECORDERS = statuses(200, anon=302, viewer=403)
API_SEND = statuses(403, anon=401, admin=200, leader=200, editor=200)


def _waiting(world, target):
    from loa.offline.tests.factories import waiting_record

    return waiting_record(unit_of(world, target), title=f"Bản ghi ma trận {target}")


def _record(world, target, persona):
    record = {
        "id": str(uuid.uuid4()),
        "unit": unit_of(world, target).code,
        "revision": None,
        "data": {
            "date": timezone.localdate().isoformat(),
            "channel": "phat_thanh",
            "title": f"Phát thanh ngoại tuyến của {persona}",
            "quantity": "1",
        },
        "files": [],
    }
    return {"record": json.dumps(record)}


OFFLINE_CASES = [
    Case("offline:entry", "GET", lambda w, t: "/offline/", {"own": RECORDERS}, targets=("own",)),
    Case("offline:help", "GET", lambda w, t: "/offline/help/", {"own": PUBLIC}, targets=("own",)),
    Case("offline:fallback", "GET", lambda w, t: "/offline/fallback/", {"own": PUBLIC}, targets=("own",)),
    Case("service_worker", "GET", lambda w, t: "/sw.js", {"own": PUBLIC}, targets=("own",)),
    Case("manifest", "GET", lambda w, t: "/manifest.webmanifest", {"own": PUBLIC}, targets=("own",)),
    Case(
        "offline:review_list",
        "GET",
        lambda w, t: (_waiting(w, t), "/offline/review/")[1],
        {"own": SIGNED_IN},
        targets=("own",),
    ),
    Case(
        "offline:review_detail",
        "GET",
        lambda w, t: f"/offline/review/{_waiting(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=lambda w, t: f"Bản ghi ma trận {t}",
    ),
    Case(
        "offline:review_detail",
        "POST",
        lambda w, t: f"/offline/review/{_waiting(w, t).pk}/",
        {"own": EDIT_ACT_OWN_DONE},
        targets=("own",),
        body={"choice": "discard"},
    ),
    Case(
        "API GET /api/offline/state",
        "GET",
        lambda w, t: "/api/offline/state",
        {"own": statuses(200, anon=401)},
        targets=("own",),
    ),
    Case(
        "API POST /api/offline/records",
        "POST",
        lambda w, t: "/api/offline/records",
        {"own": API_SEND},
        targets=("own",),
        body=_record,
        fmt="multipart",
    ),
]
