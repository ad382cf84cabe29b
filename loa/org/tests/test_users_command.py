"""`loa users`: the command-line contract (template, import with --dry-run, list --json, reset)."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from loa.org.models import User
from loa.org.user_import import COLUMNS

from .test_user_import import province_rows, xlsx


def run(*args):
    out = StringIO()
    call_command("users", *args, stdout=out)
    return out.getvalue()


def test_template_is_written(world, tmp_path):
    path = tmp_path / "mau.xlsx"
    run("template", "-o", str(path), "--as", "snv.dieuphoi")
    assert [c.value for c in load_workbook(path).worksheets[0][1]] == COLUMNS


def test_import_dry_run_then_import_prints_passwords(world, tmp_path):
    path = tmp_path / "tk.xlsx"
    path.write_bytes(xlsx(province_rows(world, 5)))
    before = User.objects.count()
    assert "Tệp hợp lệ: 5 tài khoản" in run("import", str(path), "--dry-run", "--as", "snv.dieuphoi")
    assert User.objects.count() == before
    out = run("import", str(path), "--as", "snv.dieuphoi")
    lines = [line.split("\t") for line in out.splitlines() if "\t" in line]
    assert len(lines) == 5 and User.objects.count() == before + 5
    _unit, username, password, _name = lines[1]
    assert User.objects.get(username=username).check_password(password)


def test_import_writes_the_credential_sheet(world, tmp_path):
    path, sheet = tmp_path / "tk.xlsx", tmp_path / "matkhau.xlsx"
    path.write_bytes(xlsx(province_rows(world, 3)))
    out = run("import", str(path), "-o", str(sheet))
    assert "Đã tạo 3 tài khoản" in out and "\t" not in out
    assert len(load_workbook(sheet).sheetnames) == 3


def test_bad_file_fails_naming_row_and_column(world, tmp_path):
    rows = province_rows(world, 4)
    rows[2][2] = "Trưởng thôn"
    path = tmp_path / "tk.xlsx"
    path.write_bytes(xlsx(rows))
    before = User.objects.count()
    with pytest.raises(CommandError, match="Dòng 4, cột «Vai trò»"):
        run("import", str(path), "--dry-run")
    with pytest.raises(CommandError, match="không phải là bảng tính Excel"):
        (tmp_path / "x.xlsx").write_text("username\n")
        run("import", str(tmp_path / "x.xlsx"))
    assert User.objects.count() == before


def test_list_json_has_the_contract_fields(world):
    from loa.org.accounts import user_deactivate

    user_deactivate(actor=world.users["admin"], user=world.users["viewer"])
    rows = json.loads(run("list", "--unit", world.commune.code, "--json"))
    assert {"username", "unit", "role", "active"} <= set(rows[0])
    by_name = {r["username"]: r for r in rows}
    assert by_name["xa1.nhaplieu"] == {**by_name["xa1.nhaplieu"], "unit": world.commune.code, "role": "editor"}
    assert by_name["xa1.nhaplieu"]["active"] is True
    assert all(r["unit"] == world.commune.code for r in rows)
    assert by_name["xa1.xem"]["active"] is False
    active = json.loads(run("list", "--unit", world.commune.code, "--active", "--json"))
    assert "xa1.xem" not in {r["username"] for r in active} and "xa1.nhaplieu" in {r["username"] for r in active}
    scoped = json.loads(run("list", "--json", "--as", "dn.dieuphoi"))
    assert {r["username"] for r in scoped} >= {"dn.xa.nhaplieu"} and "xa1.nhaplieu" not in {
        r["username"] for r in scoped
    }


def test_reset_prints_a_working_one_time_password(world):
    password = run("reset", "xa1.xem", "--as", "snv.dieuphoi").strip()
    user = User.objects.get(username="xa1.xem")
    assert user.check_password(password) and user.must_change_password
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run("reset", "xa1.xem", "--as", "dn.dieuphoi")


def test_exit_status_of_the_real_command(tmp_path):
    """The contract is about the process: exit 1 with the message on stderr, never a traceback."""
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a sheet")
    env_python = Path(sys.executable)
    result = subprocess.run(
        [str(env_python), "-m", "loa", "users", "import", str(bad), "--dry-run"],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "loa.test_settings", "PATH": "/usr/bin:/bin", "LOA_VAR_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
