"""Proposals to commend or criticise: evidence from the log, scope, bad input, the page and its XLSX."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from loa.activity.tests.factories import ActivityFactory
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.scoring.commendations import commendation_create, commendation_list
from loa.scoring.models import Commendation


def broadcast(unit):
    return ActivityFactory(unit=unit, date=date(2026, 4, 6), channel="phat_thanh")


def test_proposals_need_reason_and_evidence_in_reach(world):
    coordinator = world.users["coordinator"]
    mine, other = broadcast(world.commune), broadcast(world.other_commune)
    item = commendation_create(
        actor=coordinator,
        year=2026,
        kind="commend",
        unit=world.commune,
        person="Nguyễn Văn A, công chức Văn hóa - Xã hội",
        reason="Duy trì chuyên mục CCHC trên loa truyền thanh hằng tuần",
        activity_ids=[mine.pk],
    )
    assert list(item.activities.all()) == [mine]
    with pytest.raises(DomainError) as caught:  # another commune's activity is not evidence for this one
        commendation_create(
            actor=coordinator, year=2026, kind="commend", unit=world.commune, reason="x", activity_ids=[other.pk]
        )
    assert str(other.pk) in caught.value.message
    with pytest.raises(DomainError, match="ít nhất một hoạt động"):
        commendation_create(actor=coordinator, year=2026, kind="commend", unit=world.commune, reason="x")
    with pytest.raises(DomainError, match="chưa ghi"):
        commendation_create(actor=coordinator, year=2026, kind="criticise", unit=world.commune, reason="  ")
    criticism = commendation_create(
        actor=coordinator, year=2026, kind="criticise", unit=world.other_commune, reason="Chưa gửi báo cáo quý I"
    )
    assert Commendation.objects.count() == 2
    # The commune sees what concerns it; the neighbour its own; another province nothing.
    assert list(commendation_list(actor=world.users["viewer"], year=2026)) == [item]
    assert list(commendation_list(actor=world.users["neighbour"], year=2026)) == [criticism]
    assert list(commendation_list(actor=world.users["foreign"], year=2026)) == []
    with pytest.raises(PermissionDenied):  # a viewer proposes nothing
        commendation_create(actor=world.users["viewer"], year=2026, kind="criticise", unit=world.commune, reason="x")
    with pytest.raises(NotFound):  # another commune's business looks missing to a neighbour
        commendation_create(actor=world.users["neighbour"], year=2026, kind="criticise", unit=world.commune, reason="x")


def test_page_xlsx_and_delete(world):
    c = Client()
    c.force_login(world.users["coordinator"])
    mine = broadcast(world.commune)
    bad = c.post(
        "/scores/commendations/?year=2026",
        {"year": "2026", "kind": "commend", "unit": world.commune.code, "reason": "Tốt", "activities": "999999999"},
    )
    assert bad.status_code == 200 and "999999999" in bad.content.decode() and not Commendation.objects.exists()
    ok = c.post(
        "/scores/commendations/?year=2026",
        {"year": "2026", "kind": "commend", "unit": world.commune.code, "reason": "Tốt", "activities": str(mine.pk)},
    )
    assert ok.status_code == 302
    page = c.get("/scores/commendations/", {"year": "2026"}).content.decode()
    assert f'data-unit="{world.commune.code}"' in page
    assert 'data-testid="suggestions"' not in page  # no commune has scored yet: nobody to suggest
    sheet = CalamineWorkbook.from_filelike(
        BytesIO(c.get("/scores/commendations/", {"year": "2026", "format": "xlsx"}).content)
    )
    rows = sheet.get_sheet_by_index(0).to_python()
    assert rows[1][:2] == ["Biểu dương", world.commune.name] and str(mine.pk) in str(rows[1][4])
    item = Commendation.objects.get()
    neighbour = Client()
    neighbour.force_login(world.users["neighbour"])
    assert neighbour.post(f"/scores/commendations/{item.pk}/delete/").status_code == 404
    assert c.post(f"/scores/commendations/{item.pk}/delete/").status_code == 302
    assert not Commendation.objects.exists() and item.history.filter(history_type="-").exists()


def test_the_form_offers_units_and_their_activities_and_suggests_only_scored_units(world):
    from types import SimpleNamespace

    from loa.scoring.commendations import proposable_units, suggestions

    units = proposable_units(world.users["coordinator"])
    assert units[0] == world.province and world.commune in units and world.snv in units
    assert proposable_units(world.users["editor"])[0] == world.commune
    assert proposable_units(world.users["viewer"]) == []
    mine = broadcast(world.commune)
    mine.pk, old = 123456, mine.pk  # an id past a thousand: written in the form without a separator
    mine.save()
    type(mine).objects.filter(pk=old).delete()
    c = Client()
    c.force_login(world.users["coordinator"])
    listed = c.get("/scores/commendations/evidence/", {"unit": world.commune.code, "year": "2026"})
    assert listed.status_code == 200 and 'value="123456"' in listed.content.decode()
    assert mine.title in listed.content.decode()
    stranger = Client()
    stranger.force_login(world.users["foreign"])
    assert stranger.get("/scores/commendations/evidence/", {"unit": world.commune.code}).status_code == 404

    def rows(*scores):
        return [SimpleNamespace(score=SimpleNamespace(final=Decimal(s))) for s in scores]

    ranking = rows(2, 1.5, 1, 1, 0.5, 0.25, 0, 0, 0)
    assert [r.score.final for r in suggestions(ranking)] == [2, Decimal("1.5"), 1, 1, Decimal("0.5"), Decimal("0.25")]
    assert suggestions(rows(0, 0, 0)) == []
