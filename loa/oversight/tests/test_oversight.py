"""Oversight by the Fatherland Front (issue 20 item 6): an oversight account of a province's Ủy ban MTTQ reads the
plans, reports, surveys and feedback statistics of its area, writes nothing there, and records recommendations that
the addressed unit answers by a deadline; both sides see them on their to-do, and the report counts them."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from loa.core.audit import audited_models
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.core.periods import standard_periods
from loa.org.accounts import account_create
from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User
from loa.org.services import unit_create
from loa.oversight import selectors, services
from loa.oversight.models import RecommendationStatus
from loa.reports.figures import compute_figures
from loa.reports.narrative import generate
from loa.web.tests.test_permission_matrix import CASES, _request, acts, plans, reps  # noqa: F401
from loa.web.todo import todo_for


def mttq(world: Any, parent: OrgUnit | None = None, code: str = "") -> User:
    """The province's (or a commune's) Ủy ban MTTQ and its oversight account, made through Loa's services."""
    parent = parent or world.province
    code = code or f"{parent.code}.MTTQ"
    unit = OrgUnit.objects.filter(code=code).first() or unit_create(
        actor=world.users["coordinator"],
        code=code,
        name=f"Ủy ban MTTQ Việt Nam {parent.name}",
        unit_type=UnitType.MTTQ_DOAN_THE,
        parent=parent,
    )
    user, _password = account_create(
        actor=world.users["coordinator"],
        username=f"mttq.{unit.code.lower()}",
        role=Role.OVERSIGHT,
        unit=unit,
        full_name="Trần Văn Giám Sát",
    )
    User.objects.filter(pk=user.pk).update(must_change_password=False)  # as after the first sign-in
    return User.objects.select_related("unit", "unit__parent").get(pk=user.pk)


def data(world: Any, unit: OrgUnit, days: int = 30) -> services.RecommendationInput:
    return services.RecommendationInput(
        to_unit=unit,
        subject="Niêm yết thủ tục hành chính",
        text="Đề nghị cập nhật bảng niêm yết phí, lệ phí mới.",
        due_on=timezone.localdate() + timedelta(days=days),
        reference="12/KN-MTTQ",
    )


def test_the_role_belongs_to_the_front_only(world):
    with pytest.raises(DomainError, match="giám sát chỉ dành"):
        account_create(actor=world.users["coordinator"], username="gs.xa", role=Role.OVERSIGHT, unit=world.commune)
    overseer = mttq(world)
    assert overseer.role == Role.OVERSIGHT


def test_a_recommendation_is_answered_and_shows_on_both_to_dos_and_in_the_report(world):
    overseer = mttq(world)
    with pytest.raises(PermissionDenied):
        services.recommend(actor=world.users["coordinator"], data=data(world, world.commune))
    with pytest.raises(PermissionDenied):
        services.recommend(actor=overseer, data=data(world, world.foreign_commune))
    with pytest.raises(DomainError, match="Hạn trả lời"):
        services.recommend(actor=overseer, data=data(world, world.commune, days=-1))
    item = services.recommend(actor=overseer, data=data(world, world.commune))
    assert item.by_unit == overseer.unit and item.status == RecommendationStatus.OPEN
    today = timezone.localdate()
    sections = {s.key: s for s in todo_for(world.users["editor"], today=today).sections}
    assert [i.text for i in sections["oversight"].items] == [item.subject]
    assert "oversight" not in {s.key for s in todo_for(world.users["neighbour"], today=today).sections}
    late = item.due_on + timedelta(days=1)
    overdue = {s.key: s for s in todo_for(overseer, today=late).sections}
    assert [i.tone for i in overdue["oversight_sent"].items] == ["danger"]
    with pytest.raises(PermissionDenied):
        services.respond(actor=world.users["viewer"], item=item, text="Đã cập nhật bảng niêm yết.", revision=0)
    with pytest.raises(PermissionDenied):
        services.respond(actor=overseer, item=item, text="Đã cập nhật bảng niêm yết.", revision=0)
    item = services.respond(actor=world.users["editor"], item=item, text="Đã cập nhật bảng niêm yết.", revision=0)
    assert item.status == RecommendationStatus.ANSWERED
    with pytest.raises(Conflict):
        services.respond(actor=world.users["coordinator"], item=item, text="Trả lời lần hai.", revision=0)
    answered = {s.key: s for s in todo_for(overseer, today=today).sections}
    assert answered["oversight_sent"].items[0].tone == "info"
    assert "oversight" not in {s.key for s in todo_for(world.users["editor"], today=today).sections}
    # The commune's report of the period, and the province's, say it.
    period = next(
        p
        for p in standard_periods(today.year)
        if p.start <= today <= p.end and p.id.endswith("Q" + str((today.month - 1) // 3 + 1))
    )
    for unit in (world.commune, world.province, world.snv):
        figures = compute_figures(unit, period, [])
        assert [r["subject"] for r in figures["oversight"]] == [item.subject]
        text = generate(unit, period, figures, None)["channels"]
        assert f"{overseer.unit.name} giám sát, kiến nghị 1 nội dung; các đơn vị đã trả lời 1 kiến nghị." in text
    assert "oversight" not in compute_figures(world.other_commune, period, [])


@pytest.mark.usefixtures("plans", "acts", "reps")
def test_oversight_reads_its_area_and_nothing_beyond(world):
    overseer = mttq(world)
    client = Client()
    client.force_login(overseer)
    checked = 0
    for case in CASES:
        if case.method != "GET":
            continue
        for target in case.targets:
            viewer = case.expect[target].get("viewer")
            foreign = case.expect[target].get("foreign")
            url = case.url(world, target)
            status = client.get(url).status_code
            # The province's Front reads what a reader of the commune reads, and like any reader nothing of
            # another province (what only the foreign coordinator reads stays closed).
            if target == "own" and viewer == 200:
                assert status == 200, (case.route, url, status)
                checked += 1
            elif target == "foreign" and viewer in (403, 404) and foreign == 200:
                assert status in (403, 404), (case.route, url, status)
                checked += 1
    assert checked > 80


# Writes anyone may make for themselves or as a citizen: nothing of a unit's data.
SELF_SERVICE = {
    "logout",
    "set_language",
    "notify:read",
    "notify:settings",
    "API POST /api/notifications/read",
    "surveys_public:link",
    "surveys_public:point",
    "feedback_public:form",
    # Taking part in a contest is what any citizen may do (an oversight officer too).
    "contests_public:join",
    "contests_public:attempt",
    "contests_public:submit_entry",
}


def _written_by(user: User) -> list[str]:
    """Every audited change stamped with `user` (each write of Loa stamps its author)."""
    return [
        f"{m.model._meta.label}: {n}"
        for m in audited_models()
        if (n := m.model.history.filter(history_user=user).count())  # type: ignore[attr-defined]
    ]


@pytest.mark.usefixtures("plans", "acts", "reps")
def test_oversight_writes_nothing_but_its_recommendations(world):
    overseer = mttq(world)
    written = []
    for case in CASES:
        if case.method == "GET" or case.route in SELF_SERVICE or "oversight" in case.route:  # its own, above
            continue
        for target in case.targets:
            client = Client()
            client.force_login(overseer)
            body = case.body(world, target, "viewer") if callable(case.body) else case.body
            url = case.url(world, target)
            response = _request(client, case, url, body)
            if response.status_code >= 500:
                written.append((case.method, case.route, target, response.status_code))
    assert written == []
    assert _written_by(overseer) == []


def test_recommendation_pages(world):
    overseer = mttq(world)
    client = Client()
    client.force_login(overseer)
    due = (timezone.localdate() + timedelta(days=20)).strftime("%d/%m/%Y")
    page = client.get(reverse("oversight:list"))
    assert page.status_code == 200 and world.commune.name in page.content.decode()  # offered as a target
    bad = client.post(
        reverse("oversight:list"), {"to_unit": world.commune.code, "subject": "", "text": "x", "due_on": due}
    )
    assert bad.status_code == 400 and "oversight-error" in bad.content.decode()
    sent = client.post(
        reverse("oversight:list"),
        {
            "to_unit": world.commune.code,
            "subject": "Tiếp nhận phản ánh",
            "text": "Đề nghị trả lời phản ánh đúng hạn.",
            "due_on": due,
        },
    )
    item = selectors.recommendations(actor=overseer).get()
    assert sent.status_code == 302 and sent["Location"] == reverse("oversight:detail", args=[item.pk])
    editor = Client()
    editor.force_login(world.users["editor"])
    answered = editor.post(
        reverse("oversight:detail", args=[item.pk]), {"revision": "0", "answer": "Đơn vị sẽ trả lời đúng hạn."}
    )
    assert answered.status_code == 302
    assert "Đơn vị sẽ trả lời đúng hạn." in client.get(reverse("oversight:detail", args=[item.pk])).content.decode()
    outsider = Client()
    outsider.force_login(world.users["foreign"])
    assert outsider.get(reverse("oversight:detail", args=[item.pk])).status_code == 404
    commune_front = mttq(world, parent=world.commune, code=f"{world.commune.code}.MTTQ")
    assert commune_front.unit.parent == world.commune  # a commune's own Front, made through Loa
    with pytest.raises(PermissionDenied):  # a commune's Front oversees its commune only
        services.recommend(actor=commune_front, data=data(world, world.other_commune))
    services.recommend(actor=commune_front, data=data(world, world.commune))
