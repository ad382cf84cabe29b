"""Loa's commands against a database that is not migrated (no tables at all, or only some) say to run
`loa migrate` and exit non-zero, without a traceback; on the suite's vendor (SQLite file or PostgreSQL)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_backup import LOA, Databases, _env, _run

COMMANDS = [
    ["users", "list"],
    ["report", "status", "--unit", "01", "--period", "2026Q1"],
    ["units", "list"],
    ["backup", "-o", "x.tar"],
    ["reminders", "schedule"],
]


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    dbs = Databases(tmp_path)
    try:
        yield dbs
    finally:
        dbs.drop_all()


def _says_migrate(args: list[str], env: dict[str, str]) -> None:
    done = _run([*LOA, *args], env, ok=False)
    assert done.returncode == 1, (args, done.stdout, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, (args, done.stderr[-2000:])
    assert "chạy `loa migrate`" in done.stderr, (args, done.stderr[-2000:])


def test_an_empty_database(databases: Databases, tmp_path: Path) -> None:
    env = _env(databases.new("empty"), tmp_path / "media")
    for args in COMMANDS:
        _says_migrate(args, env)


def test_a_partly_migrated_database(databases: Databases, tmp_path: Path) -> None:
    env = _env(databases.new("partial"), tmp_path / "media")
    _run([*LOA, "migrate", "contenttypes", "-v0"], env)  # django_migrations has rows, Loa's tables are missing
    for args in COMMANDS[:3]:
        _says_migrate(args, env)
