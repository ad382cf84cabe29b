"""Writes under load (issue 16, item 8): imports and single saves at the same time on the real database, in threads.

On SQLite the test database of pytest-django lives in memory with a shared cache, whose table locks no busy timeout
waits for; production runs on a file in WAL mode. `real_database` copies the test database into a file and points
every connection of the test at it, with the production options (WAL, immediate transactions, busy timeout). On
PostgreSQL the threads use the test database itself and what they commit is taken back afterwards (rollups
included), so the world the other tests read stays as it was: no test here flushes the database.
"""

import io
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.models import Max
from django.test import Client
from openpyxl import Workbook

from loa.activity import rollup
from loa.activity.models import Activity, ActivityImport
from loa.activity.xlsx_io import REQUIRED
from loa.org.models import OrgUnit, User

BUSY = "Hệ thống đang bận, vui lòng thử lại sau ít phút."
ROWS = 4000  # per file: enough for the imports' write transactions to overlap the saves, a few seconds in all


def workbook(prefix: str, rows: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(REQUIRED)
    start = date(2026, 1, 1)
    for i in range(rows):
        day = start + timedelta(days=i % 300)
        ws.append([day, "Mạng xã hội", "tthc", f"{prefix} {i}", 1, "bài đăng", 10, "https://zalo.me/x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@contextmanager
def _connections_to(settings_dict: dict[str, Any]) -> Iterator[None]:
    """Every connection opened from here on (the test's own and its threads') uses `settings_dict`."""
    previous_settings = connections.settings["default"]
    previous = connections["default"]
    connections.settings["default"] = settings_dict
    own = connections.create_connection("default")
    connections["default"] = own
    try:
        yield
    finally:
        own.close()
        connections["default"] = previous
        connections.settings["default"] = previous_settings


def _in_thread(work: Callable[[], None]) -> None:
    """Run `work` on a connection of its own, committed, and wait for it."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not failures, failures


def _take_back(after_activity: int, after_import: int) -> None:
    """Remove what the threads committed on PostgreSQL, subtracting the activities from the rollups first."""

    def work() -> None:
        with transaction.atomic():
            added = list(Activity.objects.filter(pk__gt=after_activity))
            rollup.apply(removed=rollup.contributions(added))
            # Plain DELETEs: the collector of QuerySet.delete() would read every row back first.
            history = Activity.history.filter(id__gt=after_activity)
            links = Activity.history.model._meta.get_field("historicalactivity_tasks").related_model
            for query in (
                links.objects.filter(history__in=history.values("history_id")),
                history,
                Activity.tasks.through.objects.filter(activity_id__gt=after_activity),
                Activity.objects.filter(pk__gt=after_activity),
            ):
                query._raw_delete(query.db)
            ActivityImport.history.filter(id__gt=after_import).delete()
            ActivityImport.objects.filter(pk__gt=after_import).delete()

    _in_thread(work)


@pytest.fixture(scope="module")
def sqlite_file(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Path | None:
    """On SQLite, the test database copied into a file, once for the module and before any test's transaction
    (a backup from inside the test's open transaction never finishes on the shared in-memory database)."""
    if connection.vendor != "sqlite":
        return None
    path: Path = tmp_path_factory.mktemp("load") / "loa.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
    return path


@pytest.fixture
def real_database(sqlite_file: Path | None, db: Any) -> Iterator[Callable[[float], AbstractContextManager[None]]]:
    """The database as production has it. Call the result with a number of seconds for a block in which a write
    waits at most that long for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout)."""
    if sqlite_file is None:
        latest = Activity.objects.aggregate(m=Max("pk"))["m"] or 0
        imports = ActivityImport.objects.aggregate(m=Max("pk"))["m"] or 0
        try:
            yield _pg_lock_timeout
        finally:
            _take_back(latest, imports)
        return
    settings = {**connections.settings["default"], "NAME": str(sqlite_file)}
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and settings["OPTIONS"]["timeout"] >= 30

    @contextmanager
    def shorter(seconds: float) -> Iterator[None]:
        with _connections_to({**settings, "OPTIONS": {**settings["OPTIONS"], "timeout": seconds}}):
            yield

    with _connections_to(settings):
        assert connection.cursor().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        yield shorter


@contextmanager
def _pg_lock_timeout(seconds: float) -> Iterator[None]:
    with connection.cursor() as cursor:  # the test's own connection: its requests and commands use it
        cursor.execute(f"SET lock_timeout = '{int(seconds * 1000)}ms'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@contextmanager
def write_lock_held() -> Iterator[None]:
    """Another writer holds the lock an activity insert needs, for as long as the block runs."""
    ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():  # on SQLite: BEGIN IMMEDIATE, the write lock itself
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        cursor.execute("LOCK TABLE activity_activity IN SHARE MODE")  # reads pass, inserts wait
                    else:
                        cursor.execute("UPDATE org_orgunit SET name = name WHERE id = 0")
                ready.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert ready.wait(30)
    try:
        yield
    finally:
        release.set()
        holder.join(30)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _activity(unit: OrgUnit, title: str) -> dict[str, Any]:
    return {"unit": unit.code, "date": "2026-04-02", "channel": "cong_ttdt", "title": title, "reform_areas": ["tthc"]}


def test_two_imports_and_single_saves_at_once_lose_nothing_and_never_fail(world, real_database):
    editor, neighbour = world.users["editor"], world.users["neighbour"]
    before_mine = Activity.objects.filter(unit=world.commune).count()
    before_other = Activity.objects.filter(unit=world.other_commune).count()
    first, second = workbook("Tin A", ROWS), workbook("Tin B", ROWS)
    statuses: list[int] = []
    results: list[dict[str, Any]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def run(work: Callable[[], None]) -> None:
        try:
            start.wait(30)
            work()
        except BaseException as exc:  # a 500 raises in the test client: keep it for the assertion
            failures.append(exc)
        finally:
            connections.close_all()

    def import_file(content: bytes) -> None:
        response = _client(editor).post(
            "/api/activities/import", {"unit": world.commune.code, "file": SimpleUploadedFile("a.xlsx", content)}
        )
        statuses.append(response.status_code)
        if response.status_code == 200:
            results.append(response.json())

    def saves(n: int) -> None:
        client = _client(neighbour)
        for i in range(8):
            body = _activity(world.other_commune, f"Lưu đơn lẻ {n}.{i}")
            statuses.append(client.post("/api/activities", body, content_type="application/json").status_code)

    work: list[Callable[[], None]] = [
        lambda: import_file(first),
        lambda: import_file(first),  # the same file twice at once: it must land once
        lambda: import_file(second),
        *(lambda n=n: saves(n) for n in range(3)),
    ]
    threads = [threading.Thread(target=run, args=(w,)) for w in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert failures == []
    assert set(statuses) <= {200, 201, 503}  # nothing but success or the clean busy answer
    assert statuses.count(503) == 0  # and the busy timeout is long enough for none to be needed here
    mine = Activity.objects.filter(unit=world.commune)
    assert mine.filter(title__startswith="Tin A ").count() == ROWS  # imported once, not twice
    assert mine.filter(title__startswith="Tin B ").count() == ROWS
    assert sum(r["imported"] for r in results) == mine.count() - before_mine == 2 * ROWS
    assert sorted(r["skipped"] for r in results) == [0, 0, ROWS]  # the repeat says what it left out
    saved = Activity.objects.filter(unit=world.other_commune).count() - before_other
    assert saved == statuses.count(201) == 24  # every save answered 201 is there; none was refused


def test_a_write_that_waits_too_long_is_a_clean_busy_answer_with_nothing_lost(world, real_database, tmp_path):
    editor = world.users["editor"]
    web, api = _client(editor), _client(editor)
    before = Activity.objects.count()
    form = {
        "unit": world.commune.pk,
        "date": "02/04/2026",
        "channel": "cong_ttdt",
        "title": "Tin viết trong lúc hệ thống bận",
        "reform_areas": ["tthc"],
        "quantity": "1",
        "measure": "tin",
    }
    path = tmp_path / "hd.xlsx"
    path.write_bytes(workbook("Tin C", 3))
    with real_database(0.3), write_lock_held():
        page = web.post("/activities/new/", form)
        assert page.status_code == 503
        text = page.content.decode()
        assert BUSY in text and 'value="Tin viết trong lúc hệ thống bận"' in text  # the form, as typed

        answer = api.post("/api/activities", _activity(world.commune, "Tin API"), content_type="application/json")
        assert answer.status_code == 503 and answer.json()["detail"] == BUSY and answer["Retry-After"]

        upload = web.post(
            "/activities/import/", {"unit": world.commune.pk, "file": SimpleUploadedFile("hd.xlsx", path.read_bytes())}
        )
        assert upload.status_code == 503 and BUSY in upload.content.decode()

        with pytest.raises(CommandError, match=BUSY):
            call_command("activities", "import", str(path), "--unit", world.commune.code)
    assert Activity.objects.count() == before  # nothing half written
    assert web.post("/activities/new/", form).status_code == 302  # and the same form goes through afterwards
    assert Activity.objects.count() == before + 1
