"""The load generator behind `loa bench`'s dashboard figure, against a small server of the standard library."""

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.http_load import main, run


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    connections = 0
    requests = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's threaded workers answer

    def setup(self) -> None:
        super().setup()
        server: Any = self.server
        with _LOCK:
            server.connections += 1

    def do_GET(self) -> None:
        server: Any = self.server
        with _LOCK:
            server.requests += 1
        signed_in = self.headers.get("Cookie") == "sessionid=abc"
        body = b"ok" if signed_in else b""
        self.send_response(200 if signed_in else 302)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


_LOCK = threading.Lock()


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_every_client_times_its_requests_over_one_connection(server: _Server) -> None:
    port = server.server_address[1]
    result = run(host="127.0.0.1", port=port, path="/", cookie="sessionid=abc", clients=4, requests=5, warm=2)
    assert len(result["samples_ms"]) == 4 * 5  # the warm-up requests are not timed
    assert all(ms > 0 for ms in result["samples_ms"])
    assert result["errors"] == []
    assert server.requests == 4 * (5 + 2)
    assert server.connections == 4  # keep-alive: one connection per client
    assert result["wall_s"] > 0


def test_an_answer_other_than_200_is_an_error(server: _Server) -> None:
    port = server.server_address[1]
    result = run(host="127.0.0.1", port=port, path="/", cookie="sessionid=expired", clients=2, requests=3, warm=1)
    assert len(result["samples_ms"]) == 6
    assert result["errors"] == ["302"] * 6


def test_a_server_that_is_gone_gives_errors_not_a_crash() -> None:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    httpd.server_close()  # nothing listens on the port any more
    result = run(host="127.0.0.1", port=port, path="/", cookie="", clients=2, requests=2, warm=1)
    assert len(result["samples_ms"]) == 4
    assert len(result["errors"]) == 2 + 4  # each client's warm-up and each timed request
    assert all("ConnectionRefusedError" in e for e in result["errors"])


def test_the_command_line_prints_the_outcome_as_json(server: _Server, capsys: pytest.CaptureFixture[str]) -> None:
    port = str(server.server_address[1])
    assert main(["--port", port, "--path", "/", "--cookie", "sessionid=abc", "--clients", "3", "--requests", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["samples_ms"]) == 6 and out["errors"] == []
    assert server.requests == 3 * (2 + 2)  # two warm-up requests each by default


def test_a_broken_answer_is_an_error_and_nothing_hangs() -> None:
    """A server that answers garbage (http.client raises BadStatusLine, not an OSError): every request is counted
    as an error, during the warm-up and the timed part, and the run ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(4096)
                conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        result = run(host="127.0.0.1", port=port, path="/", cookie="", clients=2, requests=3, warm=1)
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert len(result["samples_ms"]) == 6
    assert len(result["errors"]) == 2 + 6
    assert all(e.startswith("BadStatusLine") for e in result["errors"])
