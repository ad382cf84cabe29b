"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Chromium is mandatory under CI=true; elsewhere the tests skip with a note when it is missing.
Screenshots go to test-results/ for a person to look at.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loa.core.tests.needs import need

CHROMIUM = os.environ.get("LOA_CHROMIUM", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parent.parent / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _serve_one_request_at_a_time() -> None:
    """The live server answers one request at a time. Its threads share the test's database connection (an in-memory
    SQLite database cannot be opened twice), and a page's own requests (the menu's to-do count, loaded after the page)
    could otherwise overlap a form's POST on that one connection: SQLite then refuses the write ("database table is
    locked"). Without threads, Django's server closes each connection after its answer, so the browser queues."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # the server thread itself holds the overridden connections

    LiveServerThread.server_class = SerialWSGIServer


_serve_one_request_at_a_time()


class WithoutServiceWorkers:
    """The browser, whose new contexts block service workers unless a test asks for them (the offline journey does):
    every page registers Loa's worker, whose installation fetches a dozen files from the live server, which answers
    one request at a time, and whose background requests could meet the database flush at the end of a test."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser

    def new_context(self, **options: Any) -> Any:
        options.setdefault("service_workers", "block")
        return self.browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.browser, name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    need(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield WithoutServiceWorkers(browser)
        browser.close()


@pytest.fixture
def seeded(live_server: Any) -> Any:
    """The demo province to show, rebuilt when it is gone: the live server's tests are transactional (flushed
    afterwards), and the test database holds the people but not the demo's plans and activities."""
    from loa.demo.builder import build_demo
    from loa.plans.models import Plan

    if not Plan.objects.filter(issuer__code="42", parent__isnull=True).exists():
        build_demo(seed=2026, with_reports=False)  # each test makes the reports it needs
    return live_server


@pytest.fixture
def page(chromium: Any, seeded: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base_url = seeded.url  # type: ignore[attr-defined]
    yield page
    settle(context)
    context.close()
    # A Content-Security-Policy violation or a missing asset shows up as a console error.
    assert errors == [], f"browser console errors: {errors}"


def settle(context: Any) -> None:
    """Let requests a page makes after loading (the menu's to-do count) finish before the test ends: the live
    server's database is flushed then, and a request still reading would lock its tables (SQLite)."""
    for open_page in context.pages:
        # A page that never settles is the test's own assertion to make, not teardown's.
        with contextlib.suppress(Exception):
            open_page.wait_for_load_state("networkidle", timeout=5000)


def screenshot(page: Any, name: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
