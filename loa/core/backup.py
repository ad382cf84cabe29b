"""Backup and restore: the database and every stored file in one tar archive (`.tar`, or `.tar.gz`/`.tgz`).

Members, in this order:
- `database.sqlite3` (SQLite's online backup API: one read snapshot, writers go on meanwhile) or
  `database.pgdump` (`pg_dump --format=custom`, run on a snapshot exported by a REPEATABLE READ transaction);
- `media/<name>` for every file of Django's default storage that a row of the snapshot names (evidence,
  report exports), read through the storage API, so an S3-compatible storage works as well as the file system;
- `manifest.json` (last): Loa version, database vendor, applied migrations, created_at, the row count and a
  digest of every table *of the snapshot* (computed inside the same snapshot as the dump), and the size and
  sha256 of every other member.

The database is read first and files after it: stored files are never changed or deleted by Loa (new ones
get new names, and a file is written before the row naming it commits), so every file a row of the snapshot
names is whole in the archive. Files no row of the snapshot names are left out: one may be half written by a
save still in flight (its row is not in the snapshot either), the others are orphans nothing can reach.

Restore verifies every checksum before touching anything, refuses an archive of the other database vendor
(SQLite ↔ PostgreSQL is not a copy: types, sequences and the search index differ; move with a dump of the
data instead) and a target database or storage that holds data, unless forced. SQLite is restored through the
backup API from a verified temporary copy into the live file in one write transaction; PostgreSQL through
`pg_restore --clean --if-exists --no-owner --single-transaction`; either way all or nothing. Files come after
the database (a failure there leaves the database restored: run the restore again with --force). The web
server and the worker must be stopped during a restore. Afterwards the table digests are compared to the
manifest.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

import loa

from .errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media/"
CHUNK = 1 << 20
# Tables that a freshly migrated, unused database already fills (or that hold no user data): they do not
# make a database "not empty". The FTS index tables follow the activities they index.
BOOKKEEPING = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "sqlite_sequence",
    "django_session",
    "django_tasks_database_dbtaskresult",
}
BOOKKEEPING_PREFIXES = ("activity_search", "axes_")

Progress = Callable[[str], None]


class BackupError(DomainError):
    pass


# --- digests of a snapshot -------------------------------------------------------------------------------


def sqlite_digests(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Row count and digest of every ordinary table (order-independent: the sorted hashes of the rows)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    result: dict[str, dict[str, Any]] = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows = sorted(hashlib.sha256(repr(row).encode()).hexdigest() for row in conn.execute(f"SELECT * FROM {quoted}"))
        result[table] = {"rows": len(rows), "digest": hashlib.sha256("".join(rows).encode()).hexdigest()}
    return result


def pg_digests(cursor: Any) -> dict[str, dict[str, Any]]:
    """The same for PostgreSQL, computed by the server over the rows' text (UTC session time zone)."""
    from psycopg import sql

    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    result: dict[str, dict[str, Any]] = {}
    for table in tables:
        cursor.execute(
            sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h COLLATE \"C\")), '') "
                "FROM (SELECT md5(t::text) AS h FROM {} t) s"
            ).format(sql.Identifier(table))
        )
        count, digest = cursor.fetchone()
        result[table] = {"rows": int(count), "digest": digest}
    return result


def current_digests(alias: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, Any]]:
    """Digests of the live database now (after a restore, or in tests)."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with closing(_sqlite_connect(connection.settings_dict["NAME"])) as conn:
            return sqlite_digests(conn)
    with closing(_pg_connect(connection.settings_dict)) as conn:
        return pg_digests(conn.cursor())


# --- connections and PostgreSQL tools -----------------------------------------------------------------------


def _sqlite_connect(name: Any) -> sqlite3.Connection:
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)


def _pg_params(settings_dict: dict[str, Any]) -> dict[str, str]:
    params = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    return {k: v for k, v in params.items() if v}


def _pg_connect(settings_dict: dict[str, Any]) -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    return psycopg.connect(make_conninfo(**_pg_params(settings_dict)))


def _pg_command(tool: str, settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes through the environment, never argv."""
    params = _pg_params(settings_dict)
    args = [tool]
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user"), ("-d", "dbname")):
        if key in params:
            args += [flag, params[key]]
    env = dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def find_pg_tool(name: str, server_major: int) -> str:
    """pg_dump/pg_restore of the server's major version (or the newest newer one): PATH, then
    /usr/lib/postgresql/*/bin."""
    candidates = [str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")]
    on_path = shutil.which(name)
    if on_path:
        candidates.insert(0, on_path)
    versions = {path: major for path in candidates if (major := _tool_major(path)) is not None}
    exact = [p for p, v in versions.items() if v == server_major]
    newer = sorted((v, p) for p, v in versions.items() if v > server_major)
    if exact:
        return exact[0]
    if newer:
        return newer[-1][1]
    raise BackupError(
        _("Không tìm thấy %(tool)s phiên bản %(major)s trở lên (cài gói postgresql-client-%(major)s).")
        % {"tool": name, "major": server_major}
    )


def _run_tool(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s thất bại: %(error)s") % {"tool": Path(args[0]).name, "error": done.stderr.strip()[-1500:]}
        )


# --- backup -----------------------------------------------------------------------------------------------


class _Hashing:
    """A read-only file wrapper that hashes what is read through it (tarfile reads each member once)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _storage_names(storage: Storage, root: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(root)
    except FileNotFoundError:  # no file was ever stored
        return
    for name in sorted(files):
        yield f"{root}/{name}" if root else name
    for sub in sorted(dirs):
        yield from _storage_names(storage, f"{root}/{sub}" if root else sub)


def _add(tar: tarfile.TarFile, name: str, raw: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(timezone.now().timestamp())
    reader = _Hashing(raw)
    tar.addfile(info, reader)
    if reader.size != size:
        raise BackupError(_("Tệp «%(name)s» thay đổi trong khi sao lưu.") % {"name": name})
    return {"size": size, "sha256": reader.sha.hexdigest()}


def _named_files(cursor: Any) -> set[str]:
    """The stored files the snapshot's rows name, through every model's file fields."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                table, column = model._meta.db_table, field.column
                cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" <> \'\'')
                names.update(name for (name,) in cursor.fetchall())
    return names


Snapshot = tuple[dict[str, Any], list[str], set[str]]


def _snapshot_sqlite(settings_dict: dict[str, Any], target: Path) -> Snapshot:
    with closing(_sqlite_connect(settings_dict["NAME"])) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)  # pages=-1: the whole database in one step, from one read snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # a standalone file, not a WAL database
        return sqlite_digests(dst), _migrations(dst.cursor()), _named_files(dst.cursor())


def _snapshot_pg(settings_dict: dict[str, Any], target: Path) -> Snapshot:
    import psycopg

    with closing(_pg_connect(settings_dict)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        cursor = conn.cursor()
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int / 10000")
        snapshot, major = cursor.fetchone()
        args, env = _pg_command(find_pg_tool("pg_dump", major), settings_dict)
        # The dump reads the snapshot this transaction holds open, so digests and dump see the same rows.
        _run_tool([*args, "--format=custom", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)], env)
        digests, migrations, named = pg_digests(cursor), _migrations(cursor), _named_files(cursor)
        conn.rollback()
    return digests, migrations, named


def _migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def create_backup(output: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Write the archive to `output` (replaced only once complete); returns its manifest."""
    say = progress or (lambda _msg: None)
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(_("Cơ sở dữ liệu %(vendor)s không được hỗ trợ.") % {"vendor": vendor})
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    compress = output.name.endswith((".gz", ".tgz"))
    with tempfile.TemporaryDirectory(prefix="loa-backup-") as tmp:
        db_file = Path(tmp) / DB_MEMBERS[vendor]
        snapshot = _snapshot_sqlite if vendor == "sqlite" else _snapshot_pg
        tables, migrations, named = snapshot(connection.settings_dict, db_file)
        say(_("Đã chụp cơ sở dữ liệu: %(n)s bảng.") % {"n": len(tables)})
        members: dict[str, Any] = {}
        fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
        os.close(fd)
        try:
            with tarfile.open(partial, "w:gz") if compress else tarfile.open(partial, "w") as tar:
                with db_file.open("rb") as raw:
                    members[db_file.name] = _add(tar, db_file.name, raw, db_file.stat().st_size)
                for name in _storage_names(default_storage):
                    if name not in named:
                        continue
                    with default_storage.open(name, "rb") as raw:
                        members[MEDIA + name] = _add(tar, MEDIA + name, raw, default_storage.size(name))
                say(_("Đã chép %(n)s tệp.") % {"n": len(members) - 1})
                manifest = {
                    "format": FORMAT,
                    "loa_version": loa.__version__,
                    "vendor": vendor,
                    "created_at": timezone.now().isoformat(),
                    "migrations": migrations,
                    "tables": tables,
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
            Path(partial).chmod(0o600)  # password hashes and personal data: owner only
            Path(partial).replace(output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


# --- restore ----------------------------------------------------------------------------------------------


def _media_name(member: str) -> str:
    name = member[len(MEDIA) :]
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise BackupError(_("Tệp sao lưu chứa đường dẫn không hợp lệ: «%(name)s».") % {"name": member})
    return name


def verify_archive(path: Path) -> dict[str, Any]:
    """Read the whole archive once: every member must be a regular file listed in the manifest with its
    size and checksum, and the manifest must list nothing missing. Returns the manifest."""
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupError(_("Tệp sao lưu chứa mục không phải tệp: «%(name)s».") % {"name": member.name})
                raw = tar.extractfile(member)
                assert raw is not None
                if member.name == MANIFEST:
                    try:
                        manifest = json.loads(raw.read())
                    except ValueError:
                        raise BackupError(_("Bản kê (manifest.json) của tệp sao lưu bị hỏng.")) from None
                    continue
                if member.name.startswith(MEDIA):
                    _media_name(member.name)
                elif member.name not in DB_MEMBERS.values():
                    raise BackupError(_("Tệp sao lưu chứa mục lạ: «%(name)s».") % {"name": member.name})
                sha = hashlib.sha256()
                while chunk := raw.read(CHUNK):
                    sha.update(chunk)
                seen[member.name] = {"size": member.size, "sha256": sha.hexdigest()}
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(
            _("Không đọc được tệp sao lưu «%(path)s»: %(error)s") % {"path": path, "error": exc}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("vendor") not in DB_MEMBERS:
        raise BackupError(_("Tệp «%(path)s» không phải một bản sao lưu Loa hợp lệ.") % {"path": path})
    listed = manifest.get("members") or {}
    bad = sorted(set(listed) ^ set(seen)) + sorted(n for n in set(listed) & set(seen) if listed[n] != seen[n])
    if bad or DB_MEMBERS[manifest["vendor"]] not in seen:
        raise BackupError(
            _("Tệp sao lưu bị hỏng hoặc đã bị sửa: %(n)s mục không khớp bản kê (%(names)s).")
            % {"n": len(bad), "names": ", ".join(bad[:5])}
        )
    return manifest


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """No table holds user data (a migrated but unused database is empty, and so is one without tables)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING or table.startswith(BOOKKEEPING_PREFIXES):
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


def _file_sha(storage: Storage, name: str) -> str:
    sha = hashlib.sha256()
    with storage.open(name, "rb") as raw:
        while chunk := raw.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _check_target(manifest: dict[str, Any], *, force: bool) -> None:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            _(
                "Bản sao lưu này của cơ sở dữ liệu %(archive)s, còn Loa đang dùng %(target)s: không khôi phục chéo "
                "được. Hãy khôi phục vào một cơ sở dữ liệu %(archive)s."
            )
            % {"archive": manifest["vendor"], "target": vendor}
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    newer = sorted(set(manifest.get("migrations") or []) - known)
    if newer:
        raise BackupError(
            _(
                "Bản sao lưu từ một phiên bản Loa mới hơn (%(version)s; có %(n)s migration lạ, ví dụ %(first)s): hãy "
                "cài phiên bản đó rồi khôi phục."
            )
            % {"version": manifest.get("loa_version"), "n": len(newer), "first": newer[0]}
        )
    if force:
        return
    if not database_is_empty():
        raise BackupError(
            _("Cơ sở dữ liệu đích đang có dữ liệu: không khôi phục đè. Dùng --force nếu chắc chắn muốn thay thế nó.")
        )
    for member, meta in manifest["members"].items():
        if member.startswith(MEDIA):
            name = _media_name(member)
            if default_storage.exists(name) and _file_sha(default_storage, name) != meta["sha256"]:
                raise BackupError(
                    _("Kho tệp đích đã có tệp «%(name)s» khác bản sao lưu: dùng --force để ghi đè.") % {"name": name}
                )


def _restore_sqlite(db_file: Path, manifest: dict[str, Any]) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    with closing(sqlite3.connect(db_file)) as src:
        if sqlite_digests(src) != manifest["tables"]:
            raise BackupError(_("Cơ sở dữ liệu trong tệp sao lưu không khớp bản kê."))
        connections.close_all()
        with closing(_sqlite_connect(connection.settings_dict["NAME"])) as dst:
            # One write transaction of the live file (journaled, WAL-safe): all or nothing.
            src.backup(dst)


def _restore_pg(db_file: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    with closing(_pg_connect(connection.settings_dict)) as conn:
        major = conn.execute("SELECT current_setting('server_version_num')::int / 10000").fetchone()[0]
    args, env = _pg_command(find_pg_tool("pg_restore", major), connection.settings_dict)
    connections.close_all()
    _run_tool([*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(db_file)], env)


def restore_backup(path: Path, *, force: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    """Verify `path`, then restore its database and files into the configured ones (see the module doc)."""
    say = progress or (lambda _msg: None)
    manifest = verify_archive(path)
    say(
        _("Tệp sao lưu hợp lệ: %(n)s mục, tạo lúc %(at)s.")
        % {"n": len(manifest["members"]), "at": manifest["created_at"]}
    )
    _check_target(manifest, force=force)
    db_member = DB_MEMBERS[manifest["vendor"]]
    with tempfile.TemporaryDirectory(prefix="loa-restore-") as tmp, tarfile.open(path, "r:*") as tar:
        db_file = Path(tmp) / db_member
        raw = tar.extractfile(db_member)
        assert raw is not None
        with db_file.open("wb") as out:
            shutil.copyfileobj(raw, out, CHUNK)
        if _sha(db_file) != manifest["members"][db_member]["sha256"]:
            raise BackupError(_("Tệp sao lưu thay đổi trong khi khôi phục."))
        if manifest["vendor"] == "sqlite":
            _restore_sqlite(db_file, manifest)
        else:
            _restore_pg(db_file)
        say(_("Đã khôi phục cơ sở dữ liệu."))
        files = 0
        for member in tar:
            if not member.name.startswith(MEDIA):
                continue
            name = _media_name(member.name)
            if default_storage.exists(name):
                if _file_sha(default_storage, name) == manifest["members"][member.name]["sha256"]:
                    continue
                default_storage.delete(name)
            raw = tar.extractfile(member)
            assert raw is not None
            saved = default_storage.save(name, File(raw, name=PurePosixPath(name).name))
            if saved != name:
                raise BackupError(_("Không ghi được tệp «%(name)s» đúng tên.") % {"name": name})
            files += 1
        say(_("Đã khôi phục %(n)s tệp.") % {"n": files})
    with suppress(Exception):
        connections.close_all()
    if current_digests() != manifest["tables"]:
        raise BackupError(_("Đã khôi phục nhưng dữ liệu không khớp bản kê: hãy kiểm tra lại tệp sao lưu."))
    return manifest


def _sha(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as raw:
        while chunk := raw.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()
