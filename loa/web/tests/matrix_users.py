"""Matrix rows for managing accounts: the province coordinator manages the accounts of its province, the
administrator everyone's; anyone else meets a 403 on the pages without an object (no right at all) or a 404 on an
account (outside their reach reads like a missing one). Each row acting on an account gets a fresh one, made by
its `url` callable right before the request, so one persona's write does not change the next one's answer."""

import io
import itertools

from openpyxl import Workbook

from .matrix import (
    API_MANAGE_FOREIGN,
    API_MANAGE_OWN,
    COORD_ONLY,
    MANAGE_FOREIGN,
    MANAGE_OWN,
    Case,
    statuses,
    unit_of,
)

_serial = itertools.count(1)

ACT_OWN = statuses(404, anon=302, admin=302, coordinator=302)
ACT_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)


def fresh_account(world, target, *, active=True):
    from loa.org.accounts import user_create, user_deactivate
    from loa.org.scope import SYSTEM

    user = user_create(
        actor=SYSTEM,
        username=f"matrix.{target}.{next(_serial)}",
        password="Loa-matrix-2026",
        role="editor",
        unit=unit_of(world, target),
        full_name="Người thử ma trận",
    )
    if not active:
        user_deactivate(actor=SYSTEM, user=user)
    return user


def _url(action, *, active=True):
    return lambda w, t: f"/users/{fresh_account(w, t, active=active).pk}/{action}/"


def _api_url(action="", *, active=True):
    return lambda w, t: f"/api/users/{fresh_account(w, t, active=active).username}{action}"


def account_xlsx(world, target):
    """A one-row import file for the target's unit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loa.org.user_import import COLUMNS, unit_label

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append([unit_label(unit_of(world, target)), "Nguyễn Văn Ma Trận", "Đầu mối CCHC (nhập liệu)"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("tai-khoan.xlsx", buffer.getvalue())


def _token(world, target, persona):
    from loa.org.credentials import Credential, credentials_token

    user = world.users.get(persona)
    return {"token": credentials_token(user, [Credential("X", "Xã thử", "Người thử", "x.thu", "abcd-efgh-jkmn")])}


USER_CASES = [
    Case("web:user_list", "GET", lambda w, t: "/users/", {"own": COORD_ONLY}, targets=("own",)),
    Case("web:user_create", "GET", lambda w, t: "/users/new/", {"own": COORD_ONLY}, targets=("own",)),
    Case(
        "web:user_create",
        "POST",
        lambda w, t: "/users/new/",
        # The unit list offers only units in reach: a stranger's unit is a form error (200), nothing created.
        {"own": COORD_ONLY},
        targets=("own",),
        body=lambda w, t, p: {"full_name": "Lê Thị Mới", "unit": unit_of(w, t).pk, "role": "editor"},
    ),
    Case("web:user_import", "GET", lambda w, t: "/users/import/", {"own": COORD_ONLY}, targets=("own",)),
    Case(
        "web:user_import",
        "POST",
        lambda w, t: "/users/import/",
        {"own": COORD_ONLY},
        targets=("own",),
        body=lambda w, t, p: {"file": account_xlsx(w, t), "dry_run": "on"},
        fmt="multipart",
    ),
    Case("web:user_template", "GET", lambda w, t: "/users/template.xlsx", {"own": COORD_ONLY}, targets=("own",)),
    Case(
        "web:user_credentials",
        "POST",
        lambda w, t: "/users/credentials/",
        {"own": COORD_ONLY},
        targets=("own",),
        body=_token,
    ),
    Case("web:user_edit", "GET", _url("edit"), {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN}),
    Case(
        "web:user_edit",
        "POST",
        _url("edit"),
        {"own": ACT_OWN, "foreign": ACT_FOREIGN},
        body=lambda w, t, p: {"full_name": "Người đã sửa", "unit": unit_of(w, t).pk, "role": "leader"},
    ),
    Case("web:user_deactivate", "GET", _url("deactivate"), {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN}),
    Case("web:user_deactivate", "POST", _url("deactivate"), {"own": ACT_OWN, "foreign": ACT_FOREIGN}),
    Case("web:user_reactivate", "POST", _url("reactivate", active=False), {"own": ACT_OWN, "foreign": ACT_FOREIGN}),
    Case("web:user_reset_password", "GET", _url("reset-password"), {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN}),
    Case("web:user_reset_password", "POST", _url("reset-password"), {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN}),
    Case(
        "API POST /api/users",
        "POST",
        lambda w, t: "/api/users",
        {
            "own": statuses(404, anon=401, admin=201, coordinator=201),
            "foreign": statuses(404, anon=401, admin=201, foreign=201),
        },
        body=lambda w, t, p: {"full_name": f"Người mới {p}", "unit": unit_of(w, t).code, "role": "editor"},
        fmt="json",
    ),
    Case(
        "API PATCH /api/users/{username}",
        "PATCH",
        _api_url(),
        {"own": API_MANAGE_OWN, "foreign": API_MANAGE_FOREIGN},
        body={"phone": "0239 2", "role": "leader"},
        fmt="json",
    ),
    Case(
        "API POST /api/users/{username}/deactivate",
        "POST",
        _api_url("/deactivate"),
        {"own": API_MANAGE_OWN, "foreign": API_MANAGE_FOREIGN},
        fmt="json",
    ),
    Case(
        "API POST /api/users/{username}/reactivate",
        "POST",
        _api_url("/reactivate", active=False),
        {"own": API_MANAGE_OWN, "foreign": API_MANAGE_FOREIGN},
        fmt="json",
    ),
    Case(
        "API POST /api/users/{username}/reset-password",
        "POST",
        _api_url("/reset-password"),
        {"own": API_MANAGE_OWN, "foreign": API_MANAGE_FOREIGN},
        fmt="json",
    ),
    Case(
        "API POST /api/users/import",
        "POST",
        lambda w, t: "/api/users/import",
        # The file names a unit of the editor's province: outside the other coordinator's reach, a row error.
        {"own": statuses(403, anon=401, admin=200, coordinator=200, foreign=400)},
        targets=("own",),
        body=lambda w, t, p: {"file": account_xlsx(w, t), "dry_run": "true"},
        fmt="multipart",
    ),
]
