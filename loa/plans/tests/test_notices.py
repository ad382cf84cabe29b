"""Notices about plans: an issued plan reaches the editors and leaders of every unit it gives work to,
and nobody else; an implementing draft reaches its unit."""

from datetime import date

import pytest
from django.core import mail

from loa.core.errors import DomainError
from loa.notify.models import Notification
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM
from loa.plans.cascade import cascade
from loa.plans.services import IssueInput, plan_create, plan_issue
from loa.plans.tasks_input import TaskInput


def _draft(world, year):
    return plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=year,
        title="Kế hoạch tuyên truyền chuyên đề",
        signer_name="Nguyễn Văn Tỉnh",
        tasks=[
            TaskInput(title="Phát thanh về CCHC", lead_group="all_communes", channel="phat_thanh"),
            TaskInput(title="Phổ biến TTHC tư pháp", lead_unit="42.STP", coordinating=["42.SNV"], channel="hoi_nghi"),
        ],
    )


def test_an_issued_plan_reaches_exactly_the_officers_of_units_given_work(
    world, province_plan, django_capture_on_commit_callbacks
):
    plan = _draft(world, province_plan.year)
    # An inactive editor of a commune given work, and an editor of a commune of another province.
    gone = User.objects.create(username="xa1.cu", role="editor", unit=world.commune, is_active=False)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_issue(
            actor=world.users["admin"], plan=plan, data=IssueInput(number=77, issued_on=date(province_plan.year, 2, 1))
        )
    got = set(Notification.objects.filter(key__startswith=f"plan:{plan.pk}:").values_list("user__username", flat=True))
    expected = {f"xa{i}.{r}" for i in (1, 2, 3) for r in ("nhaplieu", "lanhdao")} | {"stp.nhaplieu", "snv.lanhdao"}
    assert got == expected  # not the viewer, the coordinator, the issuer's leader, the inactive or foreign users
    assert gone.username not in got and "dn.xa.nhaplieu" not in got and "xa1.xem" not in got
    notice = Notification.objects.get(user=world.users["editor"], key__startswith=f"plan:{plan.pk}:")
    assert notice.url == f"/plans/{plan.pk}/" and "77/" in notice.title
    assert len(mail.outbox) == len(expected)  # the default delivery: a copy at once


def test_nothing_is_sent_when_issuing_fails(world, province_plan, django_capture_on_commit_callbacks):
    plan = _draft(world, province_plan.year)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError):
        plan_issue(actor=world.users["admin"], plan=plan, data=IssueInput(number=None, issued_on=None))
    assert callbacks == [] and not Notification.objects.exists()


def test_an_implementing_draft_reaches_its_units_officers(world, province_plan, django_capture_on_commit_callbacks):
    from loa.plans.models import Plan

    Plan.objects.filter(issuer=world.other_commune, parent=province_plan).delete()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        (child,) = cascade(actor=world.users["coordinator"], plan=province_plan, targets=[world.other_commune]).created
    got = set(Notification.objects.values_list("user__username", flat=True))
    assert got == {"xa2.nhaplieu", "xa2.lanhdao"}
    assert Notification.objects.filter(url=f"/plans/{child.pk}/edit/").count() == 2
    assert OrgUnit.objects.get(pk=child.issuer_id) == world.other_commune
