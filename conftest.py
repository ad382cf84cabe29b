"""Shared test set-up: the real administrative units and the demo province are loaded once per
test database (each test then runs in a rolled-back transaction), plus one persona per role."""

import os
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from loa.demo.builder import build_demo_people
    from loa.org.catalog import Role, UnitType
    from loa.org.models import OrgUnit
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create, user_create

    with django_db_blocker.unblock():
        build_demo_people(seed=2026)  # loads the 34 provinces and 3,321 communes first
        da_nang = OrgUnit.objects.get(code="48")
        snv = unit_create(actor=SYSTEM, code="48.SNV", name="Sở Nội vụ", unit_type=UnitType.SO_NOI_VU, parent=da_nang)
        user_create(
            actor=SYSTEM,
            username="dn.dieuphoi",
            password="Loa-demo-2026",
            role=Role.COORDINATOR,
            unit=snv,
            full_name="Trần Thị Đà",
        )
        first_commune = OrgUnit.objects.filter(parent=da_nang, unit_type=UnitType.UBND_XA).order_by("code").first()
        user_create(
            actor=SYSTEM,
            username="dn.xa.nhaplieu",
            password="Loa-demo-2026",
            role=Role.EDITOR,
            unit=first_commune,
            full_name="Lê Văn Nẵng",
        )


@dataclass
class World:
    """Personas and the objects they are tested against (codes of real units)."""

    province: Any
    commune: Any  # the editor's, leader's and viewer's commune
    other_commune: Any  # a commune of the same province
    foreign_commune: Any  # a commune of another province
    snv: Any
    users: dict[str, Any]


PERSONAS = {
    "admin": "quantri",
    "coordinator": "snv.dieuphoi",
    "leader": "xa1.lanhdao",
    "editor": "xa1.nhaplieu",
    "viewer": "xa1.xem",
    "neighbour": "xa2.nhaplieu",  # editor of another commune in the same province
    "foreign": "dn.dieuphoi",  # coordinator of another province
    "foreign_editor": "dn.xa.nhaplieu",  # editor of the foreign commune
    "above": "tinh.lanhdao",  # leader of the province (UBND tỉnh) above the editor's commune
}


@pytest.fixture
def world(db: Any) -> World:
    from loa.org.models import OrgUnit, User

    users = {key: User.objects.select_related("unit").get(username=name) for key, name in PERSONAS.items()}
    commune = users["editor"].unit
    return World(
        province=commune.parent,
        commune=commune,
        other_commune=users["neighbour"].unit,
        foreign_commune=OrgUnit.objects.filter(parent__code="48", unit_type="ubnd_xa").order_by("code").first(),
        snv=users["coordinator"].unit,
        users=users,
    )


@pytest.fixture
def province_plan(world: World) -> Any:
    """The province's issued plan of this year, with the eight tasks of `PROVINCE_TASKS` (built per test)."""
    from loa.plans.tests.factories import issued_province_plan

    return issued_province_plan(world.province)


@pytest.fixture
def commune_plan(world: World, province_plan: Any) -> Any:
    """The editor's commune's issued plan implementing `province_plan`."""
    from loa.plans.tests.factories import issued_commune_plan

    return issued_commune_plan(province_plan, world.commune)


@pytest.fixture
def busy_communes(world: World) -> list[Any]:
    """The first twelve communes of the province (the editor's first), each with one activity recorded in January:
    the units the report demo (`build_report_demo`) makes report."""
    from datetime import date

    from loa.activity.tests.factories import ActivityFactory
    from loa.org.models import OrgUnit

    communes = list(OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").order_by("code")[:12])
    assert communes[0] == world.commune
    for commune in communes:
        ActivityFactory(unit=commune, date=date(2026, 1, 12), channel="phat_thanh")
    return communes


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Each test starts with an empty cache: the dashboard keys its content by history ids, which a rolled-back
    test transaction may hand out again on SQLite."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pdf"].clear()  # a PDF test converts, whatever an earlier test left
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in Vietnamese: a request in English (the language cookie) leaves English active in the
    thread, and a later test reading a domain message would get it in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
