"""Production as shipped: `collectstatic` and `check --deploy` in production mode, then nginx with the shipped
deploy/nginx/loa.conf in front of gunicorn started with the shipped systemd ExecStart, both on loopback, TLS
through a certificate made for the test. A login page, a static file and a login (CSRF token, session cookie)
go through nginx.

Loa runs against a database of its own, migrated for the test (a SQLite file, or a PostgreSQL database on the
test run's server), never the test database: another process cannot see the test's transaction.
nginx and openssl are mandatory under CI=true; elsewhere the nginx tests skip with a note.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings

from loa.core.tests.needs import need_program

ROOT = Path(settings.BASE_DIR)
SHIPPED_NGINX = ROOT / "deploy" / "nginx" / "loa.conf"
SHIPPED_WEB_UNIT = ROOT / "deploy" / "systemd" / "loa-web.service"
SERVER_NAME = "loa.example.gov.vn"  # the placeholder in the shipped file, kept: the test is that host
USERNAME, PASSWORD = "trienkhai.quantri", "Trien-khai-2026"

# Creates the user the login test signs in as, in the freshly migrated database.
SEED = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from loa.org.catalog import Role
from loa.org.scope import SYSTEM
from loa.org.services import user_create
user_create(actor=SYSTEM, username={USERNAME!r}, password={PASSWORD!r}, role=Role.ADMIN, unit=None,
            full_name="Quản trị triển khai")
"""


def tool(name: str) -> str:
    """A Debian binary the deployment test needs: missing is a failure under CI, a skip elsewhere."""
    return need_program(name, name)


def test_missing_tool_is_a_skip_here_and_a_failure_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install"):
        tool("loa-no-such-binary")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI: loa-no-such-binary is required"):
        tool("loa-no-such-binary")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """The environment of a production server, as /etc/loa/loa.env would give it (README, "Deploying")."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"} and not k.startswith("LOA_")
    }
    env.update(
        LOA_PRODUCTION="true",
        LOA_SECRET_KEY=secrets.token_urlsafe(50),
        LOA_ALLOWED_HOSTS=SERVER_NAME,
        LOA_BEHIND_PROXY="true",
        LOA_PROXY_COUNT="1",
        LOA_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        LOA_LOG_LEVEL="ERROR",
    )
    return env


def loa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loa", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("loa-var")  # LOA_VAR_DIR: static files (served by nginx) and uploads


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database for the production server, on the engine this test run uses."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path_factory.mktemp('loa-db') / 'loa.sqlite3'}"
        return
    import psycopg

    name = f"loa_deploy_{os.getpid()}"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(db["USER"], safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    host = quote(db["HOST"] or "localhost", safe="") + (f":{db['PORT']}" if db["PORT"] else "")
    yield f"postgres://{credentials}@{host}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def prepared(var_dir: Path, database_url: str) -> dict[str, str]:
    """collectstatic and the migration with the test user, side by side (each takes a few seconds)."""
    env = production_env(var_dir, database_url)
    collect = subprocess.Popen(
        [sys.executable, "-m", "loa", "collectstatic", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seed = subprocess.run(
        [sys.executable, "-c", SEED],
        env={**env, "DJANGO_SETTINGS_MODULE": "loa.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out, err = collect.communicate(timeout=300)
    assert collect.returncode == 0, f"production collectstatic failed:\n{out}\n{err}"
    assert seed.returncode == 0, f"migrating the deployment database failed:\n{seed.stderr}"
    return env


def test_production_collectstatic_and_check_deploy(prepared: dict[str, str], var_dir: Path) -> None:
    manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())["paths"]
    for name in ("loa/loa.css", "vendor/chartjs/chart.umd.min.js", "django_htmx/htmx-2.min.js"):
        hashed = var_dir / "static" / manifest[name]
        assert hashed.is_file() and hashed.with_name(hashed.name + ".gz").is_file(), name
    check = loa(prepared, "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def derived_nginx_conf(ports: dict[str, int], upstream: int, var_dir: Path, cert: Path, key: Path) -> str:
    """The shipped site file with only addresses and paths changed; every original must still be there, so an
    edit of the shipped file that the test no longer follows fails here instead of testing something else."""
    text = SHIPPED_NGINX.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "root /srv/loa/var;": f"root {var_dir};",
        "ssl_certificate /etc/ssl/loa/fullchain.pem;": f"ssl_certificate {cert};",
        "ssl_certificate_key /etc/ssl/loa/privkey.pem;": f"ssl_certificate_key {key};",
        "root /var/www/letsencrypt;": f"root {var_dir};",
    }
    for old, new in replacements.items():
        assert old in text, f"{SHIPPED_NGINX.name} no longer contains {old!r}: update {Path(__file__).name}"
        text = text.replace(old, new)
    text, ipv6 = re.subn(r"\n\s*listen \[::\]:\d+[^;]*;", "", text)  # the test machine may have no IPv6
    text, ipv4 = re.subn(r"listen (80|443)\b", lambda m: f"listen 127.0.0.1:{ports[m[1]]}", text)
    assert ipv6 == ipv4 == 4, "the shipped file should listen on 80 and 443, IPv4 and IPv6, twice each"
    return text


def nginx_main_conf(prefix: Path, site: Path) -> str:
    """The part Debian's /etc/nginx/nginx.conf plays, with every file under the test's prefix."""
    user = "user root;" if os.geteuid() == 0 else ""  # workers read the test's files, which only root may
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};" for kind in kinds)
    return f"""daemon off;
{user}
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
{temp}
    include {site};
}}
"""


@dataclass
class Stack:
    http_port: int
    https_port: int
    cafile: Path
    var_dir: Path
    logs: Path  # nginx's error.log and gunicorn.log
    gunicorn: subprocess.Popen[bytes]

    def https(self) -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.cafile))
        port = self.https_port

        class Connection(http.client.HTTPSConnection):
            """Connects to loopback but speaks to SERVER_NAME (SNI, Host, certificate check), as a browser would."""

            def connect(self) -> None:
                sock = socket.create_connection(("127.0.0.1", port), self.timeout)
                self.sock = context.wrap_socket(sock, server_hostname=SERVER_NAME)

        return Connection(SERVER_NAME, port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[http.client.HTTPResponse, bytes]:
        conn = self.https()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response, body


def wait_for_port(port: int, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{name} did not listen on {port} within 60 s:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def stack(prepared: dict[str, str], var_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    nginx, openssl = tool("nginx"), tool("openssl")
    prefix = tmp_path_factory.mktemp("nginx")
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"),
            *("-days", "2", "-subj", f"/CN={SERVER_NAME}", "-addext", f"subjectAltName=DNS:{SERVER_NAME}"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    upstream, ports = free_port(), {"80": free_port(), "443": free_port()}
    site = prefix / "loa.conf"
    site.write_text(derived_nginx_conf(ports, upstream, var_dir, cert, key))
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_main_conf(prefix, site))

    # gunicorn exactly as the shipped unit starts it, on the test's port and with fewer workers.
    exec_start = next(
        line.split("=", 1)[1] for line in SHIPPED_WEB_UNIT.read_text().splitlines() if line.startswith("ExecStart=")
    )
    argv = shlex.split(exec_start)
    assert argv[0].endswith("/gunicorn") and "127.0.0.1:8000" in argv and "--workers" in argv, exec_start
    argv = [sys.executable, "-m", "gunicorn", *argv[1:]]
    argv[argv.index("127.0.0.1:8000")] = f"127.0.0.1:{upstream}"
    argv[argv.index("--workers") + 1] = "2"
    gunicorn_log = prefix / "gunicorn.log"
    with gunicorn_log.open("wb") as log:
        gunicorn = subprocess.Popen(argv, env=prepared, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    processes = [gunicorn]
    try:
        nginx_log = prefix / "nginx.out"
        with nginx_log.open("wb") as log:
            server = subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes.append(server)
        wait_for_port(ports["443"], server, "nginx", nginx_log)
        wait_for_port(upstream, gunicorn, "gunicorn", gunicorn_log)
        yield Stack(
            http_port=ports["80"],
            https_port=ports["443"],
            cafile=cert,
            var_dir=var_dir,
            logs=prefix,
            gunicorn=gunicorn,
        )
    finally:
        for process in reversed(processes):
            stop(process)


def test_plain_http_redirects_to_https(stack: Stack) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=30)
    conn.request("GET", "/login/?next=/reports/", headers={"Host": SERVER_NAME})
    response = conn.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{SERVER_NAME}/login/?next=/reports/"


def test_login_page_through_nginx(stack: Stack) -> None:
    response, body = stack.get("/login/")
    assert response.status == 200, body[:500]
    page = body.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    # Production headers from Loa arrive through the proxy: HSTS means Django saw the request as HTTPS.
    assert "max-age=31536000" in (response.getheader("Strict-Transport-Security") or "")
    # Static references are the manifest's hashed names.
    assert re.search(r"/static/loa/loa\.[0-9a-f]{12}\.css", page), "login page does not use hashed static names"


def test_static_file_served_by_nginx(stack: Stack) -> None:
    manifest = json.loads((stack.var_dir / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/chartjs/chart.umd.min.js"]
    response, body = stack.get(f"/static/{hashed}")
    assert response.status == 200
    assert body == (stack.var_dir / "static" / hashed).read_bytes()
    assert "immutable" in (response.getheader("Cache-Control") or "")
    assert response.getheader("Server") == "nginx"  # server_tokens off: no version
    compressed, _ = stack.get(f"/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"  # the .gz collectstatic wrote
    # Evidence is only ever sent by Loa, after its scope check.
    media, _ = stack.get("/media/evidence/1/x.pdf")
    assert media.status == 404


def cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def test_login_post_through_nginx(stack: Stack) -> None:
    response, body = stack.get("/login/")
    csrf_cookie = cookies(response)["csrftoken"]
    assert "Secure" in " ".join(response.msg.get_all("Set-Cookie") or [])
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
    assert match, "no CSRF token in the login form"
    conn = stack.https()
    conn.request(
        "POST",
        "/login/",
        body=urlencode({"csrfmiddlewaretoken": match[1], "username": USERNAME, "password": PASSWORD}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": f"https://{SERVER_NAME}",  # Django checks it against the HTTPS origin it believes it serves
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 302, response.status
    assert response.getheader("Location") == "/"
    session = cookies(response)["sessionid"]
    home, body = stack.get("/", {"Cookie": f"sessionid={session}; csrftoken={csrf_cookie}"})
    assert home.status == 200
    assert "Quản trị triển khai" in body.decode()


def test_upload_over_nginx_limit_gets_a_vietnamese_page(stack: Stack) -> None:
    conn = stack.https()
    conn.putrequest("POST", "/activities/import/")
    conn.putheader("Content-Length", str(200 * 2**20))
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 413
    assert "Tệp quá lớn" in body


def test_other_host_names_are_refused(stack: Stack) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=30)
    conn.request("GET", "/", headers={"Host": "attacker.example"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        conn.getresponse()


def test_no_warnings_in_the_logs(stack: Stack) -> None:
    """Runs after the requests above: a deprecated or doubtful directive (nginx warns at start) or an error
    inside Loa while they were served shows up here."""
    nginx = (stack.logs / "error.log").read_text(errors="replace")
    assert not re.search(r"\[(warn|crit|alert|emerg)\]", nginx), nginx
    gunicorn = (stack.logs / "gunicorn.log").read_text(errors="replace")
    assert "Traceback" not in gunicorn and "[ERROR]" not in gunicorn, gunicorn


def test_loa_down_gets_a_vietnamese_page(stack: Stack) -> None:
    """Last of the stack's tests: it stops gunicorn, as a restart or a crash would."""
    stop(stack.gunicorn)
    response, body = stack.get("/reports/")
    assert response.status == 502  # nginx keeps the error's own status and sends its page
    assert "Loa tạm thời không trả lời" in body.decode()


def test_shipped_limits_fit_loa_settings() -> None:
    """nginx must let through every upload Loa accepts and wait longer than gunicorn's timeout."""
    conf = SHIPPED_NGINX.read_text()
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", conf)[1])  # type: ignore[index]
    largest = max(
        settings.LOA_ACTIVITY_IMPORT_MAX_BYTES,
        settings.LOA_EVIDENCE_MAX_BYTES,
        settings.LOA_DOCUMENT_MAX_BYTES,
        settings.LOA_IMPORT_MAX_BYTES,
    )
    assert body_mb * 2**20 > largest
    gunicorn_timeout = int(re.search(r"--timeout (\d+)", SHIPPED_WEB_UNIT.read_text())[1])  # type: ignore[index]
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", conf)[1])  # type: ignore[index]
    assert read_timeout > gunicorn_timeout
    assert "proxy_request_buffering on;" in conf and "proxy_set_header X-Forwarded-Proto $scheme;" in conf
