"""The rollup (subtree totals) stays equal to the activities through every kind of write."""

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loa.activity import rollup
from loa.activity.models import Activity, ActivityRollup
from loa.activity.services import ActivityInput, activity_create, activity_delete, activity_input, activity_update
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .factories import ActivityFactory


def rows(node: Any) -> dict[tuple[object, ...], tuple[int, Decimal, int, int]]:
    return {
        (r.month, r.channel, r.online, r.area_bits, r.unit_type): (r.activities, r.quantity, r.reached, r.participants)
        for r in ActivityRollup.objects.filter(node=node)
        if r.activities or r.quantity or r.reached or r.participants
    }


def test_the_bulk_path_keeps_the_rollup_equal_to_the_activities(world):
    # The demo's year of activities goes in through the bulk path; the slow Python sum over every activity must agree.
    from loa.activity.demo import build_activity_demo

    assert build_activity_demo(world.province, seed=7) > 100
    assert ActivityRollup.objects.filter(node=world.province).exists()
    assert ActivityRollup.objects.filter(node=world.commune).exists()
    assert not rollup.stale(world.province.path)


def test_a_write_reaches_the_unit_and_every_unit_above(world):
    before_province = rows(world.province)
    activity = activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(
            date=date(2024, 2, 10),
            channel="hoi_nghi",
            title="Hội nghị đối thoại",
            reform_areas=["tthc", "cong_vu"],
            quantity=2,
            participants=150,
            reached=20,
        ),
    )
    key = (202402, "hoi_nghi", False, 4 | 16, "ubnd_xa")
    for node in (world.commune, world.province):
        assert rows(node)[key][0] >= 1
    added = rows(world.province)[key]
    old = before_province.get(key, (0, Decimal(0), 0, 0))
    assert (added[0] - old[0], added[1] - old[1], added[2] - old[2], added[3] - old[3]) == (1, Decimal(2), 20, 150)
    assert key not in rows(world.other_commune)

    # An edit moves the totals to the new month and channel; a draft counts nowhere; deleting takes them back.
    data = activity_input(activity)
    data.date, data.channel = date(2024, 3, 1), "tap_huan"
    activity_update(actor=SYSTEM, activity=activity, data=data)
    assert rows(world.province).get(key, (0,))[0] == old[0]
    assert rows(world.province)[(202403, "tap_huan", False, 4 | 16, "ubnd_xa")][0] >= 1
    data.status = "draft"
    activity_update(actor=SYSTEM, activity=Activity.objects.get(pk=activity.pk), data=data)
    data.status = "confirmed"
    activity_update(actor=SYSTEM, activity=Activity.objects.get(pk=activity.pk), data=data)
    activity_delete(actor=SYSTEM, activity=Activity.objects.get(pk=activity.pk))
    assert rows(world.province) == before_province
    assert not rollup.stale(world.province.path)


operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete"]),
        st.integers(min_value=0, max_value=2),  # which unit: commune, other commune, Sở Nội vụ
        st.dates(min_value=date(2024, 11, 1), max_value=date(2025, 2, 28)),
        st.sampled_from(["cong_ttdt", "phat_thanh", "mang_xa_hoi"]),
        st.lists(st.sampled_from(["chi_dao", "tthc", "chinh_phu_so"]), max_size=2),
        st.sampled_from(["confirmed", "draft"]),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_any_sequence_of_writes_keeps_the_rollup_equal_to_a_rebuild(world, ops):
    units = [world.commune, world.other_commune, world.snv]
    made: list[int] = []
    for op, which, day, channel, areas, status, number in ops:
        data = ActivityInput(
            date=day, channel=channel, title="Tin", reform_areas=areas, status=status, quantity=number, reached=number
        )
        if op == "create" or not made:
            made.append(activity_create(actor=SYSTEM, unit=units[which], data=data).pk)
        elif op == "update":
            activity_update(actor=SYSTEM, activity=Activity.objects.get(pk=made[number % len(made)]), data=data)
        else:
            activity_delete(actor=SYSTEM, activity=Activity.objects.get(pk=made.pop(number % len(made))))
    assert not rollup.stale()  # every node and the country table
    incremental = rows(world.province), rows(world.commune), rows(world.snv)
    rollup.rebuild(world.province.path)
    assert (rows(world.province), rows(world.commune), rows(world.snv)) == incremental


def test_rebuild_of_everything_matches_the_incremental_totals(world):
    national = {p.pk: rows(p) for p in (world.province, world.foreign_commune.parent)}
    rollup.rebuild()
    assert {p.pk: rows(p) for p in (world.province, world.foreign_commune.parent)} == national
    assert not rollup.stale()


def test_a_unit_changing_type_moves_its_totals(world):
    from loa.org.services import unit_update

    activity = activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(date=date(2025, 5, 5), channel="bao_chi", title="Bài báo", quantity=3),
    )
    unit_update(actor=SYSTEM, unit=world.commune, unit_type="khac")
    assert not rollup.stale()
    assert (202505, "bao_chi", False, 0, "khac") in rows(world.province)
    # Editing an activity afterwards takes back what it added under the new type, not the old one.
    data = activity_input(activity)
    data.quantity = 4
    activity_update(actor=SYSTEM, activity=Activity.objects.get(pk=activity.pk), data=data)
    assert not rollup.stale()


def test_the_rollup_command_checks_and_rebuilds(world):
    from io import StringIO

    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    ActivityFactory(unit=world.commune)
    out = StringIO()
    call_command("rollup", "check", stdout=out)
    assert "khớp" in out.getvalue()
    ActivityRollup.objects.filter(node=world.commune).delete()  # what a partial restore might leave
    with pytest.raises(CommandError, match="lệch"):
        call_command("rollup", "check", "--unit", world.province.code)
    call_command("rollup", "rebuild", "--unit", world.province.code, stdout=out)
    call_command("rollup", "check", stdout=out)
    with pytest.raises(CommandError):  # a coordinator rebuilds its province, not everything
        call_command("rollup", "rebuild", "--as", world.users["coordinator"].username)


def test_a_unit_retyped_on_the_admin_site_moves_its_totals(world, client):
    activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(date=date(2025, 6, 6), channel="bao_chi", title="Bài báo", quantity=2),
    )
    unit = world.commune
    client.force_login(world.users["admin"])
    response = client.post(
        f"/admin/org/orgunit/{unit.pk}/change/",
        {
            "gso_code": unit.gso_code,
            "name": unit.name,
            "short_name": unit.short_name,
            "unit_type": "khac",
            "division_type": unit.division_type,
            "valid_from": unit.valid_from or "",
            "valid_to": unit.valid_to or "",
            "successor": "",
            "email": unit.email,
            "phone": unit.phone,
            "address": unit.address,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OrgUnit.objects.get(pk=unit.pk).unit_type == "khac"
    assert not rollup.stale()
    assert (202506, "bao_chi", False, 0, "khac") in rows(world.province)
    assert OrgUnit.history.filter(id=unit.pk).latest("history_date").history_change_reason == "unit.updated"


def test_units_retyped_by_the_unit_load_move_their_totals(world):
    from loa.org.vn_units import load_units

    activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(date=date(2025, 7, 7), channel="bao_chi", title="Bài báo", quantity=1),
    )
    OrgUnit.objects.filter(pk=world.commune.pk).update(unit_type="khac")  # what the load puts right
    rollup.rebuild(world.province.path)
    result = load_units()
    assert result.updated >= 1
    assert OrgUnit.objects.get(pk=world.commune.pk).unit_type == "ubnd_xa"
    assert not rollup.stale()
    assert (202507, "bao_chi", False, 0, "ubnd_xa") in rows(world.province)


def test_the_migration_that_built_the_first_summaries_matches_rebuild(world):
    """Migration 0004 adds up the summaries with its own code (no live imports): same rows as `rebuild()`."""
    from importlib import import_module

    from django.apps import apps

    from loa.activity.models import CountryRollup, NodeMonthRollup

    activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(date=date(2025, 8, 8), channel="bao_chi", title="Bài báo", quantity=2, reached=10),
    )

    def everything() -> list[set[tuple[Any, ...]]]:
        def nonzero(model: Any) -> Any:
            return model.objects.exclude(activities=0, quantity=0, reached=0, participants=0)

        return [
            set(nonzero(model).values_list(*(f.attname for f in model._meta.concrete_fields if f.name != "id")))
            for model in (ActivityRollup, NodeMonthRollup, CountryRollup)
        ]

    rollup.rebuild()
    expected = everything()
    assert all(expected)
    import_module("loa.activity.migrations.0004_narrow_rollups").build_rollups(apps, None)
    assert everything() == expected
