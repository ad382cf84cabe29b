"""DATABASE_URL parsing with a clear message for malformed values."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


# How long a SQLite write waits for another writer (an import's one transaction) before giving up with "database is
# locked": longer than the longest import's write (80,000 rows, about 10 s), so a single save waits instead of failing.
SQLITE_BUSY_SECONDS = 60


def database_config(
    url: str | None, default_sqlite: Path, *, sqlite_busy_seconds: float = SQLITE_BUSY_SECONDS
) -> dict[str, Any]:
    config: dict[str, Any]
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        config = dict(dj_database_url.parse(f"sqlite:///{default_sqlite}"))
    else:
        scheme = urlsplit(url).scheme
        if scheme not in SUPPORTED_SCHEMES:
            raise ImproperlyConfigured(
                f"DATABASE_URL không hợp lệ: lược đồ {scheme or '(trống)'!r} không được hỗ trợ; "
                "dùng sqlite:////duong/dan/tuyet/doi.sqlite3 hoặc postgres://user:pass@host:5432/db"
            )
        try:
            config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL không hợp lệ: {exc}") from None
        if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL không hợp lệ: thiếu tên cơ sở dữ liệu (…/ten_csdl)")
        if config["ENGINE"].endswith("sqlite3"):
            if not config.get("NAME") or config["NAME"] == ":memory:":
                raise ImproperlyConfigured("DATABASE_URL không hợp lệ: thiếu đường dẫn tệp SQLite")
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if config["ENGINE"].endswith("sqlite3"):
        # WAL lets the task worker write while the web server reads. Writes take the lock when their transaction
        # begins (IMMEDIATE), so a writer waits its busy timeout at the start rather than failing halfway.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": sqlite_busy_seconds,
        }
    return config
