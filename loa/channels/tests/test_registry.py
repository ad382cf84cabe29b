"""The channel registry (issue 19 item 3): who keeps it, versions, the XLSX round trip, measures and pages."""

import io
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from loa.channels import services
from loa.channels.catalog import ChannelKind
from loa.channels.models import UnitChannel
from loa.channels.selectors import coverage, measure_value, subtree_channels
from loa.channels.services import ChannelInput, StaleChannel
from loa.channels.xlsx_io import HEADERS, import_channels, workbook
from loa.core.errors import DomainError, ImportRejected, PermissionDenied
from loa.core.xlsx import write_table
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

PORTAL = ChannelInput(kind="web_portal", address="https://xa.gov.vn", cchc="https://xa.gov.vn/cchc")


def communes(province: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code"))


def test_the_unit_and_its_coordinator_keep_the_registry_others_do_not(world):
    users = world.users
    channel = services.channel_create(actor=users["editor"], unit=world.commune, data=PORTAL)
    assert channel.revision == 0 and channel.carries_cchc
    services.channel_create(
        actor=users["coordinator"], unit=world.commune, data=ChannelInput(kind="loudspeaker_system", quantity=12)
    )
    for persona in ("viewer", "neighbour", "foreign"):
        with pytest.raises(PermissionDenied):
            services.channel_create(
                actor=users[persona], unit=world.commune, data=ChannelInput(kind="zalo_oa", name="x")
            )
    assert UnitChannel.objects.filter(unit=world.commune).count() == 2
    assert channel.history.first().history_change_reason == "channel.created"  # audited


def test_edits_are_checked_against_the_revision_read(world):
    channel = services.channel_create(actor=SYSTEM, unit=world.commune, data=PORTAL)
    changed = ChannelInput(kind="web_portal", address="https://xa.gov.vn", cchc="")
    services.channel_update(actor=SYSTEM, channel=channel, data=changed, revision=0)
    with pytest.raises(StaleChannel) as stale:
        services.channel_update(actor=SYSTEM, channel=channel, data=PORTAL, revision=0)  # read before the change
    assert stale.value.status == 409
    channel.refresh_from_db()
    assert channel.cchc == "" and channel.revision == 1
    with pytest.raises(StaleChannel):
        services.channel_delete(actor=SYSTEM, channel=channel, revision=0)
    services.channel_delete(actor=SYSTEM, channel=channel, revision=1)
    assert not UnitChannel.objects.filter(pk=channel.pk).exists()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (ChannelInput(kind="fax", name="x"), "«fax» không có trong danh mục"),
        (ChannelInput(kind="zalo_oa"), "chưa có tên, địa chỉ"),
        (ChannelInput(kind="zalo_oa", name="OA", quantity=3), "không đếm số lượng"),
        (ChannelInput(kind="led_screen", quantity=2, checked_on=timezone.localdate() + timedelta(days=2)), "chưa đến"),
        (ChannelInput(kind="web_portal", address="x" * 256), "quá 255 ký tự"),
    ],
)
def test_bad_values_are_named_and_nothing_is_written(world, data, says):
    with pytest.raises(DomainError) as refused:
        services.channel_create(actor=SYSTEM, unit=world.commune, data=data)
    assert says in refused.value.message
    assert not UnitChannel.objects.filter(unit=world.commune).exists()


def test_two_channels_of_a_kind_need_names(world):
    paper = ChannelInput(kind="press_newspaper", name="Báo Hà Tĩnh", cchc="Chuyên mục CCHC")
    services.channel_create(actor=SYSTEM, unit=world.province, data=paper)
    with pytest.raises(DomainError, match="cùng loại và cùng tên"):
        services.channel_create(actor=SYSTEM, unit=world.province, data=paper)
    services.channel_create(
        actor=SYSTEM, unit=world.province, data=ChannelInput(kind="press_newspaper", name="Tạp chí")
    )


def _file(rows: list[list[object]]) -> bytes:
    return write_table("Sổ kênh", HEADERS, rows)


def test_export_reads_back_as_the_same_registry(world):
    a, b = communes(world.province)[:2]
    services.channel_create(actor=SYSTEM, unit=a, data=PORTAL)
    services.channel_create(
        actor=SYSTEM,
        unit=a,
        data=ChannelInput(kind="led_screen", address="Chợ xã", quantity=2, checked_on=date(2026, 11, 2)),
    )
    services.channel_create(actor=SYSTEM, unit=b, data=ChannelInput(kind="facebook_page", name="Trang xã", note="=1+1"))
    before = {(c.unit_id, c.kind, c.name): services.as_input(c) for c in UnitChannel.objects.all()}
    exported = workbook(list(subtree_channels(actor=SYSTEM, unit=world.province)))
    sheet = load_workbook(io.BytesIO(exported))["Sổ kênh"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.data_validations.dataValidation  # the kind column has its drop-down

    result = import_channels(actor=SYSTEM, content=exported)
    assert (result.units, result.rows, result.added, result.changed, result.removed) == (2, 3, 0, 0, 0)
    assert result.unchanged == 3
    after = {(c.unit_id, c.kind, c.name): services.as_input(c) for c in UnitChannel.objects.all()}
    assert after == before


def test_import_makes_each_named_unit_have_exactly_its_rows(world):
    a, b, c = communes(world.province)[:3]
    services.channel_create(actor=SYSTEM, unit=a, data=PORTAL)
    services.channel_create(actor=SYSTEM, unit=a, data=ChannelInput(kind="zalo_oa", name="OA xã"))
    untouched = services.channel_create(actor=SYSTEM, unit=c, data=ChannelInput(kind="zalo_oa", name="OA"))
    content = _file(
        [
            [a.code, a.name, "Cổng/Trang thông tin điện tử", "", "https://xa.gov.vn", "", None, "01/12/2026", ""],
            [b.code, "", "loudspeaker_system", "", "Nhà văn hóa", "Chuyên mục CCHC", 8, None, ""],
        ]
    )
    checked = import_channels(actor=SYSTEM, content=content, dry_run=True)
    assert (checked.added, checked.changed, checked.removed) == (1, 1, 1)
    assert UnitChannel.objects.filter(unit=a).count() == 2  # a dry run changes nothing

    done = import_channels(actor=SYSTEM, content=content)
    assert (done.added, done.changed, done.removed) == (1, 1, 1)
    portal = UnitChannel.objects.get(unit=a)
    assert (portal.kind, portal.cchc, portal.revision) == ("web_portal", "", 1)
    assert UnitChannel.objects.get(unit=b).quantity == 8
    assert UnitChannel.objects.filter(pk=untouched.pk).exists()
    assert {h.history_change_reason for h in UnitChannel.history.filter(unit=a)} >= {"channel.imported"}


def test_a_bad_file_changes_nothing_and_names_every_bad_cell(world):
    a = communes(world.province)[0]
    services.channel_create(actor=SYSTEM, unit=a, data=PORTAL)
    content = _file(
        [
            [a.code, "", "Fax", "", "x", "", None, None, ""],
            [world.foreign_commune.code, "", "zalo_oa", "OA", "", "", None, None, ""],
            [a.code, "", "led_screen", "", "Chợ", "", "nhiều", "31/02/2026", ""],
            [a.code, "", "web_portal", "", "https://a", "", None, None, ""],
            [a.code, "", "web_portal", "", "https://b", "", None, None, ""],
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        import_channels(actor=world.users["coordinator"], content=content)
    said = {(e.row, e.column) for e in rejected.value.errors}
    assert {(2, "Loại kênh"), (3, "Mã đơn vị"), (4, "Số lượng"), (4, "Ngày kiểm tra"), (6, "Tên kênh")} <= said
    assert UnitChannel.objects.get(unit=a).address == PORTAL.address  # nothing written
    with pytest.raises(DomainError, match="không phải là bảng tính"):
        import_channels(actor=SYSTEM, content=b"not a workbook")


def test_measures_count_units_of_the_subtree(world):
    xa = communes(world.province)
    total = len(xa)
    assert measure_value(world.province, "xa_portal_cchc").text == f"0/{total} xã"
    services.channel_create(actor=SYSTEM, unit=xa[0], data=PORTAL)
    services.channel_create(
        actor=SYSTEM, unit=xa[0], data=ChannelInput(kind="web_portal", name="Cũ", address="http://a")
    )
    services.channel_create(actor=SYSTEM, unit=xa[1], data=ChannelInput(kind="web_portal", address="http://b"))
    services.channel_create(actor=SYSTEM, unit=world.foreign_commune, data=PORTAL)  # another province
    with_column = measure_value(world.province, "xa_portal_cchc")
    assert (with_column.done, with_column.total) == (1, total)  # a unit with two portals counts once
    assert measure_value(world.province, "xa_portal").done == 2
    assert with_column.percent == (Decimal(100) / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
    press = measure_value(world.province, "press_cchc")
    assert (press.done, press.total) == (0, 0) and press.percent is None
    services.channel_create(actor=SYSTEM, unit=world.province, data=ChannelInput(kind="press_newspaper", name="Báo A"))
    services.channel_create(
        actor=SYSTEM,
        unit=world.province,
        data=ChannelInput(kind="press_broadcaster", name="Đài", cchc="Chương trình CCHC"),
    )
    assert measure_value(world.province, "press_cchc").text == "1/2 cơ quan báo chí"
    assert measure_value(world.province, "gone") is None


def test_coverage_shows_gaps_per_unit(world):
    a = communes(world.province)[0]
    services.channel_create(actor=SYSTEM, unit=a, data=PORTAL)
    services.channel_create(actor=SYSTEM, unit=a, data=ChannelInput(kind="loudspeaker_system", quantity=4))
    table = coverage(actor=world.users["coordinator"], unit=world.province, unit_types=("ubnd_xa",))
    row = next(r for r in table.rows if r.unit == a)
    assert row.gaps == 5 and table.totals["web_portal"] == 1 and table.with_cchc["web_portal"] == 1
    assert table.totals["loudspeaker_system"] == 1 and table.with_cchc["loudspeaker_system"] == 0
    assert len(table.rows) == len(communes(world.province))


def test_cli_template_import_export(world, tmp_path, capsys):
    template = tmp_path / "mau.xlsx"
    call_command("channels", "template", "-o", str(template))
    assert load_workbook(template)["Sổ kênh"]["A2"].value == "42.XA.00001"
    a = communes(world.province)[0]
    source = tmp_path / "so-kenh.xlsx"
    source.write_bytes(_file([[a.code, "", "Trang Facebook", "Trang xã", "https://fb.com/xa", "", None, None, ""]]))
    call_command("channels", "import", str(source), "--dry-run")
    assert "sẽ thêm 1 kênh" in capsys.readouterr().out
    assert not UnitChannel.objects.exists()
    call_command("channels", "import", str(source), "--as", "snv.dieuphoi")
    assert UnitChannel.objects.get(unit=a).kind == ChannelKind.FACEBOOK
    out = tmp_path / "ra.xlsx"
    call_command("channels", "export", "--unit", world.province.code, "-o", str(out))
    rows = list(load_workbook(out)["Sổ kênh"].iter_rows(min_row=2, values_only=True))
    assert rows == [(a.code, a.name, "Trang Facebook", "Trang xã", "https://fb.com/xa", None, None, None, None)]


def test_registry_page_adds_edits_and_imports(world):
    client = Client()
    client.force_login(world.users["editor"])
    page = client.get("/channels/")
    assert page.status_code == 200 and world.commune.name in page.content.decode()
    added = client.post(
        "/channels/",
        {"action": "add", "kind": "web_portal", "address": "https://xa.gov.vn", "cchc": "", "checked_on": "02/12/2026"},
    )
    assert added.status_code == 302
    channel = UnitChannel.objects.get(unit=world.commune)
    assert channel.checked_on == date(2026, 12, 2)
    prefix = f"c{channel.pk}-"
    body = {
        f"{prefix}kind": "web_portal",
        f"{prefix}address": "https://xa.gov.vn",
        f"{prefix}cchc": "https://xa.gov.vn/cchc",
    }
    saved = client.post(f"/channels/{channel.pk}/", {**body, "revision": "0", "action": "save"})
    assert saved.status_code == 302
    stale = client.post(f"/channels/{channel.pk}/", {**body, "revision": "0", "action": "delete"}, follow=True)
    assert "vừa được người khác sửa" in stale.content.decode()
    channel.refresh_from_db()
    assert channel.cchc == "https://xa.gov.vn/cchc" and channel.revision == 1
    bad = client.post("/channels/", {"action": "add", "kind": "zalo_oa"})
    assert bad.status_code == 200 and "chưa có tên, địa chỉ" in bad.content.decode()
    coverage_page = Client()
    coverage_page.force_login(world.users["coordinator"])
    table = coverage_page.get("/channels/coverage/")
    assert table.status_code == 200 and world.commune.name in table.content.decode()
