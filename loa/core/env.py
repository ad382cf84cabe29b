"""Strict readers for LOA_ environment variables: a bad value stops start-up with a clear message."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw not in {"", "true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} phải là 'true' hoặc 'false', nhận được {raw!r}")
    return default if raw == "" else raw in {"true", "1", "yes"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} phải là một số nguyên, nhận được {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def env_secret(name: str, dev_default: str | None) -> str:
    """Read a secret from NAME or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    value = os.environ.get(name, "").strip()
    file_name = os.environ.get(f"{name}_FILE", "").strip()
    if not value and file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"Không đọc được tệp {file_name} ({name}_FILE): {exc.strerror}") from None
    if value:
        return value
    if dev_default is None:
        raise ImproperlyConfigured(f"Thiếu biến môi trường {name} (bắt buộc ở chế độ production)")
    return dev_default
