"""`loa backup` / `loa restore` round trip while another process keeps writing activities (with evidence files),
on the database the suite runs on (a throwaway SQLite file, or throwaway PostgreSQL databases of the same
server): the restored database matches the snapshot recorded in the manifest table by table, the snapshot is
consistent (every activity has its creation history row), every file is back byte for byte, and restore refuses
a database that is not empty, a damaged archive and an archive of the other vendor."""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

HELPER = [sys.executable, "-m", "loa.core.tests.backup_helper"]
LOA = [sys.executable, "-m", "loa"]


def _run(args: list[str], env: dict[str, str], *, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    if ok:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def _state(env: dict[str, str]) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(_run([*HELPER, "state"], env).stdout.strip().splitlines()[-1])
    return state


class Databases:
    """Throwaway databases of the suite's vendor: SQLite files, or databases created on the PostgreSQL server."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.url = os.environ.get("DATABASE_URL", "")
        self.postgres = self.url.startswith(("postgres", "pgsql"))
        self.created: list[str] = []

    def _admin(self) -> Any:
        import psycopg

        parts = urlsplit(self.url)
        return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    def new(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{self.tmp / f'{name}-{secrets.token_hex(4)}.sqlite3'}"
        db = f"loa_backup_{name}_{secrets.token_hex(4)}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        self.created.append(db)
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{db}"))

    def drop_all(self) -> None:
        if self.created:
            with self._admin() as conn:
                for db in self.created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    try:
        yield dbs
    finally:
        dbs.drop_all()


def _env(url: str, media: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "LOA_MEDIA_ROOT": str(media)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the test settings would point at the test database
    return env


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        raw = tar.extractfile("manifest.json")
        assert raw is not None
        manifest: dict[str, Any] = json.loads(raw.read())
    return manifest


@pytest.fixture(scope="module")
def backup(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A source database with activities and files, backed up while another process writes more."""
    tmp_path = tmp_path_factory.mktemp("backup")
    source = _env(databases.new("src"), tmp_path / "media-src")
    _run([*LOA, "migrate", "-v0"], source)
    _run([*HELPER, "setup"], source)

    stop = tmp_path / "stop"
    writer = subprocess.Popen([*HELPER, "write", str(stop)], env=source, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        archive = tmp_path / "loa.tar.gz"
        _run([*LOA, "backup", "-o", str(archive)], source)
        manifest = _manifest(archive)
        # Let the writer go on after the snapshot, so the source moves past what the archive holds.
        deadline = time.monotonic() + 60
        while _state(source)["activities"] <= manifest["tables"]["activity_activity"]["rows"]:
            assert time.monotonic() < deadline, "the writer stopped writing"
            time.sleep(0.2)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    after = _state(source)
    in_archive = manifest["tables"]["activity_activity"]["rows"]
    assert 20 < in_archive < after["activities"]  # writes happened before and after the snapshot

    return {"archive": archive, "manifest": manifest, "after": after}


def test_round_trip_while_writes_go_on(databases: Databases, backup: dict[str, Any], tmp_path: Path) -> None:
    archive, manifest, after = backup["archive"], backup["manifest"], backup["after"]
    in_archive = manifest["tables"]["activity_activity"]["rows"]
    target = _env(databases.new("dst"), tmp_path / "media-dst")  # empty: no tables at all
    done = _run([*LOA, "restore", str(archive)], target)
    assert "Đã khôi phục" in done.stdout
    restored = _state(target)
    assert restored["tables"] == manifest["tables"]  # every table of the snapshot, row for row
    assert restored["activities"] == restored["created_history"] == in_archive  # a consistent snapshot
    media = {m.removeprefix("media/"): v["sha256"] for m, v in manifest["members"].items() if m.startswith("media/")}
    assert len(media) >= 10 + 1  # the setup's files and at least one the writer added
    assert "evidence/in-flight.pdf" in after["files"] and "evidence/in-flight.pdf" not in media  # no row names it
    assert restored["files"] == media
    assert all(after["files"][name] == sha for name, sha in media.items())
    assert manifest["vendor"] == ("postgresql" if databases.postgres else "sqlite")
    assert "activity.0001_initial" in manifest["migrations"]

    # The restored database works and is not empty: a second restore is refused, nothing changes.
    listed = _run([*LOA, "activities", "list", "--unit", "99001", "--json"], target)
    assert len(json.loads(listed.stdout)) > 0
    again = _run([*LOA, "restore", str(archive)], target, ok=False)
    assert again.returncode != 0 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert _state(target)["tables"] == manifest["tables"]
    # --force replaces it (with the same data here).
    _run([*LOA, "restore", str(archive), "--force"], target)
    assert _state(target)["tables"] == manifest["tables"]


def test_restore_refuses_a_damaged_archive_and_touches_nothing(
    databases: Databases, backup: dict[str, Any], tmp_path: Path
) -> None:
    # Change one byte of one stored file inside the archive (uncompressed here).
    archive, manifest = tmp_path / "loa.tar", backup["manifest"]
    with tarfile.open(backup["archive"]) as tar, tarfile.open(archive, "w") as out:
        for member in tar:
            out.addfile(member, tar.extractfile(member))
    name = next(m for m in manifest["members"] if m.startswith("media/"))
    with tarfile.open(archive) as tar:
        offset = tar.getmember(name).offset_data
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0xFF
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(bytes(data))

    target = _env(databases.new("dst"), tmp_path / "media-dst")
    done = _run([*LOA, "restore", str(damaged)], target, ok=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "không khớp bản kê" in done.stderr and name in done.stderr
    assert not (tmp_path / "media-dst").exists()
    assert "chưa được khởi tạo" in _run([*LOA, "users", "list"], target, ok=False).stderr  # still empty

    # An archive that claims the other vendor is refused by name.
    other = "postgresql" if manifest["vendor"] == "sqlite" else "sqlite"
    forged = tmp_path / "other.tar"
    db = next(m for m in manifest["members"] if m.startswith("database."))
    alias = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    members = {m: v for m, v in manifest["members"].items() if m.startswith("media/")}
    # Rebuild with the database member renamed to the other vendor's and a manifest saying so.
    with tarfile.open(archive) as tar, tarfile.open(forged, "w") as out:
        for member in tar:
            if member.name == "manifest.json":
                continue
            raw = tar.extractfile(member)
            assert raw is not None
            if member.name == db:
                member.name = alias
            out.addfile(member, raw)
        members[alias] = manifest["members"][db]
        body = json.dumps({**manifest, "vendor": other, "members": members}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        out.addfile(info, io.BytesIO(body))
    done = _run([*LOA, "restore", str(forged)], target, ok=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "không khôi phục chéo" in done.stderr
