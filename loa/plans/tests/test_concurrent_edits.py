"""Plan edits are never lost silently (issue 16, item 6): two people writing to one plan at the same moment,
through the API and through the editor's save path, on real connections of their own (threads).

Adds are row operations under the plan's lock, so both adds of every pair are kept; edits carry the revision
they started from, so of two edits of the same revision exactly one is saved and the other gets a conflict (409)
that names it, with nothing overwritten. The writes are committed for real (other connections must see them), so
these tests use the test database outside the per-test transaction and remove what they made; on SQLite the
in-memory test database cannot be shared by threads that wait for each other's locks, so they work on a copy of
it in a file, configured like production's (WAL, a busy timeout, IMMEDIATE transactions)."""

import json
import shutil
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.http import QueryDict
from django.test import Client

from loa.core.errors import DomainError
from loa.org.models import User
from loa.org.scope import SYSTEM
from loa.plans.editor import editor_for, save_editor
from loa.plans.models import Plan, PlanTask
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput

PAIRS = 200


@pytest.fixture(scope="session")
def sqlite_file(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Path | None:
    """On SQLite, the demo database copied into a file once, before any test opens its transaction (a copy
    taken inside one never finishes: the shared in-memory database is locked by that transaction)."""
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            return None
        connection.ensure_connection()
        path = Path(tmp_path_factory.mktemp("plans-concurrency")) / "demo.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return path


@pytest.fixture
def committed(sqlite_file: Path | None, db: None, django_db_blocker: Any, tmp_path: Path) -> Iterator[None]:
    """Committed writes that every thread's connection sees (see the module's note): the test's own connection,
    inside the per-test transaction, is set aside and given back untouched at the end."""
    with django_db_blocker.unblock():
        wrapped = connections["default"]
        original = connections.settings["default"]
        if sqlite_file is not None:
            copy = tmp_path / "loa.sqlite3"
            shutil.copyfile(sqlite_file, copy)
            connections.settings["default"] = {**original, "NAME": str(copy)}
        connections["default"] = connections.create_connection("default")
        try:
            yield
        finally:
            connections["default"].close()
            connections.settings["default"] = original
            connections["default"] = wrapped  # the test's transaction (and SQLite's in-memory database) lives on


def run_pairs(
    rounds: int, act: Callable[[int, int, Any], Any], prepare: Callable[[int], Any] | None = None
) -> list[tuple[Any, Any]]:
    """Two threads, each with its own connection, `rounds` times: the first prepares what both start from (a page
    or a revision read), then both act at the same moment (a barrier). Returns each round's two results."""
    barrier = threading.Barrier(2)
    shared: list[Any] = [None]
    results: list[list[Any]] = [[], []]
    failures: list[BaseException] = []

    def worker(side: int) -> None:
        try:
            for index in range(rounds):
                barrier.wait(timeout=60)
                if prepare is not None and side == 0:
                    shared[0] = prepare(index)
                barrier.wait(timeout=60)
                results[side].append(act(side, index, shared[0]))
        except BaseException as exc:  # any failure, reported in the main thread below
            failures.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(side,)) for side in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    return list(zip(results[0], results[1], strict=True))


def fresh_plan() -> tuple[Plan, User]:
    editor = User.objects.select_related("unit").get(username="xa1.nhaplieu")
    year = Plan.objects.filter(issuer=editor.unit.parent, parent__isnull=True).values_list("year", flat=True).first()
    tasks = [TaskInput(title=f"Nhiệm vụ gốc {i}", lead_unit=editor.unit.code) for i in range(1, 4)]
    return plan_create(actor=SYSTEM, issuer=editor.unit, year=year or 2026, tasks=tasks), editor


def remove(plan: Plan) -> None:
    """What the test made, rows and history (the test database is shared with the tests that follow)."""
    ids = list(PlanTask.objects.filter(plan=plan).values_list("pk", flat=True))
    PlanTask.history.filter(plan_id=plan.pk).delete()
    PlanTask.objects.filter(pk__in=ids).delete()
    Plan.history.filter(id=plan.pk).delete()
    Plan.objects.filter(pk=plan.pk).delete()


def api_clients(user: User, n: int) -> Generator[list[Client], None, None]:
    """Signed-in clients; afterwards their sessions and the user's last sign-in are as before."""
    before = User.objects.values_list("last_login", flat=True).get(pk=user.pk)
    clients = []
    for _n in range(n):
        client = Client()
        client.force_login(user)
        clients.append(client)
    try:
        yield clients
    finally:
        Session.objects.filter(session_key__in=[c.session.session_key for c in clients]).delete()
        User.objects.filter(pk=user.pk).update(last_login=before)


def test_simultaneous_api_adds_keep_every_task_and_edits_of_one_revision_conflict(committed: None) -> None:
    plan, editor = fresh_plan()
    signed_in = api_clients(editor, 2)
    try:
        clients = next(signed_in)
        url = f"/api/plans/{plan.pk}/tasks"

        def add(side: int, index: int, _shared: Any) -> int:
            body = {"title": f"Tin {index} của người {side}", "lead_unit": editor.unit.code}
            return clients[side].post(url, json.dumps(body), content_type="application/json").status_code

        assert run_pairs(PAIRS, add) == [(201, 201)] * PAIRS
        titles = set(PlanTask.objects.filter(plan=plan).values_list("title", flat=True))
        assert {f"Tin {i} của người {s}" for i in range(PAIRS) for s in (0, 1)} <= titles  # all 400 kept
        positions = list(PlanTask.objects.filter(plan=plan).values_list("position", flat=True))
        assert len(positions) == 2 * PAIRS + 3 and len(set(positions)) == len(positions)

        task = PlanTask.objects.filter(plan=plan).order_by("position").first()
        assert task is not None

        def read_revision(_index: int) -> int:
            revision: int = PlanTask.objects.values_list("revision", flat=True).get(pk=task.pk)
            return revision

        def patch(side: int, index: int, revision: int) -> tuple[int, str]:
            body = {"revision": revision, "note": f"Ghi chú {index} của người {side}"}
            response = clients[side].patch(f"{url}/{task.pk}", json.dumps(body), content_type="application/json")
            return response.status_code, response.json().get("detail", "")

        edited = run_pairs(PAIRS, patch, prepare=read_revision)
        for index, ((first, why_first), (second, why_second)) in enumerate(edited):
            assert sorted((first, second)) == [200, 409], (index, first, second)
            message = why_first if first == 409 else why_second
            assert "vừa được" in message and "chưa được lưu" in message
        task.refresh_from_db()
        assert task.revision == PAIRS  # one saved edit per pair, none overwritten
    finally:
        signed_in.close()
        remove(plan)


def editor_post(actor: User, plan: Plan) -> QueryDict:
    """The editor's form as the browser submits it unchanged (the hidden revision included)."""
    editor = editor_for(actor, plan)
    data = QueryDict(mutable=True)
    for name, field in editor.general.fields.items():
        value = editor.general.initial.get(name, field.initial)
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = str(value)
    for prefix, formset in editor.formsets.items():
        rows = formset.initial or []
        data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(len(rows)), "0"
        for i, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, list):
                    data.setlist(f"{prefix}-{i}-{key}", [str(v) for v in value])
                elif value is not None:
                    data[f"{prefix}-{i}-{key}"] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_simultaneous_editor_saves_one_wins_the_other_is_told_and_keeps_its_input(committed: None) -> None:
    plan, editor = fresh_plan()
    try:

        def open_page(_index: int) -> QueryDict:
            return editor_post(editor, Plan.objects.get(pk=plan.pk))

        def save(side: int, index: int, opened: QueryDict) -> tuple[str, str, str]:
            """Both change the first task's title and the second's note, from the same page."""
            data = opened.copy()
            typed = f"Nhiệm vụ sửa lần {index} bởi người {side}"
            data["tasks-0-title"] = typed
            data["tasks-1-note"] = f"Ghi chú {index}.{side}"
            form = editor_for(editor, Plan.objects.get(pk=plan.pk), data, bound=True)
            try:
                save_editor(editor, form)
            except DomainError as exc:
                assert exc.status == 409, exc.message
                kept = [(f["title"].value(), f["note"].value()) for f in form.formsets["tasks"].forms]
                assert kept[0][0] == typed and kept[1][1] == f"Ghi chú {index}.{side}"  # the form keeps the input
                return "conflict", typed, exc.message
            return "saved", typed, ""

        outcomes = run_pairs(PAIRS, save, prepare=open_page)
        for index, (a, b) in enumerate(outcomes):
            assert sorted((a[0], b[0])) == ["conflict", "saved"], (index, a, b)
            loser = a if a[0] == "conflict" else b
            assert "vừa được" in loser[2] and "chưa được lưu" in loser[2]
        plan.refresh_from_db()
        assert plan.revision == PAIRS  # one save per pair, none over another
        tasks = list(PlanTask.objects.filter(plan=plan).order_by("position", "pk"))
        last = 0 if outcomes[-1][0][0] == "saved" else 1
        assert len(tasks) == 3 and tasks[0].title == outcomes[-1][last][1]  # the last winner's text, whole
        assert tasks[1].note == f"Ghi chú {PAIRS - 1}.{last}" and tasks[0].revision == tasks[1].revision == PAIRS
    finally:
        remove(plan)
