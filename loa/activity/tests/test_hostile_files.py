"""Hostile XLSX files through the activities import, as any editor can send them (issue 16, item 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loa.activity.models import Activity
from loa.core.tests.hostile_xlsx import HOSTILE


def logged_in(world):
    client = Client()
    client.force_login(world.users["editor"])
    return client


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_the_corner_file_gets_a_clean_vietnamese_400_from_the_api(world, dry_run):
    before = Activity.objects.count()
    response = logged_in(world).post(
        "/api/activities/import",
        {
            "unit": world.commune.code,
            "dry_run": dry_run,
            "file": SimpleUploadedFile("a.xlsx", HOSTILE["A1+XFD1048576"]()),
        },
    )
    assert response.status_code == 400
    assert "1.048.576 dòng × 16.384 cột, vượt giới hạn" in response.json()["detail"]
    assert Activity.objects.count() == before


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_file_gets_a_message_on_the_import_page(world, name):
    before = Activity.objects.count()
    response = logged_in(world).post(
        "/activities/import/",
        {"unit": world.commune.pk, "file": SimpleUploadedFile("hd.xlsx", HOSTILE[name]()), "dry_run": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "vượt giới hạn" in page or "zip bomb" in page
    assert Activity.objects.count() == before
