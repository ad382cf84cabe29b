"""Bad configuration gets one clear Vietnamese line and no traceback; production mode passes check --deploy."""

import os
import subprocess
import sys

import pytest

from loa.core.database import database_config
from loa.core.env import env_bool


def run_loa(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "loa", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u:p@host:notaport/db", "nonsense", "postgres://host"])
def test_malformed_database_url_is_a_clear_message(url, tmp_path):
    result = run_loa("check", DATABASE_URL=url, LOA_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "DATABASE_URL không hợp lệ" in result.stderr
    assert "Traceback" not in result.stderr


def test_database_url_selects_sqlite_file(tmp_path):
    config = database_config(f"sqlite:///{tmp_path}/x/loa.sqlite3", tmp_path / "default.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/x/loa.sqlite3"


def test_bad_boolean_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("LOA_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="LOA_DEBUG"):
        env_bool("LOA_DEBUG", default=False)


def test_production_refuses_to_start_without_secret(tmp_path):
    result = run_loa("check", LOA_PRODUCTION="true", LOA_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "LOA_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_mode_passes_check_deploy(tmp_path):
    result = run_loa(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        LOA_PRODUCTION="true",
        LOA_SECRET_KEY="k" * 60 + "-production-secret-Qz9",
        LOA_ALLOWED_HOSTS="loa.example.gov.vn",
        LOA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
